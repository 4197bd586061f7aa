// A live public hosted zone that Route53 does not sign, as the template rule `route53-dnssec-off`
// reports a zone with no DNSSEC resource. DELETING is signing being turned off: not signed either.
import { liveRule } from '../../scan/model';
import { ZONE, type ZoneState } from './zones';

const UNSIGNED = new Set(['NOT_SIGNING', 'DELETING']);

export const route53DnssecOffLive = liveRule<ZoneState>('route53-dnssec-off', ZONE, (state) => {
  if (state.dnssec === null || !UNSIGNED.has(state.dnssec.serveSignature)) return [];
  return [
    {
      message: `Public hosted zone ${state.ref.name} is not signed with DNSSEC (ServeSignature: ${state.dnssec.serveSignature}), so resolvers cannot detect forged answers for its names.`,
      evidence: { hostedZoneId: state.id, zone: state.name, ServeSignature: state.dnssec.serveSignature, ...(state.dnssec.statusMessage ? { StatusMessage: state.dnssec.statusMessage } : {}) },
    },
  ];
});
