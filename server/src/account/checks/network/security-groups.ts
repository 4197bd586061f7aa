// EC2 security groups, one state per group: its inbound permissions as DescribeSecurityGroups
// gives them. Only address-range sources are kept: a rule from another security group or a
// prefix list is not open to the internet, whatever its ports.
import { DescribeSecurityGroupsCommand, EC2Client, type IpPermission, type SecurityGroup } from '@aws-sdk/client-ec2';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { tagRecord } from '../../scan/tags';

/** One inbound permission: a protocol and port range, with the address ranges it admits. */
export interface IngressPermission {
  /** `IpProtocol` as EC2 answers it: `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number. */
  readonly protocol: string;
  /** `FromPort` and `ToPort`; absent for all traffic (and an ICMP type and code for ICMP). */
  readonly fromPort: number | null;
  readonly toPort: number | null;
  /** `IpRanges[].CidrIp` and `Ipv6Ranges[].CidrIpv6`. */
  readonly cidrs: readonly string[];
}

export interface SecurityGroupState extends LiveState {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string | null;
  /** Inbound permissions with at least one address range. */
  readonly ingress: readonly IngressPermission[];
}

const SG_RULES = ['sg-db-port-open-to-world', 'sg-admin-port-open-to-world', 'sg-all-traffic-open-to-world'] as const;

function permission(p: IpPermission): IngressPermission {
  const cidrs = [...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)];
  return {
    protocol: p.IpProtocol ?? '',
    fromPort: p.FromPort ?? null,
    toPort: p.ToPort ?? null,
    cidrs: cidrs.filter((c): c is string => typeof c === 'string' && c !== ''),
  };
}

function groupState(ctx: Pick<ScanContext, 'partition' | 'region' | 'account'>, group: SecurityGroup): SecurityGroupState | undefined {
  const id = group.GroupId;
  if (!id) return undefined;
  const tags = tagRecord(group.Tags);
  return {
    ref: {
      arn: `arn:${ctx.partition}:ec2:${ctx.region}:${group.OwnerId ?? ctx.account}:security-group/${id}`,
      name: id,
      region: ctx.region,
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    },
    groupId: id,
    groupName: group.GroupName ?? '',
    vpcId: group.VpcId ?? null,
    ingress: (group.IpPermissions ?? []).map(permission).filter((p) => p.cidrs.length > 0),
  };
}

export const securityGroupsCollector: Collector = {
  title: 'EC2 security groups',
  scope: 'regional',
  rules: SG_RULES,
  async collect(ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const pages = ctx.pages(
      'ec2:DescribeSecurityGroups',
      `security groups in ${ctx.region}`,
      (token, o) => ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }), o),
      (page) => page.NextToken || undefined,
    );
    for await (const page of pages) {
      for (const group of page.SecurityGroups ?? []) {
        const state = groupState(ctx, group);
        if (state) ctx.evaluate('security-group', state);
      }
    }
  },
};
