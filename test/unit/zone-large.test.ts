// Large zones (issue 17): the reader keeps records as numbers and makes them when asked, the model
// groups names by a hash of their key, and the findings past the cap are counted, not made. Each
// is checked here against the plain way of doing the same thing (arrays of records, a Map of
// names, capFindings over every finding), on the rule fixtures and on zones made to be awkward.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeZoneText } from '../../server/src/core/analyze-zone';
import { capFindings } from '../../server/src/core/cap';
import { zoneModel } from '../../server/src/core/dns/checks';
import { buildModel, namesWith, recordsOfType, type ZoneModel } from '../../server/src/core/dns/model';
import { isAtOrBelow, nameKey } from '../../server/src/core/dns/names';
import { parseZone, rereads, type ParsedZone, type ZoneRecord } from '../../server/src/core/dns/parse';
import { parseRdata } from '../../server/src/core/dns/rdata';
import type { Finding } from '../../server/src/core/rules/types';
import { LineIndex } from '../../server/src/core/text';
import { fixturesDir } from '../helpers/paths';
import { memoryIncludes } from '../helpers/zone-files';

const FIXTURES = fixturesDir;

/** Every zone file among the rule fixtures, with its text. */
function fixtureZones(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const dir of readdirSync(FIXTURES)) {
    if (!dir.startsWith('dns-')) continue;
    for (const file of readdirSync(join(FIXTURES, dir))) {
      if (file.endsWith('.zone')) out.push({ name: `${dir}/${file}`, text: readFileSync(join(FIXTURES, dir, file), 'utf8') });
    }
  }
  return out;
}

const INCLUDED: Record<string, string> = {
  '/z/hosts.inc': 'h1 7200 A 192.0.2.10\n  7200 AAAA 2001:db8::10\nh2 86400 CNAME h1\nh2 60 TXT "v=spf1 -all"\nh2 60 TXT "v=spf1 ~all"\n',
  '/z/out.inc': 'elsewhere.test. 600 A 192.0.2.99\n',
};

const readInclude = memoryIncludes(INCLUDED);

/**
 * A zone where many rules fire many times, in every way findings can share a position: records
 * from `$INCLUDE`s (all at the directive), `$GENERATE`d ones (all at theirs), names written in
 * other cases, CNAMEs beside other data, SPF twins and out-of-zone data.
 */
function awkwardZone(): string {
  const lines = [
    '$ORIGIN example.com.',
    '$TTL 3600',
    '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300',
    '@ IN NS ns1',
    'ns1 A 192.0.2.1',
    '$INCLUDE hosts.inc',
    '$GENERATE 1-40 gen$ 7200 A 192.0.2.$',
    '$INCLUDE hosts.inc sub',
    '$INCLUDE out.inc',
  ];
  for (let i = 0; i < 60; i++) {
    lines.push(`Host${i} ${i % 3 === 0 ? 60 : 7200} A 192.0.2.${i}`);
    if (i % 4 === 0) lines.push(`host${i} CNAME target${i}`);
    if (i % 5 === 0) lines.push(`  TXT "v=spf1 -all"`, `HOST${i} TXT "v=spf1 ~all"`);
    if (i % 7 === 0) lines.push(`out${i}.example.net. 600 A 192.0.2.7`);
    if (i % 9 === 0) lines.push(`bad${i} A 300.0.0.${i}`);
  }
  lines.push('$ORIGIN Sub.Example.COM.', 'x 9000 AAAA 2001:db8::1', 'x CNAME y');
  // TXT in every way it can be written: the plain ones are read without tokens, the rest parsed.
  lines.push('t1 TXT "a" "b"\t"c"', 't2 TXT "x\\"y" "z"', 't3 TXT ( "multi"', '  "line" )', 't4 TXT "a";comment', 't5 TXT bare word', 't6 TXT ""', 't7 SPF "v=spf1 -all"', 't8 TXT "a""b"', 't9 TXT "\\065"');
  return `${lines.join('\n')}\n`;
}

/** A record's fields as the plain reader had them, for comparing two views of the same record. */
function fieldsOf(r: ZoneRecord): unknown[] {
  return [r.owner, r.ownerStart, r.ownerEnd, r.ownerWritten, r.ttl, r.ttlRange, r.class, r.type, r.typeStart, r.typeEnd, r.start, r.end, r.includedBy, r.rdata, r.tokens];
}

/** The same zone's model the simple way: an array of records grouped by a Map of name keys. */
function plainModel(zone: ParsedZone): ZoneModel<ZoneRecord> {
  return buildModel(zone.origin, [...zone.records]);
}

function groupsOf(model: ZoneModel<ZoneRecord>): Array<[string, number[]]> {
  return [...model.names()].map((types) => [types.key, types.records.map((r) => r.index)]);
}

describe('the reader keeps records as numbers and makes them when asked', () => {
  test('on every fixture zone, the compact model answers as the plain one', () => {
    const zones = [...fixtureZones(), { name: 'awkward', text: awkwardZone() }];
    assert.ok(zones.length > 50);
    for (const { name, text } of zones) {
      const zone = parseZone(text, { origin: 'example.com.', file: '/z/top.zone', readInclude });
      const compact = zoneModel(zone);
      const plain = plainModel(zone);
      assert.deepEqual(groupsOf(compact), groupsOf(plain), `${name}: the names and their records`);
      for (const [key] of groupsOf(plain)) {
        for (const asked of [key, key.toUpperCase()]) {
          assert.deepEqual(compact.at(asked)?.types(), plain.at(asked)?.types(), `${name}: at(${asked})`);
        }
      }
      assert.equal(compact.at('no-such-name.example.com.'), undefined);
      for (const type of ['A', 'CNAME', 'TXT', 'NS', 'SOA', 'MX']) {
        assert.deepEqual([...recordsOfType(compact, type)].map((r) => r.index), [...recordsOfType(plain, type)].map((r) => r.index), `${name}: ofType ${type}`);
        assert.deepEqual([...namesWith(compact, type)].map((t) => t.key), [...namesWith(plain, type)].map((t) => t.key), `${name}: namesWith ${type}`);
      }
      for (const r of zone.records) {
        // The RDATA read again from the text is what reading the record's tokens gives.
        assert.deepEqual(r.rdata, parseRdata(r.type, r.tokens, originOf(zone, r)), `${name}: RDATA of record ${r.index}`);
        assert.equal(zone.records.outOfZoneAt(r.index), !isAtOrBelow(r.owner, zone.origin), `${name}: out of zone, record ${r.index}`);
        // Two views of one record agree field by field.
        assert.deepEqual(fieldsOf(zone.records.at(r.index)!), fieldsOf(r));
      }
    }
  });

  test('names whose hashes collide are still told apart', () => {
    // n512789 and n749192 (and the other pairs) have the same 32-bit hash of their key.
    const pairs = [['n512789', 'n749192'], ['n512788', 'n749193'], ['n512783', 'n749198']];
    const text = `@ 60 SOA ns hostmaster 1 2 3 4 5\n@ 60 NS ns\nns 60 A 192.0.2.1\n${pairs.flatMap(([a, b]) => [`${a} 60 A 192.0.2.2`, `${b} 60 CNAME ${a}`, `${a} 60 AAAA 2001:db8::2`]).join('\n')}\n`;
    const zone = parseZone(text, { origin: 'example.com.' });
    const model = zoneModel(zone);
    for (const [a, b] of pairs) {
      assert.deepEqual(model.at(`${a}.example.com.`)?.types(), ['A', 'AAAA']);
      assert.deepEqual(model.at(`${b}.example.com.`)?.types(), ['CNAME']);
    }
    assert.deepEqual(groupsOf(model), groupsOf(plainModel(zone)));
    // No CNAME shares its name, so the CNAME rule is quiet.
    const found = analyzeZoneText(text, { origin: 'example.com.' }).findings.filter((f) => f.ruleId === 'dns-cname-and-other-data');
    assert.deepEqual(found, []);
  });

  test('a name with a hundred thousand records, written and inherited, is one name', () => {
    const lines = ['@ 60 SOA ns hostmaster 1 2 3 4 5', '@ 60 NS ns', 'ns 60 A 192.0.2.1'];
    for (let i = 0; i < 50_000; i++) lines.push(`www 60 TXT "a${i}"`, `  60 TXT "b${i}"`);
    const zone = parseZone(`${lines.join('\n')}\n`, { origin: 'example.com.' });
    const model = zoneModel(zone);
    assert.equal(model.at('WWW.example.com.')?.records.length, 100_000);
    assert.equal([...model.names()].length, 3);
  });
});

/** The origin a record's RDATA names are relative to, as the reader had it. */
function originOf(zone: ParsedZone, r: ZoneRecord): string {
  return zone.records.originAt(r.index);
}

describe('findings past the cap are counted, not made', () => {
  const hint = 'Run with --max-findings-per-rule 0 to list them all.';
  const strip = (findings: readonly Finding[]): unknown[] => findings.map((f) => ({ ...f, fix: f.fix ? { title: f.fix.title, safety: f.fix.safety, edits: f.fix.edits() } : undefined }));

  for (const max of [1, 2, 3, 7, 40, 1000]) {
    test(`capped while made is capFindings of all of them (cap ${max})`, () => {
      const zones = [{ name: 'awkward', text: awkwardZone() }, ...fixtureZones()];
      for (const { name, text } of zones) {
        const options = { origin: 'example.com.', fileName: '/z/top.zone', readInclude, now: new Date('2026-12-06T00:00:00Z') };
        const all = analyzeZoneText(text, options);
        const capped = analyzeZoneText(text, { ...options, cap: { max, hint } });
        assert.equal(capped.capped, true);
        assert.deepEqual(strip(capped.findings), strip(capFindings(all.findings, max, hint)), `${name} capped at ${max}`);
      }
    });
  }

  test('the awkward zone has rules past a small cap, so the test above compares summaries', () => {
    const findings = analyzeZoneText(awkwardZone(), { origin: 'example.com.', fileName: '/z/top.zone', readInclude, cap: { max: 3, hint } }).findings;
    const summaries = findings.filter((f) => f.message.includes('not listed')).map((f) => f.ruleId);
    assert.deepEqual(new Set(summaries), new Set(['dns-cname-and-other-data', 'dns-spf-multiple', 'dns-syntax', 'dns-ttl-long']));
  });

  test('a cap of 0 lists everything, as it did', () => {
    const all = analyzeZoneText(awkwardZone(), { origin: 'example.com.', fileName: '/z/top.zone', readInclude });
    const zero = analyzeZoneText(awkwardZone(), { origin: 'example.com.', fileName: '/z/top.zone', readInclude, cap: { max: 0, hint } });
    assert.equal(zero.capped, undefined);
    assert.deepEqual(strip(zero.findings), strip(all.findings));
  });
});

test('a TTL finding is worded only when it is read, and says the same', () => {
  const text = '@ 60 SOA ns hostmaster 1 2 3 4 5\n@ 60 NS ns\nns 60 A 192.0.2.1\nwww 7200 A 192.0.2.2\n';
  const [finding] = analyzeZoneText(text, { origin: 'example.com.' }).findings.filter((f) => f.ruleId === 'dns-ttl-long');
  assert.equal(finding?.message, 'www.example.com. A has a TTL of 2 hours: a change to it would take that long to reach everyone; 300 seconds keeps changes quick.');
  assert.equal(nameKey('WWW.Example.COM.'), 'www.example.com.');
});

test('LineIndex finds lines as far as asked, and answers as a full scan would in any order', () => {
  let seed = 17;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const pieces = ['a', 'bc', '\n', '\r\n', '\r', ' ', '\n\n', '\r\r\n'];
  for (let round = 0; round < 200; round++) {
    let text = '';
    for (let i = random(60); i > 0; i--) text += pieces[random(pieces.length)];
    // Line starts the plain way: after every LF, and after every CR not followed by LF.
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
    const expected = (offset: number): { line: number; character: number } => {
      const o = Math.max(0, Math.min(offset, text.length));
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1]! <= o) line++;
      return { line, character: o - starts[line]! };
    };
    const index = new LineIndex(text);
    for (let q = 0; q < 30; q++) {
      if (random(3) === 0) {
        const line = random(starts.length + 2);
        assert.equal(index.offsetAt({ line, character: 1 }), line >= starts.length ? text.length : Math.min(starts[line]! + 1, text.length), `round ${round}: offsetAt line ${line}`);
      } else {
        const offset = random(text.length + 3) - 1;
        assert.deepEqual(index.positionAt(offset), expected(offset), `round ${round}: positionAt ${offset} of ${JSON.stringify(text)}`);
      }
    }
  }
});

describe('a zone read again after an edit is the zone read anew', () => {
  /** Sections under their own `$ORIGIN` and `$TTL`, inherited owners, entries over lines, comments and broken entries. */
  function sections(count: number): string {
    const lines = ['$ORIGIN example.com.', '$TTL 3600', '@ SOA ns1 hostmaster ( 1 7200 3600', '  1209600 300 ) ; the SOA', '@ NS ns1', 'ns1 A 192.0.2.1'];
    for (let i = 0; i < count; i++) {
      if (i % 97 === 0) lines.push(`$ORIGIN s${i}.example.com.`, `$TTL ${i % 2 ? 60 : 86400}`);
      if (i % 11 === 0) lines.push(`  TXT "inherited ${i}"`);
      if (i % 13 === 0) lines.push(`m${i} MX ( 10`, `  mail${i} ) ; over two lines`);
      if (i % 17 === 0) lines.push(`bad${i} A 300.1.1.1`);
      if (i % 19 === 0) lines.push('; a comment line', '');
      lines.push(i % 5 === 0 ? `H${i} 7200 IN AAAA 2001:db8::${i.toString(16)}` : `h${i} A 192.0.2.${i & 255}`);
    }
    return `${lines.join('\n')}\n`;
  }
  const snippets = ['\n', ' ', '(', ')', '"', ';', 'x', '.', '$ORIGIN edit.example.com.\n', '$TTL 60\n', 'www 300 A 192.0.2.9\n', '  TXT "inherit"\n', 'cn CNAME www\n', '\n  AAAA 2001:db8::9\n'];

  function same(a: ParsedZone, b: ParsedZone, what: string): void {
    assert.equal(a.records.length, b.records.length, `${what}: record count`);
    for (let i = 0; i < a.records.length; i++) assert.deepEqual(fieldsOf(a.records.at(i)!), fieldsOf(b.records.at(i)!), `${what}: record ${i}`);
    assert.deepEqual(a.errors, b.errors, `${what}: errors`);
    assert.deepEqual(a.directives, b.directives, `${what}: directives`);
    assert.deepEqual(groupsOf(zoneModel(a)), groupsOf(zoneModel(b)), `${what}: names`);
  }

  test('random edits, one after another, each read again from the last reading', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const options = { origin: 'example.com.', checkpointEvery: 16 };
    let text = sections(1500);
    let zone = parseZone(text, options);
    const before = { ...rereads };
    for (let round = 0; round < 300; round++) {
      const at = random(text.length + 1);
      const op = random(3);
      const cut = op === 0 ? 0 : random(op === 1 ? 40 : 400);
      const insert = op === 2 ? '' : snippets[random(snippets.length)]!;
      text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + cut));
      const again = parseZone(text, { ...options, previous: zone });
      same(again, parseZone(text, options), `round ${round}, ${JSON.stringify(insert)} at ${at} replacing ${cut}`);
      zone = again;
    }
    // Most edits were read from a checkpoint and came back into step: the test is of that path.
    assert.ok(rereads.resumed - before.resumed > 250, `${rereads.resumed - before.resumed} resumed`);
    assert.ok(rereads.inStep - before.inStep > 150, `${rereads.inStep - before.inStep} back in step`);
  });

  test('an edit that leaves the rest of the zone under another origin or TTL reads it all again', () => {
    const options = { origin: 'example.com.', checkpointEvery: 8 };
    const text = sections(300);
    const zone = parseZone(text, options);
    for (const [from, to] of [['$TTL 86400', '$TTL 600'], ['$ORIGIN s97.example.com.', '$ORIGIN other.example.com.'], ['h98 A', 'h98 ( A']]) {
      const edited = text.replace(from!, to!);
      assert.notEqual(edited, text);
      same(parseZone(edited, { ...options, previous: zone }), parseZone(edited, options), `${from} → ${to}`);
    }
  });

  test('near the records limit, an edit that adds records is read as reading anew would', () => {
    const text = sections(300);
    const full = parseZone(text, { origin: 'example.com.' });
    const options = { origin: 'example.com.', checkpointEvery: 8, maxRecords: full.records.length + 2 };
    const zone = parseZone(text, options);
    let edited = text;
    for (let k = 0; k < 4; k++) {
      edited = edited.replace('h98 A', `add${k} A 192.0.2.1\nh98 A`);
      const again = parseZone(edited, { ...options, previous: zone });
      same(again, parseZone(edited, options), `${k + 1} records added`);
    }
    assert.ok(parseZone(edited, options).errors.some((e) => e.message.startsWith('too many records')));
  });

  test('zones with $INCLUDE or $GENERATE are read in full', () => {
    const text = awkwardZone();
    const zone = parseZone(text, { origin: 'example.com.', file: '/z/top.zone', readInclude });
    assert.equal(zone.checkpoints, undefined);
  });
});
