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
        '`!Select`/`!Cidr` over the VPC\'s block). Each subnet that overlaps one written before it is reported once, naming the ' +
        'first subnet it overlaps and how many others it overlaps. Subnets under two different `Condition`s are not compared, ' +
        'since they may never exist together.',
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
    // Each subnet's VPC and blocks are read once; its overlaps come from a sweep, not every pair.
    const subnets: Subnet[] = template.resources
      .filter((r) => r.type === SUBNET)
      .map((resource) => ({ resource, key: vpcKey(resource), 4: subnetBlock(template, resource, 4), 6: subnetBlock(template, resource, 6) }));
    const found: Array<Overlaps | undefined> = [];
    // IPv4 first: a subnet that overlaps in both families is one finding, about IPv4.
    for (const family of [4, 6] as Family[]) {
      overlapsOf(subnets, family).forEach((o, j) => {
        if (!found[j] && o.first < j) found[j] = o;
      });
    }
    found.forEach((o, j) => {
      if (!o) return;
      const earlier = subnets[o.first]!;
      const later = subnets[j]!;
      const a = earlier[o.family]!;
      const b = later[o.family]!;
      const others = o.count - 1;
      out.push({
        ruleId: ID,
        ...pairRange(template.doc.text, b.pair),
        message:
          `Subnet ${later.resource.logicalId} (${cidrList(b.alternatives)}) overlaps subnet ${earlier.resource.logicalId} (${cidrList(a.alternatives)})` +
          `${others > 0 ? ` and ${others} other subnet${others === 1 ? '' : 's'}` : ''} ` +
          `in ${vpcLabel(template, later.key!)}, so EC2 refuses to create one of them${defaultsNote([...a.alternatives, ...b.alternatives])}.`,
        resource: later.resource.logicalId,
      });
    });
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

/** What a subnet overlaps in one family: how many subnets, and the first of them in template order. */
interface Overlaps {
  readonly family: Family;
  count: number;
  first: number;
}

/** Range minimum over a fixed array in O(1) per query after an O(n log n) build. */
function rangeMin(values: readonly number[]): (from: number, to: number) => number {
  const table: number[][] = [[...values]];
  for (let width = 1; width * 2 <= values.length; width *= 2) {
    const prev = table[table.length - 1]!;
    table.push(prev.slice(0, values.length - width * 2 + 1).map((v, i) => Math.min(v, prev[i + width]!)));
  }
  return (from, to) => {
    if (from >= to) return Infinity;
    const level = 31 - Math.clz32(to - from);
    return Math.min(table[level]![from]!, table[level]![to - (1 << level)]!);
  };
}

/**
 * For each subnet (by index in template order), the subnets of its VPC whose blocks of `family`
 * overlap its own in every combination of their `Fn::If` alternatives and that may exist beside
 * it. Two CIDR blocks overlap only when one contains the other, so after sorting by first address
 * a block overlaps the blocks still open around it (a stack, which keeps the smallest index below
 * each entry) and the run of blocks that start inside it (a range of the sorted order, whose
 * smallest index a sparse table gives): each subnet costs log n, however many it overlaps.
 */
function overlapsOf(subnets: readonly Subnet[], family: Family): Map<number, Overlaps> {
  const result = new Map<number, Overlaps>();
  const note = (m: number, count: number, first: number): void => {
    if (count === 0) return;
    const o = result.get(m);
    if (o) {
      o.count += count;
      o.first = Math.min(o.first, first);
    } else result.set(m, { family, count, first });
  };
  const byVpc = new Map<string, number[]>();
  subnets.forEach((s, index) => {
    if (s.key === undefined || !s[family]) return;
    const list = byVpc.get(s.key);
    if (list) list.push(index);
    else byVpc.set(s.key, [index]);
  });
  const condition = (m: number): string | undefined => asString(get(subnets[m]!.resource.node, 'Condition'));
  for (const members of byVpc.values()) {
    const single = members.filter((m) => subnets[m]![family]!.alternatives.length === 1);
    const several = members.filter((m) => subnets[m]![family]!.alternatives.length > 1);
    // A subnet without a condition may exist beside every other; one under a condition beside
    // those without one and those under the same: one sweep for each, answering for its own.
    const unconditioned = single.filter((m) => condition(m) === undefined);
    const byCondition = new Map<string, number[]>();
    for (const m of single) {
      const c = condition(m);
      if (c === undefined) continue;
      const list = byCondition.get(c);
      if (list) list.push(m);
      else byCondition.set(c, [m]);
    }
    sweep(subnets, family, single, new Set(unconditioned), note);
    for (const list of byCondition.values()) sweep(subnets, family, [...unconditioned, ...list], new Set(list), note);
    // Subnets with Fn::If alternatives are few: each is compared with every other member.
    for (const m of several) {
      const a = subnets[m]![family]!;
      for (const n of members) {
        if (n === m || !mayCoexist(subnets[m]!.resource, subnets[n]!.resource)) continue;
        const b = subnets[n]![family]!;
        if (!a.alternatives.every((x) => b.alternatives.every((y) => overlaps(x.value, y.value)))) continue;
        note(m, 1, n);
        if (!several.includes(n)) note(n, 1, m);
      }
    }
  }
  return result;
}

/** One sweep over `members` (single blocks), noting the overlaps of those in `answer`. */
function sweep(subnets: readonly Subnet[], family: Family, members: readonly number[], answer: ReadonlySet<number>, note: (m: number, count: number, first: number) => void): void {
  const spans = members
    .map((m) => ({ m, ...span(subnets[m]![family]!.alternatives[0]!.value) }))
    .sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : x.last > y.last ? -1 : x.last < y.last ? 1 : x.m - y.m));
  const smallest = rangeMin(spans.map((s) => s.m));
  const open: Array<{ last: bigint; min: number }> = [];
  spans.forEach((current, k) => {
    while (open.length > 0 && open[open.length - 1]!.last < current.first) open.pop();
    // The blocks after this one in the sorted order that start inside it lie inside it.
    let end = k + 1;
    let hi = spans.length;
    while (end < hi) {
      const mid = (end + hi) >> 1;
      if (spans[mid]!.first <= current.last) end = mid + 1;
      else hi = mid;
    }
    if (answer.has(current.m)) {
      const below = open.length > 0 ? open[open.length - 1]!.min : Infinity;
      note(current.m, open.length + (end - k - 1), Math.min(below, smallest(k + 1, end)));
    }
    open.push({ last: current.last, min: Math.min(current.m, open.length > 0 ? open[open.length - 1]!.min : Infinity) });
  });
}
