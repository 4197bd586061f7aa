// Subnets and the VPCs they belong to, for `subnet-outside-vpc` and `subnets-overlap`: which VPC a
// subnet names, the blocks a VPC holds (its primary `CidrBlock` and its `AWS::EC2::VPCCidrBlock`
// associations), and a subnet's blocks as far as the template can compute them.
import { asString, get, getPair, type Pair } from '../../cfn/model';
import { refName } from '../../cfn/refs';
import { intrinsicName, resourcesOfType, type Resource, type Template } from '../../cfn/template';
import { contains, formatCidr, type Cidr } from '../../net/cidr';
import { cidrAlternatives, type Resolved } from './values';

export const SUBNET = 'AWS::EC2::Subnet';
export const VPC = 'AWS::EC2::VPC';
export const VPC_CIDR_BLOCK = 'AWS::EC2::VPCCidrBlock';

export type Family = 4 | 6;

/** The property holding a subnet's block of each family. */
export const SUBNET_KEY: Record<Family, string> = { 4: 'CidrBlock', 6: 'Ipv6CidrBlock' };

/**
 * Which VPC a resource's `VpcId` names: `ref:<id>` for `!Ref X`/`!GetAtt X.VpcId` (a VPC of the
 * template or a parameter: the same name means the same VPC), `id:<vpc-…>` for a literal id.
 */
export function vpcKey(resource: Resource): string | undefined {
  const node = get(resource.properties, 'VpcId');
  const name = intrinsicName(node);
  if (name === 'Ref' || name === 'Fn::GetAtt') {
    const id = refName(node);
    return id !== undefined ? `ref:${id}` : undefined;
  }
  const literal = name ? undefined : asString(node);
  return literal ? `id:${literal}` : undefined;
}

/** The VPC resource of the template a subnet or block association belongs to. */
export function vpcOf(template: Template, resource: Resource): Resource | undefined {
  const key = vpcKey(resource);
  const vpc = key?.startsWith('ref:') ? template.byId.get(key.slice(4)) : undefined;
  return vpc?.type === VPC ? vpc : undefined;
}

/** The blocks of one family a VPC is known to hold, and whether it may hold others the template does not show. */
export interface VpcBlocks {
  readonly blocks: ReadonlyArray<Resolved<Cidr>>;
  readonly unknown: boolean;
}

/** One block from a property: its single value, or unknown (`Fn::If` between blocks, IPAM, intrinsics). */
function single(template: Template, resource: Resource, key: string): Resolved<Cidr> | 'absent' | 'unknown' {
  if (!getPair(resource.properties, key)) return 'absent';
  const alternatives = cidrAlternatives(template, get(resource.properties, key));
  if (!alternatives || alternatives.length !== 1) return 'unknown';
  return alternatives[0] ?? 'absent';
}

/** Properties of a VPC or block association that give it a block the template cannot compute. */
const POOLED: Record<Family, readonly string[]> = {
  4: ['Ipv4IpamPoolId'],
  6: ['AmazonProvidedIpv6CidrBlock', 'Ipv6IpamPoolId', 'Ipv6Pool'],
};

export function vpcBlocks(template: Template, vpc: Resource, family: Family): VpcBlocks {
  const blocks: Array<Resolved<Cidr>> = [];
  let unknown = false;
  const add = (resource: Resource, key: string): void => {
    const block = single(template, resource, key);
    if (block === 'unknown') unknown = true;
    else if (block !== 'absent') blocks.push(block);
    if (POOLED[family].some((k) => getPair(resource.properties, k))) unknown = true;
  };
  // A VPC has one primary IPv4 block; without `CidrBlock` it comes from IPAM.
  if (family === 4) {
    if (!getPair(vpc.properties, 'CidrBlock')) unknown = true;
    add(vpc, 'CidrBlock');
  }
  if (vpc.propertiesPair?.value && !vpc.properties) unknown = true;
  for (const association of resourcesOfType(template, VPC_CIDR_BLOCK)) {
    if (vpcOf(template, association) !== vpc) continue;
    if (association.propertiesPair?.value && !association.properties) unknown = true;
    add(association, SUBNET_KEY[family]);
  }
  return { blocks: blocks.filter((b) => b.value.version === family), unknown };
}

/** A subnet's block of one family: its alternatives (one per `Fn::If` branch), all resolved, or undefined. */
export interface SubnetBlock {
  readonly pair: Pair;
  readonly alternatives: ReadonlyArray<Resolved<Cidr>>;
}

export function subnetBlock(template: Template, subnet: Resource, family: Family): SubnetBlock | undefined {
  const pair = getPair(subnet.properties, SUBNET_KEY[family]);
  const alternatives = pair && cidrAlternatives(template, pair.value);
  if (!pair || !alternatives || alternatives.length === 0) return undefined;
  // A branch without the property, or with a block of the other family, is not judged.
  if (alternatives.some((a) => a === null || a.value.version !== family)) return undefined;
  return { pair, alternatives: alternatives as Array<Resolved<Cidr>> };
}

export function insideAny(blocks: ReadonlyArray<Resolved<Cidr>>, cidr: Cidr): boolean {
  return blocks.some((b) => contains(b.value, cidr));
}

/** `10.0.0.0/16`, or `10.0.0.0/16 or 10.1.0.0/16` for `Fn::If` alternatives. */
export function cidrList(values: ReadonlyArray<Resolved<Cidr>>, joiner = ' or '): string {
  return [...new Set(values.map((v) => formatCidr(v.value)))].join(joiner);
}

/** The note a message carries when a parameter's default gave a value. */
export function defaultsNote(values: ReadonlyArray<Resolved<Cidr>>): string {
  const params = [...new Set(values.flatMap((v) => v.params))];
  if (params.length === 0) return '';
  const which = params.length === 1 ? `parameter ${params[0]}` : `parameters ${params.join(', ')}`;
  return ` (using the default of ${which}; a deployment may pass another value)`;
}
