// CIDR arithmetic on real VPC and subnet blocks: parsing, alignment, containment, overlap and the
// subdivision Fn::Cidr performs, for IPv4 and IPv6.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cidrSubnets,
  contains,
  formatCidr,
  isAligned,
  isWorld,
  networkOf,
  overlaps,
  parseCidr,
  type Cidr,
} from '../../server/src/core/net/cidr';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  assert.ok(parsed, `${text} should parse`);
  return parsed;
}

test('parses IPv4 and IPv6 blocks into numbers and bigints', () => {
  assert.deepEqual(parseCidr('10.0.0.0/16'), { version: 4, address: 0x0a000000, prefix: 16 });
  assert.deepEqual(parseCidr('255.255.255.255/32'), { version: 4, address: 0xffffffff, prefix: 32 });
  assert.deepEqual(parseCidr('0.0.0.0/0'), { version: 4, address: 0, prefix: 0 });
  assert.deepEqual(parseCidr('2001:db8::/32'), { version: 6, address: 0x20010db8n << 96n, prefix: 32 });
  assert.deepEqual(parseCidr('::/0'), { version: 6, address: 0n, prefix: 0 });
  assert.deepEqual(parseCidr('::1/128'), { version: 6, address: 1n, prefix: 128 });
  assert.deepEqual(parseCidr('::ffff:192.0.2.0/120'), { version: 6, address: 0xffffc0000200n, prefix: 120 });
});

test('rejects what is not an address, a slash and a prefix length in range', () => {
  const bad = [
    '10.0.0.0', // no prefix length
    '10.0.0.0/', // empty prefix length
    '10.0.0.0/33', // beyond 32 bits
    '10.0.0.0/08', // leading zero
    '10.0.0.0/+8',
    '10.0.0.0/8/8',
    '10.0.0/8', // three octets
    '010.0.0.0/8', // leading zero in an octet
    '256.0.0.0/8',
    ' 10.0.0.0/8',
    '10.0.0.0 /8',
    '/8',
    '2001:db8::/129',
    '2001:db8:::/64',
    '2001:db8::1::/64', // two `::`
    'fe80::1%eth0/64', // a zone index is not part of a block
    '2001:db8::/064',
    'x::/64',
    'localhost/32',
    '',
  ];
  for (const text of bad) assert.equal(parseCidr(text), undefined, text);
});

test('alignment: host bits set or not, and the aligned network', () => {
  assert.equal(isAligned(cidr('10.0.0.196/26')), false);
  assert.equal(formatCidr(networkOf(cidr('10.0.0.196/26'))), '10.0.0.192/26');
  assert.equal(isAligned(cidr('10.0.0.192/26')), true);
  assert.equal(formatCidr(networkOf(cidr('10.1.2.3/16'))), '10.1.0.0/16');
  assert.equal(formatCidr(networkOf(cidr('192.168.255.255/17'))), '192.168.128.0/17');
  // Every address is its own network at /32 and /128; only 0.0.0.0 and :: are aligned at /0.
  assert.equal(isAligned(cidr('10.0.0.196/32')), true);
  assert.equal(isAligned(cidr('2001:db8::1/128')), true);
  assert.equal(isAligned(cidr('10.0.0.0/0')), false);
  assert.equal(formatCidr(networkOf(cidr('10.0.0.0/0'))), '0.0.0.0/0');
  assert.equal(formatCidr(networkOf(cidr('255.255.255.255/1'))), '128.0.0.0/1');
  assert.equal(isAligned(cidr('2001:db8::1/64')), false);
  assert.equal(formatCidr(networkOf(cidr('2001:db8::1/64'))), '2001:db8::/64');
  assert.equal(formatCidr(networkOf(cidr('2001:db8:0:12ab::/56'))), '2001:db8:0:1200::/56');
  assert.equal(formatCidr(networkOf(cidr('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0'))), '::/0');
});

test('formats IPv6 as RFC 5952 text', () => {
  assert.equal(formatCidr(cidr('2001:0DB8:0000:0000:0000:0000:0000:0001/128')), '2001:db8::1/128');
  // One zero group is not compressed; of two equal runs the first is.
  assert.equal(formatCidr(cidr('2001:db8:0:1:1:1:1:1/128')), '2001:db8:0:1:1:1:1:1/128');
  assert.equal(formatCidr(cidr('2001:0:0:1:0:0:1:1/128')), '2001::1:0:0:1:1/128');
  // The longer run wins over an earlier shorter one.
  assert.equal(formatCidr(cidr('2001:0:0:1:0:0:0:1/128')), '2001:0:0:1::1/128');
  assert.equal(formatCidr(cidr('::/0')), '::/0');
  assert.equal(formatCidr(cidr('fe80::/10')), 'fe80::/10');
  assert.equal(formatCidr(cidr('1:2:3:4:5:6:7:8/128')), '1:2:3:4:5:6:7:8/128');
});

test('the world is any /0 of either family', () => {
  assert.equal(isWorld(cidr('0.0.0.0/0')), true);
  assert.equal(isWorld(cidr('::/0')), true);
  assert.equal(isWorld(cidr('10.0.0.0/0')), true);
  assert.equal(isWorld(cidr('0.0.0.0/1')), false);
  assert.equal(isWorld(cidr('::/1')), false);
});

test('containment', () => {
  assert.equal(contains(cidr('10.0.0.0/16'), cidr('10.0.3.0/24')), true);
  assert.equal(contains(cidr('10.0.0.0/16'), cidr('10.0.0.0/16')), true);
  assert.equal(contains(cidr('10.0.0.0/16'), cidr('10.1.0.0/24')), false);
  assert.equal(contains(cidr('10.0.0.0/24'), cidr('10.0.0.0/16')), false, 'a larger block is not inside a smaller one');
  assert.equal(contains(cidr('0.0.0.0/0'), cidr('203.0.113.7/32')), true);
  assert.equal(contains(cidr('10.0.255.255/32'), cidr('10.0.255.255/32')), true);
  assert.equal(contains(cidr('2001:db8::/56'), cidr('2001:db8:0:ff::/64')), true);
  assert.equal(contains(cidr('2001:db8::/56'), cidr('2001:db8:0:100::/64')), false);
  assert.equal(contains(cidr('::/0'), cidr('2001:db8::1/128')), true);
  assert.equal(contains(cidr('::/0'), cidr('10.0.0.0/8')), false, 'never across families');
  assert.equal(contains(cidr('0.0.0.0/0'), cidr('::/0')), false, 'never across families');
});

test('overlap and its absence', () => {
  assert.equal(overlaps(cidr('10.0.0.0/23'), cidr('10.0.1.0/24')), true);
  assert.equal(overlaps(cidr('10.0.1.0/24'), cidr('10.0.0.0/23')), true, 'symmetric');
  assert.equal(overlaps(cidr('10.0.0.0/24'), cidr('10.0.0.0/24')), true);
  assert.equal(overlaps(cidr('10.0.0.0/24'), cidr('10.0.1.0/24')), false, 'adjacent blocks do not overlap');
  assert.equal(overlaps(cidr('10.0.0.128/25'), cidr('10.0.0.0/25')), false);
  assert.equal(overlaps(cidr('10.0.0.255/32'), cidr('10.0.1.0/32')), false);
  assert.equal(overlaps(cidr('0.0.0.0/0'), cidr('192.0.2.1/32')), true);
  assert.equal(overlaps(cidr('2001:db8::/64'), cidr('2001:db8::/56')), true);
  assert.equal(overlaps(cidr('2001:db8::/64'), cidr('2001:db8:0:1::/64')), false);
  // IPv4-mapped IPv6 and IPv4 are different families in EC2: they never overlap.
  assert.equal(overlaps(cidr('::ffff:10.0.0.0/104'), cidr('10.0.0.0/8')), false);
  assert.equal(overlaps(cidr('::/0'), cidr('0.0.0.0/0')), false);
});

test('Fn::Cidr subdivision: count blocks of hostBits host bits from the start of the block', () => {
  const v4 = cidrSubnets(cidr('10.0.0.0/16'), 6, 8)?.map(formatCidr);
  assert.deepEqual(v4, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '10.0.4.0/24', '10.0.5.0/24']);
  assert.deepEqual(cidrSubnets(cidr('192.168.0.0/24'), 4, 6)?.map(formatCidr), [
    '192.168.0.0/26',
    '192.168.0.64/26',
    '192.168.0.128/26',
    '192.168.0.192/26',
  ]);
  assert.deepEqual(cidrSubnets(cidr('10.0.0.0/24'), 1, 8)?.map(formatCidr), ['10.0.0.0/24'], 'the whole block');
  assert.deepEqual(cidrSubnets(cidr('10.0.0.0/30'), 4, 0)?.map(formatCidr), ['10.0.0.0/32', '10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32']);
  assert.deepEqual(cidrSubnets(cidr('2001:db8:1200::/56'), 3, 64)?.map(formatCidr), [
    '2001:db8:1200::/64',
    '2001:db8:1200:1::/64',
    '2001:db8:1200:2::/64',
  ]);
  // The top of the IPv4 space does not wrap into negative numbers.
  assert.deepEqual(cidrSubnets(cidr('255.255.255.0/24'), 2, 7)?.map(formatCidr), ['255.255.255.0/25', '255.255.255.128/25']);
});

test('Fn::Cidr calls CloudFormation rejects give nothing', () => {
  assert.equal(cidrSubnets(cidr('10.0.0.0/24'), 5, 6), undefined, 'only four /26 fit in a /24');
  assert.equal(cidrSubnets(cidr('10.0.0.0/24'), 1, 9), undefined, 'a /23 does not fit in a /24');
  assert.equal(cidrSubnets(cidr('10.0.0.0/16'), 0, 8), undefined);
  assert.equal(cidrSubnets(cidr('10.0.0.0/8'), 257, 8), undefined, 'at most 256 blocks');
  assert.equal(cidrSubnets(cidr('10.0.0.0/16'), 2, 33), undefined);
  assert.equal(cidrSubnets(cidr('10.0.0.0/16'), 2, -1), undefined);
  assert.equal(cidrSubnets(cidr('10.0.0.0/16'), 1.5, 8), undefined);
});
