// `npm run corpus` (zones): the zone reader against other tools' verdicts in ../shared/corpus,
// when it is there. BIND's checkzone and master-file tests give a whole-file verdict; Knot's
// scanner tests mark sections `; OK` (every entry must read) and `; KO` (every entry must fail).
// Prints agreement and every disagreement with the message we gave.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readZone } from '../server/src/core/analyze-zone';
import { zoneChecks, zoneModel } from '../server/src/core/dns/checks';
import type { ParsedZone } from '../server/src/core/dns/parse';
import { dnsCnameAndOtherData } from '../server/src/core/rules/dns/zone';
import { DEFAULT_SETTINGS } from '../server/src/core/rules/types';

const corpus = resolve(__dirname, '..', '..', 'shared', 'corpus');

interface Row {
  readonly path: string;
  readonly expected: string;
  readonly note: string;
}

function rows(): Row[] {
  return readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((r) => r[0]?.startsWith('zones/'))
    .map((r) => ({ path: r[0]!, expected: r[5] ?? '', note: r[6] ?? '' }));
}

/** `$INCLUDE` targets the way the tests lay them out: beside the file, or its folders above. */
function includeReader(file: string) {
  return (path: string, from: string | undefined): { text: string; path: string } | undefined => {
    for (const candidate of [resolve(dirname(from ?? file), path), resolve(dirname(file), '..', path), resolve(dirname(file), basename(path))]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return { text: readFileSync(candidate, 'latin1'), path: candidate };
    }
    return undefined;
  };
}

function read(file: string, origin: string): ParsedZone {
  return readZone(readFileSync(file, 'latin1'), { origin, fileName: file, readInclude: includeReader(file) });
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** BIND: the whole file is valid (warnings allowed) or not. Master-file tests load without zone checks. */
function bind(row: Row): { agree: boolean; detail: string } {
  const file = join(corpus, row.path);
  const origin = `${/origin ([^\s;,\]]+)/.exec(row.note)?.[1] ?? 'example'}.`.replace(/\.\.$/, '.');
  const zone = read(file, origin);
  const model = zoneModel(zone);
  const loaderOnly = row.path.includes('/master/');
  const errors = [...zone.errors, ...(loaderOnly ? [] : zoneChecks(zone, model))].filter((e) => e.severity === 'error');
  const cname = loaderOnly ? [] : [...dnsCnameAndOtherData.check(model, { now: new Date(), settings: DEFAULT_SETTINGS })];
  const messages = [...errors.map((e) => `line ${lineOf(zone.text, e.start)}: ${e.message}`), ...cname.map((p) => p.message)];
  const verdict = messages.length > 0 ? 'invalid' : 'valid';
  const expected = row.expected === 'invalid' ? 'invalid' : 'valid';
  return { agree: verdict === expected, detail: `expected ${row.expected} (${row.note.slice(0, 80)}), we say ${verdict}${messages.length ? `: ${messages.slice(0, 2).join(' | ')}` : ''}` };
}

/** Knot: each entry under `; OK` reads without error; each under `; KO` gives one. */
function knot(row: Row): { agree: number; disagree: string[] } {
  const file = join(corpus, row.path);
  const text = readFileSync(file, 'latin1');
  const zone = read(file, '.');
  const errorLines = new Set(zone.errors.filter((e) => e.severity === 'error').map((e) => lineOf(text, e.start)));
  const lines = text.split('\n');
  let mode: 'OK' | 'KO' | undefined;
  let agree = 0;
  const disagree: string[] = [];
  let stopped = false;
  // An entry starts on a line with content that is not a continuation inside parentheses.
  let depth = 0;
  lines.forEach((raw, i) => {
    const marker = /^;\s*(OK|KO)\b/.exec(raw);
    if (marker) {
      mode = marker[1] as 'OK' | 'KO';
      return;
    }
    const code = raw.replace(/;.*$/, '').replace(/"[^"]*"/g, '""');
    const startsEntry = depth === 0 && code.trim() !== '';
    for (const c of code) depth = c === '(' ? depth + 1 : c === ')' ? Math.max(0, depth - 1) : depth;
    if (!startsEntry || !mode || stopped) return;
    if (/STOP PROCESSING/.test(raw)) stopped = true;
    // The error of a multi-line entry may sit on any of its lines.
    let last = i + 1;
    for (let d = depth, j = i + 1; d > 0 && j < lines.length; j++) {
      for (const c of lines[j]!.replace(/;.*$/, '')) d = c === '(' ? d + 1 : c === ')' ? d - 1 : d;
      last = j + 1;
    }
    let failed = false;
    for (let l = i + 1; l <= last; l++) if (errorLines.has(l)) failed = true;
    if (failed === (mode === 'KO')) agree++;
    else disagree.push(`${row.path}:${i + 1}: ${mode} entry ${mode === 'OK' ? 'rejected' : 'accepted'}: ${raw.trim().slice(0, 70)}${failed ? ` (${zone.errors.find((e) => lineOf(text, e.start) >= i + 1 && lineOf(text, e.start) <= last)?.message})` : ''}`);
  });
  return { agree, disagree };
}

function main(): void {
  if (!existsSync(join(corpus, 'zones'))) {
    console.log(`no zone corpus at ${corpus}: nothing to do`);
    return;
  }
  const all = rows();
  let agree = 0;
  const bindMisses: string[] = [];
  for (const row of all) {
    if (!row.path.startsWith('zones/bind9/') || !['valid', 'invalid', 'valid-warning'].includes(row.expected)) continue;
    const r = bind(row);
    if (r.agree) agree++;
    else bindMisses.push(`${row.path}: ${r.detail}`);
  }
  const total = agree + bindMisses.length;
  console.log(`BIND verdicts: ${agree} of ${total} agree (${((100 * agree) / total).toFixed(1)}%, target 95%)`);
  for (const m of bindMisses) console.log(`  ${m}`);
  let knotAgree = 0;
  const knotMisses: string[] = [];
  for (const row of all) {
    if (row.expected !== 'line-marked') continue;
    const r = knot(row);
    knotAgree += r.agree;
    knotMisses.push(...r.disagree);
  }
  const knotTotal = knotAgree + knotMisses.length;
  console.log(`Knot OK/KO entries: ${knotAgree} of ${knotTotal} agree (${((100 * knotAgree) / knotTotal).toFixed(1)}%)`);
  for (const m of knotMisses.slice(0, 200)) console.log(`  ${m}`);
  if (knotMisses.length > 200) console.log(`  … and ${knotMisses.length - 200} more`);
}

main();
