import type { CfnRule } from '../types';
import { allTrafficFindings, defaultNote, subject } from './ingress';

const ID = 'sg-all-traffic-open-to-world';

/** What a group open to all traffic exposes, for the template's findings and the live scan's. */
export const ALL_TRAFFIC_CONSEQUENCE = 'so every port of whatever uses this group (instances, load balancers, databases) is reachable from the internet';

export const sgAllTrafficOpenToWorld: CfnRule = {
  meta: {
    id: ID,
    title: 'Security group allows all traffic from the internet',
    severity: 'error',
    fix: 'none',
    e8: ['+NET'],
    anchors: ['W2', 'F1000', 'W42'],
    language: 'cloudformation',
    docs: {
      what:
        'A security group ingress rule (inline or a separate `AWS::EC2::SecurityGroupIngress`) with `IpProtocol: -1` (also ' +
        'written `"-1"` or `all`) from `0.0.0.0/0` or `::/0` (any /0): every protocol and every port, whatever `FromPort` and ' +
        '`ToPort` say. Such a rule is reported here only, not also by `sg-db-port-open-to-world` and ' +
        '`sg-admin-port-open-to-world`, so one line gives one finding. A TCP rule over ports 0-65535 is reported by those two ' +
        'rules instead, naming the ports it includes.',
      why:
        'Every service listening on the instances behind the group, including ones nobody meant to publish (a debug port, a ' +
        'metrics endpoint, a database on its default port), is then reachable from the whole internet over any protocol. The ' +
        'security group stops being a firewall.',
      fix:
        'Replace the rule with rules for the protocols and ports the service needs (for a web server, TCP 443), and reach ' +
        'everything else through a load balancer, Session Manager or a VPN. Traffic between members of a group is better ' +
        'allowed with `SourceSecurityGroupId` than with a wide CIDR. There is no quick fix: which ports are needed is for you to decide.',
      bad:
        'Open:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: web\n    SecurityGroupIngress:\n' +
        '      - IpProtocol: -1\n        CidrIp: 0.0.0.0/0',
      good:
        'Web:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: web\n    SecurityGroupIngress:\n' +
        '      - IpProtocol: tcp\n        FromPort: 443\n        ToPort: 443\n        CidrIp: 0.0.0.0/0',
    },
  },
  check({ template }) {
    return allTrafficFindings(template).map((exposure) => {
      const { who, cidr } = subject(exposure);
      return {
        ruleId: ID,
        ...exposure.range,
        message: `${who} allows all traffic (every protocol and port)${defaultNote(exposure.ruleParams)} from ${cidr}, ${ALL_TRAFFIC_CONSEQUENCE}.`,
        resource: exposure.rule.resource.logicalId,
      };
    });
  },
};
