import { get } from '../../cfn/model';
import { refName } from '../../cfn/refs';
import type { Template } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { HOSTED_ZONE, isPublicZone, zoneName } from './hosted-zone';
import { branches } from './iam';

const ID = 'route53-dnssec-off';

/**
 * The zones that DNSSEC resources sign, by logical id, or undefined when one of them names its zone
 * in a way that cannot be matched (a literal id, a parameter, an import): it could be any zone.
 */
function signedZones(template: Template): Set<string> | undefined {
  const signed = new Set<string>();
  for (const dnssec of template.resources) {
    if (dnssec.type !== 'AWS::Route53::DNSSEC') continue;
    if (dnssec.propertiesPair?.value && !dnssec.properties) return undefined;
    const ids = branches(get(dnssec.properties, 'HostedZoneId'));
    for (const id of ids) {
      // `!Ref Zone`, `!GetAtt Zone.Id` and `${Zone}` in either form all name the zone's logical id.
      const name = refName(id);
      const target = name !== undefined ? template.byId.get(name) : undefined;
      if (target?.type !== HOSTED_ZONE) return undefined;
      signed.add(target.logicalId);
    }
  }
  return signed;
}

export const route53DnssecOff: CfnRule = {
  meta: {
    id: ID,
    title: 'Public hosted zone without DNSSEC signing',
    severity: 'information',
    fix: 'none',
    e8: ['+DNS'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'A public `AWS::Route53::HostedZone` for which the template has no `AWS::Route53::DNSSEC` resource. When a DNSSEC ' +
        'resource names its zone by a literal id, a parameter or an import, it could be any zone\'s, and no zone is reported.',
      why:
        'Without DNSSEC a resolver cannot tell a genuine answer from a forged one, so cache poisoning or an attacker on the ' +
        'network path can send users, mail and certificate validation to their own servers. Signing lets validating resolvers, ' +
        'which most large public resolvers are, reject forged answers.',
      fix:
        'Add an `AWS::Route53::KeySigningKey` (backed by an asymmetric ECC_NIST_P256 KMS key in us-east-1) and an ' +
        '`AWS::Route53::DNSSEC` resource for the zone, then publish the DS record at the parent zone or registrar. There is ' +
        'no quick fix: the DS record is outside the template, and a mistake in the chain makes the domain fail to resolve ' +
        'for validating resolvers, so roll it out with care (low TTLs first).',
      bad: 'Zone:\n  Type: AWS::Route53::HostedZone\n  Properties:\n    Name: example.com',
      good:
        'Zone:\n  Type: AWS::Route53::HostedZone\n  Properties:\n    Name: example.com\nZoneSigning:\n  Type: AWS::Route53::DNSSEC\n' +
        '  DependsOn: ZoneKsk\n  Properties:\n    HostedZoneId: !Ref Zone',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    const signed = signedZones(template);
    // A Fn::ForEach loop may generate the DNSSEC resource.
    if (!signed || template.generatesResources) return out;
    for (const zone of template.resources) {
      if (zone.type !== HOSTED_ZONE || !isPublicZone(zone) || signed.has(zone.logicalId)) continue;
      out.push({
        ruleId: ID,
        start: zone.idStart,
        end: zone.idEnd,
        message: `Public hosted zone ${zoneName(zone)} has no DNSSEC resource signing it, so resolvers cannot detect forged answers for its names.`,
        resource: zone.logicalId,
      });
    }
    return out;
  },
};
