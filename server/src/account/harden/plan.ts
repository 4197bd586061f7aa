// The hardening plan of one live bucket, decided from what was read (no I/O here): each call with
// the configuration before and after and its AWS CLI command, nothing that is already in place,
// and notes for what is left on purpose. The judgements are the scan's own (the public access
// block's flags, `deniesInsecureTransport`, an enabled rule with noncurrent expiration), so a
// bucket the plan calls hardened is one the scan finds nothing on.
import {
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { knownStatements, statements } from '../../core/cfn/policy';
import { deniesInsecureTransport, publicAllow } from '../../core/rules/s3/bucket-policy';
import type { HardenPlan, HardenStep } from '../../protocol';
import { policyNode, type Json, type JsonObject } from '../checks/s3/policy-json';
import { offFlags } from '../checks/s3/public-access-block';
import { lifecycleCommand, mfaDeleteCommand, ownershipCommand, policyCommand, publicAccessBlockCommand, versioningCommand, type Target } from './commands';
import type { BucketSnapshot } from './read';

export const UNDELETE_RULE_ID = 'aws-hardening-undelete-window';
export const TLS_SID = 'DenyInsecureTransport';
export const DEFAULT_UNDELETE_WINDOW_DAYS = 30;

export const ACTIONS = {
  versioning: 's3:PutBucketVersioning',
  publicAccessBlock: 's3:PutBucketPublicAccessBlock',
  ownership: 's3:PutBucketOwnershipControls',
  policy: 's3:PutBucketPolicy',
  lifecycle: 's3:PutLifecycleConfiguration',
} as const;

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** A step with what it says while missing (for the verification) and the call that makes it. */
export interface PlannedStep {
  readonly step: HardenStep;
  readonly missing: string;
  send(s3: S3Client): Promise<unknown>;
}

export interface Planned {
  readonly plan: HardenPlan;
  readonly steps: readonly PlannedStep[];
}

export interface PlanOptions {
  readonly profile: string;
  readonly account: string;
  readonly partition: string;
  readonly undeleteWindowDays: number;
}

/** The statement that denies every request made without TLS, on the bucket and its objects. */
export function tlsStatement(sid: string, arn: string): JsonObject {
  return { Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

function freeId(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** The existing document with the TLS statement appended; every other key and statement as it was. */
function withTlsStatement(document: JsonObject, arn: string): JsonObject {
  const existing = document.Statement;
  const list: readonly Json[] = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing as Json];
  const sids = new Set(list.flatMap((s) => (s !== null && typeof s === 'object' && !Array.isArray(s) && typeof (s as JsonObject).Sid === 'string' ? [(s as JsonObject).Sid as string] : [])));
  return { ...document, Statement: [...list, tlsStatement(freeId(sids, TLS_SID), arn)] };
}

/** The undelete-window rule, in the style of the rules already there (a configuration may not mix them). */
function undeleteRule(existing: readonly LifecycleRule[], days: number): LifecycleRule {
  const id = freeId(new Set(existing.flatMap((r) => (r.ID ? [r.ID] : []))), UNDELETE_RULE_ID);
  const oldStyle = existing.some((r) => r.Prefix !== undefined && r.Filter === undefined);
  return { ID: id, Status: 'Enabled', ...(oldStyle ? { Prefix: '' } : { Filter: { Prefix: '' } }), NoncurrentVersionExpiration: { NoncurrentDays: days } };
}

/** Grants to anyone but the bucket owner, in words; empty when the ACL is the owner's alone. */
function foreignGrants(snapshot: BucketSnapshot): string[] {
  const { owner, grants } = snapshot.acl;
  return grants
    .filter((g) => !(g.type === 'CanonicalUser' && owner !== null && g.grantee === owner))
    .map((g) => `${g.permission} to ${g.type === 'Group' ? g.grantee.slice(g.grantee.lastIndexOf('/') + 1) : g.grantee}`);
}

export function planFromSnapshot(snapshot: BucketSnapshot, options: PlanOptions): Planned {
  const target: Target = { bucket: snapshot.name, region: snapshot.region, profile: options.profile };
  const Bucket = snapshot.name;
  const inPlace: string[] = [];
  const notes: string[] = [];
  const steps: PlannedStep[] = [];
  let policyFirst = false;

  const { status, mfaDelete } = snapshot.versioning;
  if (status === 'Enabled') inPlace.push('Versioning is Enabled.');
  else if (mfaDelete === 'Enabled') notes.push(`Versioning is ${status ?? 'off'} with MFA Delete on: only the root user, with its MFA device, can turn it back on (${mfaDeleteCommand(target, options.partition, options.account)}).`);
  else {
    steps.push({
      step: { action: ACTIONS.versioning, title: status === 'Suspended' ? 'Turn versioning back on (it is Suspended)' : 'Turn versioning on', before: status ? { Status: status } : {}, after: { Status: 'Enabled' }, cli: versioningCommand(target) },
      missing: 'Versioning is not enabled.',
      send: (s3) => s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } })),
    });
  }

  const pabOff = snapshot.publicAccessBlock ? offFlags(snapshot.publicAccessBlock) : ['all four settings'];
  if (pabOff.length === 0) inPlace.push('All four public access block settings are on.');
  const pabStep: PlannedStep | undefined =
    pabOff.length > 0 && !snapshot.website
      ? {
          step: { action: ACTIONS.publicAccessBlock, title: `Block public access (${pabOff.join(', ')} off now)`, before: snapshot.publicAccessBlock, after: ALL_BLOCKED, cli: publicAccessBlockCommand(target) },
          missing: 'Public access is not fully blocked.',
          send: (s3) => s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED })),
        }
      : undefined;

  let ownershipStep: PlannedStep | undefined;
  if (snapshot.ownership === 'BucketOwnerEnforced') inPlace.push('Object ownership is BucketOwnerEnforced: ACLs are off.');
  else {
    const foreign = foreignGrants(snapshot);
    const after = { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] };
    if (foreign.length > 0) notes.push(`Ownership controls are left: the bucket's ACL grants ${foreign.join(', ')}, and BucketOwnerEnforced turns ACLs off, which would take that access away. Move it into the bucket policy, then plan again.`);
    else if (snapshot.website) notes.push('Ownership controls are left: a website may serve objects made public by their own ACLs, which BucketOwnerEnforced turns off. Check the objects, then set it yourself: ' + ownershipCommand(target));
    else {
      ownershipStep = {
        step: { action: ACTIONS.ownership, title: 'Turn ACLs off (object ownership BucketOwnerEnforced)', before: snapshot.ownership ? { Rules: [{ ObjectOwnership: snapshot.ownership }] } : null, after, cli: ownershipCommand(target) },
        missing: 'ACLs are not off (object ownership is not BucketOwnerEnforced).',
        send: (s3) => s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })),
      };
    }
  }

  let policyStep: PlannedStep | undefined;
  const document = snapshot.policy?.document;
  const known = snapshot.policy === null ? [] : document ? knownStatements(policyNode(document)) : undefined;
  const tlsInPlace = known !== undefined && known.some((s) => deniesInsecureTransport(s) !== 'no');
  if (tlsInPlace) inPlace.push('The bucket policy denies requests without TLS.');
  else if (!known) notes.push(`The TLS-only statement is left: the bucket policy is not a document this tool can read, so it cannot be merged safely. Add this statement yourself: ${JSON.stringify(tlsStatement(TLS_SID, snapshot.arn))}`);
  else if (!snapshot.website) {
    const before = document ?? null;
    const after = document ? withTlsStatement(document, snapshot.arn) : { Version: '2012-10-17', Statement: [tlsStatement(TLS_SID, snapshot.arn)] };
    const text = JSON.stringify(after);
    policyFirst = pabStep !== undefined && !!document && statements(policyNode(document)).some((s) => publicAllow(s) !== 'no');
    if (policyFirst) notes.push('The bucket policy allows everyone: it is changed before public access is blocked (BlockPublicPolicy would refuse it afterwards), and once RestrictPublicBuckets is on those statements no longer let anyone outside the account in.');
    policyStep = {
      step: { action: ACTIONS.policy, title: document ? 'Deny requests without TLS (added to the bucket policy; its statements kept)' : 'Deny requests without TLS (a new bucket policy)', before, after, cli: policyCommand(target, after) },
      missing: 'The bucket policy does not deny requests without TLS.',
      send: (s3) => s3.send(new PutBucketPolicyCommand({ Bucket, Policy: text })),
    };
  }

  // A website endpoint is public and speaks HTTP only: both of these would take the site down.
  const left = snapshot.website ? [pabOff.length > 0 ? 'blocking public access' : '', known && !tlsInPlace ? 'the TLS-only policy' : ''].filter(Boolean) : [];
  if (left.length > 0) {
    notes.push(
      `Bucket ${snapshot.name} serves a static website, whose endpoint is public and HTTP only: ${left.join(' and ')} would take the site down, so ${left.length > 1 ? 'both are' : 'it is'} left. ` +
        'Serve the site through CloudFront with origin access control, then harden the bucket.',
    );
  }

  let lifecycleStep: PlannedStep | undefined;
  const expiring = snapshot.lifecycle.find((r) => r.Status === 'Enabled' && r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined);
  if (expiring) inPlace.push(`An enabled lifecycle rule expires noncurrent versions (after ${expiring.NoncurrentVersionExpiration!.NoncurrentDays} days).`);
  else if (mfaDelete === 'Enabled') notes.push('The undelete window is left: the bucket has MFA Delete on, and S3 does not allow lifecycle rules on such a bucket.');
  else {
    const rules = [...snapshot.lifecycle, undeleteRule(snapshot.lifecycle, options.undeleteWindowDays)];
    const after = { Rules: rules };
    lifecycleStep = {
      step: {
        action: ACTIONS.lifecycle,
        title: `Expire noncurrent versions after ${options.undeleteWindowDays} days${snapshot.lifecycle.length > 0 ? ' (a rule added; the existing rules kept)' : ''}`,
        before: snapshot.lifecycle.length > 0 ? { Rules: snapshot.lifecycle } : null,
        after,
        cli: lifecycleCommand(target, after),
      },
      missing: 'No enabled lifecycle rule expires noncurrent versions.',
      send: (s3) => s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: rules } })),
    };
  }

  if (mfaDelete === 'Enabled') inPlace.push('MFA Delete is on.');
  else {
    notes.push(
      'MFA Delete is not planned and never attempted: only the root user can turn it on, with its MFA device, and S3 then refuses lifecycle rules on the bucket, so it excludes the undelete window. ' +
        `If you want it instead, as the root user: ${mfaDeleteCommand(target, options.partition, options.account)}`,
    );
  }

  const ordered = policyFirst ? [policyStep, pabStep, ownershipStep] : [pabStep, ownershipStep, policyStep];
  for (const s of [...ordered, lifecycleStep]) if (s) steps.push(s);
  return {
    plan: { profile: options.profile, account: options.account, bucket: snapshot.name, region: snapshot.region, steps: steps.map((s) => s.step), inPlace, notes },
    steps,
  };
}
