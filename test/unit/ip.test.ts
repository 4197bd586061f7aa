// The hand-written address readers against Node's own (net.isIP, which follows inet_pton except
// for a `%zone` suffix) on fixed cases and seeded random strings built from address characters.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import { ipv4Number, ipv6Groups, isIpv4, isIpv6 } from '../../server/src/core/net/ip';

test('dotted quads: values, leading zeros, ranges and shapes', () => {
  assert.equal(ipv4Number('10.0.0.196'), 0x0a0000c4);
  assert.equal(ipv4Number('255.255.255.255'), 0xffffffff);
  assert.equal(ipv4Number('0.0.0.0'), 0);
  for (const bad of ['010.0.0.1', '256.0.0.1', '1.2.3', '1.2.3.4.5', '1..2.3', '1.2.3.', '.1.2.3', '1.2.3.4 ', '', '1.2.3.a', '1234.1.1.1']) {
    assert.equal(isIpv4(bad), false, bad);
  }
});

test('IPv6 groups: compression, IPv4 tails and bad forms', () => {
  assert.deepEqual(ipv6Groups('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(ipv6Groups('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(ipv6Groups('::ffff:192.0.2.1'), [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
  assert.deepEqual(ipv6Groups('fe80::'), [0xfe80, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(ipv6Groups('1:2:3:4:5:6:7:8'), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '1:', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7::8', 'g::', '::1.2.3', '1.2.3.4::', ':']) {
    assert.equal(isIpv6(bad), false, bad);
  }
});

test('both readers agree with node:net on 20,000 seeded random strings', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const v4 = '0123456789.';
  const v6 = '0123456789abcdefABCDEF:.';
  for (let k = 0; k < 20_000; k++) {
    const alphabet = k % 2 === 0 ? v4 : v6;
    let s = '';
    const length = 1 + random(k % 2 === 0 ? 16 : 40);
    for (let i = 0; i < length; i++) s += alphabet[random(alphabet.length)];
    assert.equal(isIpv4(s), isIP(s) === 4, `IPv4 ${s}`);
    assert.equal(isIpv6(s), isIP(s) === 6, `IPv6 ${s}`);
  }
  // Mostly valid shapes: real addresses with one character changed.
  for (let k = 0; k < 5_000; k++) {
    const groups = Array.from({ length: 8 }, () => random(65536).toString(16));
    const cut = random(8);
    let s = random(3) === 0 ? `${groups.slice(0, cut).join(':')}::${groups.slice(cut + 1 + random(7 - cut)).join(':')}` : groups.join(':');
    if (random(2) === 0) s = s.slice(0, random(s.length)) + v6[random(v6.length)] + s.slice(random(s.length));
    assert.equal(isIpv6(s), isIP(s) === 6, `IPv6 ${s}`);
  }
});
