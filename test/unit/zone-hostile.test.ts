// Zone files a hostile user would write, at sizes that keep the suite quick: a `$GENERATE` over a
// huge range, `$INCLUDE` cycles and trees, many records at one name, secrets in included files and
// CR-only line ends. Each asserts the structure of the answer (a limit finding, bounded work, a
// correct result), never a time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { test } from 'node:test';
import { analyzeZoneText } from '../../server/src/core/analyze-zone';
import { fixAll } from '../../server/src/core/fix-all';
import { excerpt, MAX_EXCERPT, MAX_INCLUDED_EXCERPT } from '../../server/src/core/dns/excerpt';
import { zoneModel } from '../../server/src/core/dns/checks';
import { buildModel } from '../../server/src/core/dns/model';
import { CHAIN_LIMIT } from '../../server/src/core/dns/store';
import { MAX_GENERATED_RECORDS, MAX_INCLUDE_READS, MAX_INCLUDED_CHARS, parseZone, type IncludeRead, type ReadInclude } from '../../server/src/core/dns/parse';
import { dnsRules } from '../../server/src/core/rules/dns';
import { DEFAULT_SETTINGS } from '../../server/src/core/rules/types';
import { zoneIncludeReader } from '../../server/src/io/zone-includes';
import { collidingNames, generateBomb, hostileInputs, includeTree, spfAtOneName, writeHostile } from '../helpers/hostile';

/** A reader over files held in memory (paths under /z), counting its reads. */
function memoryReader(files: Readonly<Record<string, string>>): ReadInclude & { reads: number } {
  const reader = (path: string, from: string | undefined): IncludeRead | undefined => {
    reader.reads++;
    const full = posix.join(posix.dirname(from ?? '/z/top.zone'), path);
    const text = files[full.slice('/z/'.length)];
    return text === undefined ? undefined : { text, path: full };
  };
  reader.reads = 0;
  return reader;
}

const GENERATE_LIMIT = /limit of 100000 generated records per zone/;

test('$GENERATE past the limit per zone is one finding, checked before anything is generated', () => {
  // One over the limit: the old reader generated all of it without a word.
  const over = parseZone(`${generateBomb('0-100000')}after IN A 192.0.2.9\n`);
  assert.deepEqual(over.errors.map((e) => [over.text.slice(e.start, e.end), GENERATE_LIMIT.test(e.message)]), [['0-100000', true]]);
  // Nothing generated, and the rest of the zone is still read.
  assert.deepEqual(over.records.map((r) => r.owner), ['hostile.example.', 'hostile.example.', 'ns1.hostile.example.', 'after.hostile.example.']);
  // The range of the bomb found in issue 11: 4,294,968 records, refused by arithmetic alone.
  const bomb = parseZone(generateBomb('0-4294967295/1000'));
  assert.equal(bomb.errors.length, 1);
  assert.match(bomb.errors[0]!.message, /^\$GENERATE: 4294968 records would pass the limit/);
  assert.equal(bomb.records.length, 3);
  // The limit is on the zone as a whole: once past it, later directives are not expanded and not reported again.
  const split = parseZone(`${generateBomb('1-60000')}$GENERATE 1-60000 other$ A 192.0.2.2\n$GENERATE 1-5 more$ A 192.0.2.3\n`);
  assert.deepEqual(split.errors.map((e) => e.message), ['$GENERATE: 60000 records after the 60000 already generated would pass the limit of 100000 generated records per zone, so this and any later $GENERATE are not expanded']);
  assert.equal(split.records.length, 3 + 60000);
  // At the limit exactly, everything is generated.
  const full = parseZone(generateBomb('1-100000'));
  assert.deepEqual(full.errors, []);
  assert.equal(full.records.length, 3 + 100000);
  // Through the analysis, it is one dns-syntax finding.
  const findings = analyzeZoneText(generateBomb('0-4294967295/1000')).findings.filter((f) => GENERATE_LIMIT.test(f.message));
  assert.deepEqual(findings.map((f) => f.ruleId), ['dns-syntax']);
  assert.equal(MAX_GENERATED_RECORDS, 100_000, 'the limit the README documents');
});

test('$INCLUDE trees stop at the limit of reads per zone with one finding; the rest of the zone is analysed', () => {
  // Twelve levels of files each including the next twice: 8,190 reads without a limit.
  const files = includeTree(12, 2);
  const top = `${files['tree.zone']!}after IN A 192.0.2.9\n`;
  const reader = memoryReader(files);
  const { zone, findings } = analyzeZoneText(top, { fileName: '/z/tree.zone', readInclude: reader });
  assert.equal(MAX_INCLUDE_READS, 1000);
  assert.ok(reader.reads <= MAX_INCLUDE_READS, `${reader.reads} reads`);
  const limit = findings.filter((f) => /limit per zone/.test(f.message));
  assert.equal(limit.length, 1, JSON.stringify(limit));
  assert.match(limit[0]!.message, /already read 1000 includes, the limit per zone, so this and any later \$INCLUDE are not read$/);
  // The limit finding points at the top file's directive, and the records after the includes are read and analysed.
  assert.equal(top.slice(limit[0]!.start, limit[0]!.end), '$INCLUDE part1.inc');
  assert.ok(zone.records.some((r) => r.owner === 'after.hostile.example.'));
  assert.ok(findings.some((f) => f.ruleId === 'dns-spf-missing'));
});

test('included text is capped per zone: the include past it is one finding and is not read', () => {
  const big = `;${'x'.repeat(MAX_INCLUDED_CHARS / 2)}\nbig IN A 192.0.2.1\n`;
  const reader = memoryReader({ 'big.inc': big });
  const text = '$ORIGIN example.com.\n$TTL 60\n$INCLUDE big.inc\n$INCLUDE big.inc\n$INCLUDE big.inc\nafter IN A 192.0.2.2\n';
  const zone = parseZone(text, { file: '/z/top.zone', readInclude: reader });
  assert.deepEqual(zone.errors.map((e) => [text.slice(e.start, e.end), e.message]), [
    ['big.inc', "$INCLUDE 'big.inc': it would take the included text past 16 MiB, the limit per zone, so this and any later $INCLUDE are not read"],
  ]);
  assert.equal(zone.errors[0]!.start, text.indexOf('big.inc', text.indexOf('big.inc') + 1));
  assert.deepEqual(zone.records.map((r) => r.owner), ['big.example.com.', 'after.example.com.']);
  assert.equal(reader.reads, 2, 'the third include is not read at all');
});

test('a zone including itself through a `d -> .` symlink is one cycle per include, whatever path it was opened by', () => {
  const input = hostileInputs(0.001, '').find((i) => i.name === 'include-self-symlink')!;
  const written = writeHostile(input);
  try {
    // Opened through the symlink, the top file's path is not its real path.
    const viaLink = join(dirname(written.entry), 'd', 'loop.zone');
    for (const fileName of [written.entry, viaLink]) {
      const zone = parseZone(readFileSync(fileName, 'utf8'), { file: fileName, readInclude: zoneIncludeReader([dirname(fileName)]) });
      assert.deepEqual(zone.errors.map((e) => e.message), ["$INCLUDE 'd/loop.zone': includes itself (a cycle)", "$INCLUDE 'd/loop.zone': includes itself (a cycle)"], fileName);
      assert.equal(zone.records.length, 3, `${fileName}: the file is read once`);
    }
  } finally {
    written.dispose();
  }
});

test('owner names made to share one hash are grouped in linear work: a bounded number of key comparisons a record', () => {
  const count = 4096;
  const zone = parseZone(collidingNames(count));
  assert.deepEqual(zone.errors, []);
  // The names do share one hash, so a plain chained table would compare each with all before it.
  const hashes = new Set([...zone.records].slice(3).map((r) => zone.records.hashAt(r.index)));
  assert.equal(hashes.size, 1);
  const index = zone.records.names();
  assert.ok(index.comparisons <= CHAIN_LIMIT * zone.records.length, `${index.comparisons} comparisons for ${zone.records.length} records`);
  // Every name is its own, and each is found again by its name.
  const model = zoneModel(zone);
  assert.equal([...model.names()].length, count + 2);
  for (const r of [...zone.records].slice(3, 200)) assert.deepEqual(model.at(r.owner.toUpperCase())?.records.map((x) => x.index), [r.index]);
  const findings = analyzeZoneText(collidingNames(count)).findings;
  assert.deepEqual(findings.filter((f) => f.ruleId === 'dns-syntax' || f.ruleId === 'dns-cname-and-other-data'), []);
});

test('thousands of SPF records at one name: the DNS rules look at each record a bounded number of times', () => {
  const count = 3000;
  const zone = parseZone(spfAtOneName(count));
  assert.deepEqual(zone.errors, []);
  // Every look at a record's type is counted: a rule that scans all the records at a name for each of them looks n² times.
  let looks = 0;
  const records = zone.records.map((r) => ({
    owner: r.owner,
    ttl: r.ttl,
    rdata: r.rdata,
    get type(): string {
      looks++;
      return r.type;
    },
  }));
  const model = buildModel(zone.origin, records);
  const found = new Map<string, number>();
  for (const rule of dnsRules) found.set(rule.meta.id, [...rule.check(model, { now: new Date(0), settings: DEFAULT_SETTINGS })].length);
  assert.ok(looks <= 40 * records.length, `${looks} looks at ${records.length} records`);
  // The answers are still right: each SPF-type record, and each TXT policy after the first at the apex.
  assert.equal(found.get('dns-spf-rr-type'), count / 2);
  assert.equal(found.get('dns-spf-multiple'), count / 2 - 1);
  assert.equal(found.get('dns-spf-missing'), 0);
});

test('excerpts: at most so many characters, control and non-ASCII characters as \\DDD, an ellipsis when cut', () => {
  assert.equal(MAX_EXCERPT, 64);
  assert.equal(MAX_INCLUDED_EXCERPT, 12);
  assert.equal(excerpt('www.example.com.'), 'www.example.com.');
  assert.equal(excerpt('a\tb\u00e9\u0000'), 'a\\009b\\195\\169\\000');
  assert.equal(excerpt('x'.repeat(65)), `${'x'.repeat(64)}…`);
  assert.equal(excerpt('abcdefghijklmnop', 12), 'abcdefghijkl…');
  // An escape is not split: it is left out whole when it does not fit.
  assert.equal(excerpt('abcdefghij\u00e9', 12), 'abcdefghij…');
});

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Whether `text` holds any piece of the secret longer than the excerpt of an included file. */
function leaks(text: string): string | undefined {
  for (let i = 0; i + MAX_INCLUDED_EXCERPT < SECRET.length; i++) {
    const piece = SECRET.slice(i, i + MAX_INCLUDED_EXCERPT + 1);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

function folder(files: Record<string, string>): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-zone-secret-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a secrets file included from inside the root is quoted in short, escaped excerpts only', () => {
  const zone = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE .env\n';
  // What a .env holds, and lines that read as records whose owner or data is the secret, so the rules word messages from it too.
  const env = [
    `AWS_SECRET_ACCESS_KEY=${SECRET}`,
    `AWS_SECRET_ACCESS_KEY = ${SECRET}`,
    `${SECRET.replace(/\//g, '')} IN A 192.0.2.2`,
    `${SECRET.replace(/\//g, '')} IN TXT "v=spf1 +all"`,
    `_dmarc IN TXT "v=DMARC1; p=${SECRET}"`,
    `bad IN A ${SECRET}`,
    `ctl\u0001${SECRET} IN A 192.0.2.3`,
    `${SECRET} IN ${SECRET} x`,
    `${SECRET.repeat(2)} IN A 192.0.2.4`,
  ].join('\n');
  const { dir, dispose } = folder({ 'example.com.zone': zone, '.env': `${env}\n` });
  try {
    const file = join(dir, 'example.com.zone');
    const { findings } = analyzeZoneText(zone, { fileName: file, readInclude: zoneIncludeReader([dir]) });
    const fromInclude = findings.filter((f) => zone.slice(f.start, f.end) === '$INCLUDE .env');
    // Every kind of message is there: the reader's errors and the rules' findings on included records.
    const syntax = fromInclude.filter((f) => f.ruleId === 'dns-syntax').map((f) => f.message);
    assert.ok(syntax.includes(".env: unknown RR type 'wJalrXUtnFEM…'"), JSON.stringify(syntax));
    assert.ok(syntax.includes(".env: bad owner name 'wJalrXUtnFEM…': label too long"), JSON.stringify(syntax));
    assert.ok(fromInclude.some((f) => f.ruleId === 'dns-ttl-long'));
    assert.ok(fromInclude.some((f) => f.ruleId === 'dns-spf-permissive'));
    assert.ok(fromInclude.some((f) => f.ruleId === 'dns-dmarc-invalid'));
    assert.equal(leaks(JSON.stringify(findings)), undefined);
    // Control characters never reach a message as they are.
    assert.ok(!findings.some((f) => /[\u0000-\u001f]/.test(f.message)));
  } finally {
    dispose();
  }
});

test('an include outside the root is one finding, worded for the zone folder and the workspace folder alike', () => {
  const { dir, dispose } = folder({ 'zones/example.com.zone': '$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE ../.env\n', '.env': `AWS_SECRET_ACCESS_KEY=${SECRET}\n` });
  try {
    const file = join(dir, 'zones', 'example.com.zone');
    const text = readFileSync(file, 'utf8');
    const { findings } = analyzeZoneText(text, { fileName: file, readInclude: zoneIncludeReader([dirname(file)]) });
    const include = findings.filter((f) => f.ruleId === 'dns-syntax');
    assert.deepEqual(include.map((f) => [text.slice(f.start, f.end), f.message]), [
      ['../.env', "$INCLUDE '../.env': outside the folders AWS Hardening reads includes from (the zone file’s folder, or the workspace folder in the editor), so it was not read"],
    ]);
    assert.equal(leaks(JSON.stringify(findings)), undefined);
  } finally {
    dispose();
  }
});

test('CR-only line ends: the zone reads as it does with LF, and fixes keep CR', () => {
  // Comments, parentheses over lines, a quoted string, an inherited owner, a suppression and a record a fix changes.
  const lf = [
    '$ORIGIN example.com. ; the zone',
    '$TTL 3600',
    '@ IN SOA ns1 hostmaster ( 1 7200',
    '  3600 1209600 300 ) ; serial and timers',
    '@ IN NS ns1',
    'ns1 IN A 192.0.2.1',
    'www IN A 192.0.2.2',
    '  IN TXT "two words"',
    'old IN SPF "v=spf1 -all"',
    '; aws-hardening-ignore dns-ttl-long kept long on purpose',
    'api IN A 192.0.2.3',
    'bad IN A 999.0.0.1',
    '',
  ].join('\n');
  const cr = lf.replace(/\n/g, '\r');
  const read = (text: string) => {
    const { zone, findings } = analyzeZoneText(text, { language: 'dns-zone' });
    return {
      records: zone.records.map((r) => [r.owner, r.type, r.ttl, r.start, r.end, JSON.stringify(r.rdata)]),
      errors: zone.errors.map((e) => [e.start, e.end, e.message]),
      findings: findings.map((f) => [f.ruleId, f.start, f.end, f.message]),
    };
  };
  const expected = read(lf);
  assert.equal(expected.records.length, 7);
  assert.deepEqual(expected.errors, [[lf.indexOf('999.0.0.1'), lf.indexOf('999.0.0.1') + 9, "A: bad dotted quad '999.0.0.1'"]]);
  assert.ok(!expected.findings.some((f) => f[0] === 'dns-ttl-long' && f[1] === lf.indexOf('api')), 'the suppression holds');
  assert.deepEqual(read(cr), expected);
  // Fix-all adds records and retypes the SPF one: the new lines end in CR like the others.
  const fixed = fixAll(cr, { language: 'dns-zone' }).text;
  assert.notEqual(fixed, cr);
  assert.ok(!fixed.includes('\n'), JSON.stringify(fixed));
  assert.deepEqual(fixed.split('\r'), fixAll(lf, { language: 'dns-zone' }).text.split('\n'));
});

test('an include that names a FIFO or /dev/zero inside the allowed folder is refused unread, as one finding', () => {
  const { dir, dispose } = folder({ 'corp.zone': '$ORIGIN corp.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE pipe\n$INCLUDE zero\n' });
  try {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    const file = join(dir, 'corp.zone');
    // /dev/zero is outside the folder once its link is resolved; the FIFO is inside and would block.
    const { findings } = analyzeZoneText(readFileSync(file, 'utf8'), { fileName: file, readInclude: zoneIncludeReader([dir]) });
    const syntax = findings.filter((f) => f.ruleId === 'dns-syntax').map((f) => f.message);
    assert.deepEqual(syntax, [
      "$INCLUDE 'pipe': a FIFO (named pipe), not a regular file, so it was not read",
      "$INCLUDE 'zero': outside the folders AWS Hardening reads includes from (the zone file’s folder, or the workspace folder in the editor), so it was not read",
    ]);
  } finally {
    dispose();
  }
});
