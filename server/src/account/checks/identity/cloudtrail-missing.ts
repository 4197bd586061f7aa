import { liveRule } from '../../scan/model';
import { MISSING_RULE, type TrailsState } from './cloudtrail';

export const cloudtrailMissingLive = liveRule<TrailsState>(MISSING_RULE, 'cloudtrail-account', (state) => {
  if (!state.trails) return [];
  const multiRegion = state.trails.filter((t) => t.isMultiRegionTrail);
  if (multiRegion.some((t) => t.isLogging === true)) return [];
  // A multi-region trail whose status could not be read may be logging.
  if (multiRegion.some((t) => t.isLogging === null)) return [];
  const why =
    state.trails.length === 0
      ? 'has no CloudTrail trail'
      : multiRegion.length === 0
        ? `has no multi-region CloudTrail trail (only ${state.trails.map((t) => t.name).join(', ')}, each recording one region)`
        : `has no multi-region CloudTrail trail that is logging (${multiRegion.map((t) => t.name).join(', ')} stopped)`;
  return [
    {
      message:
        `Account ${state.ref.name} ${why}, so API calls are kept only in the 90-day event history: nothing to alert on, ` +
        'and no lasting record of what an intruder did.',
      evidence: { trails: state.trails.map((t) => ({ name: t.name, homeRegion: t.homeRegion, isMultiRegionTrail: t.isMultiRegionTrail, isLogging: t.isLogging })) },
    },
  ];
});
