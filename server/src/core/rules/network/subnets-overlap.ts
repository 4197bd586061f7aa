import { asString, get } from '../../cfn/model';
import type { Resource, Template } from '../../cfn/template';
import { addressBits, networkOf, overlaps, type Cidr } from '../../net/cidr';
import type { CfnRule, CheckFinding } from '../types';
import { pairRange } from '../data/util';
import { cidrList, defaultsNote, SUBNET, subnetBlock, vpcKey, type Family, type SubnetBlock } from './subnets';

const ID = 'subnets-overlap';

/** Subnets under two different conditions may never exist together: not judged. */
function mayCoexist(a: Resource, b: Resource): boolean {
  const ca = asString(get(a.node, 'Condition'));
  const cb = asString(get(b.node, 'Condition'));
  return ca === undefined || cb === undefined || ca === cb;
}

/** `VPC Vpc` for a VPC of the template or a literal id; `the VPC named by X` for a parameter or import. */
function vpcLabel(template: Template, key: string): string {
  const name = key.slice(key.indexOf(':') + 1);
  return key.startsWith('id:') || template.byId.has(name) ? `VPC ${name}` : `the VPC named by ${name}`;
}

export const subnetsOverlap: CfnRule = {
  meta: {
    id: ID,
    title: 'Two subnets of one VPC overlap',
    severity: 'error',
    fix: 'none',
    e8: ['+NET'],
    anchors: ['E3060'],
    language: 'cloudformation',
    docs: {
      what:
        'Two `AWS::EC2::Subnet` resources in the same VPC (the same `VpcId` reference or literal id) whose `CidrBlock`s, or ' +
        '`Ipv6CidrBlock`s, share addresses. Blocks are read as `subnet-outside-vpc` reads them (literals, parameter defaults, ' +
        '`!Select`/`!Cidr` over the VPC\'s block). Each pair is reported once, on the subnet written later, naming the earlier ' +
        'one. Subnets under two different `Condition`s are not compared, since they may never exist together.',
      why:
        'EC2 refuses to create a subnet that overlaps another in the VPC, so the stack fails at deployment; which of the two ' +
        'fails depends on the order CloudFormation happens to create them. It usually means an index in `!Select` was copied ' +
        'without being changed, or a hand-written addressing plan went out of step.',
      fix:
        'Give each subnet its own block. Computing them with `!Select [i, !Cidr [!GetAtt Vpc.CidrBlock, count, bits]]` with ' +
        'distinct indexes makes overlaps impossible. There is no quick fix: which subnet should move is for you to decide.',
      bad:
        'A:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.0.0/23\n' +
        'B:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.1.0/24',
      good:
        'A:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.0.0/24\n' +
        'B:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.1.0/24',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    // Each subnet's VPC and blocks are read once; the pairs come from a sweep, not every pair.
    const subnets: Subnet[] = template.resources
      .filter((r) => r.type === SUBNET)
      .map((resource) => ({ resource, key: vpcKey(resource), 4: subnetBlock(template, resource, 4), 6: subnetBlock(template, resource, 6) }));
    const reported = new Set<string>();
    const pairs: Array<{ i: number; j: number; family: Family }> = [];
    // IPv4 first: a pair that overlaps in both families is one finding, about IPv4.
    for (const family of [4, 6] as Family[]) {
      for (const [i, j] of overlappingPairs(subnets, family)) {
        const id = `${i} ${j}`;
        if (reported.has(id) || !mayCoexist(subnets[i]!.resource, subnets[j]!.resource)) continue;
        reported.add(id);
        pairs.push({ i, j, family });
      }
    }
    pairs.sort((x, y) => x.j - y.j || x.i - y.i);
    for (const { i, j, family } of pairs) {
      const earlier = subnets[i]!;
      const later = subnets[j]!;
      const a = earlier[family]!;
      const b = later[family]!;
      out.push({
        ruleId: ID,
        ...pairRange(template.doc.text, b.pair),
        message:
          `Subnet ${later.resource.logicalId} (${cidrList(b.alternatives)}) overlaps subnet ${earlier.resource.logicalId} (${cidrList(a.alternatives)}) ` +
          `in ${vpcLabel(template, later.key!)}, so EC2 refuses to create one of them${defaultsNote([...a.alternatives, ...b.alternatives])}.`,
        resource: later.resource.logicalId,
      });
    }
    return out;
  },
};

interface Subnet {
  readonly resource: Resource;
  readonly key: string | undefined;
  readonly 4: SubnetBlock | undefined;
  readonly 6: SubnetBlock | undefined;
}

/** The first and last address of a block, as one number type per family. */
function span(cidr: Cidr): { first: bigint; last: bigint } {
  const network = networkOf(cidr);
  const bits = addressBits(cidr);
  const first = BigInt(network.address);
  return { first, last: first + (1n << BigInt(bits - cidr.prefix)) - 1n };
}

/**
 * The pairs `[earlier, later]` (indexes in template order) of subnets in one VPC whose blocks of
 * `family` overlap in every combination of their `Fn::If` alternatives. Two CIDR blocks overlap
 * only when one contains the other, so after sorting by first address a block overlaps exactly
 * the blocks still open around it: a sweep with a stack finds every pair without comparing all.
 */
function overlappingPairs(subnets: readonly Subnet[], family: Family): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const byVpc = new Map<string, number[]>();
  subnets.forEach((s, index) => {
    if (s.key === undefined || !s[family]) return;
    const list = byVpc.get(s.key);
    if (list) list.push(index);
    else byVpc.set(s.key, [index]);
  });
  const ordered = (x: number, y: number): [number, number] => (x < y ? [x, y] : [y, x]);
  for (const members of byVpc.values()) {
    const single = members.filter((m) => subnets[m]![family]!.alternatives.length === 1);
    const several = members.filter((m) => subnets[m]![family]!.alternatives.length > 1);
    const spans = single
      .map((m) => ({ m, ...span(subnets[m]![family]!.alternatives[0]!.value) }))
      .sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : x.last > y.last ? -1 : x.last < y.last ? 1 : x.m - y.m));
    const open: typeof spans = [];
    for (const current of spans) {
      while (open.length > 0 && open[open.length - 1]!.last < current.first) open.pop();
      for (const outer of open) out.push(ordered(outer.m, current.m));
      open.push(current);
    }
    // Subnets with Fn::If alternatives are few: each is compared with every other member.
    for (const m of several) {
      const a = subnets[m]![family]!;
      for (const n of members) {
        if (n === m || (several.includes(n) && n < m)) continue;
        const b = subnets[n]![family]!;
        if (a.alternatives.every((x) => b.alternatives.every((y) => overlaps(x.value, y.value)))) out.push(ordered(m, n));
      }
    }
  }
  return out;
}
