// A live public hosted zone with no query logging configuration, as the template rule
// `route53-query-logging-off` reports a zone without `QueryLoggingConfig`.
import { liveRule } from '../../scan/model';
import { ZONE, type ZoneState } from './zones';

export const route53QueryLoggingOffLive = liveRule<ZoneState>('route53-query-logging-off', ZONE, (state) => {
  if (state.queryLogging === null || state.queryLogging.length > 0) return [];
  return [
    {
      message: `Public hosted zone ${state.ref.name} has no query logging configuration, so the DNS queries it answers leave no record.`,
      evidence: { hostedZoneId: state.id, zone: state.name, queryLoggingConfigs: [] },
    },
  ];
});
