import { formatCidr } from '../../net/cidr';
import type { CfnRule, CheckFinding } from '../types';
import { pairRange } from '../data/util';
import { cidrList, defaultsNote, insideAny, SUBNET, subnetBlock, vpcBlocks, vpcOf, type Family } from './subnets';

const ID = 'subnet-outside-vpc';

export const subnetOutsideVpc: CfnRule = {
  meta: {
    id: ID,
    title: 'Subnet block outside its VPC',
    severity: 'error',
    fix: 'none',
    e8: ['+NET'],
    anchors: ['E3059'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::EC2::Subnet` whose `CidrBlock` (or `Ipv6CidrBlock`) is not inside any block of the VPC it names with ' +
        '`VpcId: !Ref Vpc` or `!GetAtt Vpc.VpcId`: the VPC\'s `CidrBlock` and the `AWS::EC2::VPCCidrBlock` associations of the ' +
        'same VPC. Blocks are read when written as literals, as a parameter\'s literal `Default` (the message says so, since a ' +
        'deployment may pass another value), as `!GetAtt Vpc.CidrBlock`, and as `!Select [i, !Cidr [block, count, bits]]` over ' +
        'those. A VPC with a block the template cannot compute (IPAM pools, Amazon-provided IPv6, other intrinsics) is not judged.',
      why:
        'EC2 refuses to create a subnet outside its VPC\'s address space, so the stack fails and rolls back at deployment, ' +
        'usually after a secondary block was removed or a VPC range changed without its subnets. Catching it in the editor ' +
        'saves a failed deployment and keeps the addressing plan honest.',
      fix:
        'Give the subnet a block inside the VPC\'s range, preferably computed with `!Select [i, !Cidr [!GetAtt Vpc.CidrBlock, count, bits]]` ' +
        'so the two cannot drift apart, or add the missing range to the VPC with an `AWS::EC2::VPCCidrBlock` (and make the ' +
        'subnet depend on it). There is no quick fix: which block the subnet should have is a design decision.',
      bad:
        'Vpc:\n  Type: AWS::EC2::VPC\n  Properties:\n    CidrBlock: 10.0.0.0/16\nApp:\n  Type: AWS::EC2::Subnet\n  Properties:\n' +
        '    VpcId: !Ref Vpc\n    CidrBlock: 10.1.0.0/24',
      good:
        'Vpc:\n  Type: AWS::EC2::VPC\n  Properties:\n    CidrBlock: 10.0.0.0/16\nApp:\n  Type: AWS::EC2::Subnet\n  Properties:\n' +
        '    VpcId: !Ref Vpc\n    CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const subnet of template.resources) {
      if (subnet.type !== SUBNET) continue;
      const vpc = vpcOf(template, subnet);
      if (!vpc) continue;
      for (const family of [4, 6] as Family[]) {
        const own = subnetBlock(template, subnet, family);
        if (!own) continue;
        const { blocks, unknown } = vpcBlocks(template, vpc, family);
        // Reported only when every alternative is outside and the VPC holds no block the template cannot show.
        if (unknown || own.alternatives.some((a) => insideAny(blocks, a.value))) continue;
        const range = blocks.length > 0 ? `VPC ${vpc.logicalId} (${cidrList(blocks, ', ')})` : `VPC ${vpc.logicalId}, which has no IPv${family} block`;
        const value = own.alternatives.length === 1 ? formatCidr(own.alternatives[0]!.value) : cidrList(own.alternatives);
        out.push({
          ruleId: ID,
          ...pairRange(template.doc.text, own.pair),
          message: `Subnet ${subnet.logicalId} has ${own.pair.key} ${value}, outside ${range}, so EC2 refuses to create it${defaultsNote([...own.alternatives, ...blocks])}.`,
          resource: subnet.logicalId,
        });
      }
    }
    return out;
  },
};
