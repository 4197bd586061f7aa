// subnets-overlap finds its pairs with a sweep rather than by comparing every two subnets: on
// seeded random addressing plans it must report exactly the pairs a comparison of all pairs finds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { allRules } from '../../server/src/core/rules/registry';
import { overlaps, parseCidr } from '../../server/src/core/net/cidr';
import { identicalSubnets } from '../helpers/hostile';

const ONLY = Object.fromEntries(allRules.filter((r) => r.id !== 'subnets-overlap').map((r) => [r.id, 'off' as const]));

test('the sweep finds for each subnet the same overlaps as comparing every pair', () => {
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
    // One finding per subnet that overlaps an earlier one: the first it overlaps, and how many others.
    const expected: string[] = [];
    subnets.forEach((later, j) => {
      const partners = subnets.filter((other, i) => i !== j && other.vpc === later.vpc && overlaps(parseCidr(other.text)!, parseCidr(later.text)!));
      const first = subnets.indexOf(partners[0]!);
      if (partners.length > 0 && first < j) expected.push(`${later.id}~${partners[0]!.id}~${partners.length - 1}`);
      pairs += subnets.slice(0, j).filter((p) => partners.includes(p)).length;
    });
    const found = analyzeText(`${lines.join('\n')}\n`, { severities: ONLY }).findings.map((f) => {
      const m = /^Subnet (\S+) \(.*\) overlaps subnet (\S+) \([^)]*\)(?: and (\d+) other subnets?)? in /.exec(f.message)!;
      return `${m[1]}~${m[2]}~${m[3] ?? 0}`;
    });
    assert.deepEqual([...found].sort(), [...expected].sort(), `round ${round}`);
  }
  // The plans are dense enough that overlaps, nested ones included, are common.
  assert.ok(pairs > 100, `only ${pairs} overlapping pairs were generated`);
});

test('2,000 identical subnets give one finding each, naming the first and counting the others', () => {
  const findings = analyzeText(identicalSubnets(2000), { severities: ONLY }).findings;
  assert.equal(findings.length, 1999);
  assert.match(findings[0]!.message, /^Subnet Subnet1 \(10\.0\.0\.0\/24\) overlaps subnet Subnet0 \(10\.0\.0\.0\/24\) and 1998 other subnets in VPC Vpc,/);
  assert.match(findings[1998]!.message, /^Subnet Subnet1999 .* overlaps subnet Subnet0 .* and 1998 other subnets in /);
});

test('subnets under different conditions are not counted against each other, but against an unconditioned one', () => {
  const subnet = (id: string, condition?: string): string[] => [
    `  ${id}:`,
    '    Type: AWS::EC2::Subnet',
    ...(condition ? [`    Condition: ${condition}`] : []),
    '    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}',
  ];
  const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', ...subnet('A', 'One'), ...subnet('B', 'Two'), ...subnet('C', 'One'), ...subnet('D')].join('\n');
  const messages = analyzeText(`${text}\n`, { severities: ONLY }).findings.map((f) => f.message.replace(/ \(10[^)]*\)/g, '').replace(/ in (the )?VPC.*/, ''));
  assert.deepEqual(messages, ['Subnet C overlaps subnet A and 1 other subnet', 'Subnet D overlaps subnet A and 2 other subnets']);
});
