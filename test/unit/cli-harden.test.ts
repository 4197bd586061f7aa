// `aws-hardening harden-bucket` end to end: the built CLI as a child process (asynchronously: moto's
// log pipe is drained by this process) against moto. The plan alone changes nothing (read back);
// --apply without --yes and without a terminal is refused with the reason; --apply --yes hardens
// the bucket; an unknown bucket, an unknown profile and a bad command line exit 2. The question
// on a terminal is answered in-process (the command takes the answer from its io).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test, type TestContext } from 'node:test';
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { hardenBucketCommand } from '../../server/src/cli/harden-bucket';
import { cliPath, runCliProcessAsync, type ProcessRun } from '../helpers/cli-run';
import { EMU_ACCOUNT, EMU_REGION, emulatedAccount, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
let unavailable = '';
let s3: S3Client;

before(async () => {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run node scripts/build.mjs first`);
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

function need(t: TestContext): boolean {
  if (!acct) t.skip(`no AWS emulator: ${unavailable}`);
  return acct !== undefined;
}

const harden = (args: readonly string[]): Promise<ProcessRun> => runCliProcessAsync(['harden-bucket', ...args], { timeoutMs: 60_000 });

async function create(bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: EMU_REGION } }));
}

/** What the five settings read back as: the empty answers by their error names. */
async function settingsOf(bucket: string): Promise<Record<string, unknown>> {
  const or = <T>(p: Promise<T>): Promise<T | string> => p.catch((err: Error) => err.name);
  const [versioning, pab, ownership, policy, lifecycle] = await Promise.all([
    or(s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))),
    or(s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))),
    or(s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))),
    or(s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))),
    or(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))),
  ]);
  return {
    versioning: typeof versioning === 'string' ? versioning : (versioning.Status ?? null),
    pab: typeof pab === 'string' ? pab : pab.PublicAccessBlockConfiguration,
    ownership: typeof ownership === 'string' ? ownership : ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
    policy: typeof policy === 'string' ? policy : JSON.parse(policy.Policy!),
    lifecycle: typeof lifecycle === 'string' ? lifecycle : lifecycle.Rules?.map((r) => r.ID),
  };
}

const BARE = { versioning: null, pab: 'NoSuchPublicAccessBlockConfiguration', ownership: 'OwnershipControlsNotFoundError', policy: 'NoSuchBucketPolicy', lifecycle: 'NoSuchLifecycleConfiguration' };

test('harden-bucket prints the plan and changes nothing', async (t) => {
  if (!need(t)) return;
  await create('cli-plan-only');
  const run = await harden(['cli-plan-only', '--profile', 'emu']);
  assert.equal(run.status, 0, run.err);
  assert.match(run.out, new RegExp(`^Plan for bucket cli-plan-only \\(account ${EMU_ACCOUNT}, ${EMU_REGION}, profile emu\\): 5 changes$`, 'm'));
  assert.match(run.out, /^1\. Turn versioning on \[s3:PutBucketVersioning\]\n {3}before: \{\}\n {3}after: {2}\{"Status":"Enabled"\}\n {3}aws s3api put-bucket-versioning --bucket cli-plan-only --versioning-configuration Status=Enabled --region eu-west-1 --profile emu$/m);
  for (const action of ['s3:PutBucketPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration']) assert.ok(run.out.includes(`[${action}]`), action);
  assert.match(run.out, /^Notes:\n {2}- MFA Delete is not planned and never attempted/m);
  assert.match(run.out, /^Nothing was changed\. Run again with --apply to make these 5 changes\.$/m);
  assert.deepEqual(await settingsOf('cli-plan-only'), BARE);
});

test('--apply without --yes and without a terminal exits 2 with the reason, and changes nothing', async (t) => {
  if (!need(t)) return;
  await create('cli-unconfirmed');
  const run = await harden(['cli-unconfirmed', '--profile', 'emu', '--apply']);
  assert.equal(run.status, 2);
  assert.match(run.err, /--apply needs --yes when standard input is not a terminal.*nothing was changed/);
  assert.deepEqual(await settingsOf('cli-unconfirmed'), BARE);
});

test('--apply --yes hardens the bucket, reports each call and the read-back, and exits 0; again, there is nothing to do', async (t) => {
  if (!need(t)) return;
  await create('cli-apply');
  const run = await harden(['cli-apply', '--profile', 'emu', '--apply', '--yes', '--undelete-window-days', '14']);
  assert.equal(run.status, 0, run.err);
  assert.match(run.out, /^Applied \(5\):$/m);
  assert.doesNotMatch(run.out, /^Failed|^Not attempted|missing:/m);
  assert.equal(run.out.match(/^ {2}in place: /gm)?.length, 5);
  const now = await settingsOf('cli-apply');
  assert.equal(now.versioning, 'Enabled');
  assert.deepEqual(now.pab, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  assert.equal(now.ownership, 'BucketOwnerEnforced');
  assert.deepEqual((now.policy as { Statement: Array<{ Sid: string }> }).Statement.map((s) => s.Sid), ['DenyInsecureTransport']);
  assert.deepEqual(now.lifecycle, ['aws-hardening-undelete-window']);
  const again = await harden(['cli-apply', '--profile', 'emu', '--apply', '--yes']);
  assert.equal(again.status, 0, again.err);
  assert.match(again.out, /: nothing to change$/m);
  assert.match(again.out, /^Nothing to do: bucket cli-apply/m);
});

test('an unknown bucket, an unknown profile and a bad command line exit 2', async (t) => {
  if (!need(t)) return;
  const missing = await harden(['cli-no-such-bucket', '--profile', 'emu']);
  assert.equal(missing.status, 2);
  assert.match(missing.err, /There is no bucket cli-no-such-bucket/);
  const profile = await harden(['cli-apply', '--profile', 'nobody']);
  assert.equal(profile.status, 2);
  assert.match(profile.err, /There is no profile nobody/);
  const usage = await harden(['--profile', 'emu']);
  assert.equal(usage.status, 2);
  assert.match(usage.err, /harden-bucket needs the name of a bucket\n\nUsage: aws-hardening harden-bucket BUCKET/);
  const yesAlone = await harden(['cli-apply', '--yes']);
  assert.equal(yesAlone.status, 2);
  assert.match(yesAlone.err, /--yes confirms --apply/);
});

test('on a terminal, --apply shows the plan with the question and applies only after a y', async (t) => {
  if (!need(t)) return;
  await create('cli-asked');
  const run = async (answer: string): Promise<{ code: number; out: string; err: string; questions: string[] }> => {
    let out = '';
    let err = '';
    const questions: string[] = [];
    const io = {
      out: (text: string) => void (out += `${text}\n`),
      err: (text: string) => void (err += `${text}\n`),
      interactive: true,
      ask: (question: string) => (questions.push(question), Promise.resolve(answer)),
    };
    const code = await hardenBucketCommand(['cli-asked', '--profile', 'emu', '--apply'], io);
    return { code, out, err, questions };
  };
  const declined = await run('n');
  assert.equal(declined.code, 1);
  assert.deepEqual(declined.questions, [`Apply 5 changes to bucket cli-asked in account ${EMU_ACCOUNT}? [y/N]`]);
  assert.match(declined.err, /^Plan for bucket cli-asked/m, 'the plan is shown beside the question');
  assert.match(declined.err, /not confirmed; nothing was changed/);
  assert.deepEqual(await settingsOf('cli-asked'), BARE);
  const confirmed = await run('y');
  assert.equal(confirmed.code, 0, confirmed.err);
  assert.match(confirmed.out, /^Applied \(5\):$/m);
  assert.equal((await settingsOf('cli-asked')).versioning, 'Enabled');
});
