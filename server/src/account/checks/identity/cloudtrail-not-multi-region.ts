import { notMultiRegionMessage } from '../../../core/rules/identity/cloudtrail-not-multi-region';
import { liveRule } from '../../scan/model';
import { MULTI_REGION_RULE, type TrailState } from './cloudtrail';

export const cloudtrailNotMultiRegionLive = liveRule<TrailState>(MULTI_REGION_RULE, 'cloudtrail-trail', (state) => {
  if (state.isMultiRegionTrail) return [];
  return [{ message: notMultiRegionMessage(state.ref.name, 'is false'), evidence: { IsMultiRegionTrail: false, HomeRegion: state.homeRegion } }];
});
