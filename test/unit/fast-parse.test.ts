// The fast readers must build exactly the model the full `yaml` parser builds, or step aside:
// checked on every fixture and example, on tricky snippets, and on seeded random mutations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fastJson } from '../../server/src/core/cfn/fast-json';
import { fastYaml } from '../../server/src/core/cfn/fast-yaml';
import type { Node } from '../../server/src/core/cfn/model';
import { isJsonText, parseFully, parseText } from '../../server/src/core/cfn/parse';
import { fixturesDir, repoRoot } from '../helpers/paths';

/** The model without parent links, with NaN and -0 spelled out, for deep comparison. */
function plain(n: Node | null | undefined): unknown {
  if (!n) return n;
  const base = { start: n.start, end: n.end, tag: n.tag };
  if (n.kind === 'map') return { ...base, map: n.flow, pairs: n.pairs.map((p) => [p.key, p.keyStart, p.keyEnd, plain(p.value)]) };
  if (n.kind === 'seq') return { ...base, seq: n.flow, items: n.items.map(plain) };
  const v = n.value;
  return { ...base, style: n.style, value: typeof v === 'number' && (Number.isNaN(v) || Object.is(v, -0)) ? String(v) + (Object.is(v, -0) ? '-0' : '') : v };
}

function fast(text: string): Node | null | undefined {
  return isJsonText(text) ? fastJson(text, 200) : fastYaml(text, 200);
}

/** Fast and full agree, or the fast reader stepped aside; never a model for a text the full parser rejects. */
function agrees(text: string, label: string): 'fast' | 'full' {
  const mine = fast(text);
  if (mine === undefined) return 'full';
  const full = parseFully(text);
  assert.equal(full.error, undefined, `${label}: the fast reader accepted a text the full parser rejects (${full.error?.message})`);
  assert.deepEqual(plain(mine), plain(full.root), label);
  return 'fast';
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.(ya?ml|json|template)$/.test(name)) out.push(path);
  }
  return out;
}

const samples = [...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))].filter((f) => !f.endsWith('.findings.json'));

test('every fixture and example reads the same, LF and CRLF, and nearly all take the fast path', () => {
  let fastCount = 0;
  let total = 0;
  for (const file of samples) {
    const text = readFileSync(file, 'utf8');
    for (const variant of [text, text.replace(/\r?\n/g, '\r\n')]) {
      total++;
      if (agrees(variant, file) === 'fast') fastCount++;
    }
  }
  assert.ok(total > 100, `only ${total} samples`);
  assert.ok(fastCount / total >= 0.9, `fast path taken for ${fastCount} of ${total}`);
});

test('tricky YAML either reads the same or goes to the full parser', () => {
  const cases = [
    'A: 0o17\nB: 0x1F\nC: 1e3\nD: .inf\nE: -.inf\nF: .nan\nG: +12\nH: 012\nI: -0\nJ: 1.50\nK: 1.\nL: True\nM: NULL\nN: ~\nO: yes\n',
    '1: one\ntrue: t\n~: n\n"quoted key": q\n\'single\': s\n',
    'Description: a long description\n  that goes on\n\n  and on\nNext: 1\n',
    '- a\n  b\n- c\n',
    'Text: >\n  folded\n  text\n\n    more indented\n  back\nNext: 1\n',
    'Keep: |+\n  kept\n\nStrip: |-\n  stripped\n\nClip: |\n  clipped\n\n\nEnd: 1\n',
    'Lit: |\n  a\n\n    b\n      \n  c\n',
    'Zones: !GetAZs\nSel: !Select [0, !GetAZs ]\nSel2: !Select [ 0, !GetAZs, 1 ]\n',
    'AZ: !Select [0, Fn::GetAZs: !Ref "AWS::Region"]\nJ: [ "x": 1 , b ]\n',
    'Values: [a, b,\n  c, d\n]\n',
    'Outer:\n  Values: [a, b,\n    c\n  ]\n',
    'Q: "a\n\n  b  \n  c"\nS: \'it\'\'s\n  folded\'\n',
    'E: "tab\\tnl\\nuni\\u00e9\\x41\\U0001F600\\"q\\\\"\n',
    '---\n# head\nk: v\n...\n',
    'k: v\n---\nk: w\n',
    'a: &x 1\nb: *x\n',
    '? complex\n: key\n',
    'k: [a, b]   # comment\nl: {x: 1, y: [2, 3]}  # c\n',
    'k:\n- a\n- b\nl: 1\n',
    '- - a\n  - b\n- k: v\n  l: w\n',
    'k: !Sub\n  - "${A}-${B}"\n  - A: !Ref X\n    B: y\n',
    'k: !If\n- c\n- a\n- b\n',
    'bad: "unterminated\nnext: 1\n',
    'dup: 1\ndup: 2\n',
    'a:\n  b: 1\n   c: 2\n',
    'a: b: c\n',
    'a:\tb\n',
    '\ta: b\n',
    'k: [\nx]\n',
    '%YAML 1.2\n---\na: 1\n',
    '# only a comment\n',
    '',
    'a: 1\n# trailing\n  # indented trailing\n',
    'a:\n  b:\n    c: 1\n  # comment inside\nd: 2\n',
    // A comment between a tag and the node under it (found by the seeded mutations).
    'A:\n  !Ref # c\n  B: 1\n',
    'A: !Sub # c\n  - x\n  - y\n',
  ];
  // The first fourteen are shapes real templates use: the fast reader must take them itself.
  cases.forEach((text, i) => {
    const expected = i < 14 ? 'fast' : undefined;
    for (const variant of [text, text.replace(/\n/g, '\r\n')]) {
      const path = agrees(variant, JSON.stringify(variant));
      if (expected) assert.equal(path, expected, `${JSON.stringify(variant)} should take the fast path`);
    }
  });
});

test('JSON reads the same as the full parser, tabs and escapes included; duplicates go to the full parser', () => {
  const text = '{\n\t"A": {"b": [1, -2.5e3, true, false, null, "s\\u00e9\\n\\"q\\""]},\n\t"C": {}\n}\n';
  assert.equal(agrees(text, 'json'), 'fast');
  assert.equal(fastJson('{"a": 1, "a": 2}', 200), undefined);
  assert.match(parseText('{"a": 1, "a": 2}').error?.message ?? '', /unique/);
  assert.equal(fastJson('{"a": 01}', 200), undefined);
  assert.equal(fastJson('{"a": 1,}', 200), undefined);
});

test('errors still come from the full parser, worded as before', () => {
  const doc = parseText('Resources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n');
  assert.match(doc.error?.message ?? '', /^Duplicate key B: keys in a mapping must be unique/);
});

test('seeded mutations of the fixtures: never a model the full parser would not build', () => {
  let seed = 20261123;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const inserts = [':', ': ', '-', '- ', "'", '"', '#', ' #', '\t', '\n', '  ', '{', '}', '[', ']', ',', '!Ref ', '|', '>', '&a ', '*a', '\\', '\r\n', '? ', '---\n', '...\n', '\n  ', 'x: y\n'];
  const texts = samples.map((f) => readFileSync(f, 'utf8'));
  let fastCount = 0;
  for (let i = 0; i < 1500; i++) {
    let text = texts[random(texts.length)]!;
    for (let m = 1 + random(3); m > 0; m--) {
      const at = random(text.length + 1);
      text = random(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + random(3)) : text.slice(0, at) + inserts[random(inserts.length)] + text.slice(at);
    }
    if (isJsonText(text)) continue; // JSON the full parser rejects may still be valid JSON
    if (agrees(text, `mutation ${i}`) === 'fast') fastCount++;
  }
  assert.ok(fastCount > 100, `only ${fastCount} mutations took the fast path`);
});

test('a repeated key steps aside to the full parser in small maps and in maps past the size where keys go to a set', () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `  Key${i}: ${i}`);
  for (const [size, repeatAt] of [[3, 2], [8, 7], [9, 8], [12, 11], [40, 3]] as const) {
    const lines = keys(size);
    lines.push(`  Key${repeatAt === 3 ? 1 : repeatAt - 1}: again`);
    const text = `Resources:\n${lines.join('\n')}\n`;
    assert.equal(fastYaml(text, 200), undefined, `${size} keys, then a repeat: the fast reader steps aside`);
    assert.match(parseText(text).error?.message ?? '', /Duplicate key/, `${size} keys, then a repeat: the full parser reports it`);
    const unique = `Resources:\n${keys(size + 1).join('\n')}\n`;
    assert.equal(agrees(unique, `${size + 1} distinct keys`), 'fast');
  }
});
