import { liveRule } from '../../scan/model';
import type { LogGroupState } from './log-groups';

/**
 * A log group that keeps its events forever. Delivery-class groups keep events for a fixed day
 * and are not judged. Unlike a template, an account cannot hold a retention CloudWatch refused:
 * any value it reports was accepted when set, so a value missing from the template rule's list
 * means the list is behind, not that the group is wrong, and is not reported.
 */
export const logsRetentionUnsetLive = liveRule<LogGroupState>('logs-retention-unset', 'log-group', (state) => {
  if (state.retentionInDays !== 'none' || state.logGroupClass?.toUpperCase() === 'DELIVERY') return [];
  return [
    {
      message: `Log group ${state.logGroupName} has no retention period, so its events are kept, and billed, forever.`,
      evidence: {
        logGroupName: state.logGroupName,
        retentionInDays: null,
        ...(state.retentionPolicyName ? { retentionPolicyName: state.retentionPolicyName } : {}),
        ...(state.logGroupClass ? { logGroupClass: state.logGroupClass } : {}),
        ...(state.storedBytes !== null ? { storedBytes: state.storedBytes } : {}),
      },
    },
  ];
});
