import { asString, get } from '../../cfn/model';
import type { Resource, Template } from '../../cfn/template';
import { overlaps } from '../../net/cidr';
import type { CfnRule, CheckFinding } from '../types';
import { pairRange } from '../data/util';
import { cidrList, defaultsNote, SUBNET, subnetBlock, vpcKey, type Family } from './subnets';

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
    // Each subnet's VPC and blocks are read once; the pairs are then compared.
    const subnets = template.resources
      .filter((r) => r.type === SUBNET)
      .map((resource) => ({ resource, key: vpcKey(resource), 4: subnetBlock(template, resource, 4), 6: subnetBlock(template, resource, 6) }));
    for (let j = 1; j < subnets.length; j++) {
      const later = subnets[j]!.resource;
      const key = subnets[j]!.key;
      if (key === undefined) continue;
      for (let i = 0; i < j; i++) {
        const earlier = subnets[i]!.resource;
        if (subnets[i]!.key !== key || !mayCoexist(earlier, later)) continue;
        for (const family of [4, 6] as Family[]) {
          const a = subnets[i]![family];
          const b = subnets[j]![family];
          // Every combination of `Fn::If` alternatives must overlap.
          if (!a || !b || !b.alternatives.every((x) => a.alternatives.every((y) => overlaps(x.value, y.value)))) continue;
          out.push({
            ruleId: ID,
            ...pairRange(template.doc.text, b.pair),
            message:
              `Subnet ${later.logicalId} (${cidrList(b.alternatives)}) overlaps subnet ${earlier.logicalId} (${cidrList(a.alternatives)}) ` +
              `in ${vpcLabel(template, key)}, so EC2 refuses to create one of them${defaultsNote([...a.alternatives, ...b.alternatives])}.`,
            resource: later.logicalId,
          });
          // One finding per pair: an IPv6 overlap as well adds nothing to fix.
          break;
        }
      }
    }
    return out;
  },
};
