// "Harden This Bucket" on a live bucket: the account's buckets for a pick, the plan of one bucket,
// and the application of a plan the user has confirmed. Applying reads the bucket again and plans
// it afresh: a plan whose configuration before no longer matches is refused, and the calls made
// are the fresh plan's (the same calls, built from what S3 returned, not from what a client sent
// back). Steps run in order and stop at the first failure; then the bucket is read back.
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { HardenPlan, HardenResult, HardenStep } from '../../protocol';
import { locationRegion } from '../checks/s3/buckets';
import { arnPartition, identify, ProfileUnusable, type Identity } from '../identify';
import type { AwsProfile } from '../profiles';
import { classify } from '../scan/errors';
import type { AccountSession } from '../session';
import { ACTIONS, DEFAULT_UNDELETE_WINDOW_DAYS, planFromSnapshot, type Planned } from './plan';
import { bucketRegion, callFailure, HardenError, readBucket, s3Client } from './read';

export { HardenError } from './read';

export interface HardenSettings {
  readonly undeleteWindowDays?: number;
}

/** Bucket names as S3 has allowed them over the years (older us-east-1 names are looser than today's rules). */
const BUCKET_NAME = /^[A-Za-z0-9._-]{1,255}$/;

function profileOf(session: AccountSession, name: unknown): AwsProfile {
  if (typeof name !== 'string' || name === '') throw new HardenError('usage', 'A profile name is needed.');
  const profile = session.profile(name);
  if (!profile) throw new HardenError('usage', `There is no profile ${name} in ${process.env.AWS_CONFIG_FILE ?? '~/.aws/config'} or the credentials file.`);
  return profile;
}

async function identityOf(session: AccountSession, profile: AwsProfile): Promise<Identity> {
  try {
    return await identify(session, profile);
  } catch (err) {
    if (err instanceof ProfileUnusable) throw new HardenError('credentials', err.message);
    throw err;
  }
}

/** The account's buckets with their regions, by name. */
export async function listBuckets(session: AccountSession, profileName: string): Promise<Array<{ name: string; region: string }>> {
  const profile = profileOf(session, profileName);
  const identity = await identityOf(session, profile);
  const home = s3Client(session, profile);
  const found: Array<{ name: string; region: string | undefined }> = [];
  try {
    let token: string | undefined;
    // Bounded like the scan's listings: at most 1,000 pages, and a token seen twice ends it.
    const seen = new Set<string>();
    do {
      let page;
      try {
        page = await home.send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }));
      } catch (err) {
        throw new HardenError(classify(err).kind === 'credentials' ? 'credentials' : 'read', callFailure('s3:ListAllMyBuckets', `account ${identity.account}`, err));
      }
      for (const b of page.Buckets ?? []) if (b.Name) found.push({ name: b.Name, region: b.BucketRegion });
      token = page.ContinuationToken || undefined;
      if (token !== undefined && (seen.has(token) || seen.size >= 1000)) break;
      if (token !== undefined) seen.add(token);
    } while (token);
  } finally {
    home.destroy();
  }
  const partition = arnPartition(identity.arn);
  // A listing without regions (older endpoints, emulators) asks each bucket, a few at a time.
  const out: Array<{ name: string; region: string }> = [];
  for (let i = 0; i < found.length; i += 8) {
    const batch = await Promise.all(
      found.slice(i, i + 8).map(async (b) => ({ name: b.name, region: b.region ?? (await bucketRegion(session, profile, b.name, `arn:${partition}:s3:::${b.name}`).catch(() => locationRegion(undefined))) })),
    );
    out.push(...batch);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

interface Live {
  readonly planned: Planned;
  readonly s3: S3Client;
  readonly arn: string;
}

async function planLive(session: AccountSession, profileName: string, bucket: unknown, days: number, account?: string): Promise<Live> {
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) throw new HardenError('usage', `'${String(bucket)}' is not a bucket name.`);
  const profile = profileOf(session, profileName);
  const identity = await identityOf(session, profile);
  if (account !== undefined && identity.account !== account) {
    throw new HardenError('stale', `The plan is for account ${account}, but profile ${profile.name} now signs in to account ${identity.account}; nothing was changed.`);
  }
  const partition = arnPartition(identity.arn);
  const arn = `arn:${partition}:s3:::${bucket}`;
  const region = await bucketRegion(session, profile, bucket, arn);
  const s3 = s3Client(session, profile, region);
  try {
    const snapshot = await readBucket(s3, bucket, arn, region);
    return { planned: planFromSnapshot(snapshot, { profile: profile.name, account: identity.account, partition, undeleteWindowDays: days }), s3, arn };
  } catch (err) {
    s3.destroy();
    throw err;
  }
}

function windowDays(settings: HardenSettings | undefined): number {
  const days = settings?.undeleteWindowDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 ? days : DEFAULT_UNDELETE_WINDOW_DAYS;
}

/** Reads the bucket and plans its hardening. Reads only. */
export async function planBucket(session: AccountSession, profileName: string, bucket: string, settings?: HardenSettings): Promise<HardenPlan> {
  const live = await planLive(session, profileName, bucket, windowDays(settings));
  live.s3.destroy();
  return live.planned.plan;
}

/** JSON with keys sorted, so that two readings of the same configuration compare equal. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(JSON.parse(JSON.stringify(value ?? null))));
}

/** The undelete window the plan was made with, read from its lifecycle step's new rule. */
function planDays(steps: readonly HardenStep[]): number {
  const after = steps.find((s) => s?.action === ACTIONS.lifecycle)?.after as { Rules?: Array<{ NoncurrentVersionExpiration?: { NoncurrentDays?: unknown } }> } | undefined;
  const days = after?.Rules?.at(-1)?.NoncurrentVersionExpiration?.NoncurrentDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 ? days : DEFAULT_UNDELETE_WINDOW_DAYS;
}

/** What differs between the plan and a fresh one, in words; empty when they are the same. */
function differences(plan: HardenPlan, fresh: HardenPlan): string[] {
  const out: string[] = [];
  const freshBy = new Map(fresh.steps.map((s) => [s.action, s]));
  const planned = new Set(plan.steps.map((s) => s.action));
  for (const step of plan.steps) {
    const now = freshBy.get(step.action);
    if (!now) out.push(`${step.action} is no longer needed`);
    else if (canonical(now.before) !== canonical(step.before)) out.push(`the configuration ${step.action} changes is not what the plan saw`);
    else if (canonical(now.after) !== canonical(step.after)) out.push(`${step.action} would now write something else`);
  }
  for (const step of fresh.steps) if (!planned.has(step.action)) out.push(`${step.action} is now needed too`);
  if (out.length === 0 && fresh.steps.map((s) => s.action).join() !== plan.steps.map((s) => s.action).join()) out.push('the steps are in another order');
  return out;
}

function checkPlan(plan: unknown): asserts plan is HardenPlan {
  const p = plan as Partial<HardenPlan> | null;
  const ok =
    p !== null &&
    typeof p === 'object' &&
    typeof p.profile === 'string' &&
    typeof p.bucket === 'string' &&
    typeof p.account === 'string' &&
    Array.isArray(p.steps) &&
    p.steps.every((s) => s !== null && typeof s === 'object' && typeof (s as HardenStep).action === 'string');
  if (!ok) throw new HardenError('usage', 'The plan is malformed: it needs profile, account, bucket and steps with an action each.');
}

/** Applies a confirmed plan: refused when the bucket changed since; stops at the first failure; reads back. */
export async function applyPlan(session: AccountSession, plan: HardenPlan): Promise<HardenResult> {
  checkPlan(plan);
  const days = planDays(plan.steps);
  const live = await planLive(session, plan.profile, plan.bucket, days, plan.account);
  try {
    const changed = differences(plan, live.planned.plan);
    if (typeof plan.region === 'string' && plan.region !== live.planned.plan.region) changed.unshift(`the bucket is now in ${live.planned.plan.region}, not ${plan.region}`);
    if (changed.length > 0) throw new HardenError('stale', `Bucket ${plan.bucket} changed since the plan was made (${changed.join('; ')}); nothing was changed. Plan again.`);
    const applied: HardenStep[] = [];
    let failed: HardenResult['failed'];
    const steps = live.planned.steps;
    let next = 0;
    for (; next < steps.length; next++) {
      try {
        await steps[next]!.send(live.s3);
        applied.push(plan.steps[next]!);
      } catch (err) {
        failed = { step: plan.steps[next]!, error: callFailure(steps[next]!.step.action, live.arn, err) };
        next++;
        break;
      }
    }
    const notAttempted = failed ? plan.steps.slice(next) : [];
    return { applied, ...(failed ? { failed } : {}), notAttempted, verified: await verify(live, days) };
  } finally {
    live.s3.destroy();
  }
}

async function verify(live: Live, days: number): Promise<HardenResult['verified']> {
  const { bucket, region, profile, account } = live.planned.plan;
  try {
    const snapshot = await readBucket(live.s3, bucket, live.arn, region);
    const again = planFromSnapshot(snapshot, { profile, account, partition: arnPartition(live.arn), undeleteWindowDays: days });
    return { inPlace: again.plan.inPlace, missing: again.steps.map((s) => s.missing) };
  } catch (err) {
    return { inPlace: [], missing: [`The bucket could not be read back: ${err instanceof Error ? err.message : String(err)}`] };
  }
}
