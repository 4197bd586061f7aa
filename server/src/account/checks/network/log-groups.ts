// CloudWatch Logs log groups, one state each, from DescribeLogGroups alone: the listing carries
// the retention, so no call per group is needed.
import { CloudWatchLogsClient, DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

export interface LogGroupState extends LiveState {
  readonly logGroupName: string;
  /** `retentionInDays`, or `none` when the listing gives none: events are kept forever. */
  readonly retentionInDays: number | 'none';
  /** The account-level retention policy that sets the period, when one applies. */
  readonly retentionPolicyName: string | null;
  /** `STANDARD`, `INFREQUENT_ACCESS`, `ESSENTIALS` or `DELIVERY`. */
  readonly logGroupClass: string | null;
  readonly storedBytes: number | null;
}

function logGroupState(ctx: Pick<ScanContext, 'partition' | 'region' | 'account'>, group: LogGroup): LogGroupState | undefined {
  const name = group.logGroupName;
  if (!name) return undefined;
  // `arn` ends in `:*` (the streams); `logGroupArn` is the group's own, as the tagging API names it.
  const arn = group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${name}`;
  return {
    ref: { arn, name, region: ctx.region },
    logGroupName: name,
    retentionInDays: group.retentionInDays ?? 'none',
    retentionPolicyName: group.retentionPolicyName ?? null,
    logGroupClass: group.logGroupClass ?? null,
    storedBytes: group.storedBytes ?? null,
  };
}

export const logGroupsCollector: Collector = {
  title: 'CloudWatch log groups',
  scope: 'regional',
  rules: ['logs-retention-unset'],
  async collect(ctx) {
    const logs = ctx.client(CloudWatchLogsClient, 'CloudWatch Logs');
    const pages = ctx.pages(
      'logs:DescribeLogGroups',
      `log groups in ${ctx.region}`,
      (token, o) => logs.send(new DescribeLogGroupsCommand({ limit: 50, ...(token ? { nextToken: token } : {}) }), o),
      (page) => page.nextToken || undefined,
    );
    for await (const page of pages) {
      for (const group of page.logGroups ?? []) {
        const state = logGroupState(ctx, group);
        if (state) ctx.evaluate('log-group', state);
      }
    }
  },
};
