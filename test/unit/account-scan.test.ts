// The scanner itself, with collectors written for the test: failed calls become findings naming
// the action and resource and the rest goes on, credentials that stop working end only their
// profile, listings are capped, cancellation aborts calls in flight and never starts queued ones,
// regions are chosen as the user asked, CloudFormation tags are attached, and severities follow
// the user's overrides. Identity and regions come from the emulator; the calls under test from
// stubbed clients (aws-sdk-client-mock) or a server that never answers.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { GetBucketPolicyCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { CancelledError } from '../../server/src/account/scan/limiter';
import { liveRule, type Collector, type ScanContext } from '../../server/src/account/scan/model';
import { emulatorForFile, EMU_ACCOUNT, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
const emulator = emulatorForFile((started) => (acct = started));

function need(t: TestContext): EmulatedAccount | undefined {
  if (!acct) emulator.skip(t);
  return acct;
}

const s3Error = (name: string, status: number): S3ServiceException =>
  new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${name} (test)` });

/** Lists buckets, then reads each one's versioning and policy, as a real collector would. */
const bucketCollector: Collector = {
  title: 'S3 buckets (test)',
  scope: 'global',
  rules: ['s3-versioning-off'],
  async collect(ctx: ScanContext) {
    const s3 = ctx.client(S3Client, 'S3');
    const names: string[] = [];
    for await (const page of ctx.pages('s3:ListBuckets', `account ${ctx.account}`, (token, o) => s3.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {}), o), (p) => p.ContinuationToken)) {
      for (const b of page.Buckets ?? []) names.push(b.Name!);
    }
    await Promise.all(
      names.map(async (name) => {
        const arn = `arn:${ctx.partition}:s3:::${name}`;
        const versioning = await ctx.read('s3:GetBucketVersioning', arn, (o) => s3.send(new GetBucketVersioningCommand({ Bucket: name }), o));
        const policy = await ctx.read('s3:GetBucketPolicy', arn, (o) => s3.send(new GetBucketPolicyCommand({ Bucket: name }), o), ['NoSuchBucketPolicy']);
        ctx.evaluate('test-bucket', {
          ref: { arn, name, region: ctx.region },
          versioning: versioning.state === 'ok' ? (versioning.value.Status ?? 'Off') : null,
          policy: policy.state === 'ok' ? 'some' : policy.state === 'absent' ? 'none' : null,
        } as never);
      }),
    );
  },
};

const versioningRule = liveRule<{ ref: { name: string; arn: string; region: string }; versioning: string | null }>('s3-versioning-off', 'test-bucket', (s) =>
  s.versioning !== null && s.versioning !== 'Enabled' ? [{ message: `Bucket ${s.ref.name} keeps no versions.`, evidence: { Status: s.versioning } }] : [],
);

test('a refused call is one scan-not-permitted finding naming the action and resource, and the rest of the scan goes on', async (t) => {
  const a = need(t);
  if (!a) return;
  const s3 = mockClient(S3Client);
  t.after(() => s3.restore());
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'open-bucket' }, { Name: 'locked-bucket' }] });
  s3.on(GetBucketVersioningCommand, { Bucket: 'open-bucket' }).resolves({ Status: 'Suspended' });
  s3.on(GetBucketVersioningCommand, { Bucket: 'locked-bucket' }).rejects(s3Error('AccessDenied', 403));
  s3.on(GetBucketPolicyCommand, { Bucket: 'open-bucket' }).rejects(s3Error('NoSuchBucketPolicy', 404));
  s3.on(GetBucketPolicyCommand, { Bucket: 'locked-bucket' }).rejects(s3Error('SlowDown', 503));
  const result = await a.scan({ collectors: [bucketCollector], rules: [versioningRule] });
  const [p] = result.profiles;
  assert.equal(p!.error, undefined);
  const seen = p!.findings.map((f) => [f.ruleId, f.resource, f.severity, f.message]);
  assert.deepEqual(seen.sort(), [
    ['s3-versioning-off', 'arn:aws:s3:::open-bucket', 'warning', 'Bucket open-bucket keeps no versions.'],
    ['scan-not-permitted', 'arn:aws:s3:::locked-bucket', 'warning', 'Not permitted to call s3:GetBucketVersioning on arn:aws:s3:::locked-bucket (AccessDenied): what it would show was not checked. Grant the scanning role s3:GetBucketVersioning.'],
    ['scan-not-permitted', 'arn:aws:s3:::locked-bucket', 'warning', "s3:GetBucketPolicy on arn:aws:s3:::locked-bucket was throttled (SlowDown) and still refused after the SDK's retries: not checked; scan again later or with less concurrency."],
  ].sort());
  assert.ok(p!.findings.every((f) => f.account === EMU_ACCOUNT && f.profile === 'emu'));
});

test('credentials that stop working mid-scan end that profile with the reason, not a finding per call', async (t) => {
  const a = need(t);
  if (!a) return;
  const s3 = mockClient(S3Client);
  t.after(() => s3.restore());
  s3.on(ListBucketsCommand).resolves({ Buckets: Array.from({ length: 20 }, (_, i) => ({ Name: `bucket-${i}` })) });
  s3.on(GetBucketVersioningCommand).rejects(s3Error('ExpiredToken', 400));
  s3.on(GetBucketPolicyCommand).rejects(s3Error('ExpiredToken', 400));
  const result = await a.scan({ collectors: [bucketCollector], rules: [versioningRule] });
  const [p] = result.profiles;
  assert.match(p!.error ?? '', /^The scan of profile emu stopped at s3:Get\w+: .*ExpiredToken/);
  assert.deepEqual(p!.findings, []);
  // Every call after the first refusal is not made: at most the ones already in flight.
  const made = s3.commandCalls(GetBucketVersioningCommand).length + s3.commandCalls(GetBucketPolicyCommand).length;
  assert.ok(made <= 8, `${made} calls were made after the credentials failed`);
});

test('a listing is read to the page cap and then named as truncated; a repeated token ends it', async (t) => {
  const a = need(t);
  if (!a) return;
  const s3 = mockClient(S3Client);
  t.after(() => s3.restore());
  let page = 0;
  s3.on(ListBucketsCommand).callsFake(() => ({ Buckets: [{ Name: `bucket-page-${page}` }], ContinuationToken: `token-${++page}` }));
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: '{}' });
  const capped = await a.scan({ collectors: [bucketCollector], rules: [versioningRule], maxPages: 5 });
  assert.equal(s3.commandCalls(ListBucketsCommand).length, 5);
  assert.deepEqual(
    capped.profiles[0]!.findings.map((f) => [f.ruleId, f.severity, f.message]),
    [['scan-truncated', 'information', 's3:ListBuckets on account 123456789012 had more than 5 pages: the rest was not scanned.']],
  );
  s3.reset();
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'loop-bucket' }], ContinuationToken: 'same' });
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: '{}' });
  const looped = await a.scan({ collectors: [bucketCollector], rules: [versioningRule] });
  assert.equal(s3.commandCalls(ListBucketsCommand).length, 2);
  assert.deepEqual(looped.profiles[0]!.findings, []);
});

test('severity overrides apply, and a rule turned off skips the collectors only it needs', async (t) => {
  const a = need(t);
  if (!a) return;
  const s3 = mockClient(S3Client);
  t.after(() => s3.restore());
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'plain-bucket' }] });
  s3.on(GetBucketVersioningCommand).resolves({});
  s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy', 404));
  const raised = await a.scan({ collectors: [bucketCollector], rules: [versioningRule], severities: { 's3-versioning-off': 'error' } });
  assert.deepEqual(raised.profiles[0]!.findings.map((f) => [f.ruleId, f.severity]), [['s3-versioning-off', 'error']]);
  s3.resetHistory();
  const off = await a.scan({ collectors: [bucketCollector], rules: [versioningRule], severities: { 's3-versioning-off': 'off' } });
  assert.deepEqual(off.profiles[0]!.findings, []);
  assert.equal(s3.commandCalls(ListBucketsCommand).length, 0);
});

test('resources CloudFormation made carry their stack and logical id, from the tagging API', async (t) => {
  const a = need(t);
  if (!a) return;
  const s3 = mockClient(S3Client);
  const tagging = mockClient(ResourceGroupsTaggingAPIClient);
  t.after(() => (s3.restore(), tagging.restore()));
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'stack-bucket' }, { Name: 'hand-made-bucket' }] });
  s3.on(GetBucketVersioningCommand).resolves({});
  s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy', 404));
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: [
      {
        ResourceARN: 'arn:aws:s3:::stack-bucket',
        Tags: [
          { Key: 'aws:cloudformation:stack-name', Value: 'shop' },
          { Key: 'aws:cloudformation:logical-id', Value: 'OrdersBucket' },
        ],
      },
    ],
  });
  const result = await a.scan({ collectors: [bucketCollector], rules: [versioningRule] });
  const where = result.profiles[0]!.findings.map((f) => [f.resource, f.stack, f.logicalId]).sort();
  assert.deepEqual(where, [
    ['arn:aws:s3:::hand-made-bucket', null, null],
    ['arn:aws:s3:::stack-bucket', 'shop', 'OrdersBucket'],
  ]);
});

test('regions: the profile\'s own by default, all enabled ones on request, and a region the account lacks is named', async (t) => {
  const a = need(t);
  if (!a) return;
  const regional: Collector = {
    title: 'regions (test)',
    scope: 'regional',
    rules: ['s3-versioning-off'],
    async collect(ctx) {
      ctx.evaluate('test-region', { ref: { arn: ctx.region, name: ctx.region, region: ctx.region } });
    },
  };
  const everyRegion = liveRule('s3-versioning-off', 'test-region', () => [{ message: 'seen' }]);
  const own = await a.scan({ collectors: [regional], rules: [everyRegion] });
  assert.deepEqual(own.profiles[0]!.regions, ['eu-west-1']);
  const all = await a.scan({ collectors: [regional], rules: [everyRegion], regions: 'all' });
  assert.ok(all.profiles[0]!.regions.length > 10, 'the emulator enables many regions');
  assert.ok(all.profiles[0]!.regions.every((r) => !r.startsWith('cn-') && !r.startsWith('us-gov-')), 'only regions of the account\'s partition');
  assert.ok(!all.profiles[0]!.regions.includes('ap-east-1'), 'a region not opted in is not enabled');
  assert.deepEqual(all.profiles[0]!.findings.filter((f) => f.ruleId === 's3-versioning-off').map((f) => f.region).sort(), [...all.profiles[0]!.regions].sort());
  const named = await a.scan({ collectors: [regional], rules: [everyRegion], regions: ['eu-central-1', 'xx-nowhere-1'] });
  assert.deepEqual(named.profiles[0]!.regions, ['eu-central-1']);
  assert.deepEqual(named.profiles[0]!.notes, ['Region xx-nowhere-1 is not enabled for account 123456789012 (or does not exist): not scanned.']);
});

test('an unknown profile and an unusable one are reported, and the others are scanned', async (t) => {
  const a = need(t);
  if (!a) return;
  a.writeConfig(['[profile half]', 'aws_access_key_id = only-the-id']);
  t.after(() => a.writeConfig());
  const result = await a.scan({ profiles: ['emu', 'half', 'ghost'], collectors: [], rules: [] });
  const byName = new Map(result.profiles.map((p) => [p.profile, p]));
  assert.equal(byName.get('emu')!.identity?.account, EMU_ACCOUNT);
  assert.match(byName.get('half')!.error ?? '', /^Profile half cannot be used: aws_access_key_id without aws_secret_access_key/);
  assert.match(byName.get('ghost')!.error ?? '', /^No profile named ghost in the AWS config \(profiles: emu, half\)/);
});

/** An HTTP server that takes requests and never answers them, counting them. */
function silentServer(): Promise<{ server: Server; url: string; requests: () => number }> {
  let count = 0;
  const server = createServer(() => void count++);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => count })));
}

test('cancelling aborts the calls in flight and never starts the queued ones', async (t) => {
  const a = need(t);
  if (!a) return;
  const silent = await silentServer();
  t.after(() => (silent.server.closeAllConnections(), silent.server.close()));
  const hanging: Collector = {
    title: 'hanging calls (test)',
    scope: 'regional',
    rules: ['s3-versioning-off'],
    async collect(ctx) {
      const s3 = new S3Client({ region: ctx.region, endpoint: silent.url, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, forcePathStyle: true, maxAttempts: 1 });
      try {
        await Promise.all(Array.from({ length: 12 }, (_, i) => ctx.read('s3:GetBucketVersioning', `bucket-${i}`, (o) => s3.send(new GetBucketVersioningCommand({ Bucket: `bucket-${i}` }), o))));
      } finally {
        s3.destroy();
      }
    },
  };
  const controller = new AbortController();
  const outcome = a.scan({ collectors: [hanging], rules: [versioningRule], concurrency: 3, signal: controller.signal });
  // Wait until the silent server has the three requests: an event, not a sleep.
  await new Promise<void>((resolve) => {
    const check = (): void => (silent.requests() >= 3 ? resolve() : void silent.server.once('request', () => setImmediate(check)));
    check();
  });
  controller.abort();
  // Settles although the server never answers (the bench times how soon).
  await assert.rejects(outcome, CancelledError);
  assert.equal(silent.requests(), 3, 'no queued call started after the cancel');
});

test('two profiles of one account scan it once, through the first named', async (t) => {
  const a = need(t);
  if (!a) return;
  a.writeConfig(['[profile same]', 'region = eu-central-1', `endpoint_url = ${a.moto.url}`, 'aws_access_key_id = other', 'aws_secret_access_key = other']);
  t.after(() => a.writeConfig());
  const regional: Collector = {
    title: 'regions (test)',
    scope: 'regional',
    rules: ['s3-versioning-off'],
    async collect(ctx) {
      ctx.evaluate('test-region', { ref: { arn: ctx.region, name: ctx.region, region: ctx.region } });
    },
  };
  const seen = liveRule('s3-versioning-off', 'test-region', () => [{ message: 'seen' }]);
  const result = await a.scan({ profiles: ['same', 'emu'], collectors: [regional], rules: [seen] });
  assert.deepEqual(
    result.profiles.map((p) => [p.profile, p.identity?.account, p.findings.map((f) => f.region), p.notes]),
    [
      ['same', EMU_ACCOUNT, ['eu-central-1'], []],
      ['emu', EMU_ACCOUNT, [], ['Account 123456789012 is scanned through profile same; profile emu reads the same account, so it is not scanned again.']],
    ],
  );
});
