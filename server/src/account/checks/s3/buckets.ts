// S3 buckets: one listing for the account (S3's bucket list is global), each bucket's region, then
// its settings read through a client of that region. Every bucket's reads are started as soon as
// its page of the listing arrives and run side by side; the scan's queue bounds how many are in
// flight, so a thousand buckets take about as long as their calls divided by the concurrency.
import {
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  type Bucket,
} from '@aws-sdk/client-s3';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { parsePolicy, type JsonObject } from './policy-json';
import { publicAccessBlock, type PublicAccessBlock } from './public-access-block';

export const BUCKET = 's3-bucket';

/** One lifecycle rule, as far as the rules read it. */
export interface LifecycleRule {
  readonly id: string | null;
  /** `Enabled` or `Disabled`. */
  readonly status: string;
  /** `NoncurrentVersionExpiration.NoncurrentDays`, or null when the rule does not expire noncurrent versions. */
  readonly noncurrentDays: number | null;
}

/** One grant of the bucket's ACL. */
export interface AclGrant {
  /** `Group`, `CanonicalUser` or `AmazonCustomerByEmail`. */
  readonly type: string;
  /** The group's URI, the user's canonical id or the e-mail address. */
  readonly grantee: string;
  /** `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP` or `FULL_CONTROL`. */
  readonly permission: string;
}

/**
 * A bucket's settings. `null` is a part not read: the call failed (the scan reported why) or no
 * enabled rule needs it (the lifecycle of a bucket without versioning, say). `none` is S3 saying
 * the bucket has no such configuration at all.
 */
export interface BucketState extends LiveState {
  /** GetBucketVersioning; `status` null on a bucket that never had versioning, `mfaDelete` null when not reported. */
  readonly versioning: { readonly status: string | null; readonly mfaDelete: string | null } | null;
  /** GetBucketLifecycleConfiguration, read for versioned buckets only. */
  readonly lifecycle: readonly LifecycleRule[] | 'none' | null;
  readonly publicAccessBlock: PublicAccessBlock | 'none' | null;
  /** GetBucketPolicy, parsed; a policy that is not a JSON object is null (unknown). */
  readonly policy: JsonObject | 'none' | null;
  readonly aclGrants: readonly AclGrant[] | null;
}

const VERSIONING_RULES = ['s3-versioning-off', 's3-mfa-delete-off', 's3-noncurrent-versions-unmanaged'];
const LIFECYCLE_RULES = ['s3-noncurrent-versions-unmanaged'];
const PAB_RULES = ['s3-public-access-not-blocked'];
const POLICY_RULES = ['s3-tls-not-enforced', 's3-policy-public-principal'];
const ACL_RULES = ['s3-public-acl'];

/** Buckets per page of the listing: S3 returns BucketRegion only to a paginated request. */
const PAGE_SIZE = 1000;

/** The region a `GetBucketLocation` answer means: none is us-east-1, and `EU` the old name of eu-west-1. */
export function locationRegion(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** The bucket's region: from the listing, else asked of S3 (null when that fails, as the scan has reported). */
async function regionOf(ctx: ScanContext, bucket: Bucket, arn: string): Promise<string | null> {
  if (bucket.BucketRegion) return bucket.BucketRegion;
  const home = ctx.client(S3Client, 'S3');
  const read = await ctx.read('s3:GetBucketLocation', arn, (o) => home.send(new GetBucketLocationCommand({ Bucket: bucket.Name }), o));
  return read.state === 'ok' ? locationRegion(read.value.LocationConstraint) : null;
}

async function readVersioning(ctx: ScanContext, s3: S3Client, name: string, arn: string): Promise<BucketState['versioning']> {
  if (!ctx.wants(...VERSIONING_RULES)) return null;
  const read = await ctx.read('s3:GetBucketVersioning', arn, (o) => s3.send(new GetBucketVersioningCommand({ Bucket: name }), o));
  if (read.state !== 'ok') return null;
  return { status: read.value.Status ?? null, mfaDelete: read.value.MFADelete ?? null };
}

async function readLifecycle(ctx: ScanContext, s3: S3Client, name: string, arn: string): Promise<BucketState['lifecycle']> {
  const read = await ctx.read('s3:GetLifecycleConfiguration', arn, (o) => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name }), o), ['NoSuchLifecycleConfiguration']);
  if (read.state === 'absent') return 'none';
  if (read.state !== 'ok') return null;
  return (read.value.Rules ?? []).map((rule) => ({
    id: rule.ID ?? null,
    status: rule.Status ?? 'Disabled',
    noncurrentDays: rule.NoncurrentVersionExpiration?.NoncurrentDays ?? null,
  }));
}

async function readPublicAccessBlock(ctx: ScanContext, s3: S3Client, name: string, arn: string): Promise<BucketState['publicAccessBlock']> {
  if (!ctx.wants(...PAB_RULES)) return null;
  const read = await ctx.read('s3:GetBucketPublicAccessBlock', arn, (o) => s3.send(new GetPublicAccessBlockCommand({ Bucket: name }), o), ['NoSuchPublicAccessBlockConfiguration']);
  if (read.state === 'absent') return 'none';
  return read.state === 'ok' ? publicAccessBlock(read.value.PublicAccessBlockConfiguration) : null;
}

async function readPolicy(ctx: ScanContext, s3: S3Client, name: string, arn: string): Promise<BucketState['policy']> {
  if (!ctx.wants(...POLICY_RULES)) return null;
  const read = await ctx.read('s3:GetBucketPolicy', arn, (o) => s3.send(new GetBucketPolicyCommand({ Bucket: name }), o), ['NoSuchBucketPolicy']);
  if (read.state === 'absent') return 'none';
  if (read.state !== 'ok') return null;
  return read.value.Policy === undefined ? 'none' : parsePolicy(read.value.Policy);
}

async function readAcl(ctx: ScanContext, s3: S3Client, name: string, arn: string): Promise<BucketState['aclGrants']> {
  if (!ctx.wants(...ACL_RULES)) return null;
  const read = await ctx.read('s3:GetBucketAcl', arn, (o) => s3.send(new GetBucketAclCommand({ Bucket: name }), o));
  if (read.state !== 'ok') return null;
  return (read.value.Grants ?? []).map((grant) => ({
    type: grant.Grantee?.Type ?? 'unknown',
    grantee: grant.Grantee?.URI ?? grant.Grantee?.ID ?? grant.Grantee?.EmailAddress ?? '',
    permission: grant.Permission ?? 'unknown',
  }));
}

/** Reads one bucket's settings, all at once except the lifecycle, which only a versioned bucket needs. */
async function collectBucket(ctx: ScanContext, bucket: Bucket): Promise<void> {
  const name = bucket.Name;
  if (!name) return;
  const arn = `arn:${ctx.partition}:s3:::${name}`;
  const region = await regionOf(ctx, bucket, arn);
  if (region === null || !ctx.regions.includes(region)) return;
  const s3 = ctx.client(S3Client, 'S3', region);
  const versioningThenLifecycle = async (): Promise<[BucketState['versioning'], BucketState['lifecycle']]> => {
    const versioning = await readVersioning(ctx, s3, name, arn);
    const lifecycle = versioning?.status === 'Enabled' && ctx.wants(...LIFECYCLE_RULES) ? await readLifecycle(ctx, s3, name, arn) : null;
    return [versioning, lifecycle];
  };
  const [[versioning, lifecycle], pab, policy, aclGrants] = await Promise.all([
    versioningThenLifecycle(),
    readPublicAccessBlock(ctx, s3, name, arn),
    readPolicy(ctx, s3, name, arn),
    readAcl(ctx, s3, name, arn),
  ]);
  const state: BucketState = { ref: { arn, name, region }, versioning, lifecycle, publicAccessBlock: pab, policy, aclGrants };
  ctx.evaluate(BUCKET, state);
}

export const bucketsCollector: Collector = {
  title: 'S3 buckets',
  scope: 'global',
  rules: [...VERSIONING_RULES, ...PAB_RULES, ...POLICY_RULES, ...ACL_RULES],
  async collect(ctx) {
    const home = ctx.client(S3Client, 'S3');
    const pages = ctx.pages(
      's3:ListAllMyBuckets',
      `buckets of account ${ctx.account}`,
      (token, o) => home.send(new ListBucketsCommand({ MaxBuckets: PAGE_SIZE, ...(token ? { ContinuationToken: token } : {}) }), o),
      (page) => page.ContinuationToken || undefined,
    );
    // Each bucket's failure is caught at once: one rejecting while later pages are still being
    // listed would otherwise be an unhandled rejection. The first is rethrown once all have ended.
    const work: Array<Promise<void>> = [];
    let failure: { readonly error: unknown } | undefined;
    for await (const page of pages) {
      for (const bucket of page.Buckets ?? []) work.push(collectBucket(ctx, bucket).catch((error: unknown) => void (failure ??= { error })));
    }
    await Promise.all(work);
    if (failure) throw failure.error;
  },
};
