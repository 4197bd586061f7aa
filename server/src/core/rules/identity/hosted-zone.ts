// What both Route53 rules ask of an `AWS::Route53::HostedZone`: whether it is public (no `VPCs`)
// in every branch, and how to name it in a message.
import { asString, get, getPair, type Node } from '../../cfn/model';
import { everyBranch, type Resource } from '../../cfn/template';

export const HOSTED_ZONE = 'AWS::Route53::HostedZone';

/** True when no VPC is attached in any branch: a private zone answers inside its VPCs only. */
export function isPublicZone(zone: Resource): boolean {
  // Properties hidden behind an intrinsic could hold VPCs: such a zone is not judged.
  if (zone.propertiesPair?.value && !zone.properties) return false;
  const vpcs = getPair(zone.properties, 'VPCs')?.value;
  return everyBranch(vpcs, (n: Node | null) => (n === null || (n.kind === 'scalar' && n.value === null) ? true : n.kind === 'seq' ? n.items.length === 0 : 'unknown'));
}

/** "Zone (example.com)" when the name is a literal, else the logical id alone. */
export function zoneName(zone: Resource): string {
  const name = asString(get(zone.properties, 'Name'));
  return name ? `${zone.logicalId} (${name})` : zone.logicalId;
}
