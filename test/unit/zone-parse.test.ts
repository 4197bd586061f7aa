// The DNS master-file reader: RFC 1035 §5 syntax, directives, typed RDATA, named-checkzone style
// errors at exact positions, the zone-level checks, and a seeded fuzz run as a hang guard.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { test } from 'node:test';
import { keyTag, zoneChecks, zoneModel } from '../../server/src/core/dns/checks';
import { absoluteName } from '../../server/src/core/dns/names';
import { originFromFileName, parseZone, type ParsedZone, type ZoneError, type ZoneParseOptions, type ZoneRecord } from '../../server/src/core/dns/parse';
import { typeOf, unescapeText, valueList, type Rdata } from '../../server/src/core/dns/rdata';
import { formatTtl, humanTtl, parseTtl } from '../../server/src/core/dns/ttl';
import { memoryIncludes } from '../helpers/zone-files';

const ORIGIN = 'example.com.';
const SOA = '@ 3600 IN SOA ns1.example.net. hostmaster 2024010101 7200 3600 1209600 300\n';
const APEX = `${SOA}@ 3600 IN NS ns1.example.net.\n`;

function parse(text: string, options: ZoneParseOptions = {}): ParsedZone {
  return parseZone(text, { origin: ORIGIN, ...options });
}

/** Errors as [the text they point at, message]. */
function errorsOf(zone: ParsedZone, list: readonly ZoneError[] = zone.errors): Array<[string, string]> {
  return list.map((e) => [zone.text.slice(e.start, e.end), e.message]);
}

/** Errors as [start, end, message, severity], for exact offsets. */
function rangesOf(list: readonly ZoneError[]): Array<[number, number, string, string]> {
  return list.map((e) => [e.start, e.end, e.message, e.severity]);
}

function summary(zone: ParsedZone): Array<[string, number, string, string]> {
  return zone.records.map((r) => [r.owner, r.ttl, r.class, r.type]);
}

function rdataOf(zone: ParsedZone, i = 0): Rdata {
  const r = zone.records.at(i);
  assert.ok(r, `record ${i} exists`);
  return r.rdata;
}

function checks(zone: ParsedZone): ZoneError[] {
  return zoneChecks(zone, zoneModel(zone));
}

/** Offset of the `nth` occurrence of `needle` in `text`. */
function offset(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' #${nth} is in the text`);
  }
  return at;
}

function one(zone: ParsedZone): ZoneRecord {
  assert.equal(zone.records.length, 1, JSON.stringify(errorsOf(zone)));
  return zone.records.at(0)!;
}

// ---------------------------------------------------------------------------------------------
// RFC 1035 §5 syntax

test('a parenthesized SOA over several lines with comments inside', () => {
  const text = [
    '$TTL 1h',
    '@\tIN SOA ns1 hostmaster.example.com. ( ; primary, mailbox',
    '        2024010101 ; serial',
    '        2h         ; refresh',
    '        30m        ; retry',
    '        2w         ; expire',
    '        300 )      ; minimum',
    '',
  ].join('\n');
  const zone = parse(text);
  assert.deepEqual(zone.errors, []);
  const soa = one(zone);
  assert.deepEqual(soa.rdata, {
    kind: 'SOA', mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 2024010101,
    refresh: 7200, retry: 1800, expire: 1209600, minimum: 300,
  });
  assert.equal(soa.owner, 'example.com.');
  assert.equal(soa.ttl, 3600);
  assert.equal(soa.ttlRange, undefined);
  assert.equal(text.slice(soa.start, soa.end), text.slice(offset(text, '@'), offset(text, '300 )') + 5));
  assert.equal(text.slice(soa.typeStart, soa.typeEnd), 'SOA');
  assert.deepEqual(soa.tokens.map((t) => t.text), ['ns1', 'hostmaster.example.com.', '2024010101', '2h', '30m', '2w', '300']);
  assert.equal(zone.directives.length, 1);
  assert.equal(zone.directives[0]!.name, '$TTL');
});

test('@, blank owners inheriting the previous owner, relative and absolute names', () => {
  const text = [
    '@ 300 IN A 192.0.2.1',
    '  300 IN AAAA 2001:db8::1',
    'www 300 IN CNAME @',
    '\t300 IN TXT "tab continues www"',
    'mail.example.com. 300 IN A 192.0.2.2',
    'other.example.net. 300 IN A 192.0.2.3',
    'deep.sub 300 IN CNAME mail',
    '',
  ].join('\n');
  const zone = parse(text);
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(summary(zone), [
    ['example.com.', 300, 'IN', 'A'],
    ['example.com.', 300, 'IN', 'AAAA'],
    ['www.example.com.', 300, 'IN', 'CNAME'],
    ['www.example.com.', 300, 'IN', 'TXT'],
    ['mail.example.com.', 300, 'IN', 'A'],
    ['other.example.net.', 300, 'IN', 'A'],
    ['deep.sub.example.com.', 300, 'IN', 'CNAME'],
  ]);
  assert.deepEqual(rdataOf(zone, 2), { kind: 'name', target: 'example.com.' });
  assert.deepEqual(rdataOf(zone, 6), { kind: 'name', target: 'mail.example.com.' });
  const inherited = zone.records.at(1)!;
  assert.equal(inherited.ownerWritten, false);
  assert.equal(inherited.ownerStart, inherited.start);
  assert.equal(text.slice(inherited.start, inherited.end), '300 IN AAAA 2001:db8::1');
  const written = zone.records.at(2)!;
  assert.equal(written.ownerWritten, true);
  assert.equal(text.slice(written.ownerStart, written.ownerEnd), 'www');
  // Owner case is kept as written.
  assert.equal(parse('WWW.Example.COM. 1 A 192.0.2.1\n').records.at(0)!.owner, 'WWW.Example.COM.');
  // With the root origin a relative name becomes absolute under the root.
  assert.equal(parseZone('host 1 A 192.0.2.1\n', { origin: '.' }).records.at(0)!.owner, 'host.');
});

test('TTL and class in either order, TTL units, case-insensitive types and classes', () => {
  const text = 'a 3600 IN A 192.0.2.1\nb IN 3600 A 192.0.2.2\nc 1h30m in a 192.0.2.3\nd 1W Mx 10 mail\ne 2d IN txt x\nf 10s class1 A 192.0.2.4\n';
  const zone = parse(text);
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(summary(zone), [
    ['a.example.com.', 3600, 'IN', 'A'],
    ['b.example.com.', 3600, 'IN', 'A'],
    ['c.example.com.', 5400, 'IN', 'A'],
    ['d.example.com.', 604800, 'IN', 'MX'],
    ['e.example.com.', 172800, 'IN', 'TXT'],
    ['f.example.com.', 10, 'IN', 'A'],
  ]);
  const b = zone.records.at(1)!;
  assert.equal(text.slice(b.ttlRange!.start, b.ttlRange!.end), '3600');
  const c = zone.records.at(2)!;
  assert.equal(text.slice(c.ttlRange!.start, c.ttlRange!.end), '1h30m');
  assert.equal(text.slice(c.typeStart, c.typeEnd), 'a');
});

test('$TTL is the default; without it an omitted TTL repeats the last one (RFC 1035)', () => {
  const last = parse('a 600 A 192.0.2.1\nb A 192.0.2.2\nc 60 A 192.0.2.3\nd A 192.0.2.4\n');
  assert.deepEqual(last.errors, []);
  assert.deepEqual(last.records.map((r) => r.ttl), [600, 600, 60, 60]);
  assert.equal(last.records.at(1)!.ttlRange, undefined);

  const dflt = parse('$TTL 2h\na 600 A 192.0.2.1\nb A 192.0.2.2\n$ttl 5m\nc A 192.0.2.3\n');
  assert.deepEqual(dflt.errors, []);
  assert.deepEqual(dflt.records.map((r) => r.ttl), [600, 7200, 300]);
  assert.deepEqual(dflt.directives.map((d) => [d.name, d.args.map((a) => a.text)]), [['$TTL', ['2h']], ['$TTL', ['5m']]]);

  const none = parse('a IN A 192.0.2.1\nb 60 A 192.0.2.2\n');
  assert.deepEqual(errorsOf(none), [['A', 'no TTL specified']]);
  assert.equal(none.errors[0]!.start, offset(none.text, 'A'));
  assert.deepEqual(summary(none), [['b.example.com.', 60, 'IN', 'A']]);

  const big = parse('$TTL 2147483648\na 4294967295 A 192.0.2.1\nb A 192.0.2.2\n');
  assert.deepEqual(rangesOf(big.errors), [
    [5, 15, 'TTL 2147483648 exceeds the maximum 2147483647 (RFC 2181); read as 0', 'warning'],
    [18, 28, 'TTL 4294967295 exceeds the maximum 2147483647 (RFC 2181); read as 0', 'warning'],
  ]);
  assert.deepEqual(big.records.map((r) => r.ttl), [0, 0]);
});

test('an SOA with no TTL anywhere takes MINTTL with a warning, and later records repeat it', () => {
  const text = '@ IN SOA ns1.example.net. hostmaster 1 7200 3600 1209600 900\n@ IN NS ns1.example.net.\n';
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone), [['@ IN SOA ns1.example.net. hostmaster 1 7200 3600 1209600 900', 'no TTL specified; using SOA MINTTL instead']]);
  assert.equal(zone.errors[0]!.severity, 'warning');
  assert.equal(zone.errors[0]!.start, 0);
  assert.deepEqual(summary(zone), [['example.com.', 900, 'IN', 'SOA'], ['example.com.', 900, 'IN', 'NS']]);
});

test('quoted strings: \\DDD and \\" escapes give the TXT value bytes; several strings; semicolons inside', () => {
  const text = 'a 60 TXT "say \\"hi\\"" "\\065\\066\\067" "semi;colon (paren" plain\\032word "\\255" ""\n';
  const zone = parse(text);
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(rdataOf(zone), { kind: 'strings', strings: ['say "hi"', 'ABC', 'semi;colon (paren', 'plain word', '\xff', ''] });
  const tokens = zone.records.at(0)!.tokens;
  assert.equal(text.slice(tokens[0]!.start, tokens[0]!.end), '"say \\"hi\\""');
  assert.equal(tokens[0]!.quoted, true);
  assert.equal(tokens[3]!.quoted, false);
  assert.equal(unescapeText('a\\.b\\\\c\\100'), 'a.b\\cd');
  assert.throws(() => unescapeText('\\256'), /bad escape/);
  const bad = parse('a 60 TXT "\\300"\nb 60 A 192.0.2.1\n');
  assert.deepEqual(errorsOf(bad), [['"\\300"', 'TXT: bad escape']]);
  assert.equal(bad.records.length, 1);
});

test('CRLF line ends: the same records, positions still exact, no CR in values', () => {
  const lines = ['$TTL 300', '@ IN SOA ns1 hostmaster ( 1 2 3 4 5 ) ; c', 'www IN TXT "v" ', 'bad IN A 1.2.3', '  IN A 192.0.2.1', ''];
  const text = lines.join('\r\n');
  const zone = parse(text);
  assert.deepEqual(summary(zone), [
    ['example.com.', 300, 'IN', 'SOA'],
    ['www.example.com.', 300, 'IN', 'TXT'],
    ['bad.example.com.', 300, 'IN', 'A'],
  ]);
  assert.deepEqual(rdataOf(zone, 1), { kind: 'strings', strings: ['v'] });
  assert.deepEqual(errorsOf(zone), [['1.2.3', "A: bad dotted quad '1.2.3'"]]);
  assert.equal(zone.errors[0]!.start, offset(text, '1.2.3'));
  const soa = zone.records.at(0)!;
  assert.equal(text.slice(soa.start, soa.end), '@ IN SOA ns1 hostmaster ( 1 2 3 4 5 )');
  const www = zone.records.at(1)!;
  assert.equal(text.slice(www.start, www.end), 'www IN TXT "v"');
  const inherited = zone.records.at(2)!;
  assert.equal(inherited.ownerWritten, false);
  assert.equal(text.slice(inherited.start, inherited.end), 'IN A 192.0.2.1');
});

// ---------------------------------------------------------------------------------------------
// $ORIGIN and $INCLUDE

test('$ORIGIN absolute and relative to the current origin', () => {
  const text = 'a 60 A 192.0.2.1\n$ORIGIN sub\nb 60 A 192.0.2.2\n$ORIGIN deeper\nc 60 CNAME b\n$ORIGIN other.test.\n@ 60 A 192.0.2.3\n';
  const zone = parse(text);
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(summary(zone).map((r) => r[0]), ['a.example.com.', 'b.sub.example.com.', 'c.deeper.sub.example.com.', 'other.test.']);
  assert.deepEqual(rdataOf(zone, 2), { kind: 'name', target: 'b.deeper.sub.example.com.' });
  assert.equal(zone.origin, ORIGIN);
  const errs = parse('$ORIGIN\n$ORIGIN a. b.\n$ORIGIN a..b.\n');
  assert.deepEqual(errorsOf(errs), [['$ORIGIN', 'unexpected end of input'], ['b.', 'extra input text'], ['a..b.', "bad origin 'a..b.': empty label"]]);
});

test('the zone origin: given, else a leading $ORIGIN, else the file name, else the root', () => {
  assert.equal(parseZone('; comment\n$TTL 60\n$ORIGIN example.org.\nwww A 192.0.2.1\n', { file: '/z/example.com.zone' }).origin, 'example.org.');
  assert.equal(parseZone('$ORIGIN example.org.\n', { origin: 'given.test.' }).origin, 'given.test.');
  assert.equal(parseZone('www 60 A 192.0.2.1\n', { file: '/z/db.example.net' }).records.at(0)!.owner, 'www.example.net.');
  assert.equal(parseZone('www 60 A 192.0.2.1\n').origin, '.');
  // A $ORIGIN after records does not rename the zone those records belong to.
  const late = parseZone('www 60 A 192.0.2.1\r\n$ORIGIN sub.example.com.\r\nx 60 A 192.0.2.2\r\n', { file: '/z/example.com.zone' });
  assert.equal(late.origin, 'example.com.');
  assert.deepEqual(summary(late).map((r) => r[0]), ['www.example.com.', 'x.sub.example.com.']);
  // Comments with CRLF before the $ORIGIN are fine.
  assert.equal(parseZone('; zone\r\n\r\n$ORIGIN example.org.\r\n').origin, 'example.org.');
});

const FILES: Record<string, string> = {
  '/z/example.com.zone': '$INCLUDE example.com.zone\n',
  '/z/sub/hosts.inc': 'h1 60 A 192.0.2.10\n  60 AAAA 2001:db8::10\n$INCLUDE more.inc\n',
  '/z/sub/more.inc': 'h2 60 A 192.0.2.11\n',
  '/z/sub/origin.inc': '@ 60 A 192.0.2.20\nx 60 CNAME @\n$ORIGIN changed.test.\ny 60 A 192.0.2.21\n',
  '/z/a.zone': '$INCLUDE b.inc\n',
  '/z/b.inc': 'b 60 A 192.0.2.30\n$INCLUDE a.zone\n',
  '/z/broken.inc': 'ok 60 A 192.0.2.40\nbad 60 A 999.0.0.1\n$INCLUDE nested-broken.inc\n',
  '/z/nested-broken.inc': 'deep 60 FOO 1\n',
};

const readInclude = memoryIncludes(FILES);

test('$INCLUDE reads relative to the including file, records point at the directive', () => {
  const text = 'top 60 A 192.0.2.1\n$INCLUDE sub/hosts.inc\nafter 60 A 192.0.2.2\n';
  const calls: Array<[string, string | undefined]> = [];
  const zone = parse(text, {
    file: '/z/top.zone',
    readInclude: (p, from) => {
      calls.push([p, from]);
      return readInclude(p, from);
    },
  });
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(calls, [['sub/hosts.inc', '/z/top.zone'], ['more.inc', '/z/sub/hosts.inc']]);
  assert.deepEqual(summary(zone), [
    ['top.example.com.', 60, 'IN', 'A'],
    ['h1.example.com.', 60, 'IN', 'A'],
    ['h1.example.com.', 60, 'IN', 'AAAA'],
    ['h2.example.com.', 60, 'IN', 'A'],
    ['after.example.com.', 60, 'IN', 'A'],
  ]);
  const directive = { start: offset(text, '$INCLUDE'), end: offset(text, '$INCLUDE') + '$INCLUDE sub/hosts.inc'.length };
  assert.deepEqual(zone.records.map((r) => r.includedBy), [undefined, directive, directive, directive, undefined]);
  assert.deepEqual(zone.directives.map((d) => d.name), ['$INCLUDE']);
});

test('$INCLUDE with an origin argument; origin and current owner restored afterwards', () => {
  const text = 'before 60 A 192.0.2.1\n$INCLUDE sub/origin.inc inc\n  60 TXT "still before"\nz 60 CNAME @\n';
  const zone = parse(text, { file: '/z/top.zone', readInclude });
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(summary(zone).map((r) => [r[0], r[3]]), [
    ['before.example.com.', 'A'],
    ['inc.example.com.', 'A'],
    ['x.inc.example.com.', 'CNAME'],
    ['y.changed.test.', 'A'],
    ['before.example.com.', 'TXT'],
    ['z.example.com.', 'CNAME'],
  ]);
  assert.deepEqual(rdataOf(zone, 2), { kind: 'name', target: 'inc.example.com.' });
  assert.deepEqual(rdataOf(zone, 5), { kind: 'name', target: 'example.com.' });
  const absolute = parse('$INCLUDE sub/origin.inc other.test.\n', { file: '/z/top.zone', readInclude });
  assert.deepEqual(summary(absolute).map((r) => r[0]), ['other.test.', 'x.other.test.', 'y.changed.test.']);
});

test('$INCLUDE cycles, missing files and errors inside included files', () => {
  const self = parseZone(FILES['/z/example.com.zone']!, { file: '/z/example.com.zone', readInclude });
  assert.deepEqual(errorsOf(self), [['example.com.zone', "$INCLUDE 'example.com.zone': includes itself (a cycle)"]]);
  assert.equal(self.errors[0]!.start, 9);

  const aba = parseZone(FILES['/z/a.zone']!, { file: '/z/a.zone', readInclude });
  assert.deepEqual(errorsOf(aba), [['$INCLUDE b.inc', "b.inc: $INCLUDE 'a.zone': includes itself (a cycle)"]]);
  assert.deepEqual(summary(aba).map((r) => r[0]), ['b.']);

  const missingText = 'a 60 A 192.0.2.1\n$INCLUDE nope.inc\nb 60 A 192.0.2.2\n';
  const missing = parse(missingText, { file: '/z/top.zone', readInclude });
  assert.deepEqual(errorsOf(missing), [['nope.inc', "$INCLUDE 'nope.inc': file not found"]]);
  assert.equal(missing.errors[0]!.start, offset(missingText, 'nope.inc'));
  assert.equal(missing.records.length, 2);
  // Without a reader every include is missing.
  assert.deepEqual(errorsOf(parse('$INCLUDE x\n')), [['x', "$INCLUDE 'x': file not found"]]);
  assert.deepEqual(errorsOf(parse('$INCLUDE\n$INCLUDE a b c\n')), [['$INCLUDE', 'unexpected end of input'], ['c', 'extra input text']]);

  const text = 'a 60 A 192.0.2.1\n$INCLUDE broken.inc\nb 60 A 192.0.2.2\n';
  const broken = parse(text, { file: '/z/top.zone', readInclude });
  assert.deepEqual(errorsOf(broken), [
    // A name written in an included file is quoted at most 12 characters long.
    ['$INCLUDE broken.inc', "broken.inc → nested-broke…: unknown RR type 'FOO'"],
    ['$INCLUDE broken.inc', "broken.inc: A: bad dotted quad '999.0.0.1'"],
  ]);
  assert.deepEqual(broken.errors.map((e) => e.start), [17, 17]);
  assert.deepEqual(summary(broken).map((r) => r[0]), ['a.example.com.', 'ok.example.com.', 'b.example.com.']);
});

// ---------------------------------------------------------------------------------------------
// $GENERATE

test('$GENERATE: $, ${offset,width,base} in d, o, x, X, and steps', () => {
  const zone = parse('$TTL 60\n$GENERATE 1-3 host$ A 10.0.0.$\n$GENERATE 0-4/2 ${10,3} 300 IN CNAME x${0,2,x}\n$GENERATE 8-8 o${0,3,o} CNAME X${0,0,X}\n$GENERATE 255-255 a${0,0,X} PTR b${1,4,x}\n');
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(zone.records.map((r) => [r.owner, r.ttl, r.type, r.rdata.kind === 'address' ? r.rdata.address : r.rdata.kind === 'name' ? r.rdata.target : '']), [
    ['host1.example.com.', 60, 'A', '10.0.0.1'],
    ['host2.example.com.', 60, 'A', '10.0.0.2'],
    ['host3.example.com.', 60, 'A', '10.0.0.3'],
    ['010.example.com.', 300, 'CNAME', 'x00.example.com.'],
    ['012.example.com.', 300, 'CNAME', 'x02.example.com.'],
    ['014.example.com.', 300, 'CNAME', 'x04.example.com.'],
    // No TTL: the $TTL default, not the 300 the previous $GENERATE wrote.
    ['o010.example.com.', 60, 'CNAME', 'X8.example.com.'],
    ['aFF.example.com.', 60, 'PTR', 'b0100.example.com.'],
  ]);
});

test('$GENERATE nibble mode (n, N) counts the width in characters like BIND', () => {
  const zone = parse('$TTL 60\n$GENERATE 17-18 ${0,3,n} PTR h$\n$GENERATE 26-26 ${0,3,N}.x PTR h$\n$GENERATE 4660-4660 ${0,0,n}.y PTR h$\n$GENERATE 2-2 ${0,7,n}.z PTR h$\n');
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(zone.records.map((r) => r.owner), [
    '1.1.example.com.',
    '2.1.example.com.',
    'A.1.x.example.com.',
    '4.3.2.1.y.example.com.',
    '2.0.0.0.z.example.com.',
  ]);
});

test('$GENERATE escapes: \\$ is a literal dollar, other escapes are kept', () => {
  const zone = parse('$TTL 60\n$GENERATE 1-2 dollar\\$$ CNAME t\\.$\n');
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(zone.records.map((r) => [r.owner, rdataOf(zone, r.index)]), [
    ['dollar$1.example.com.', { kind: 'name', target: 't\\.1.example.com.' }],
    ['dollar$2.example.com.', { kind: 'name', target: 't\\.2.example.com.' }],
  ]);
});

test('$GENERATE leaves the current owner as it was (BIND)', () => {
  const zone = parse('$TTL 60\nbefore A 192.0.2.1\n$GENERATE 1-2 g$ A 10.0.0.$\n  TXT "after"\n');
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(summary(zone), [
    ['before.example.com.', 60, 'IN', 'A'],
    ['g1.example.com.', 60, 'IN', 'A'],
    ['g2.example.com.', 60, 'IN', 'A'],
    ['before.example.com.', 60, 'IN', 'TXT'],
  ]);
});

test('$GENERATE errors: bad range, unsupported type, bad modifier, first bad record stops it', () => {
  const text = [
    '$TTL 60',
    '$GENERATE 5-1 h$ A 10.0.0.$',
    '$GENERATE 1-x h$ A 10.0.0.$',
    '$GENERATE 1-4/0 h$ A 10.0.0.$',
    '$GENERATE 1-2 h$ MX 10 mail$',
    '$GENERATE 1-2 h$ BOGUS x',
    '$GENERATE 1-2 h${0,2,q} A 10.0.0.1',
    '$GENERATE 1-2 h${0,999999999,d} A 10.0.0.1',
    '$GENERATE 1-2 h$',
    '$GENERATE 254-300 g$ A 10.0.0.$',
    'after 60 A 192.0.2.1',
    '',
  ].join('\n');
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone), [
    ['5-1', "$GENERATE: bad range '5-1'"],
    ['1-x', "$GENERATE: bad range '1-x'"],
    ['1-4/0', "$GENERATE: bad range '1-4/0'"],
    ['MX', "$GENERATE: type 'MX' is not supported"],
    ['BOGUS', "unknown RR type 'BOGUS'"],
    ['h${0,2,q} A 10.0.0.1', '$GENERATE: bad modifier'],
    ['h${0,999999999,d} A 10.0.0.1', '$GENERATE: bad modifier'],
    ['$GENERATE 1-2 h$', '$GENERATE: unexpected end of input'],
    ['10.0.0.$', "A: bad dotted quad '10.0.0.256'"],
  ]);
  assert.equal(zone.errors[8]!.start, offset(text, '10.0.0.$', 3));
  assert.deepEqual(zone.records.map((r) => r.owner), ['g254.example.com.', 'g255.example.com.', 'after.example.com.']);
});

test('$GENERATE over maxRecords is one error, not a hang', () => {
  const started = Date.now();
  const text = '$TTL 60\n$GENERATE 0-4294967295 h$ A 10.0.0.1\na 60 A 192.0.2.1\n';
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone), [['0-4294967295', '$GENERATE: 4294967296 records would pass the limit of 100000 generated records per zone, so this and any later $GENERATE are not expanded']]);
  assert.equal(zone.records.length, 1);
  const small = parse('$TTL 60\na A 192.0.2.1\n$GENERATE 1-3 h$ A 10.0.0.$\nb A 192.0.2.2\nc A 192.0.2.3\nd A 192.0.2.4\n', { maxRecords: 3 });
  assert.deepEqual(errorsOf(small), [
    ['1-3', '$GENERATE: 3 records is more than the limit'],
    ['d A 192.0.2.4', 'too many records (more than 3): the rest is not read'],
  ]);
  assert.deepEqual(small.records.map((r) => r.owner), ['a.example.com.', 'b.example.com.', 'c.example.com.']);
  assert.ok(Date.now() - started < 2000);
});

// ---------------------------------------------------------------------------------------------
// RFC 3597 unknown types and classes

test('RFC 3597: TYPEnnn, \\# hex RDATA, CLASSnnn', () => {
  const text = 'a 60 TYPE65534 \\# 3 abcdef\nb 60 TYPE65534 \\# 0\nc 60 TYPE16 "hi"\nd 60 CLASS1 A 192.0.2.1\ne 60 IN TYPE1 \\# 4 C0 00 02 01\nf 60 type65535 \\# 2 ABcd\n';
  const zone = parse(text);
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(summary(zone), [
    ['a.example.com.', 60, 'IN', 'TYPE65534'],
    ['b.example.com.', 60, 'IN', 'TYPE65534'],
    ['c.example.com.', 60, 'IN', 'TXT'],
    ['d.example.com.', 60, 'IN', 'A'],
    ['e.example.com.', 60, 'IN', 'A'],
    ['f.example.com.', 60, 'IN', 'TYPE65535'],
  ]);
  assert.deepEqual(rdataOf(zone, 0), { kind: 'unknown', hex: 'abcdef' });
  assert.deepEqual(rdataOf(zone, 1), { kind: 'unknown', hex: '' });
  assert.deepEqual(rdataOf(zone, 2), { kind: 'strings', strings: ['hi'] });
  assert.deepEqual(rdataOf(zone, 4), { kind: 'unknown', hex: 'c0000201' });
  assert.deepEqual(rdataOf(zone, 5), { kind: 'unknown', hex: 'abcd' });
  assert.deepEqual(typeOf('TYPE65536'), { error: "unknown RR type 'TYPE65536'" });
  assert.deepEqual(typeOf('tYpE99'), { type: 'SPF' });
  assert.deepEqual(typeOf('AXFR'), { error: "meta RR type 'AXFR' is not allowed in a zone" });
});

test('RFC 3597 errors point at the offending token', () => {
  const text = 'a 60 TYPE65534 \\# 2 abcdef\nb 60 TYPE65534 \\# x abcd\nc 60 TYPE65534 \\# 2 zz\nd 60 TYPE65534 \\# 0 ab\ne 60 TYPE65534 \\#\nf 60 TYPE65534 \\# 2\nok 60 TYPE65534 \\# 1 00\n';
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone), [
    ['2', 'TYPE65534: bad unknown-format RDATA length: 2 declared, 3 given'],
    ['x', "TYPE65534: expected a number, not 'x'"],
    ['zz', 'TYPE65534: bad hex encoding'],
    ['ab', 'TYPE65534: extra input text'],
    ['\\#', 'TYPE65534: unexpected end of input'],
    ['\\# 2', 'TYPE65534: unexpected end of input'],
  ]);
  assert.equal(zone.errors[0]!.start, offset(text, '2 abcdef'));
  assert.deepEqual(summary(zone).map((r) => r[0]), ['ok.example.com.']);
});

// ---------------------------------------------------------------------------------------------
// Typed RDATA: one good and one bad case per type

/** Parses one record line and returns its RDATA (asserting no errors). */
function rd(line: string): Rdata {
  const zone = parse(`${line}\n`);
  assert.deepEqual(zone.errors, [], line);
  return one(zone).rdata;
}

/** Parses one record line that must fail and returns [error text, message]. */
function bad(line: string): [string, string] {
  const zone = parse(`${line}\nnext 60 A 192.0.2.99\n`);
  assert.equal(zone.errors.length, 1, `${line}: ${JSON.stringify(errorsOf(zone))}`);
  assert.deepEqual(summary(zone), [['next.example.com.', 60, 'IN', 'A']], 'the next line is still read');
  return errorsOf(zone)[0]!;
}

test('SOA, NS, CNAME, DNAME, PTR', () => {
  assert.deepEqual(rd('@ 60 SOA ns1 host\\.master 4294967295 1h 1m 1w 1d'), {
    kind: 'SOA', mname: 'ns1.example.com.', rname: 'host\\.master.example.com.', serial: 4294967295, refresh: 3600, retry: 60, expire: 604800, minimum: 86400,
  });
  assert.deepEqual(bad('@ 60 SOA ns1 host 1 2 3'), ['ns1 host 1 2 3', 'SOA: unexpected end of input']);
  assert.deepEqual(bad('@ 60 SOA ns1 host 4294967296 1 2 3 4'), ['4294967296', 'SOA: number out of range: 4294967296 (at most 4294967295)']);
  assert.deepEqual(bad('@ 60 SOA ns1 host 1 2 3 4 x'), ['x', "SOA: expected a number or a time, not 'x'"]);
  assert.deepEqual(bad('@ 60 SOA ns1 host 1 2 3 4 5 6'), ['6', 'SOA: extra input text']);
  assert.deepEqual(rd('@ 60 NS ns1'), { kind: 'name', target: 'ns1.example.com.' });
  assert.deepEqual(bad('@ 60 NS a..b'), ['a..b', "NS: bad name 'a..b': empty label"]);
  assert.deepEqual(rd('www 60 CNAME web.example.net.'), { kind: 'name', target: 'web.example.net.' });
  assert.deepEqual(bad('www 60 CNAME "quoted"'), ['"quoted"', "CNAME: bad name 'quoted'"]);
  assert.deepEqual(rd('old 60 DNAME new'), { kind: 'name', target: 'new.example.com.' });
  assert.deepEqual(bad('old 60 DNAME new extra'), ['extra', 'DNAME: extra input text']);
  assert.deepEqual(rd('1 60 PTR host.example.com.'), { kind: 'name', target: 'host.example.com.' });
  assert.deepEqual(bad('1 60 PTR'), ['PTR', 'PTR: unexpected end of input']);
});

test('A and AAAA', () => {
  assert.deepEqual(rd('a 60 A 192.0.2.255'), { kind: 'address', address: '192.0.2.255' });
  assert.deepEqual(bad('a 60 A 1.2.3'), ['1.2.3', "A: bad dotted quad '1.2.3'"]);
  assert.deepEqual(bad('a 60 A 256.1.1.1'), ['256.1.1.1', "A: bad dotted quad '256.1.1.1'"]);
  assert.deepEqual(bad('a 60 A 010.1.2.3'), ['010.1.2.3', "A: bad dotted quad '010.1.2.3'"]);
  assert.deepEqual(rd('a 60 AAAA 2001:db8::ffff:192.0.2.1'), { kind: 'address', address: '2001:db8::ffff:192.0.2.1' });
  assert.deepEqual(bad('a 60 AAAA 2001:db8::g'), ['2001:db8::g', "AAAA: bad IPv6 address '2001:db8::g'"]);
  assert.deepEqual(bad('a 60 AAAA fe80::1%eth0'), ['fe80::1%eth0', "AAAA: bad IPv6 address 'fe80::1%eth0'"]);
});

test('MX, SRV', () => {
  assert.deepEqual(rd('@ 60 MX 10 mail'), { kind: 'MX', preference: 10, exchange: 'mail.example.com.' });
  assert.deepEqual(rd('@ 60 MX 0 .'), { kind: 'MX', preference: 0, exchange: '.' });
  assert.deepEqual(bad('@ 60 MX mail'), ['mail', "MX: expected a number, not 'mail'"]);
  assert.deepEqual(rd('_sip._tcp 60 SRV 10 60 5060 sip'), { kind: 'SRV', priority: 10, weight: 60, port: 5060, target: 'sip.example.com.' });
  assert.deepEqual(bad('_sip._tcp 60 SRV 10 60 70000 sip'), ['70000', 'SRV: number out of range: 70000 (at most 65535)']);
});

test('TXT and SPF, with the 255-byte limit counted in bytes', () => {
  assert.deepEqual(rd('@ 60 TXT "v=spf1 -all" more'), { kind: 'strings', strings: ['v=spf1 -all', 'more'] });
  assert.deepEqual(rd('@ 60 SPF "v=spf1 -all"'), { kind: 'strings', strings: ['v=spf1 -all'] });
  assert.deepEqual(bad('@ 60 SPF'), ['SPF', 'SPF: unexpected end of input']);
  assert.deepEqual(rd(`@ 60 TXT "${'x'.repeat(255)}"`), { kind: 'strings', strings: ['x'.repeat(255)] });
  assert.deepEqual(rd(`@ 60 TXT "${'\\000'.repeat(255)}"`), { kind: 'strings', strings: ['\0'.repeat(255)] });
  const long = `"${'x'.repeat(256)}"`;
  assert.deepEqual(bad(`@ 60 TXT ok ${long}`), [long, 'TXT: TXT string too long (over 255 characters)']);
  // é is two bytes in UTF-8: 127 of them and one ASCII fit, 128 do not.
  assert.deepEqual(rd(`@ 60 TXT "${'é'.repeat(127)}x"`), { kind: 'strings', strings: [`${'é'.repeat(127)}x`] });
  const accents = `"${'é'.repeat(128)}"`;
  assert.deepEqual(bad(`@ 60 TXT ${accents}`), [accents, 'TXT: TXT string too long (over 255 characters)']);
});

test('CAA', () => {
  assert.deepEqual(rd('@ 60 CAA 0 issue "letsencrypt.org; validationmethods=dns-01"'), { kind: 'CAA', flags: 0, tag: 'issue', value: 'letsencrypt.org; validationmethods=dns-01' });
  assert.deepEqual(rd('@ 60 CAA 128 iodef mailto:security@example.com'), { kind: 'CAA', flags: 128, tag: 'iodef', value: 'mailto:security@example.com' });
  assert.deepEqual(bad('@ 60 CAA 256 issue "ca.example"'), ['256', 'CAA: number out of range: 256 (at most 255)']);
  // Tag spelling (RFC 8659 letters and digits) is the dns-caa-invalid rule's to judge, so it parses.
  assert.deepEqual(rd('@ 60 CAA 0 is-sue "ca.example"'), { kind: 'CAA', flags: 0, tag: 'is-sue', value: 'ca.example' });
  assert.deepEqual(bad('@ 60 CAA 0 "" "ca.example"'), ['""', 'CAA: bad CAA tag']);
  assert.deepEqual(bad('@ 60 CAA 0 issue'), ['0 issue', 'CAA: unexpected end of input']);
});

const RFC4034_KEY = 'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==';

test('DS and DNSKEY (numeric and mnemonic flags)', () => {
  assert.deepEqual(rd('child 60 DS 60485 5 1 ( 2BB183AF5F22588179A53B0A 98631FAD1A292118 )'), {
    kind: 'DS', keyTag: 60485, algorithm: 5, digestType: 1, digest: '2bb183af5f22588179a53b0a98631fad1a292118',
  });
  assert.deepEqual(bad('child 60 DS 60485 5 2 2BB183AF5F22588179A53B0A 98631FAD1A292118'), ['2BB183AF5F22588179A53B0A', 'DS: bad digest length: 20 bytes for digest type 2']);
  assert.deepEqual(bad('child 60 DS 60485 5 1 XYZ'), ['XYZ', 'DS: bad hex encoding']);
  const key = RFC4034_KEY.match(/.{1,24}/g)!.join(' ');
  assert.deepEqual(rd(`@ 60 DNSKEY 256 3 5 ( ${key} )`), { kind: 'DNSKEY', flags: 256, protocol: 3, algorithm: 5, key: RFC4034_KEY });
  assert.deepEqual(rd('@ 60 DNSKEY ZONE|KSK 3 8 AwEAAQ=='), { kind: 'DNSKEY', flags: 257, protocol: 3, algorithm: 8, key: 'AwEAAQ==' });
  assert.deepEqual(rd('@ 60 CDNSKEY zone|revoke 3 8 AwEAAQ=='), { kind: 'DNSKEY', flags: 384, protocol: 3, algorithm: 8, key: 'AwEAAQ==' });
  assert.deepEqual(bad('@ 60 DNSKEY ZONE|BOGUS 3 8 AwEAAQ=='), ['ZONE|BOGUS', "DNSKEY: expected a number, not 'ZONE|BOGUS'"]);
  assert.deepEqual(bad('@ 60 DNSKEY 256 3 8 AwE'), ['AwE', 'DNSKEY: bad base64 encoding']);
});

test('RRSIG and NSEC', () => {
  assert.deepEqual(rd('@ 60 RRSIG SOA 8 2 3600 20300101000000 1700000000 12345 example.com. ( c2ln bmF0 dXJl )'), {
    kind: 'RRSIG', typeCovered: 'SOA', algorithm: 8, signer: 'example.com.',
  });
  assert.deepEqual(rd('@ 60 RRSIG type65534 8 2 1h 20300101000000 20240101000000 1 @ AAAA'), { kind: 'RRSIG', typeCovered: 'TYPE65534', algorithm: 8, signer: 'example.com.' });
  assert.deepEqual(bad('@ 60 RRSIG BOGUS 8 2 3600 20300101000000 20240101000000 1 @ AAAA'), ['BOGUS', "RRSIG: unknown RR type 'BOGUS'"]);
  assert.deepEqual(bad('@ 60 RRSIG A 8 2 3600 2030-01-01 20240101000000 1 @ AAAA'), ['2030-01-01', "RRSIG: bad signature time '2030-01-01'"]);
  assert.deepEqual(rd('@ 60 NSEC www A NS SOA rrsig NSEC DNSKEY TYPE65534'), { kind: 'NSEC', next: 'www.example.com.', types: ['A', 'NS', 'SOA', 'RRSIG', 'NSEC', 'DNSKEY', 'TYPE65534'] });
  assert.deepEqual(bad('@ 60 NSEC www A BOGUS'), ['BOGUS', "NSEC: unknown RR type 'BOGUS'"]);
});

function params(r: Rdata): Array<[string, string | undefined]> {
  assert.equal(r.kind, 'SVCB');
  return r.kind === 'SVCB' ? [...r.params] : [];
}

test('SVCB and HTTPS parameters', () => {
  const https = rd('www 60 HTTPS 1 . alpn="h2,h3" ipv4hint=192.0.2.1,192.0.2.2 mandatory=alpn,ipv4hint port=8443 ech="AEX+DQ=="');
  assert.equal(https.kind === 'SVCB' && https.priority, 1);
  assert.equal(https.kind === 'SVCB' && https.target, '.');
  assert.deepEqual(params(https), [['alpn', 'h2,h3'], ['ipv4hint', '192.0.2.1,192.0.2.2'], ['mandatory', 'alpn,ipv4hint'], ['port', '8443'], ['ech', 'AEX+DQ==']]);
  // RFC 9460 Appendix D.3: a quoted value with escaped commas and backslashes.
  const escaped = rd('svc 60 SVCB 1 foo.example.org. key667="hello\\210qoo" alpn="f\\\\\\\\oo\\\\,bar,h2"');
  const alpn = params(escaped).find(([k]) => k === 'alpn')![1]!;
  assert.equal(alpn, 'f\\\\oo\\,bar,h2');
  assert.deepEqual(valueList(alpn), ['f\\oo,bar', 'h2']);
  assert.deepEqual(params(escaped)[0], ['key667', 'hello\xd2qoo']);
  assert.deepEqual(valueList('a,,b'), undefined);
  assert.deepEqual(valueList('a\\'), undefined);
  assert.deepEqual(params(rd('www 60 HTTPS 1 . alpn=h3 no-default-alpn ipv6hint=2001:db8::1')), [['alpn', 'h3'], ['no-default-alpn', undefined], ['ipv6hint', '2001:db8::1']]);
  const alias = rd('@ 60 HTTPS 0 svc.example.net.');
  assert.deepEqual(alias.kind === 'SVCB' && [alias.priority, alias.target, alias.params.size], [0, 'svc.example.net.', 0]);
  assert.deepEqual(bad('@ 60 HTTPS 0 . alpn=h2'), ['alpn=h2', 'HTTPS: SVCB alias form (priority 0) takes no parameters']);
  assert.deepEqual(bad('@ 60 SVCB 1 . foo=bar'), ['foo=bar', "SVCB: unknown SVCB parameter 'foo'"]);
  assert.deepEqual(bad('@ 60 SVCB 1 . alpn=h2 alpn=h3'), ['alpn=h3', "SVCB: duplicate SVCB parameter 'alpn'"]);
  assert.deepEqual(bad('@ 60 SVCB 1 . port=http'), ['port=http', 'SVCB: bad SVCB port']);
  assert.deepEqual(bad('@ 60 SVCB 1 . ipv4hint=192.0.2.1,2001:db8::1'), ['ipv4hint=192.0.2.1,2001:db8::1', 'SVCB: bad SVCB ipv4hint']);
  assert.deepEqual(bad('@ 60 SVCB 1 . alpn=h2,,h3'), ['alpn=h2,,h3', 'SVCB: bad SVCB alpn: empty protocol id in the list']);
  assert.deepEqual(bad('@ 60 SVCB 1 . alpn'), ['alpn', 'SVCB: SVCB alpn needs a value']);
  assert.deepEqual(bad('@ 60 SVCB 1 . mandatory=port alpn=h2'), ['mandatory=port', "SVCB: SVCB mandatory key 'port' is missing"]);
  assert.deepEqual(bad('@ 60 SVCB 1 . no-default-alpn'), ['no-default-alpn', 'SVCB: SVCB no-default-alpn without alpn']);
  assert.deepEqual(bad('@ 60 SVCB 1 . alpn=h2 no-default-alpn=x'), ['no-default-alpn=x', 'SVCB: SVCB no-default-alpn takes no value']);
  // An unclosed quote in key="value is an error, not a value starting with a quote.
  assert.deepEqual(bad('@ 60 SVCB 1 . alpn="h2'), ['"h2', 'unbalanced quotes']);
});

test('TLSA and SSHFP', () => {
  assert.deepEqual(rd('_443._tcp.www 60 TLSA 3 1 1 ( 0C72AC70B745AC19998811B131D662C9 AC69DBDBE7CB23E5B514B56664C5D3D6 )'), {
    kind: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: '0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6',
  });
  assert.deepEqual(bad('_443._tcp.www 60 TLSA 3 1 1 xyz'), ['xyz', 'TLSA: bad hex encoding']);
  assert.deepEqual(rd('host 60 SSHFP 4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789'), {
    kind: 'SSHFP', algorithm: 4, fpType: 2, fingerprint: '123456789abcdef67890123456789abcdef67890123456789abcdef123456789',
  });
  assert.deepEqual(bad('host 60 SSHFP 4 2 abc'), ['abc', 'SSHFP: bad hex encoding']);
  assert.deepEqual(bad('host 60 SSHFP 4 2'), ['4 2', 'SSHFP: unexpected end of input']);
});

// ---------------------------------------------------------------------------------------------
// Errors at exact positions; reading goes on at the next line

test('unbalanced parentheses: an unclosed ( at the end and a stray )', () => {
  const unclosed = 'a 60 A 192.0.2.1\nb 60 TXT ( "x"\n  "y"\n';
  const z1 = parse(unclosed);
  assert.deepEqual(rangesOf(z1.errors), [[offset(unclosed, '('), offset(unclosed, '(') + 1, 'unbalanced parentheses', 'error']]);
  assert.deepEqual(summary(z1).map((r) => r[0]), ['a.example.com.']);

  const stray = 'a 60 A 192.0.2.1 )\nb 60 A 192.0.2.2\n';
  const z2 = parse(stray);
  assert.deepEqual(rangesOf(z2.errors), [[17, 18, 'unbalanced parentheses', 'error']]);
  assert.deepEqual(summary(z2).map((r) => r[0]), ['b.example.com.']);

  const nested = 'a 60 TXT ( ( "x" ) "y" )\n';
  assert.deepEqual(rdataOf(parse(nested)), { kind: 'strings', strings: ['x', 'y'] });
});

test('unbalanced quotes, at a line end, at the end of text and inside parentheses', () => {
  const text = 'a 60 TXT "abc\nb 60 A 192.0.2.1\n';
  const zone = parse(text);
  assert.deepEqual(rangesOf(zone.errors), [[9, 13, 'unbalanced quotes', 'error']]);
  assert.deepEqual(summary(zone).map((r) => r[0]), ['b.example.com.']);
  const crlf = parse('a 60 TXT "abc\r\nb 60 A 192.0.2.1\r\n');
  assert.deepEqual(errorsOf(crlf), [['"abc', 'unbalanced quotes']]);
  const eof = parse('a 60 TXT "abc\\');
  assert.deepEqual(rangesOf(eof.errors), [[9, 14, 'unbalanced quotes', 'error']]);
  const paren = parse('a 60 TXT ( "abc\n "def" )\nb 60 A 192.0.2.1\n');
  assert.deepEqual(errorsOf(paren), [['"abc', 'unbalanced quotes']]);
  assert.deepEqual(summary(paren).map((r) => r[0]), ['b.example.com.']);
});

test('named-checkzone errors, each at its token, later records still read', () => {
  const lines = [
    'a 60 IN FOO 1',
    'b 60 IN',
    'c 60 IN A',
    'd 1x IN A 192.0.2.1',
    'e 60 IN A 192.0.2.1 192.0.2.2',
    'f 60 IN A 192.0.2.256',
    'g 60 CH A 192.0.2.1',
    'h 60 IN TXT',
    '$TTL bad',
    '$TTL 1 2',
    '$TTL',
    '$FOO bar',
    'ok 60 IN A 192.0.2.9',
    '',
  ];
  const text = lines.join('\n');
  const zone = parse(text);
  const at = (line: number, needle: string): number => offset(text, `${lines[line]}\n`) + lines[line]!.indexOf(needle);
  assert.deepEqual(rangesOf(zone.errors), [
    [at(0, 'FOO'), at(0, 'FOO') + 3, "unknown RR type 'FOO'", 'error'],
    [at(1, 'b'), at(1, 'IN') + 2, 'unexpected end of input', 'error'],
    [at(2, 'A'), at(2, 'A') + 1, 'A: unexpected end of input', 'error'],
    [at(3, '1x'), at(3, '1x') + 2, 'bad ttl', 'error'],
    [at(4, '192.0.2.2'), at(4, '192.0.2.2') + 9, 'A: extra input text', 'error'],
    [at(5, '192'), at(5, '192') + 11, "A: bad dotted quad '192.0.2.256'", 'error'],
    [at(6, 'g'), at(6, 'g') + lines[6]!.length, "class 'CH' does not match zone class 'IN'", 'error'],
    [at(7, 'TXT'), at(7, 'TXT') + 3, 'TXT: unexpected end of input', 'error'],
    [at(8, 'bad'), at(8, 'bad') + 3, 'bad ttl', 'error'],
    [at(9, '2'), at(9, '2') + 1, 'extra input text', 'error'],
    [at(10, '$TTL'), at(10, '$TTL') + 4, 'unexpected end of input', 'error'],
    [at(11, '$FOO'), at(11, '$FOO') + 4, "unknown $ directive '$FOO'", 'error'],
  ]);
  assert.deepEqual(summary(zone), [['ok.example.com.', 60, 'IN', 'A']]);
});

test('no current owner name; CLASS3 and CHAOS are not IN', () => {
  const text = '  60 IN A 192.0.2.1\na 60 A 192.0.2.2\nb 60 CHAOS TXT "x"\nc CLASS3 60 TXT "x"\n';
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone), [
    ['60', 'no current owner name'],
    ['b 60 CHAOS TXT "x"', "class 'CH' does not match zone class 'IN'"],
    ['c CLASS3 60 TXT "x"', "class 'CH' does not match zone class 'IN'"],
  ]);
  assert.equal(zone.errors[0]!.start, 2);
  assert.deepEqual(summary(zone).map((r) => r[0]), ['a.example.com.']);
});

test('label too long (64) and name too long (over 255 bytes), in owners and RDATA', () => {
  const l63 = 'a'.repeat(63);
  const l64 = 'b'.repeat(64);
  const longName = [l63, l63, l63, l63].join('.');
  const text = `${l63} 60 A 192.0.2.1\n${l64} 60 A 192.0.2.2\nx 60 CNAME ${l64}.example.net.\n${longName} 60 A 192.0.2.3\n${[l63, l63, l63].join('.')} 60 A 192.0.2.4\n`;
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone), [
    [l64, `bad owner name '${l64}': label too long`],
    // Messages quote at most 64 characters of the text.
    [`${l64}.example.net.`, `CNAME: bad name '${l64}…': label too long`],
    [longName, `bad owner name '${longName.slice(0, 64)}…': name too long`],
  ]);
  assert.deepEqual(zone.errors.map((e) => e.start), [offset(text, l64), offset(text, l64, 1), offset(text, longName)]);
  assert.equal(zone.records.length, 2);
  // Lengths are wire bytes: \DDD is one byte, a non-ASCII character its UTF-8 bytes.
  assert.deepEqual(absoluteName(`${'\\065'.repeat(63)}.`, '.'), { name: `${'\\065'.repeat(63)}.` });
  assert.deepEqual(absoluteName(`${'é'.repeat(32)}.`, '.'), { error: 'label too long' });
  assert.deepEqual(absoluteName(`${'é'.repeat(31)}x.`, '.'), { name: `${'é'.repeat(31)}x.` });
  // A lone final backslash would escape the joining dot; an escaped backslash is fine.
  assert.deepEqual(absoluteName('a\\', '.'), { error: 'bad escape' });
  assert.deepEqual(absoluteName('a\\', ORIGIN), { error: 'bad escape' });
  assert.deepEqual(absoluteName('a\\\\', ORIGIN), { name: 'a\\\\.example.com.' });
  assert.deepEqual(absoluteName('a\\.', ORIGIN), { name: 'a\\..example.com.' });
});

// ---------------------------------------------------------------------------------------------
// originFromFileName and TTL helpers

test('originFromFileName', () => {
  assert.equal(originFromFileName('example.com.zone'), 'example.com.');
  assert.equal(originFromFileName('/srv/zones/db.example.com'), 'example.com.');
  assert.equal(originFromFileName('C:\\zones\\example.com'), 'example.com.');
  assert.equal(originFromFileName('Example.ORG.ZONE'), 'Example.ORG.');
  assert.equal(originFromFileName('2.0.192.in-addr.arpa.zone'), '2.0.192.in-addr.arpa.');
  assert.equal(originFromFileName(undefined), undefined);
  assert.equal(originFromFileName('zonefile'), undefined);
  assert.equal(originFromFileName('db.local'), undefined);
  assert.equal(originFromFileName('my_zone.zone'), undefined);
  assert.equal(originFromFileName('192.168.1.zone'), undefined);
  assert.equal(originFromFileName('db.192.168.1'), undefined);
  assert.equal(originFromFileName('.zone'), undefined);
});

test('parseTtl, humanTtl, formatTtl', () => {
  assert.equal(parseTtl('0'), 0);
  assert.equal(parseTtl('1h30m'), 5400);
  assert.equal(parseTtl('1W'), 604800);
  assert.equal(parseTtl('2d'), 172800);
  assert.equal(parseTtl('1w2d3h4m5s'), 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
  assert.equal(parseTtl('4294967295'), 4294967295);
  assert.equal(parseTtl('4294967296'), undefined);
  assert.equal(parseTtl('7102w'), undefined);
  assert.equal(parseTtl('1h30'), undefined);
  assert.equal(parseTtl('h'), undefined);
  assert.equal(parseTtl('1y'), undefined);
  assert.equal(parseTtl(''), undefined);
  assert.equal(humanTtl(0), '0 seconds');
  assert.equal(humanTtl(3600), '1 hour');
  assert.equal(humanTtl(5400), '1 hour 30 minutes');
  assert.equal(humanTtl(694861), '1 week 1 day 1 hour 1 minute 1 second');
  assert.equal(humanTtl(1209602), '2 weeks 2 seconds');
  assert.equal(formatTtl(5400, true), '1h30m');
  assert.equal(formatTtl(5400, false), '5400');
  assert.equal(formatTtl(0, true), '0');
  assert.equal(formatTtl(694861, true), '1w1d1h1m1s');
});

// ---------------------------------------------------------------------------------------------
// Zone checks

test('zoneChecks: a clean zone has no findings', () => {
  const zone = parse(`${APEX}ns1 60 A 192.0.2.53\n@ 60 NS ns1\nwww 60 A 192.0.2.1\n`);
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(checks(zone), []);
});

test('zoneChecks: SOA missing, not at the apex, twice; NS missing', () => {
  const noSoa = parse('@ 60 NS ns1.example.net.\nwww 60 A 192.0.2.1\n');
  assert.deepEqual(errorsOf(noSoa, checks(noSoa)), [['@', 'zone example.com. has no SOA record']]);
  // A fragment without apex records is not a zone and needs none.
  const fragment = parse('www 60 A 192.0.2.1\n');
  assert.deepEqual(checks(fragment), []);

  const notApex = parse(`${APEX}sub 60 SOA ns1 hostmaster 1 2 3 4 5\n`);
  assert.deepEqual(errorsOf(notApex, checks(notApex)), [['sub', 'SOA record not at top of zone (sub.example.com. is not example.com.)']]);

  const text = `${APEX}@ 60 SOA ns1 hostmaster 2 2 3 4 5\n`;
  const two = parse(text);
  const found = checks(two);
  assert.deepEqual(errorsOf(two, found), [['SOA', 'multiple RRs of singleton type SOA']]);
  assert.equal(found[0]!.start, offset(text, 'SOA', 1));

  const noNs = parse(`${SOA}www 60 A 192.0.2.1\n`);
  assert.deepEqual(errorsOf(noNs, checks(noNs)), [['@', 'zone example.com. has no NS records']]);

  const outside = parse(`${APEX}other.test. 60 A 192.0.2.1\n`);
  const w = checks(outside);
  assert.deepEqual(errorsOf(outside, w), [['other.test.', 'ignoring out-of-zone data (other.test.)']]);
  assert.equal(w[0]!.severity, 'warning');
});

test('zoneChecks: DS at the apex and DS not at a delegation', () => {
  const apexDs = parse(`${APEX}@ 60 DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n`);
  assert.deepEqual(errorsOf(apexDs, checks(apexDs)), [['DS', 'DS record at top of zone']]);
  const loose = parse(`${APEX}x 60 DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n`);
  assert.deepEqual(errorsOf(loose, checks(loose)), [['DS', 'DS record for x.example.com. is not at a delegation point']]);
  const delegated = parse(`${APEX}x 60 NS ns.example.net.\nx 60 DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n`);
  assert.deepEqual(checks(delegated), []);
});

test('zoneChecks: in-zone NS needs an address; out-of-zone and occluded targets do not', () => {
  const text = `${APEX}@ 60 NS ns2\nchild 60 NS ns.child\n`;
  const zone = parse(text);
  assert.deepEqual(errorsOf(zone, checks(zone)), [
    ['@ 60 NS ns2', "NS 'ns2.example.com.' has no address records (A or AAAA)"],
    ['child 60 NS ns.child', "NS 'ns.child.example.com.' has no address records (A or AAAA)"],
  ]);
  const glued = parse(`${APEX}@ 60 NS ns2\nns2 60 AAAA 2001:db8::53\nchild 60 NS ns.child\nns.child 60 A 192.0.2.53\n`);
  assert.deepEqual(checks(glued), []);
  // A delegation's server inside another delegation: its address lives in that child zone.
  const occluded = parse(`${APEX}a 60 NS ns.b\nb 60 NS ns.example.net.\n`);
  assert.deepEqual(checks(occluded), []);
});

test('zoneChecks: an NS target below a DNAME is an error at the apex, a warning for a delegation', () => {
  const zone = parse(`${APEX}@ 60 NS ns.moved\nmoved 60 DNAME elsewhere.test.\nchild 60 NS ns.x.moved\n`);
  const found = checks(zone);
  assert.deepEqual(errorsOf(zone, found), [
    ['@ 60 NS ns.moved', "NS 'ns.moved.example.com.' is below a DNAME at moved.example.com."],
    ['child 60 NS ns.x.moved', "NS 'ns.x.moved.example.com.' is below a DNAME at moved.example.com."],
  ]);
  assert.deepEqual(found.map((e) => e.severity), ['error', 'warning']);
});

test('zoneChecks: _dns SVCB (RFC 9461) needs alpn, and dohpath for HTTP transports', () => {
  const zone = parse(
    `${APEX}_dns.ns1 60 SVCB 1 ns1 port=853\n_dns 60 SVCB 2 ns1 alpn=h2,dot\n_53._dns.ns2 60 SVCB 1 ns2 alpn=h3 dohpath=/q{?dns}\n_dns.ns3 60 SVCB 1 ns3 alpn=dot\n_dns.ns4 60 SVCB 0 ns3\nsvc 60 SVCB 1 . port=853\n`,
  );
  assert.deepEqual(zone.errors, []);
  assert.deepEqual(errorsOf(zone, checks(zone)), [
    ['_dns.ns1 60 SVCB 1 ns1 port=853', 'SVCB record not valid: a DNS server SVCB record (RFC 9461) needs alpn'],
    ['_dns 60 SVCB 2 ns1 alpn=h2,dot', 'SVCB record not valid: an HTTP transport (h2, h3, http/1.1) needs dohpath (RFC 9461 §5)'],
  ]);
});

test('zoneChecks: CDS and CDNSKEY must match a DNSKEY (RFC 4034 §5.4 / RFC 4509 vectors)', () => {
  const wire = Buffer.concat([Buffer.from([1, 0, 3, 5]), Buffer.from(RFC4034_KEY, 'base64')]);
  assert.equal(keyTag(wire), 60485);
  // The DS digests of RFC 4034 §5.4 and RFC 4509 §2.3, recomputed: owner wire form, then the RDATA.
  const owner = Buffer.from('\x05dskey\x07example\x03com\x00', 'latin1');
  assert.equal(createHash('sha1').update(Buffer.concat([owner, wire])).digest('hex'), '2bb183af5f22588179a53b0a98631fad1a292118');
  assert.equal(createHash('sha256').update(Buffer.concat([owner, wire])).digest('hex'), 'd4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a');

  const apex = `@ 86400 IN SOA ns1.example.net. hostmaster 1 7200 3600 1209600 300\n@ 86400 NS ns1.example.net.\n@ 86400 DNSKEY 256 3 5 ${RFC4034_KEY}\n`;
  const good = parseZone(
    `${apex}@ 86400 CDS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n@ 86400 CDS 60485 5 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A\n@ 86400 CDS 0 0 0 00\n@ 86400 CDNSKEY 256 3 5 ${RFC4034_KEY}\n@ 86400 CDNSKEY 0 3 0 AA==\n`,
    { origin: 'dskey.example.com.' },
  );
  assert.deepEqual(good.errors, []);
  assert.deepEqual(checks(good), []);

  const text = `${apex}@ 86400 CDS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292119\n@ 86400 CDS 60486 5 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A\n@ 86400 CDNSKEY 257 3 5 ${RFC4034_KEY}\n`;
  const wrong = parseZone(text, { origin: 'dskey.example.com.' });
  assert.deepEqual(wrong.errors, []);
  assert.deepEqual(checks(wrong).map((e) => [e.message, text.slice(e.start, e.end).slice(0, 22)]), [
    ['CDS/CDNSKEY consistency checks failed: CDS 60485 5 1 matches no DNSKEY at the apex', '@ 86400 CDS 60485 5 1 '],
    ['CDS/CDNSKEY consistency checks failed: CDS 60486 5 2 matches no DNSKEY at the apex', '@ 86400 CDS 60486 5 2 '],
    ['CDS/CDNSKEY consistency checks failed: CDNSKEY 257 3 5 matches no DNSKEY at the apex', '@ 86400 CDNSKEY 257 3 '],
  ]);
});

// ---------------------------------------------------------------------------------------------
// Seeded fuzz: mutated zones never throw and never hang

const FUZZ_ZONES = [
  [
    '$ORIGIN example.com.',
    '$TTL 1h',
    '@ IN SOA ns1 hostmaster ( 2024010101 2h 30m 2w 300 ) ; soa',
    '  IN NS ns1',
    '  IN NS ns2.example.net.',
    '  IN MX 10 mail',
    '  IN TXT "v=spf1 mx -all" "\\065\\"q\\""',
    '  IN CAA 0 issue "letsencrypt.org"',
    'ns1 IN A 192.0.2.53',
    'mail 300 IN AAAA 2001:db8::25',
    'www IN 60 CNAME @',
    '_dmarc IN TXT "v=DMARC1; p=reject"',
    '$GENERATE 1-20/3 host${0,3,d} A 10.0.0.$',
    '$GENERATE 0-3 ${0,3,n} PTR h\\$$',
    '$INCLUDE hosts.inc sub',
    '_sip._tcp IN SRV 10 60 5060 sip',
    '',
  ].join('\n'),
  [
    '$TTL 300',
    '@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300',
    '@ IN NS ns1.example.net.',
    `@ IN DNSKEY 256 3 5 ( ${RFC4034_KEY.slice(0, 60)}`,
    `    ${RFC4034_KEY.slice(60)} )`,
    '@ IN CDS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
    '@ IN RRSIG SOA 5 2 300 20300101000000 20240101000000 60485 @ c2lnbmF0dXJl',
    '@ IN NSEC www A NS SOA RRSIG NSEC DNSKEY',
    'child IN NS ns.child',
    'child IN DS 60485 5 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A',
    'ns.child IN A 192.0.2.1',
    'old IN DNAME new.example.net.',
    '',
  ].join('\r\n'),
  [
    '; SVCB and friends',
    '$TTL 60',
    '@ IN SOA ns1 hm 1 2 3 4 5',
    '@ NS ns1',
    'ns1 A 192.0.2.1',
    'www HTTPS 1 . alpn="h2,h3" ipv4hint=192.0.2.1 mandatory=alpn port=443',
    '_dns SVCB 1 ns1 alpn=dot,h2 dohpath=/dns-query{?dns}',
    'alias HTTPS 0 www',
    '_443._tcp.www TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6',
    'www SSHFP 4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789',
    'x TYPE65534 \\# 3 abcdef',
    'y CLASS1 TYPE16 "t"',
    '',
  ].join('\n'),
  [
    'example.org. 3600 IN SOA ns1.example.org. hostmaster.example.org. (',
    '    1 ; serial',
    '    1h 15m 1w 1h )',
    'example.org. 3600 IN NS ns1.example.org.',
    'ns1.example.org. 3600 IN A 198.51.100.1',
    'example.org. 3600 IN TXT ( "part one "',
    '   "part two" )',
    '*.example.org. 3600 IN A 198.51.100.2',
    '',
  ].join('\n'),
];

/** mulberry32: a small, seeded, reproducible generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUZZ_CHARS = ['(', ')', '"', ';', '\\', '$', '\t', '\n', '\r\n', ' ', '0', '1', '5', '9', '.', '@', '=', ',', '{', '}', 'a', 'Z', 'x', '-', '/', '#', 'é'];

test('fuzz: 2000 seeded mutations never throw and finish quickly', () => {
  const random = rng(0x5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const fuzzFiles: Record<string, string> = { '/z/hosts.inc': 'h1 A 192.0.2.1\n$INCLUDE hosts.inc\n' };
  const options: ZoneParseOptions = {
    file: '/z/example.com.zone',
    readInclude: (p, from) => {
      const full = posix.join(posix.dirname(from ?? '/z/x'), p);
      const text = fuzzFiles[full];
      return text === undefined ? undefined : { text, path: full };
    },
  };
  const started = Date.now();
  let slowest = 0;
  let records = 0;
  let errors = 0;
  for (let i = 0; i < 2000; i++) {
    let text = FUZZ_ZONES[i % FUZZ_ZONES.length]!;
    const edits = 1 + Math.floor(random() * 4);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(random() * (text.length + 1));
      const op = random();
      if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
      else if (op < 0.9) text = text.slice(0, at) + pick(FUZZ_CHARS) + text.slice(at);
      else text = text.slice(0, at) + pick(FUZZ_CHARS).repeat(1 + Math.floor(random() * 8)) + text.slice(at);
    }
    // The same mutated text is also the included file, so includes see broken input too.
    fuzzFiles['/z/hosts.inc'] = text;
    const t0 = Date.now();
    let zone: ParsedZone;
    let found: ZoneError[];
    try {
      zone = parseZone(text, options);
      found = zoneChecks(zone, zoneModel(zone));
    } catch (err) {
      assert.fail(`mutation ${i} threw ${String(err)} on ${JSON.stringify(text)}`);
    }
    slowest = Math.max(slowest, Date.now() - t0);
    records += zone.records.length;
    errors += zone.errors.length;
    for (const e of [...zone.errors, ...found]) {
      assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `mutation ${i}: range ${e.start}-${e.end} in ${text.length} (${e.message})`);
    }
    for (const r of zone.records) {
      assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `mutation ${i}: record range`);
      assert.ok(r.owner.endsWith('.'), `mutation ${i}: owner ${r.owner} is absolute`);
    }
  }
  const total = Date.now() - started;
  assert.ok(total < 10_000, `2000 mutated zones took ${total} ms (slowest ${slowest} ms)`);
  assert.ok(records > 10_000 && errors > 1000, `the mutations still read records (${records}) and find errors (${errors})`);
});

test('zoneChecks: missing glue is found whatever the order of the NS records; an NS target may not be a CNAME', () => {
  // The apex NS into the child is served by the child's delegation; the delegation itself needs glue.
  for (const text of [`${APEX}@ IN NS ns.child\nchild IN NS ns.child\n`, `${APEX}child IN NS ns.child\n@ IN NS ns.child\n`]) {
    const found = checks(parse(text));
    assert.deepEqual(found.map((e) => [parse(text).text.slice(e.start, e.end), e.message]), [['child IN NS ns.child', "NS 'ns.child.example.com.' has no address records (A or AAAA)"]], text);
  }
  const cname = checks(parse(`${APEX}@ IN NS ns2\nns2 IN CNAME host.example.net.\n`)).map((e) => e.message);
  assert.deepEqual(cname, ["NS 'ns2.example.com.' is a CNAME (illegal)"]);
});

test('stricter RDATA where BIND and Knot agree: escapes, RFC 3597 for known types, SVCB keys, HINFO, RRSIG times', () => {
  const bad = [
    ['a\\1 IN A 192.0.2.1', "bad owner name 'a\\1': bad escape"],
    ['@ IN TXT "x\\12"', 'TXT: bad escape: \\DDD needs three digits'],
    ['@ IN A \\# 0', 'A: bad A RDATA length: 0 bytes, not 4'],
    ['@ IN NS \\# 0', 'NS: empty RDATA is not a valid NS'],
    ['@ IN SVCB 1 . PORT=53', "SVCB: unknown SVCB parameter 'PORT'"],
    ['@ IN SVCB 1 . ech', 'SVCB: SVCB ech needs a value'],
    ['@ IN SVCB 1 . ohttp=x', 'SVCB: SVCB ohttp takes no value'],
    ['@ IN HINFO "cpu"', 'HINFO: unexpected end of input'],
    ['@ IN RRSIG A 8 2 300 20260230000000 20260101000000 1 example.com. AA==', "RRSIG: bad signature time '20260230000000'"],
  ];
  for (const [line, message] of bad) {
    const zone = parse(`$TTL 300\n${line}\n`);
    assert.deepEqual(zone.errors.map((e) => e.message), [message], line);
  }
  const good = parse('$TTL 300\n@ IN A \\# 4 c0000201\n@ IN DNSKEY 257 3 RSASHA256 AwEAAQ==\n@ IN HINFO "x86" "Linux"\n@ IN RRSIG A ECDSAP256SHA256 2 300 00100227180048 20260101000000 1 example.com. AA==\n');
  assert.deepEqual(good.errors, []);
  assert.equal((rdataOf(good, 1) as { algorithm: number }).algorithm, 8);
});
