// subnets-overlap finds its pairs with a sweep rather than by comparing every two subnets: on
// seeded random addressing plans it must report exactly the pairs a comparison of all pairs finds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { allRules } from '../../server/src/core/rules/registry';
import { overlaps, parseCidr } from '../../server/src/core/net/cidr';

const ONLY = Object.fromEntries(allRules.filter((r) => r.id !== 'subnets-overlap').map((r) => [r.id, 'off' as const]));

test('the sweep reports the same pairs as comparing every pair', () => {
  let seed = 11;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let pairs = 0;
  for (let round = 0; round < 40; round++) {
    const count = 2 + random(40);
    const subnets = Array.from({ length: count }, (_, i) => {
      const prefix = 20 + random(9);
      const size = 2 ** (32 - prefix);
      const address = 0x0a000000 + Math.floor(random(1 << 8) * 256 / size) * size;
      const text = `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/${prefix}`;
      // Two VPCs, so pairs across VPCs must not count.
      return { id: `Subnet${i}`, vpc: random(2) === 0 ? 'VpcA' : 'VpcB', text };
    });
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
    for (const s of subnets) lines.push(`  ${s.id}:`, '    Type: AWS::EC2::Subnet', '    Properties:', `      VpcId: !Ref ${s.vpc}`, `      CidrBlock: ${s.text}`);
    const expected: string[] = [];
    subnets.forEach((later, j) =>
      subnets.slice(0, j).forEach((earlier) => {
        if (earlier.vpc === later.vpc && overlaps(parseCidr(earlier.text)!, parseCidr(later.text)!)) expected.push(`${later.id}~${earlier.id}`);
      }),
    );
    const found = analyzeText(`${lines.join('\n')}\n`, { severities: ONLY }).findings.map((f) => {
      const m = /^Subnet (\S+) \(.*\) overlaps subnet (\S+) /.exec(f.message)!;
      return `${m[1]}~${m[2]}`;
    });
    assert.deepEqual([...found].sort(), [...expected].sort(), `round ${round}`);
    pairs += expected.length;
  }
  // The plans are dense enough that overlaps, nested ones included, are common.
  assert.ok(pairs > 100, `only ${pairs} overlapping pairs were generated`);
});
