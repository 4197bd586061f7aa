// Application and Network Load Balancer listeners, one state each: protocol, port, security
// policy and default actions from DescribeListeners per load balancer. Gateway load balancers
// are left out: their listeners carry GENEVE, not HTTP or TLS. A policy name the outdated table
// does not know (a newer predefined policy) is looked up once per region with
// DescribeSSLPolicies, so the rule can judge it by the protocols it allows.
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { OUTDATED } from '../../../core/rules/edge/elb-tls-policy-outdated';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

export interface ListenerAction {
  /** `forward`, `redirect`, `fixed-response`, `authenticate-oidc`… */
  readonly type: string;
  /** `RedirectConfig.Protocol` of a redirect: `HTTPS`, `HTTP`, or `#{protocol}` (the request's own). */
  readonly redirectProtocol: string | null;
}

export interface ListenerState extends LiveState {
  readonly loadBalancerName: string;
  readonly loadBalancerArn: string;
  /** `application` or `network`. */
  readonly loadBalancerType: string;
  /** `internet-facing` or `internal`. */
  readonly scheme: string | null;
  readonly listenerArn: string;
  /** `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`. */
  readonly protocol: string | null;
  readonly port: number | null;
  readonly sslPolicy: string | null;
  /**
   * The policy's `SslProtocols` from DescribeSSLPolicies (`TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`), read only for a
   * policy the outdated table does not name; null when not read or not readable.
   */
  readonly policyProtocols: readonly string[] | null;
  readonly defaultActions: readonly ListenerAction[];
}

const SECURE = new Set(['HTTPS', 'TLS']);
const KINDS = new Set(['application', 'network']);

function listenerState(ctx: Pick<ScanContext, 'region'>, lb: LoadBalancer, listener: Listener): ListenerState | undefined {
  if (!listener.ListenerArn) return undefined;
  const name = lb.LoadBalancerName ?? lb.LoadBalancerArn ?? '';
  return {
    ref: { arn: listener.ListenerArn, name: listener.Port !== undefined ? `${name}:${listener.Port}` : name, region: ctx.region },
    loadBalancerName: name,
    loadBalancerArn: lb.LoadBalancerArn ?? '',
    loadBalancerType: lb.Type ?? '',
    scheme: lb.Scheme ?? null,
    listenerArn: listener.ListenerArn,
    protocol: listener.Protocol ?? null,
    port: listener.Port ?? null,
    sslPolicy: listener.SslPolicy ?? null,
    policyProtocols: null,
    defaultActions: (listener.DefaultActions ?? []).map((a) => ({ type: a.Type ?? '', redirectProtocol: a.RedirectConfig?.Protocol ?? null })),
  };
}

/** The allowed protocols of each policy named, or an empty map when they could not be read. */
async function policyProtocols(ctx: ScanContext, elb: ElasticLoadBalancingV2Client, names: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (names.length === 0) return found;
  const read = await ctx.read('elasticloadbalancing:DescribeSSLPolicies', `security policies ${names.join(', ')} in ${ctx.region}`, (o) =>
    elb.send(new DescribeSSLPoliciesCommand({ Names: [...names] }), o),
  );
  if (read.state !== 'ok') return found;
  for (const policy of read.value.SslPolicies ?? []) if (policy.Name) found.set(policy.Name, policy.SslProtocols ?? []);
  return found;
}

export const listenersCollector: Collector = {
  title: 'load balancer listeners',
  scope: 'regional',
  rules: ['elb-listener-http', 'elb-tls-policy-outdated'],
  async collect(ctx) {
    const elb = ctx.client(ElasticLoadBalancingV2Client, 'Elastic Load Balancing v2');
    const balancers: LoadBalancer[] = [];
    const pages = ctx.pages(
      'elasticloadbalancing:DescribeLoadBalancers',
      `load balancers in ${ctx.region}`,
      (marker, o) => elb.send(new DescribeLoadBalancersCommand({ PageSize: 400, ...(marker ? { Marker: marker } : {}) }), o),
      (page) => page.NextMarker || undefined,
    );
    for await (const page of pages) balancers.push(...(page.LoadBalancers ?? []).filter((lb) => lb.LoadBalancerArn && KINDS.has(lb.Type ?? '')));
    const perBalancer = await Promise.all(
      balancers.map(async (lb) => {
        const states: ListenerState[] = [];
        const listeners = ctx.pages(
          'elasticloadbalancing:DescribeListeners',
          lb.LoadBalancerArn!,
          (marker, o) => elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn, PageSize: 400, ...(marker ? { Marker: marker } : {}) }), o),
          (page) => page.NextMarker || undefined,
        );
        for await (const page of listeners) {
          for (const listener of page.Listeners ?? []) {
            const state = listenerState(ctx, lb, listener);
            if (state) states.push(state);
          }
        }
        return states;
      }),
    );
    const states = perBalancer.flat();
    // Only the TLS rule needs the protocols, and only for policies the table cannot answer for.
    const unknown = ctx.wants('elb-tls-policy-outdated')
      ? [...new Set(states.filter((s) => SECURE.has(s.protocol ?? '') && s.sslPolicy && !OUTDATED.has(s.sslPolicy)).map((s) => s.sslPolicy!))].sort()
      : [];
    const protocols = await policyProtocols(ctx, elb, unknown);
    for (const state of states) {
      const allowed = state.sslPolicy ? protocols.get(state.sslPolicy) : undefined;
      ctx.evaluate('elb-listener', allowed ? { ...state, policyProtocols: allowed } : state);
    }
  },
};

/** `Listener on port 80 of load balancer web`: a listener has no name of its own. */
export function listenerLabel(state: ListenerState, protocol = ''): string {
  const kind = protocol ? `${protocol} listener` : 'Listener';
  return state.port !== null ? `${kind} on port ${state.port} of load balancer ${state.loadBalancerName}` : `${kind} of load balancer ${state.loadBalancerName}`;
}
