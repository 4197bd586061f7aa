// Readers for Elastic Load Balancing v2 listeners: which protocol a listener speaks, and whether
// its default actions send plain-HTTP visitors on to HTTPS.
import { asMap, getPair, type MapNode, type Node, type Pair } from '../../cfn/model';
import { ifBranches, isNoValue, type Resource, type Template } from '../../cfn/template';
import { badScalar, textOf } from './util';

export interface Listener {
  readonly resource: Resource;
  readonly properties: MapNode;
  readonly protocolPair: Pair;
  /** The protocol as written (upper case), when it is one literal. */
  readonly protocol: string | undefined;
}

/** Listeners whose `Protocol` is one of `protocols` in every branch (ListenerRule resources are out of scope). */
export function listenersOn(template: Template, protocols: readonly string[]): Listener[] {
  const out: Listener[] = [];
  for (const resource of template.resources) {
    const properties = resource.properties;
    if (resource.type !== 'AWS::ElasticLoadBalancingV2::Listener' || !properties) continue;
    const protocolPair = getPair(properties, 'Protocol');
    if (!protocolPair || !badScalar(protocolPair.value, (v) => v !== undefined && protocols.includes(v.toUpperCase()))) continue;
    out.push({ resource, properties, protocolPair, protocol: textOf(protocolPair.value)?.toUpperCase() });
  }
  return out;
}

/** What a listener's default actions do with a request: redirect it to HTTPS, serve it as it came, or unknown. */
export type Routing = 'redirect' | 'plain' | 'unknown';

/** One action: a redirect whose `RedirectConfig.Protocol` is HTTPS, anything else, or unknown under an intrinsic. */
function actionRouting(node: Node): Routing {
  const action = asMap(node);
  if (!action) return 'unknown';
  const type = textOf(getPair(action, 'Type')?.value);
  if (type === undefined) return 'unknown';
  if (type.toLowerCase() !== 'redirect') return 'plain';
  const configPair = getPair(action, 'RedirectConfig');
  const config = asMap(configPair?.value);
  if (configPair?.value && !config) return 'unknown';
  const protocol = getPair(config, 'Protocol')?.value;
  // A redirect without a protocol keeps `#{protocol}`, the one the request came with: plain HTTP here.
  if (badScalar(protocol, (v) => v === undefined || v.toUpperCase() !== 'HTTPS')) return 'plain';
  return badScalar(protocol, (v) => v?.toUpperCase() === 'HTTPS') ? 'redirect' : 'unknown';
}

/** The routing of one list of actions: a redirect to HTTPS anywhere in it decides, an unreadable action leaves it unknown. */
function listRouting(node: Node | null): Routing {
  if (!node || node.kind !== 'seq' || node.tag) return 'unknown';
  const each = node.items.map(actionRouting);
  if (each.includes('redirect')) return 'redirect';
  return each.includes('unknown') ? 'unknown' : 'plain';
}

/** The routing of `DefaultActions` in each `Fn::If` branch, so a caller can tell "always" from "sometimes". */
export function defaultRoutings(listener: Listener): Routing[] {
  const collect = (node: Node | null): Routing[] => {
    const branches = ifBranches(node);
    if (branches) return branches.flatMap(collect);
    return [node && !isNoValue(node) ? listRouting(node) : 'unknown'];
  };
  return collect(getPair(listener.properties, 'DefaultActions')?.value ?? null);
}
