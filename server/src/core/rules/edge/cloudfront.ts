// Readers for CloudFront distributions: the configuration, its cache behaviours with a name a
// person recognises, its origins, and the behaviours whose viewer protocol policy has one value.
import { asMap, getPair, type MapNode, type Pair, type ScalarNode } from '../../cfn/model';
import { literal, type Resource, type Template } from '../../cfn/template';
import { badScalar, mapAt, textOf } from './util';

export interface Distribution {
  readonly resource: Resource;
  /** `DistributionConfig` as a plain map; distributions whose configuration is an intrinsic are unknown. */
  readonly config: MapNode;
}

export interface Behaviour {
  readonly map: MapNode;
  /** "the default cache behaviour" or `the cache behaviour for "/api/*"`, for messages. */
  readonly label: string;
}

export interface Origin {
  readonly map: MapNode;
  /** The origin's `Id` as written, or its position when the id is not a literal. */
  readonly name: string;
}

export function distributions(template: Template): Distribution[] {
  const out: Distribution[] = [];
  for (const resource of template.resources) {
    if (resource.type !== 'AWS::CloudFront::Distribution') continue;
    const config = mapAt(resource.properties, 'DistributionConfig');
    if (config) out.push({ resource, config });
  }
  return out;
}

/** The items of a plain list at `key`; a list written as an intrinsic has no items we can read. */
function plainItems(map: MapNode, key: string): MapNode[] {
  const list = getPair(map, key)?.value;
  if (!list || list.kind !== 'seq' || list.tag) return [];
  return list.items.map((item) => asMap(item)).filter((item): item is MapNode => item !== undefined);
}

/** The default cache behaviour first, then every other one in order, each named by its path pattern. */
export function behaviours(config: MapNode): Behaviour[] {
  const out: Behaviour[] = [];
  const main = mapAt(config, 'DefaultCacheBehavior');
  if (main) out.push({ map: main, label: 'the default cache behaviour' });
  plainItems(config, 'CacheBehaviors').forEach((map, i) => {
    const path = textOf(getPair(map, 'PathPattern')?.value);
    out.push({ map, label: path !== undefined ? `the cache behaviour for "${path}"` : `cache behaviour ${i + 1}` });
  });
  return out;
}

export function origins(config: MapNode): Origin[] {
  return plainItems(config, 'Origins').map((map, i) => {
    const id = textOf(getPair(map, 'Id')?.value);
    return { map, name: id !== undefined ? `"${id}"` : `number ${i + 1}` };
  });
}

export interface PolicyHit {
  readonly distribution: Distribution;
  readonly behaviour: Behaviour;
  readonly pair: Pair;
  /** The literal value, when there is one a fix can replace (not under `Fn::If`). */
  readonly scalar: ScalarNode | undefined;
}

/** Cache behaviours whose `ViewerProtocolPolicy` is `policy` in every branch. */
export function viewerPolicyHits(template: Template, policy: string): PolicyHit[] {
  const hits: PolicyHit[] = [];
  for (const distribution of distributions(template)) {
    for (const behaviour of behaviours(distribution.config)) {
      const pair = getPair(behaviour.map, 'ViewerProtocolPolicy');
      if (!pair || !badScalar(pair.value, (v) => v === policy)) continue;
      hits.push({ distribution, behaviour, pair, scalar: literal(pair.value) });
    }
  }
  return hits;
}

/** "the default cache behaviour of distribution Cdn"; capitalised to open a sentence. */
export function subject(hit: { distribution: Distribution; behaviour: Behaviour }, capital = false): string {
  const text = `${hit.behaviour.label} of distribution ${hit.distribution.resource.logicalId}`;
  return capital ? `${text[0]!.toUpperCase()}${text.slice(1)}` : text;
}
