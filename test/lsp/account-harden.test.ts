// "Harden This Bucket" on a live bucket through the language server over stdio, against moto: the
// profile's buckets, a plan (reads only, with the undelete window of the settings), an apply
// refused while `awsHardening.account.allowChanges` is false (nothing changed), then applied and
// verified; an unknown bucket and malformed parameters answered with errors a client can tell apart.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { CreateBucketCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import {
  ACCOUNT_BUCKETS_REQUEST,
  ACCOUNT_HARDEN_APPLY_REQUEST,
  ACCOUNT_HARDEN_PLAN_REQUEST,
  type AccountBucketsResult,
  type HardenPlan,
  type HardenResult,
  type ServerSettings,
} from '../../server/src/protocol';
import { emulatedAccount, EMU_ACCOUNT, EMU_REGION, type EmulatedAccount } from '../helpers/account';
import { LspClient } from '../helpers/lsp-client';

let acct: EmulatedAccount | undefined;
let unavailable = '';
let client: LspClient | undefined;
let s3: S3Client;

before(async () => {
  const started = await emulatedAccount();
  if ('unavailable' in started) {
    unavailable = started.unavailable;
    return;
  }
  acct = started;
  s3 = new S3Client(acct.client);
  await s3.send(new CreateBucketCommand({ Bucket: 'lsp-bare', CreateBucketConfiguration: { LocationConstraint: EMU_REGION } }));
  // The server inherits this process's environment (the emulator's AWS config), so it starts after it.
  client = new LspClient();
  await client.initialize();
});

after(async () => {
  await client?.stop();
  s3?.destroy();
  await acct?.stop();
});

function need(t: TestContext): LspClient | undefined {
  if (!client) t.skip(`no AWS emulator: ${unavailable}`);
  return client;
}

/** Pushes the settings (the client does not answer workspace/configuration); later requests see them. */
async function settings(c: LspClient, value: ServerSettings): Promise<void> {
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { awsHardening: value } });
}

async function refusal(p: Promise<unknown>): Promise<ResponseError<{ reason?: string } | undefined>> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ResponseError, `expected a ResponseError, got ${String(err)}`);
  return err as ResponseError<{ reason?: string } | undefined>;
}

test('the buckets of a profile, each with its region', async (t) => {
  const c = need(t);
  if (!c) return;
  const result = await c.connection.sendRequest<AccountBucketsResult>(ACCOUNT_BUCKETS_REQUEST, { profile: 'emu' });
  assert.deepEqual(result.buckets, [{ name: 'lsp-bare', region: EMU_REGION }]);
});

test('plan, apply refused while allowChanges is false, then applied and verified', async (t) => {
  const c = need(t);
  if (!c) return;
  await settings(c, { s3: { undeleteWindowDays: 10 }, account: { allowChanges: false } });
  const plan = await c.connection.sendRequest<HardenPlan>(ACCOUNT_HARDEN_PLAN_REQUEST, { profile: 'emu', bucket: 'lsp-bare' });
  assert.equal(plan.account, EMU_ACCOUNT);
  assert.equal(plan.steps.length, 5);
  assert.deepEqual((plan.steps[4]!.after as { Rules: Array<{ NoncurrentVersionExpiration: unknown }> }).Rules[0]!.NoncurrentVersionExpiration, { NoncurrentDays: 10 });

  const refused = await refusal(c.connection.sendRequest(ACCOUNT_HARDEN_APPLY_REQUEST, { plan }));
  assert.match(refused.message, /turned off \(awsHardening\.account\.allowChanges is false\); nothing was changed/);
  assert.equal(refused.data?.reason, 'not-allowed');
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'lsp-bare' }))).Status, undefined);

  await settings(c, { s3: { undeleteWindowDays: 10 } });
  const result = await c.connection.sendRequest<HardenResult>(ACCOUNT_HARDEN_APPLY_REQUEST, { plan });
  assert.deepEqual(result.applied.map((s) => s.action), plan.steps.map((s) => s.action));
  assert.equal(result.failed, undefined);
  assert.deepEqual(result.verified.missing, []);
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'lsp-bare' }))).Status, 'Enabled');
  assert.equal((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'lsp-bare' }))).PublicAccessBlockConfiguration?.RestrictPublicBuckets, true);

  // The same plan again is stale now: refused, with the reason.
  const stale = await refusal(c.connection.sendRequest(ACCOUNT_HARDEN_APPLY_REQUEST, { plan }));
  assert.equal(stale.data?.reason, 'stale');
  assert.match(stale.message, /lsp-bare changed since the plan was made/);
});

test('an unknown bucket, an unknown profile and malformed parameters are errors a client can tell apart', async (t) => {
  const c = need(t);
  if (!c) return;
  const missing = await refusal(c.connection.sendRequest(ACCOUNT_HARDEN_PLAN_REQUEST, { profile: 'emu', bucket: 'lsp-no-such-bucket' }));
  assert.equal(missing.data?.reason, 'no-such-bucket');
  const profile = await refusal(c.connection.sendRequest(ACCOUNT_BUCKETS_REQUEST, { profile: 'nobody' }));
  assert.equal(profile.code, ErrorCodes.InvalidParams);
  assert.match(profile.message, /no profile nobody/);
  const noBucket = await refusal(c.connection.sendRequest(ACCOUNT_HARDEN_PLAN_REQUEST, { profile: 'emu' }));
  assert.equal(noBucket.code, ErrorCodes.InvalidParams);
  const noPlan = await refusal(c.connection.sendRequest(ACCOUNT_HARDEN_APPLY_REQUEST, { plan: 'apply everything' }));
  assert.equal(noPlan.code, ErrorCodes.InvalidParams);
  const badPlan = await refusal(c.connection.sendRequest(ACCOUNT_HARDEN_APPLY_REQUEST, { plan: { profile: 'emu', bucket: 'lsp-bare' } }));
  assert.equal(badPlan.code, ErrorCodes.InvalidParams);
  assert.match(badPlan.message, /plan is malformed/);
});
