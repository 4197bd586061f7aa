// Typed RDATA for the less common record types: LOC, CERT, APL, DHCID, NSEC3PARAM, IPSECKEY, L32,
// L64, NID, LP, ZONEMD, CSYNC, NAPTR, URI and DSYNC, read as BIND reads them. Each type has a good
// record and bad ones, with the exact message and the text it points at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseZone, type ParsedZone, type ZoneRecord } from '../../server/src/core/dns/parse';

function read(record: string): ParsedZone {
  return parseZone(`$TTL 300\n${record}\n`, { origin: 'example.com.' });
}

/** The one record `record` reads as, with no errors. */
function good(record: string): ZoneRecord {
  const zone = read(record);
  assert.deepEqual(zone.errors.map((e) => e.message), [], record);
  assert.equal(zone.records.length, 1, record);
  return zone.records.at(0)!;
}

/** `record` is refused with `message`, pointing at `at`. */
function bad(record: string, message: string, at: string): void {
  const zone = read(record);
  assert.deepEqual(zone.errors.map((e) => [zone.text.slice(e.start, e.end), e.message]), [[at, message]], record);
  assert.equal(zone.records.length, 0, record);
}

const HEX48 = 'ab'.repeat(48);
const HEX64 = 'cd'.repeat(64);

test('LOC: degrees, minutes, seconds, hemispheres, altitude and the optional sizes', () => {
  assert.deepEqual(good('@ LOC 42 21 54 N 71 06 18 W -24m 30m').rdata, {
    kind: 'other', tokens: ['42', '21', '54', 'N', '71', '06', '18', 'W', '-24m', '30m'],
  });
  good('@ LOC 52 14 05 N 00 08 50 E 10.33m');
  good('@ LOC 1 N 1 E 0');
  good('@ LOC 90 S 180 W 42849672.95m 90000000m 90000000m 90000000m');
  good('@ LOC 0 0 0.001 S 0 W -100000.00 0.01 .5m 1');
  // BIND bounds the metres of a size, so a few centimetres over 90000000 m still read.
  good('@ LOC 0 N 0 E 0 90000000.01');
  bad('@ LOC 91 0 0 N 0 0 0 E 0', 'LOC: number out of range: 91 (at most 90)', '91');
  bad('@ LOC 0 60 0 N 0 0 0 E 0', 'LOC: number out of range: 60 (at most 59)', '60');
  bad('@ LOC 0 0 60 N 0 0 0 E 0', 'LOC: number out of range: 60 (at most 59.999)', '60');
  bad('@ LOC 0 0 1.2345 N 0 E 0', "LOC: bad seconds '1.2345'", '1.2345');
  bad('@ LOC 90 1 N 0 E 0', 'LOC: bad latitude: beyond 90 degrees', '1');
  bad('@ LOC 0 N 180 0 0.5 E 0', 'LOC: bad longitude: beyond 180 degrees', '0.5');
  bad('@ LOC 0 N 181 E 0', 'LOC: number out of range: 181 (at most 180)', '181');
  bad('@ LOC 1 1 E 0', "LOC: expected a number or N or S, not 'E'", 'E');
  bad('@ LOC 1 x 1 E 0', "LOC: expected a number or N or S, not 'x'", 'x');
  bad('@ LOC 1 n 1 E 0', "LOC: expected a number or N or S, not 'n'", 'n');
  bad('@ LOC 1 N 1 0 0 x 0', "LOC: expected E or W, not 'x'", 'x');
  bad('@ LOC 1 N 1 E', 'LOC: unexpected end of input', '1 N 1 E');
  bad('@ LOC 0 N 0 E 42849672.96', 'LOC: altitude out of range: 42849672.96 (-100000.00 to 42849672.95)', '42849672.96');
  bad('@ LOC 0 N 0 E -100000.01', 'LOC: altitude out of range: -100000.01 (-100000.00 to 42849672.95)', '-100000.01');
  bad('@ LOC 0 N 0 E 1.234m', "LOC: bad altitude '1.234m'", '1.234m');
  bad('@ LOC 0 N 0 E 0 90000001', 'LOC: size out of range: 90000001 (at most 90000000)', '90000001');
  bad('@ LOC 0 N 0 E 0 0 90000001', 'LOC: horizontal precision out of range: 90000001 (at most 90000000)', '90000001');
  bad('@ LOC 0 N 0 E 0 0 0 1km', "LOC: bad vertical precision '1km'", '1km');
  bad('@ LOC 0 N 0 E 0 1 2 3 4', 'LOC: extra input text', '4');
  bad('@ LOC \\# 0', 'LOC: empty RDATA is not a valid LOC', '0');
});

test('CERT: type and algorithm by mnemonic or number, a key tag, base64', () => {
  assert.deepEqual(good('@ CERT PKIX 65535 RSASHA256 MxFcby9k/yvedMfQgKzhH5er0Mu/ vILz45Ikskce').rdata, {
    kind: 'other', tokens: ['PKIX', '65535', 'RSASHA256', 'MxFcby9k/yvedMfQgKzhH5er0Mu/', 'vILz45Ikskce'],
  });
  good('@ CERT 65535 0 255 AA==');
  good('@ CERT iacpkix 1 privateoid AA==');
  good('@ CERT URI 1 NSEC3RSASHA1 AA==');
  bad('@ CERT X 0 0 AA==', "CERT: unknown certificate type 'X'", 'X');
  bad('@ CERT 65536 0 0 AA==', 'CERT: number out of range: 65536 (at most 65535)', '65536');
  bad('@ CERT 0 65536 0 AA==', 'CERT: number out of range: 65536 (at most 65535)', '65536');
  bad('@ CERT 0 0 256 AA==', 'CERT: number out of range: 256 (at most 255)', '256');
  bad('@ CERT 0 0 0 A===', 'CERT: bad base64 encoding', 'A===');
  bad('@ CERT 0 0 0', 'CERT: unexpected end of input', '0 0 0');
});

test('APL: negatable address prefixes of family 1 or 2, and an empty list', () => {
  assert.deepEqual(good('@ APL 1:192.168.32.0/21 !1:192.168.38.0/28 2:ff00::/8').rdata, {
    kind: 'other', tokens: ['1:192.168.32.0/21', '!1:192.168.38.0/28', '2:ff00::/8'],
  });
  assert.deepEqual(good('@ APL').rdata, { kind: 'other', tokens: [] });
  good('@ APL \\# 0');
  good('@ APL 1:255.255.255.255/32 2:0::0/128');
  bad('@ APL 0:0.0.0.0/32', "APL: bad address family '0' (1 or 2)", '0:0.0.0.0/32');
  bad('@ APL 1:0.0.0.0/8 x:0.0.0.0/32', "APL: bad address prefix 'x:0.0.0.0/32'", 'x:0.0.0.0/32');
  bad('@ APL 2:0.0.0.0/32', "APL: bad IPv6 address '0.0.0.0'", '2:0.0.0.0/32');
  bad('@ APL 1:0::0/32', "APL: bad dotted quad '0::0'", '1:0::0/32');
  bad('@ APL 1:0.0.0.0/33', 'APL: number out of range: 33 (at most 32)', '1:0.0.0.0/33');
  bad('@ APL 2:::/129', 'APL: number out of range: 129 (at most 128)', '2:::/129');
  bad('@ APL 1:0.0.0.0/', "APL: bad prefix length ''", '1:0.0.0.0/');
  bad('@ APL 2::/0', "APL: bad IPv6 address ':'", '2::/0');
});

test('DHCID: base64, one or more blocks', () => {
  assert.deepEqual(good('@ DHCID AAIBY2/AuCccgoJbsaxcQc9TUapptP69 lOjxfNuVAA2kjEA=').rdata, {
    kind: 'other', tokens: ['AAIBY2/AuCccgoJbsaxcQc9TUapptP69', 'lOjxfNuVAA2kjEA='],
  });
  bad('@ DHCID', 'DHCID: unexpected end of input', 'DHCID');
  bad('@ DHCID ABC', 'DHCID: bad base64 encoding', 'ABC');
  bad('@ DHCID ====', 'DHCID: bad base64 encoding', '====');
  bad('@ DHCID \\# 0', 'DHCID: empty RDATA is not a valid DHCID', '0');
});

test('NSEC3PARAM: algorithm, flags, iterations and a hex salt or -', () => {
  assert.deepEqual(good('@ NSEC3PARAM 1 0 10 76931F').rdata, { kind: 'other', tokens: ['1', '0', '10', '76931F'] });
  good('@ NSEC3PARAM 255 255 65535 -');
  bad('@ NSEC3PARAM 256 0 0 -', 'NSEC3PARAM: number out of range: 256 (at most 255)', '256');
  bad('@ NSEC3PARAM 1 256 0 -', 'NSEC3PARAM: number out of range: 256 (at most 255)', '256');
  bad('@ NSEC3PARAM 1 0 65536 -', 'NSEC3PARAM: number out of range: 65536 (at most 65535)', '65536');
  bad('@ NSEC3PARAM 1 0 0 0', "NSEC3PARAM: bad salt '0'", '0');
  bad('@ NSEC3PARAM 1 0 0 0x', "NSEC3PARAM: bad salt '0x'", '0x');
  bad(`@ NSEC3PARAM 1 0 0 ${'00'.repeat(256)}`, 'NSEC3PARAM: salt too long: 256 bytes (at most 255)', '00'.repeat(256));
  bad('@ NSEC3PARAM 1 0 0 00 00', 'NSEC3PARAM: extra input text', '00');
  bad('@ NSEC3PARAM 1 0 0', 'NSEC3PARAM: unexpected end of input', '1 0 0');
});

test('IPSECKEY: the gateway matches its type, the key is optional base64', () => {
  assert.deepEqual(good('@ IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==').rdata, {
    kind: 'other', tokens: ['10', '1', '2', '192.0.2.38', 'AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=='],
  });
  good('@ IPSECKEY 10 0 0 .');
  good('@ IPSECKEY 10 2 2 2001:db8:0:8002::2000:1 AQNRU3mG');
  good('@ IPSECKEY 10 3 2 gateway AQNRU3mG7TVT O2BkR47u');
  bad('@ IPSECKEY 256 0 0 .', 'IPSECKEY: number out of range: 256 (at most 255)', '256');
  bad('@ IPSECKEY 0 4 0 .', 'IPSECKEY: number out of range: 4 (at most 3)', '4');
  bad('@ IPSECKEY 0 0 256 .', 'IPSECKEY: number out of range: 256 (at most 255)', '256');
  bad('@ IPSECKEY 0 0 0 a%', "IPSECKEY: bad gateway 'a%': type 0 takes '.'", 'a%');
  bad('@ IPSECKEY 0 1 0 192.0.2', "IPSECKEY: bad dotted quad '192.0.2'", '192.0.2');
  bad('@ IPSECKEY 0 2 0 192.0.2.1', "IPSECKEY: bad IPv6 address '192.0.2.1'", '192.0.2.1');
  bad('@ IPSECKEY 0 3 0 a..b', "IPSECKEY: bad name 'a..b': empty label", 'a..b');
  bad('@ IPSECKEY 0 0 1 . A', 'IPSECKEY: bad base64 encoding', 'A');
  bad('@ IPSECKEY 0 0', 'IPSECKEY: unexpected end of input', '0 0');
});

test('L32: a preference and an IPv4 locator', () => {
  assert.deepEqual(good('@ L32 10 10.1.2.0').rdata, { kind: 'other', tokens: ['10', '10.1.2.0'] });
  good('@ L32 65535 255.255.255.255');
  bad('@ L32 65536 0.0.0.0', 'L32: number out of range: 65536 (at most 65535)', '65536');
  bad('@ L32 0 0.0.0.256', "L32: bad dotted quad '0.0.0.256'", '0.0.0.256');
  bad('@ L32 0 0.0.0', "L32: bad dotted quad '0.0.0'", '0.0.0');
  bad('@ L32 0 0.0.0.0 x', 'L32: extra input text', 'x');
  bad('@ L32 \\# 0', 'L32: empty RDATA is not a valid L32', '0');
});

test('L64: a preference and a 64-bit locator in four hex groups', () => {
  assert.deepEqual(good('@ L64 10 2001:0DB8:1140:1000').rdata, { kind: 'other', tokens: ['10', '2001:0DB8:1140:1000'] });
  good('@ L64 65535 ffff:ffff:ffff:ffff');
  // BIND's locator_pton takes one to four digits a group.
  good('@ L64 1 0:0:0:1');
  bad('@ L64 65536 0:0:0:0', 'L64: number out of range: 65536 (at most 65535)', '65536');
  bad('@ L64 0 0000:0000:0000', "L64: bad locator '0000:0000:0000'", '0000:0000:0000');
  bad('@ L64 0 0000:0000:0000:0000:0000', "L64: bad locator '0000:0000:0000:0000:0000'", '0000:0000:0000:0000:0000');
  bad('@ L64 0 0000:0000:0000-0000', "L64: bad locator '0000:0000:0000-0000'", '0000:0000:0000-0000');
  bad('@ L64 0 0000:0000:0000:x000', "L64: bad locator '0000:0000:0000:x000'", '0000:0000:0000:x000');
  bad('@ L64 0 00000:0:0:0', "L64: bad locator '00000:0:0:0'", '00000:0:0:0');
  bad('@ L64 0 ::1:2', "L64: bad locator '::1:2'", '::1:2');
});

test('NID: a preference and a 64-bit node identifier', () => {
  assert.deepEqual(good('@ NID 10 0014:4fff:ff20:ee64').rdata, { kind: 'other', tokens: ['10', '0014:4fff:ff20:ee64'] });
  bad('@ NID 10 0014:4fff:ff20:ee64:1', "NID: bad node ID '0014:4fff:ff20:ee64:1'", '0014:4fff:ff20:ee64:1');
  bad('@ NID 10 00fg:4fff:ff20:ee64', "NID: bad node ID '00fg:4fff:ff20:ee64'", '00fg:4fff:ff20:ee64');
  bad('@ NID 10', 'NID: unexpected end of input', '10');
  bad('@ NID 10 0:0:0:0 0', 'NID: extra input text', '0');
});

test('LP: a preference and a name', () => {
  assert.deepEqual(good('@ LP 10 l64-subnet1').rdata, { kind: 'other', tokens: ['10', 'l64-subnet1'] });
  good('@ LP 65535 l32-subnet.example.net.');
  bad('@ LP x l64-subnet1', "LP: expected a number, not 'x'", 'x');
  bad('@ LP 10', 'LP: unexpected end of input', '10');
  bad('@ LP 10 a..b', "LP: bad name 'a..b': empty label", 'a..b');
  bad('@ LP 10 a b', 'LP: extra input text', 'b');
});

test('ZONEMD: serial, scheme, hash algorithm and a digest of the right length', () => {
  assert.deepEqual(good(`@ ZONEMD 2018031900 1 1 ${HEX48}`).rdata, { kind: 'other', tokens: ['2018031900', '1', '1', HEX48] });
  good(`@ ZONEMD 2018031900 1 2 ( ${HEX64.slice(0, 64)}\n ${HEX64.slice(64)} )`);
  good(`@ ZONEMD 4294967295 255 240 ${'00'.repeat(12)}`);
  bad('@ ZONEMD 4294967296 1 1 00', 'ZONEMD: number out of range: 4294967296 (at most 4294967295)', '4294967296');
  bad('@ ZONEMD 1 256 1 00', 'ZONEMD: number out of range: 256 (at most 255)', '256');
  bad('@ ZONEMD 1 1 1 0011', 'ZONEMD: bad digest length: 2 bytes for hash algorithm 1 (48 expected)', '0011');
  bad(`@ ZONEMD 1 1 2 ${HEX48}`, 'ZONEMD: bad digest length: 48 bytes for hash algorithm 2 (64 expected)', HEX48);
  bad('@ ZONEMD 1 1 240 0102 00 FF', 'ZONEMD: bad digest length: 4 bytes (at least 12)', '0102');
  bad('@ ZONEMD 1 1 1 0x', 'ZONEMD: bad hex encoding', '0x');
  bad('@ ZONEMD 1 1 1', 'ZONEMD: unexpected end of input', '1 1 1');
});

test('CSYNC: SOA serial, flags and a type list that may be empty', () => {
  assert.deepEqual(good('@ CSYNC 66 3 A NS AAAA').rdata, { kind: 'other', tokens: ['66', '3', 'A', 'NS', 'AAAA'] });
  good('@ CSYNC 4294967295 65535');
  good('@ CSYNC 0 0 TYPE0 TYPE65535');
  bad('@ CSYNC 4294967296 0', 'CSYNC: number out of range: 4294967296 (at most 4294967295)', '4294967296');
  bad('@ CSYNC 0 65536', 'CSYNC: number out of range: 65536 (at most 65535)', '65536');
  bad('@ CSYNC 0 0 A X', "CSYNC: unknown RR type 'X'", 'X');
  bad('@ CSYNC 0 0 TYPE65536', "CSYNC: unknown RR type 'TYPE65536'", 'TYPE65536');
});

test('NAPTR: order, preference, three strings with a checked regexp, a replacement', () => {
  assert.deepEqual(good('@ NAPTR 100 10 "" "" "!^urn:cid:.+@([^\\.]+\\.)(.*)$!\\\\2!i" .').rdata, {
    kind: 'other', tokens: ['100', '10', '', '', '!^urn:cid:.+@([^\\.]+\\.)(.*)$!\\\\2!i', '.'],
  });
  good('@ NAPTR 100 50 "s" "http+I2L+I2C+I2R" "" _http._tcp');
  good('@ NAPTR 0 0 S SIP+D2U "!^.*$!sip:info@example.com!" .');
  bad('@ NAPTR 65536 0 "" "" "" .', 'NAPTR: number out of range: 65536 (at most 65535)', '65536');
  bad('@ NAPTR 0 65536 "" "" "" .', 'NAPTR: number out of range: 65536 (at most 65535)', '65536');
  bad('@ NAPTR 0 0 "" "" "" . x', 'NAPTR: extra input text', 'x');
  bad('@ NAPTR 0 0 "" "" ""', 'NAPTR: unexpected end of input', '0 0 "" "" ""');
  bad(`@ NAPTR 0 0 "${'a'.repeat(256)}" "" "" .`, 'NAPTR: string too long (over 255 characters)', `"${'a'.repeat(256)}"`);
  bad('@ NAPTR 0 0 "" "" "blegh" .', "NAPTR: bad regexp: expected three 'b' delimiters", '"blegh"');
  bad('@ NAPTR 0 0 "" "" "1a1b1" .', "NAPTR: bad regexp: '1' cannot be the delimiter", '"1a1b1"');
  bad('@ NAPTR 0 0 "" "" "!a!b!x" .', "NAPTR: bad regexp: unknown flag 'x'", '"!a!b!x"');
  bad('@ NAPTR 0 0 "" "" "!a!b!i!" .', 'NAPTR: bad regexp: too many delimiters', '"!a!b!i!"');
  bad('@ NAPTR 0 0 "" "" "!(a)!\\\\2!" .', 'NAPTR: bad regexp: back-reference \\2 without that many groups', '"!(a)!\\\\2!"');
  bad('@ NAPTR 0 0 "" "" "!a!\\\\0!" .', 'NAPTR: bad regexp: back-reference \\0', '"!a!\\\\0!"');
});

test('URI: priority, weight and one quoted, non-empty target', () => {
  assert.deepEqual(good('@ URI 10 1 "ftp://ftp1.example.com/public"').rdata, {
    kind: 'other', tokens: ['10', '1', 'ftp://ftp1.example.com/public'],
  });
  good(`@ URI 65535 65535 "https://example.com/${'a'.repeat(300)}"`);
  bad('@ URI 65536 0 "a"', 'URI: number out of range: 65536 (at most 65535)', '65536');
  bad('@ URI 0 65536 "a"', 'URI: number out of range: 65536 (at most 65535)', '65536');
  bad('@ URI 0 0 ftp://a', "URI: bad target 'ftp://a': not a quoted string", 'ftp://a');
  bad('@ URI 0 0 ""', 'URI: bad target: empty', '""');
  bad('@ URI 0 0 "a" "b"', 'URI: extra input text', '"b"');
  bad('@ URI 0 0', 'URI: unexpected end of input', '0 0');
});

test('DSYNC: an RR type, a scheme, a port and a target name', () => {
  assert.deepEqual(good('@ DSYNC CDS NOTIFY 5359 cds-scanner.example.net.').rdata, {
    kind: 'other', tokens: ['CDS', 'NOTIFY', '5359', 'cds-scanner.example.net.'],
  });
  good('@ DSYNC CSYNC 1 5360 .');
  good('@ DSYNC type59 notify 0 scanner');
  good('@ DSYNC 59 0 53 scanner');
  bad('@ DSYNC JUNK NOTIFY 53 example.com.', "DSYNC: unknown RR type 'JUNK'", 'JUNK');
  bad('@ DSYNC 65536 NOTIFY 53 example.com.', 'DSYNC: number out of range: 65536 (at most 65535)', '65536');
  bad('@ DSYNC CDS JUNK 53 example.com.', "DSYNC: unknown scheme 'JUNK'", 'JUNK');
  bad('@ DSYNC CDS 256 53 example.com.', 'DSYNC: number out of range: 256 (at most 255)', '256');
  bad('@ DSYNC CDS NOTIFY 65567 example.com.', 'DSYNC: number out of range: 65567 (at most 65535)', '65567');
  bad(`@ DSYNC CDS NOTIFY 5360 ${'a'.repeat(64)}.example.com.`, `DSYNC: bad name '${'a'.repeat(64)}…': label too long`, `${'a'.repeat(64)}.example.com.`);
  bad('@ DSYNC CDS', 'DSYNC: unexpected end of input', 'CDS');
});

test('the RFC 3597 form still reads for the typed types', () => {
  assert.deepEqual(good('@ TYPE29 \\# 16 00 12 16 13 80000000 80000000 00989680').rdata, { kind: 'unknown', hex: '00121613800000008000000000989680' });
  assert.equal(good('@ TYPE105 0 0.0.0.0').type, 'L32');
  bad('@ TYPE105 0 0.0.0', "L32: bad dotted quad '0.0.0'", '0.0.0');
});
