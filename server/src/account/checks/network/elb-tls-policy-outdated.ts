import { accepts, OUTDATED } from '../../../core/rules/edge/elb-tls-policy-outdated';
import { liveRule } from '../../scan/model';
import { listenerLabel, type ListenerState } from './listeners';

/** The versions below 1.2 among a policy's `SslProtocols`: `TLS 1.0 and TLS 1.1`, or undefined when none. */
function oldAllowed(protocols: readonly string[]): string | undefined {
  const old = [protocols.includes('TLSv1') || protocols.includes('TLSv1.0') ? 'TLS 1.0' : '', protocols.includes('TLSv1.1') ? 'TLS 1.1' : ''].filter((v) => v);
  return old.length > 0 ? old.join(' and ') : undefined;
}

/**
 * An HTTPS or TLS listener whose security policy accepts TLS 1.0 or 1.1: by the template rule's
 * table of predefined policies, or for a name it does not know, by the protocols DescribeSSLPolicies
 * lists. A policy neither can answer for is not reported.
 */
export const elbTlsPolicyOutdatedLive = liveRule<ListenerState>('elb-tls-policy-outdated', 'elb-listener', (state) => {
  const protocol = state.protocol?.toUpperCase();
  if ((protocol !== 'HTTPS' && protocol !== 'TLS') || !state.sslPolicy) return [];
  const known = OUTDATED.get(state.sslPolicy);
  const allowed = known ? accepts(known) : state.policyProtocols ? oldAllowed(state.policyProtocols) : undefined;
  if (!allowed) return [];
  return [
    {
      message: `${listenerLabel(state, protocol)} accepts ${allowed} (SslPolicy: ${state.sslPolicy}), deprecated since 2021.`,
      evidence: { Protocol: state.protocol, Port: state.port, SslPolicy: state.sslPolicy, ...(state.policyProtocols ? { SslProtocols: state.policyProtocols } : {}) },
    },
  ];
});
