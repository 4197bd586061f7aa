// The hover text of a zone's `$TTL` directive: the value in human units, which records of the file
// it gives their TTL, and the advice before a change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseZone } from '../../server/src/core/dns/parse';
import { ttlDirectiveAt, ttlDirectiveMarkdown } from '../../server/src/core/dns/zone-info';

const ZONE = [
  '$ORIGIN example.com.', // line 1
  '$TTL 3600', // 2
  '@ IN SOA ns1.example.net. hostmaster 2024010101 7200 3600 1209600 300', // 3
  '@ IN NS ns1.example.net.', // 4
  'www 300 IN A 192.0.2.1', // 5: its own TTL
  'www IN AAAA 2001:db8::1', // 6
  'api IN A 192.0.2.2', // 7
  '$TTL 1h30m', // 8
  'mail IN A 192.0.2.25', // 9
  '$TTL 60', // 10
  '',
].join('\n');

function hoverAt(text: string, needle: string): string | undefined {
  const zone = parseZone(text, {});
  const directive = ttlDirectiveAt(zone, text.indexOf(needle) + 1);
  return directive && ttlDirectiveMarkdown(zone, directive);
}

test('$TTL 3600 says 1 hour, what $TTL is, and the records up to the next $TTL that write no TTL', () => {
  const text = hoverAt(ZONE, '$TTL 3600')!;
  assert.match(text, /^\*\*\$TTL 3600 = 1 hour\*\*: the zone's default TTL \(RFC 2308\)/);
  assert.match(text, /Every record after this line that writes no TTL of its own gets this one/);
  assert.match(text, /It applies to 4 records \(lines 3–7, up to the next `\$TTL`\): SOA, NS, AAAA, A\./);
  assert.match(text, /1 record writes its own TTL and keeps it\./);
  assert.match(text, /Before a migration, lower it to 300 s at least 1 hour \(one old TTL\) ahead of the change/);
});

test('a TTL in units is shown in seconds too, and a single record by its line', () => {
  const text = hoverAt(ZONE, '$TTL 1h30m')!;
  assert.match(text, /^\*\*\$TTL 1h30m = 5400 s = 1 hour 30 minutes\*\*/);
  assert.match(text, /It applies to 1 record \(line 9, up to the next `\$TTL`\): A\./);
  assert.doesNotMatch(text, /keeps it/);
});

test('a short $TTL with nothing after it: no record yet, and already short enough for a migration', () => {
  const text = hoverAt(ZONE, '$TTL 60')!;
  assert.match(text, /^\*\*\$TTL 60 = 1 minute\*\*/);
  assert.match(text, /It applies to no record yet\./);
  assert.match(text, /already short enough for a migration/);
  assert.doesNotMatch(text, /Before a migration/);
});

test('records read from an $INCLUDE count at the include line', () => {
  const main = '$ORIGIN example.com.\n$TTL 600\n$INCLUDE hosts.inc\n';
  const zone = parseZone(main, { file: '/z/example.com.zone', readInclude: () => ({ text: 'a IN A 192.0.2.1\nb IN A 192.0.2.2\n', path: '/z/hosts.inc' }) });
  const text = ttlDirectiveMarkdown(zone, ttlDirectiveAt(zone, main.indexOf('$TTL'))!)!;
  assert.match(text, /It applies to 2 records \(line 3\): 2 A\./);
});

test('no hover text off the directive, on another directive, or for a value that is not a TTL', () => {
  const zone = parseZone(ZONE, {});
  assert.equal(ttlDirectiveAt(zone, ZONE.indexOf('$ORIGIN') + 1), undefined);
  assert.equal(ttlDirectiveAt(zone, ZONE.indexOf('api')), undefined);
  const bad = parseZone('$TTL soon\n', { origin: 'example.com.' });
  assert.equal(ttlDirectiveMarkdown(bad, ttlDirectiveAt(bad, 1)!), undefined);
});
