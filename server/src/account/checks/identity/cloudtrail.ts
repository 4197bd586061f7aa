// CloudTrail trails. `DescribeTrails` with shadow trails lists, in each region, the trails that
// record it: that region's own, every multi-region trail and organization trails. Asking every
// scanned region finds single-region trails wherever they are; a trail seen in several regions is
// one trail (its ARN), read once. Whether a trail is logging comes from `GetTrailStatus` in its
// home region, asked by ARN as shadow and organization trails need.
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

/** Kind `cloudtrail-trail`: one trail of the scanned account. */
export interface TrailState extends LiveState {
  readonly homeRegion: string;
  readonly isMultiRegionTrail: boolean;
  readonly logFileValidationEnabled: boolean;
  readonly isOrganizationTrail: boolean;
  /** `GetTrailStatus.IsLogging`; null when not read (failed, a single-region trail, or no rule needs it). */
  readonly isLogging: boolean | null;
}

/** A trail as the account-wide state lists it. */
export interface TrailSummary {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly isMultiRegionTrail: boolean;
  readonly isOrganizationTrail: boolean;
  readonly isLogging: boolean | null;
}

/** Kind `cloudtrail-account`: every trail that records the account. */
export interface TrailsState extends LiveState {
  /** Null when a region's trails could not be listed: a trail may be missing from the list. */
  readonly trails: readonly TrailSummary[] | null;
}

export const MISSING_RULE = 'cloudtrail-missing';
export const MULTI_REGION_RULE = 'cloudtrail-not-multi-region';
export const VALIDATION_RULE = 'cloudtrail-log-validation-off';

/** The account an ARN belongs to (an organization trail's is the management account's). */
function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4];
}

/** Every trail recording any scanned region, once each, and whether every region could be listed. */
async function listTrails(ctx: ScanContext): Promise<{ trails: Map<string, Trail>; complete: boolean }> {
  const trails = new Map<string, Trail>();
  let complete = true;
  await Promise.all(
    ctx.regions.map(async (region) => {
      const client = ctx.client(CloudTrailClient, 'CloudTrail', region);
      const read = await ctx.read('cloudtrail:DescribeTrails', `arn:${ctx.partition}:cloudtrail:${region}:${ctx.account}:trail/*`, (o) =>
        client.send(new DescribeTrailsCommand({ includeShadowTrails: true }), o),
      );
      if (read.state !== 'ok') complete = false;
      else for (const trail of read.value.trailList ?? []) if (trail.TrailARN && !trails.has(trail.TrailARN)) trails.set(trail.TrailARN, trail);
    }),
  );
  return { trails, complete };
}

/** Whether the trail logs; `gone` when it was deleted since it was listed. */
async function logging(ctx: ScanContext, arn: string, homeRegion: string): Promise<boolean | null | 'gone'> {
  const client = ctx.client(CloudTrailClient, 'CloudTrail', homeRegion);
  const read = await ctx.read('cloudtrail:GetTrailStatus', arn, (o) => client.send(new GetTrailStatusCommand({ Name: arn }), o), ['TrailNotFoundException']);
  if (read.state === 'absent') return 'gone';
  return read.state === 'ok' ? (read.value.IsLogging ?? null) : null;
}

export const cloudtrailCollector: Collector = {
  title: 'CloudTrail trails',
  scope: 'global',
  rules: [MISSING_RULE, MULTI_REGION_RULE, VALIDATION_RULE],
  async collect(ctx) {
    const account = { arn: ctx.account, name: ctx.account, region: 'global' };
    const { trails, complete } = await listTrails(ctx);
    const summaries: TrailSummary[] = [];
    const needStatus = ctx.wants(MISSING_RULE);
    await Promise.all(
      [...trails.values()].map(async (trail) => {
        const arn = trail.TrailARN!;
        const homeRegion = trail.HomeRegion ?? ctx.region;
        // Only a multi-region trail that logs answers cloudtrail-missing, so only theirs is asked.
        const status = needStatus && trail.IsMultiRegionTrail === true ? await logging(ctx, arn, homeRegion) : null;
        if (status === 'gone') return;
        const summary: TrailSummary = {
          name: trail.Name ?? arn,
          arn,
          homeRegion,
          isMultiRegionTrail: trail.IsMultiRegionTrail === true,
          isOrganizationTrail: trail.IsOrganizationTrail === true,
          isLogging: status,
        };
        summaries.push(summary);
        // Another account's organization trail is its management account's to fix: reported when that account is scanned.
        if (arnAccount(arn) !== ctx.account) return;
        const state: TrailState = {
          ref: { arn, name: summary.name, region: homeRegion },
          homeRegion,
          isMultiRegionTrail: summary.isMultiRegionTrail,
          logFileValidationEnabled: trail.LogFileValidationEnabled === true,
          isOrganizationTrail: summary.isOrganizationTrail,
          isLogging: status,
        };
        ctx.evaluate('cloudtrail-trail', state);
      }),
    );
    // Sorted so the state (and its evidence) does not depend on which call answered first.
    summaries.sort((a, b) => a.arn.localeCompare(b.arn));
    // A region that could not be listed may hold the trail that logs: then whether one is missing is unknown.
    const state: TrailsState = { ref: account, trails: complete ? summaries : null };
    ctx.evaluate('cloudtrail-account', state);
  },
};
