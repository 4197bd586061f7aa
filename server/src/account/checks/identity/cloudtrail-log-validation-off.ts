import { logValidationOffMessage } from '../../../core/rules/identity/cloudtrail-log-validation-off';
import { liveRule } from '../../scan/model';
import { VALIDATION_RULE, type TrailState } from './cloudtrail';

export const cloudtrailLogValidationOffLive = liveRule<TrailState>(VALIDATION_RULE, 'cloudtrail-trail', (state) => {
  if (state.logFileValidationEnabled) return [];
  return [{ message: logValidationOffMessage(state.ref.name, 'is false'), evidence: { LogFileValidationEnabled: false } }];
});
