// What "Harden This Bucket" reads of a live bucket before it plans: versioning, public access
// block, ownership controls, policy, lifecycle, website and ACL, each read in full (a plan must
// never be made on a guess, so any read that fails stops the plan with the action it needed).
// S3's "there is none" answers are the empty states, not failures.
import {
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  S3Client,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { locationRegion, type AclGrant } from '../checks/s3/buckets';
import { parsePolicy, type JsonObject } from '../checks/s3/policy-json';
import { publicAccessBlock, type PublicAccessBlock } from '../checks/s3/public-access-block';
import { classify, errorCode, errorMessage } from '../scan/errors';
import type { AwsProfile } from '../profiles';
import type { AccountSession } from '../session';

/** Why a bucket could not be planned or changed; `kind` decides the CLI's exit status. */
export type HardenErrorKind = 'usage' | 'credentials' | 'no-such-bucket' | 'read' | 'stale';

export class HardenError extends Error {
  override readonly name = 'HardenError';
  constructor(
    readonly kind: HardenErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface BucketSnapshot {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly versioning: { readonly status: string | null; readonly mfaDelete: string | null };
  /** Null: the bucket has no public access block configuration. */
  readonly publicAccessBlock: PublicAccessBlock | null;
  /** The object ownership setting; null when the bucket has no ownership controls. */
  readonly ownership: string | null;
  /** Null: no bucket policy. `document` is null when the text is not a JSON object. */
  readonly policy: { readonly text: string; readonly document: JsonObject | null } | null;
  /** The lifecycle rules exactly as S3 returned them; empty when there is no configuration. */
  readonly lifecycle: readonly LifecycleRule[];
  readonly website: boolean;
  readonly acl: { readonly owner: string | null; readonly grants: readonly AclGrant[] };
}

/** A client of the profile for S3 in `region`; path-style where an endpoint (an emulator) is configured. */
export function s3Client(session: AccountSession, profile: AwsProfile, region?: string): S3Client {
  return new S3Client(session.clientSettings(profile, 'S3', region));
}

/** The sentence for a failed call: a refusal names the IAM action and the resource. */
export function callFailure(action: string, arn: string, err: unknown): string {
  const failure = classify(err);
  const code = errorCode(err);
  if (failure.kind === 'denied') return `not permitted to call ${action} on ${arn} (${code}): ${errorMessage(err)}`;
  return `${action} on ${arn} failed (${code}): ${errorMessage(err)}`;
}

async function read<T>(action: string, arn: string, call: () => Promise<T>, absent: readonly string[] = []): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    const code = errorCode(err);
    if (absent.includes(code)) return null;
    if (code === 'NoSuchBucket') throw new HardenError('no-such-bucket', `There is no bucket ${arn.slice(arn.lastIndexOf(':') + 1)} (${action}: NoSuchBucket).`);
    if (classify(err).kind === 'credentials') throw new HardenError('credentials', callFailure(action, arn, err));
    throw new HardenError('read', `${callFailure(action, arn, err)}; the bucket was not planned.`);
  }
}

/** The bucket's region, asked of S3 through the profile's own region. */
export async function bucketRegion(session: AccountSession, profile: AwsProfile, name: string, arn: string): Promise<string> {
  const home = s3Client(session, profile);
  try {
    const answer = await read('s3:GetBucketLocation', arn, () => home.send(new GetBucketLocationCommand({ Bucket: name })));
    return locationRegion(answer?.LocationConstraint);
  } finally {
    home.destroy();
  }
}

/** Reads everything the plan decides on, side by side. */
export async function readBucket(s3: S3Client, name: string, arn: string, region: string): Promise<BucketSnapshot> {
  const Bucket = name;
  const [versioning, pab, ownership, policy, lifecycle, website, acl] = await Promise.all([
    read('s3:GetBucketVersioning', arn, () => s3.send(new GetBucketVersioningCommand({ Bucket }))),
    read('s3:GetBucketPublicAccessBlock', arn, () => s3.send(new GetPublicAccessBlockCommand({ Bucket })), ['NoSuchPublicAccessBlockConfiguration']),
    read('s3:GetBucketOwnershipControls', arn, () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), ['OwnershipControlsNotFoundError']),
    read('s3:GetBucketPolicy', arn, () => s3.send(new GetBucketPolicyCommand({ Bucket })), ['NoSuchBucketPolicy']),
    read('s3:GetLifecycleConfiguration', arn, () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), ['NoSuchLifecycleConfiguration']),
    read('s3:GetBucketWebsite', arn, () => s3.send(new GetBucketWebsiteCommand({ Bucket })), ['NoSuchWebsiteConfiguration']),
    read('s3:GetBucketAcl', arn, () => s3.send(new GetBucketAclCommand({ Bucket }))),
  ]);
  return {
    name,
    arn,
    region,
    versioning: { status: versioning?.Status ?? null, mfaDelete: versioning?.MFADelete ?? null },
    publicAccessBlock: pab?.PublicAccessBlockConfiguration ? publicAccessBlock(pab.PublicAccessBlockConfiguration) : null,
    ownership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null,
    policy: policy?.Policy !== undefined && policy !== null ? { text: policy.Policy, document: parsePolicy(policy.Policy) } : null,
    lifecycle: lifecycle?.Rules ?? [],
    website: website !== null,
    acl: {
      owner: acl?.Owner?.ID ?? null,
      grants: (acl?.Grants ?? []).map((grant) => ({
        type: grant.Grantee?.Type ?? 'unknown',
        grantee: grant.Grantee?.URI ?? grant.Grantee?.ID ?? grant.Grantee?.EmailAddress ?? '',
        permission: grant.Permission ?? 'unknown',
      })),
    },
  };
}
