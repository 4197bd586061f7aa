import type { CfnRule } from '../types';
import { ADMIN_PORTS, portFindings, portPhrase, subject } from './ingress';

const ID = 'sg-admin-port-open-to-world';

/** What an open administration port lets anyone do, for the template's findings and the live scan's. */
export const ADMIN_CONSEQUENCE = 'so anyone on the internet can try to log in or exploit the remote administration service';

export const sgAdminPortOpenToWorld: CfnRule = {
  meta: {
    id: ID,
    title: 'Security group opens a remote administration port to the internet',
    severity: 'warning',
    fix: 'none',
    e8: ['RAP', '+NET'],
    anchors: ['CKV_AWS_24', 'CKV_AWS_25'],
    language: 'cloudformation',
    docs: {
      what:
        'A security group ingress rule (inline in `AWS::EC2::SecurityGroup` or a separate `AWS::EC2::SecurityGroupIngress`) from ' +
        '`0.0.0.0/0` or `::/0` (any /0) whose TCP port range covers SSH 22, RDP 3389 or WinRM 5985/5986. UDP rules count for RDP ' +
        '3389 only, since RDP also carries sessions over UDP on that port. A range covering several is reported once; a rule with ' +
        '`IpProtocol: -1` is left to `sg-all-traffic-open-to-world`. A parameter\'s literal `Default` (the common ' +
        '`SSHLocation: 0.0.0.0/0`) is read as its value, and the message says so.',
      why:
        'SSH, RDP and WinRM open to the internet are brute-forced around the clock, and every vulnerability in the service or ' +
        'its authentication (BlueKeep in RDP, regreSSHion in OpenSSH) is exploitable from anywhere before a patch lands. ' +
        'Administrative access should come through a path that is itself authenticated and logged.',
      fix:
        'Use Systems Manager Session Manager (no inbound port at all), EC2 Instance Connect Endpoint, or a bastion or VPN; ' +
        'otherwise allow the port only from your administrators\' address ranges or a managed prefix list. There is no quick ' +
        'fix: which addresses administrators use is for you to decide.',
      bad:
        'Bastion:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: ssh\n    SecurityGroupIngress:\n' +
        '      - IpProtocol: tcp\n        FromPort: 22\n        ToPort: 22\n        CidrIp: 0.0.0.0/0',
      good:
        'Bastion:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: ssh\n    SecurityGroupIngress:\n' +
        '      - IpProtocol: tcp\n        FromPort: 22\n        ToPort: 22\n        SourcePrefixListId: !Ref AdminPrefixList',
    },
  },
  check({ template }) {
    return portFindings(template, ADMIN_PORTS).map(({ exposure, ports }) => {
      const { who, cidr } = subject(exposure);
      return {
        ruleId: ID,
        ...exposure.range,
        message: `${who} allows ${cidr} to ${portPhrase(exposure, ports, ADMIN_PORTS, 'administration')}, ${ADMIN_CONSEQUENCE}.`,
        resource: exposure.rule.resource.logicalId,
      };
    });
  },
};
