// "Harden This Bucket" on live buckets against moto: a bare bucket planned, applied and verified
// (then scanned: only the advisory MFA Delete finding is left); existing lifecycle rules and
// policy statements kept as they were; a hardened bucket planned empty and applied with no write
// at all; a website bucket keeping what the site needs, with a note; a plan made stale by a change
// refused; and, with aws-sdk-client-mock, a refusal in the middle reported exactly, nothing after it tried.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import {
  CreateBucketCommand,
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutBucketWebsiteCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { s3Checks } from '../../server/src/account/checks/s3';
import { applyPlan, HardenError, listBuckets, planBucket } from '../../server/src/account/harden/harden';
import { AccountSession } from '../../server/src/account/session';
import { EMU_ACCOUNT, EMU_REGION, emulatedAccount, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
let unavailable = '';
let s3: S3Client;

before(async () => {
  const started = await emulatedAccount();
  if ('unavailable' in started) unavailable = started.unavailable;
  else {
    acct = started;
    s3 = new S3Client(acct.client);
  }
});

after(async () => {
  s3?.destroy();
  await acct?.stop();
});

function need(t: TestContext): EmulatedAccount | undefined {
  if (!acct) t.skip(`no AWS emulator: ${unavailable}`);
  return acct;
}

const FIVE = ['s3:PutBucketVersioning', 's3:PutBucketPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration'];
const WRITES = [PutBucketVersioningCommand, PutPublicAccessBlockCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutBucketLifecycleConfigurationCommand];
const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const arnOf = (bucket: string): string => `arn:aws:s3:::${bucket}`;

function tlsDeny(bucket: string): object {
  return { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arnOf(bucket), `${arnOf(bucket)}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

async function create(bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: EMU_REGION } }));
}

/** Records every command any S3 client sends while `body` runs, passing each on. */
async function recordingSends<T>(body: () => Promise<T>): Promise<{ value: T; commands: object[] }> {
  const commands: object[] = [];
  const original = S3Client.prototype.send;
  S3Client.prototype.send = function (this: S3Client, command: object, ...rest: unknown[]) {
    commands.push(command);
    return (original as (...a: unknown[]) => unknown).call(this, command, ...rest);
  } as typeof original;
  try {
    return { value: await body(), commands };
  } finally {
    S3Client.prototype.send = original;
  }
}

const writesIn = (commands: readonly object[]): object[] => commands.filter((c) => WRITES.some((W) => c instanceof W));

test('a bare bucket: five steps in order, applied and verified; a scan then finds only the advisory MFA Delete', async (t) => {
  const a = need(t);
  if (!a) return;
  await create('harden-bare');
  const session = await AccountSession.open();
  const plan = await planBucket(session, 'emu', 'harden-bare');
  assert.equal(plan.account, EMU_ACCOUNT);
  assert.equal(plan.region, EMU_REGION);
  assert.deepEqual(plan.steps.map((s) => s.action), FIVE);
  assert.deepEqual(plan.inPlace, []);
  for (const step of plan.steps) {
    assert.match(step.cli, /^aws s3api put-/);
    assert.match(step.cli, /--bucket harden-bare .*--region eu-west-1 --profile emu$/);
  }
  assert.deepEqual(plan.steps[0]!.before, {});
  assert.equal(plan.steps[1]!.before, null);
  assert.deepEqual(plan.steps[3]!.after, { Version: '2012-10-17', Statement: [tlsDeny('harden-bare')] });
  assert.deepEqual(plan.steps[4]!.after, { Rules: [{ ID: 'aws-hardening-undelete-window', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] });
  const mfa = plan.notes.find((n) => n.includes('MFA Delete'));
  assert.ok(mfa, 'MFA Delete is explained');
  assert.match(mfa, /root user/);
  assert.match(mfa, /lifecycle/);
  assert.match(mfa, /aws s3api put-bucket-versioning .*MFADelete=Enabled --mfa /);

  const result = await applyPlan(session, plan);
  assert.deepEqual(result.applied.map((s) => s.action), FIVE);
  assert.equal(result.failed, undefined);
  assert.deepEqual(result.notAttempted, []);
  assert.deepEqual(result.verified.missing, []);
  assert.equal(result.verified.inPlace.length, 5);

  const scanned = await a.scan({ collectors: s3Checks.collectors, rules: s3Checks.rules });
  const onBucket = scanned.profiles[0]!.findings.filter((f) => f.resource === arnOf('harden-bare')).map((f) => f.ruleId);
  assert.deepEqual(onBucket, ['s3-mfa-delete-off']);
  // Run again: nothing left to plan.
  assert.deepEqual((await planBucket(session, 'emu', 'harden-bare')).steps, []);
});

test('existing lifecycle rules and policy statements survive the merge, equal in meaning', async (t) => {
  if (!need(t)) return;
  await create('harden-merge');
  const statements = [
    { Sid: 'ReadForRole', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${EMU_ACCOUNT}:role/reader` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [arnOf('harden-merge'), `${arnOf('harden-merge')}/*`] },
    { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${arnOf('harden-merge')}/*`, Condition: { StringNotEquals: { 'aws:PrincipalAccount': EMU_ACCOUNT } } },
  ];
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'harden-merge', Policy: JSON.stringify({ Version: '2012-10-17', Id: 'kept', Statement: statements }) }));
  const rules = [
    { ID: 'logs-to-ia', Status: 'Enabled' as const, Filter: { Prefix: 'logs/' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' as const }] },
    { ID: 'tmp-expire', Status: 'Disabled' as const, Filter: { Prefix: 'tmp/' }, Expiration: { Days: 7 } },
  ];
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'harden-merge', LifecycleConfiguration: { Rules: rules } }));
  const session = await AccountSession.open();
  const plan = await planBucket(session, 'emu', 'harden-merge', { undeleteWindowDays: 45 });
  assert.deepEqual(plan.steps.map((s) => s.action), FIVE);
  const result = await applyPlan(session, plan);
  assert.equal(result.failed, undefined);
  assert.deepEqual(result.verified.missing, []);

  const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: 'harden-merge' }))).Policy!) as { Id: string; Version: string; Statement: object[] };
  assert.equal(policy.Id, 'kept');
  assert.equal(policy.Version, '2012-10-17');
  assert.deepEqual(policy.Statement, [...statements, tlsDeny('harden-merge')]);
  const readBack = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'harden-merge' }))).Rules ?? [];
  assert.deepEqual(readBack.map((r) => r.ID), ['logs-to-ia', 'tmp-expire', 'aws-hardening-undelete-window']);
  assert.equal(readBack[0]!.Status, 'Enabled');
  assert.equal(readBack[0]!.Filter?.Prefix, 'logs/');
  assert.deepEqual(readBack[0]!.Transitions?.map((x) => [x.Days, x.StorageClass]), [[30, 'STANDARD_IA']]);
  assert.equal(readBack[1]!.Status, 'Disabled');
  assert.equal(readBack[1]!.Expiration?.Days, 7);
  assert.equal(readBack[2]!.NoncurrentVersionExpiration?.NoncurrentDays, 45);
});

async function harden(bucket: string): Promise<void> {
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: ALL_ON }));
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsDeny(bucket)] }) }));
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [{ ID: 'mine', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 90 } }] } }),
  );
}

test('a hardened bucket: an empty plan, and applying it makes no write call', async (t) => {
  if (!need(t)) return;
  await create('harden-done');
  await harden('harden-done');
  const session = await AccountSession.open();
  const plan = await planBucket(session, 'emu', 'harden-done');
  assert.deepEqual(plan.steps, []);
  assert.equal(plan.inPlace.length, 5);
  assert.ok(plan.inPlace.some((line) => line.includes('90 days')));
  const { value: result, commands } = await recordingSends(() => applyPlan(session, plan));
  assert.ok(commands.length > 0, 'the bucket was read');
  assert.deepEqual(writesIn(commands), []);
  assert.deepEqual(result.applied, []);
  assert.deepEqual(result.verified.missing, []);
});

test('a website bucket keeps its public access and plain HTTP, with a note saying why', async (t) => {
  if (!need(t)) return;
  await create('harden-site');
  await s3.send(new PutBucketWebsiteCommand({ Bucket: 'harden-site', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
  const session = await AccountSession.open();
  const plan = await planBucket(session, 'emu', 'harden-site');
  assert.deepEqual(plan.steps.map((s) => s.action), ['s3:PutBucketVersioning', 's3:PutLifecycleConfiguration']);
  const note = plan.notes.find((n) => n.includes('static website'));
  assert.ok(note);
  assert.match(note, /blocking public access and the TLS-only policy would take the site down, so both are left/);
  assert.ok(plan.notes.some((n) => n.startsWith('Ownership controls are left')));
  const result = await applyPlan(session, plan);
  assert.deepEqual(result.verified.missing, []);
});

test('an ACL granting others access keeps ownership controls as they are, with the grants named', async (t) => {
  if (!need(t)) return;
  await create('harden-acl');
  await s3.send(new PutBucketAclCommand({ Bucket: 'harden-acl', ACL: 'public-read' }));
  const plan = await planBucket(await AccountSession.open(), 'emu', 'harden-acl');
  assert.ok(!plan.steps.some((s) => s.action === 's3:PutBucketOwnershipControls'));
  assert.ok(plan.notes.some((n) => n.includes('READ to AllUsers')));
});

test('a plan made stale by a change is refused, and nothing is written', async (t) => {
  if (!need(t)) return;
  await create('harden-stale');
  const session = await AccountSession.open();
  const plan = await planBucket(session, 'emu', 'harden-stale');
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'harden-stale', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Late', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${arnOf('harden-stale')}/*` }] }) }));
  const { value: refusal, commands } = await recordingSends(() => applyPlan(session, plan).then(() => null, (err: unknown) => err));
  assert.ok(refusal instanceof HardenError);
  assert.equal(refusal.kind, 'stale');
  assert.match(refusal.message, /harden-stale changed since the plan was made .*s3:PutBucketPolicy.*nothing was changed/);
  assert.deepEqual(writesIn(commands), []);
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'harden-stale' }))).Status, undefined);
});

test('an unknown bucket and an unknown profile are told apart', async (t) => {
  if (!need(t)) return;
  const session = await AccountSession.open();
  await assert.rejects(planBucket(session, 'emu', 'no-such-bucket-here'), (err: unknown) => err instanceof HardenError && err.kind === 'no-such-bucket');
  await assert.rejects(planBucket(session, 'nobody', 'harden-bare'), (err: unknown) => err instanceof HardenError && err.kind === 'usage' && /no profile nobody/.test(err.message));
  const listed = await listBuckets(session, 'emu');
  assert.ok(listed.some((b) => b.name === 'harden-bare' && b.region === EMU_REGION));
});

const s3Error = (name: string, status: number): S3ServiceException => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${name} (test)` });

test('AccessDenied on the third step: exactly the first two applied, the failure names the action, nothing after it attempted', async (t) => {
  if (!need(t)) return;
  const session = await AccountSession.open();
  const mock = mockClient(S3Client);
  t.after(() => mock.restore());
  mock.on(GetBucketLocationCommand).resolves({ LocationConstraint: EMU_REGION });
  mock.on(GetBucketVersioningCommand).resolves({});
  mock.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration', 404));
  mock.on(GetBucketOwnershipControlsCommand).rejects(s3Error('OwnershipControlsNotFoundError', 404));
  mock.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy', 404));
  mock.on(GetBucketLifecycleConfigurationCommand).rejects(s3Error('NoSuchLifecycleConfiguration', 404));
  mock.on(GetBucketWebsiteCommand).rejects(s3Error('NoSuchWebsiteConfiguration', 404));
  mock.on(GetBucketAclCommand).resolves({ Owner: { ID: 'owner' }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] });
  mock.on(PutBucketVersioningCommand).resolves({});
  mock.on(PutPublicAccessBlockCommand).resolves({});
  mock.on(PutBucketOwnershipControlsCommand).rejects(s3Error('AccessDenied', 403));
  const plan = await planBucket(session, 'emu', 'locked');
  assert.deepEqual(plan.steps.map((s) => s.action), FIVE);
  const result = await applyPlan(session, plan);
  assert.deepEqual(result.applied.map((s) => s.action), FIVE.slice(0, 2));
  assert.equal(result.failed?.step.action, 's3:PutBucketOwnershipControls');
  assert.match(result.failed!.error, /^not permitted to call s3:PutBucketOwnershipControls on arn:aws:s3:::locked \(AccessDenied\)/);
  assert.deepEqual(result.notAttempted.map((s) => s.action), FIVE.slice(3));
  assert.equal(mock.commandCalls(PutBucketVersioningCommand).length, 1);
  assert.equal(mock.commandCalls(PutPublicAccessBlockCommand).length, 1);
  assert.equal(mock.commandCalls(PutBucketOwnershipControlsCommand).length, 1);
  assert.equal(mock.commandCalls(PutBucketPolicyCommand).length, 0);
  assert.equal(mock.commandCalls(PutBucketLifecycleConfigurationCommand).length, 0);
  // The mock still answers as before: the verification reads everything as missing.
  assert.equal(result.verified.missing.length, 5);
});
