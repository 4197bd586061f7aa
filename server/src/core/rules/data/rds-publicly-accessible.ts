import { replaceScalar } from '../../cfn/edit';
import { getPair } from '../../cfn/model';
import type { CfnRule, CheckFinding } from '../types';
import { isTrue, literal } from '../../cfn/template';
import { badProperty, resourceRange } from './util';

/** Both carry `PubliclyAccessible`: instances, and Multi-AZ DB clusters. */
const TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'DB instance',
  'AWS::RDS::DBCluster': 'DB cluster',
};

export const rdsPubliclyAccessible: CfnRule = {
  meta: {
    id: 'rds-publicly-accessible',
    title: 'RDS database publicly accessible',
    severity: 'error',
    fix: 'unsafe',
    e8: ['+NET'],
    anchors: ['F22', 'CKV_AWS_17', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'RDS.2'],
    language: 'cloudformation',
    docs: {
      what: 'An `AWS::RDS::DBInstance` or `AWS::RDS::DBCluster` with `PubliclyAccessible: true`.',
      why:
        'A publicly accessible database gets a DNS name that resolves to a public IP address, so with a permissive security ' +
        'group or network ACL it can be reached from the whole internet, where its login is exposed to password guessing and ' +
        'to any unpatched flaw in the engine. Databases belong in private subnets, reached through the application, a ' +
        'bastion or a VPN.',
      fix:
        'Set `PubliclyAccessible: false`. The quick fix does that and is unsafe: anything that reaches the database over the ' +
        'internet (a developer laptop, a service outside the VPC, a third-party tool) loses its connection once the endpoint ' +
        'resolves to a private address. Give those clients a path into the VPC first. On an `AWS::RDS::DBCluster` the ' +
        'setting can only be chosen at creation, so CloudFormation replaces the cluster with a new, empty one: snapshot it ' +
        'and restore with `SnapshotIdentifier`, or keep the cluster and close it with security groups instead.',
      bad: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: mysql\n    PubliclyAccessible: true',
      good: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: mysql\n    PubliclyAccessible: false',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      const kind = TYPES[resource.type];
      if (!kind || !badProperty(resource, ['PubliclyAccessible'], isTrue)) continue;
      const pair = getPair(resource.properties, 'PubliclyAccessible');
      const scalar = literal(pair?.value);
      const id = resource.logicalId;
      out.push({
        ruleId: 'rds-publicly-accessible',
        ...resourceRange(template.doc.text, resource, ['PubliclyAccessible']),
        message: `${kind} ${id} is publicly accessible, so its endpoint can be reached from the internet wherever its security groups allow.`,
        resource: id,
        fix: {
          title:
            resource.type === 'AWS::RDS::DBCluster'
              ? `Make ${kind} ${id} private (replaces the cluster; clients outside the VPC lose access)`
              : `Make ${kind} ${id} private (clients outside the VPC lose access)`,
          safety: 'unsafe',
          edits: () => (scalar && isTrue(scalar) ? [replaceScalar(template.doc, scalar, false)] : null),
        },
      });
    }
    return out;
  },
};
