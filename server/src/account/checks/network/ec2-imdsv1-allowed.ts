import { liveRule } from '../../scan/model';
import type { InstanceState } from './instances';

/**
 * An instance whose metadata service answers version 1 requests: tokens optional while the
 * endpoint is on. With the endpoint off nothing answers at all, and an instance whose options
 * were not reported is unknown, so neither is a finding.
 */
export const ec2ImdsV1AllowedLive = liveRule<InstanceState>('ec2-imdsv1-allowed', 'ec2-instance', (state) => {
  if (state.httpTokens !== 'optional' || state.httpEndpoint !== 'enabled') return [];
  const name = state.ref.tags?.Name;
  const label = name ? `Instance ${state.instanceId} (${name})` : `Instance ${state.instanceId}`;
  return [
    {
      message:
        `${label} accepts IMDSv1 (HttpTokens: optional), so a server-side request forgery in any application on it can read ` +
        "the instance role's credentials from the metadata service.",
      evidence: { instanceId: state.instanceId, state: state.stateName, HttpTokens: state.httpTokens, HttpEndpoint: state.httpEndpoint },
    },
  ];
});
