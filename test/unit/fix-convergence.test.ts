// Fix-all converges and stays valid: new logical ids are free among all top-level names, fixes wait
// while the keys they depend on are duplicated, and a seeded fuzzer mutates the fixture templates
// and checks, on every mutation, that fix-all's output parses, that a second fix-all changes
// nothing, and that every finding's range lies inside the text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fix-all';
import { fixturesDir } from '../helpers/paths';

test('a new bucket policy gets a logical id no parameter, untyped resource, output or condition has', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  DataTlsPolicy:',
    '    Type: String',
    'Conditions:',
    '  DataTlsPolicy2: !Equals [a, a]',
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '  DataTlsPolicy3:',
    '    Properties: {}',
    'Outputs:',
    '  DataTlsPolicy4:',
    '    Value: x',
    '',
  ].join('\n');
  const fixed = fixAll(text, { severities: { 's3-tls-not-enforced': 'warning' } }).text;
  assert.match(fixed, /^ {2}DataTlsPolicy5:\n {4}Type: AWS::S3::BucketPolicy$/m);
  const after = analyzeText(fixed);
  assert.equal(after.findings.filter((f) => f.ruleId === 'cfn-syntax').length, 0, 'no duplicate key');
  assert.equal(fixAll(fixed).text, fixAll(fixed).text);
});

test('fixes wait while the resource they depend on is written twice, and fix-all then changes nothing', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Zone:',
    '    Type: AWS::Route53::HostedZone',
    '    Properties: {Name: example.com}',
    '  Zone:',
    '    Type: AWS::Route53::HostedZone',
    '    Properties: {Name: example.org}',
    '  Spf:',
    '    Type: AWS::Route53::RecordSet',
    '    Properties: {HostedZoneId: !Ref Zone, Name: example.org, Type: TXT, TTL: 300, ResourceRecords: [\'"v=spf1 -all"\']}',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '',
  ].join('\n');
  const findings = analyzeText(text).findings;
  const dmarc = findings.filter((f) => f.ruleId === 'dns-dmarc-missing');
  assert.ok(dmarc.length > 0);
  for (const f of dmarc) {
    assert.equal(f.fix, undefined);
    assert.match(f.message, /No fix while Zone is written twice/);
  }
  // The bucket does not depend on the zone: its fixes go ahead, once.
  assert.ok(findings.some((f) => f.resource === 'Data' && f.fix));
  const once = fixAll(text);
  assert.equal(once.applied.some((a) => a.resource === 'Zone'), false);
  assert.ok(once.applied.some((a) => a.resource === 'Data'));
  assert.equal(fixAll(once.text).text, once.text);
});

test('a section written twice holds every fix', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n';
  const findings = analyzeText(text).findings;
  assert.ok(findings.some((f) => f.resource === 'Logs'));
  assert.ok(findings.every((f) => !f.fix && !f.alternatives));
  assert.equal(fixAll(text).text, text);
});

// ---------------------------------------------------------------------------------------------
// Seeded fuzz: mutated fixture templates

/** A small deterministic generator (a linear congruential one), so every run mutates alike. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}

function fixtureTemplates(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const dir of readdirSync(fixturesDir).sort()) {
    if (dir === 'workspace') continue;
    let files: string[];
    try {
      files = readdirSync(join(fixturesDir, dir));
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      // Live fixtures are API answers, not templates.
      if (/\.(ya?ml|json)$/.test(file) && !file.startsWith('live-') && !file.includes('.fixed.') && !file.endsWith('.findings.json')) {
        out.push({ name: `${dir}/${file}`, text: readFileSync(join(fixturesDir, dir, file), 'utf8') });
      }
    }
  }
  return out;
}

const UNICODE = ['é', '\u00a0', '\u2028', '😀', '\ufeff', 'Ω'];

/** One mutation of a template's text, named for the failure message. */
const MUTATIONS: Array<[string, (text: string, random: (n: number) => number) => string]> = [
  ['duplicate a line', (text, random) => {
    const lines = text.split('\n');
    const i = random(lines.length);
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }],
  ['duplicate a block of lines', (text, random) => {
    const lines = text.split('\n');
    const i = random(lines.length);
    const n = 1 + random(6);
    lines.splice(i + n, 0, ...lines.slice(i, i + n));
    return lines.join('\n');
  }],
  ['delete a line', (text, random) => {
    const lines = text.split('\n');
    lines.splice(random(lines.length), 1);
    return lines.join('\n');
  }],
  ['swap two values', (text, random) => {
    const values = [...text.matchAll(/: ([^\n{}[\],]+)/g)];
    if (values.length < 2) return text;
    const [a, b] = [values[random(values.length)]!, values[random(values.length)]!].sort((x, y) => x.index! - y.index!);
    if (a.index === b.index) return text;
    const [va, vb] = [a[1]!, b[1]!];
    const at = (m: RegExpMatchArray): number => m.index! + 2;
    return text.slice(0, at(a)) + vb + text.slice(at(a) + va.length, at(b)) + va + text.slice(at(b) + vb.length);
  }],
  ['CRLF line ends', (text) => text.replace(/\r?\n/g, '\r\n')],
  ['CR-only line ends', (text) => text.replace(/\r?\n/g, '\r')],
  ['a tab for indentation', (text, random) => {
    const lines = text.split('\n');
    const i = random(lines.length);
    lines[i] = lines[i]!.replace(/^ {2}/, '\t');
    return lines.join('\n');
  }],
  ['unicode inserted', (text, random) => {
    const at = random(text.length + 1);
    return text.slice(0, at) + UNICODE[random(UNICODE.length)]! + text.slice(at);
  }],
  ['a key renamed to its neighbour', (text, random) => {
    const keys = [...text.matchAll(/^( +)([A-Za-z][A-Za-z0-9]*):/gm)];
    if (keys.length < 2) return text;
    const i = random(keys.length - 1);
    const [a, b] = [keys[i]!, keys[i + 1]!];
    return text.slice(0, a.index! + a[1]!.length) + b[2]! + text.slice(a.index! + a[1]!.length + a[2]!.length);
  }],
];

function syntaxErrors(text: string): number {
  return analyzeText(text).findings.filter((f) => f.ruleId === 'cfn-syntax').length;
}

test('fuzz: 300 seeded mutations of the fixture templates: fix-all output parses and is idempotent, findings lie inside the text', () => {
  const fixtures = fixtureTemplates();
  assert.ok(fixtures.length > 50, `only ${fixtures.length} fixture templates found`);
  const random = generator(20261206);
  let fixed = 0;
  for (let round = 0; round < 300; round++) {
    const fixture = fixtures[random(fixtures.length)]!;
    let text = fixture.text;
    const applied: string[] = [];
    for (let k = 1 + random(3); k > 0; k--) {
      const [name, mutate] = MUTATIONS[random(MUTATIONS.length)]!;
      text = mutate(text, random);
      applied.push(name);
    }
    const where = `round ${round}: ${fixture.name} with ${applied.join(', ')}`;
    const analysis = analyzeText(text);
    for (const f of analysis.findings) {
      assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${where}: ${f.ruleId} at ${f.start}-${f.end} of ${text.length}`);
    }
    const once = fixAll(text);
    if (once.text !== text) fixed++;
    assert.ok(syntaxErrors(once.text) <= syntaxErrors(text), `${where}: fix-all output does not parse:\n${once.text}`);
    const twice = fixAll(once.text);
    assert.equal(twice.text, once.text, `${where}: a second fix-all changed the text (${twice.applied.map((a) => a.title).join('; ')})`);
  }
  assert.ok(fixed > 50, `only ${fixed} of the mutations had anything to fix`);
});

test('fix-all starts from the analysis the caller has and returns the one of its result', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Plain:\n    Type: AWS::S3::Bucket\n';
  const first = analyzeText(text);
  // Given an analysis, the first pass takes its findings instead of analysing again.
  assert.equal(fixAll(text, {}, { ...first, findings: [] }).text, text);
  const result = fixAll(text, {}, first);
  assert.notEqual(result.text, text);
  const summary = (findings: readonly { ruleId: string; start: number; end: number }[]): string[] => findings.map((f) => `${f.ruleId} ${f.start}-${f.end}`);
  assert.deepEqual(summary(result.analysis!.findings), summary(analyzeText(result.text).findings), 'the returned analysis is of the fixed text');
});
