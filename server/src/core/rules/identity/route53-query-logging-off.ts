import { getPair } from '../../cfn/model';
import { everyBranch } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { HOSTED_ZONE, isPublicZone, zoneName } from './hosted-zone';

const ID = 'route53-query-logging-off';

export const route53QueryLoggingOff: CfnRule = {
  meta: {
    id: ID,
    title: 'Public hosted zone without DNS query logging',
    severity: 'information',
    fix: 'none',
    e8: ['+LOG'],
    anchors: ['Route53.2'],
    language: 'cloudformation',
    docs: {
      what: 'A public `AWS::Route53::HostedZone` (one without `VPCs`) that has no `QueryLoggingConfig`.',
      why:
        'Query logs show which names of the domain are looked up, from where and how often: the evidence for spotting ' +
        'subdomain enumeration, a name that should no longer exist still being used, or a domain used for data exfiltration ' +
        'or command and control over DNS. Route53 keeps no such record unless the zone sends it to CloudWatch Logs.',
      fix:
        'Create an `AWS::Logs::LogGroup` in us-east-1 (Route53 only writes query logs there) with a retention, an ' +
        '`AWS::Logs::ResourcePolicy` that lets `route53.amazonaws.com` write to it, and set the zone\'s ' +
        '`QueryLoggingConfig.CloudWatchLogsLogGroupArn` to the group\'s ARN. There is no quick fix: the log group must be in ' +
        'us-east-1, which is often another stack.',
      bad: 'Zone:\n  Type: AWS::Route53::HostedZone\n  Properties:\n    Name: example.com',
      good:
        'Zone:\n  Type: AWS::Route53::HostedZone\n  Properties:\n    Name: example.com\n    QueryLoggingConfig:\n' +
        '      CloudWatchLogsLogGroupArn: !GetAtt ZoneQueryLogs.Arn',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const zone of template.resources) {
      if (zone.type !== HOSTED_ZONE || !isPublicZone(zone)) continue;
      // Logging written in any branch, or behind an intrinsic, may be on: only its absence everywhere is reported.
      const logging = getPair(zone.properties, 'QueryLoggingConfig')?.value;
      if (!everyBranch(logging, (n) => n === null || (n.kind === 'scalar' && n.value === null))) continue;
      out.push({
        ruleId: ID,
        start: zone.idStart,
        end: zone.idEnd,
        message: `Public hosted zone ${zoneName(zone)} has no QueryLoggingConfig, so the DNS queries it answers leave no record.`,
        resource: zone.logicalId,
      });
    }
    return out;
  },
};
