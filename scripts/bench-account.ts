// The live scan's throughput and cancellation (issue 12), in `npm run bench` (`--account` alone):
// - 1,000 buckets read through a fake client that answers every S3 call after 50 ms: API calls
//   per bucket and the ratio of the scan's time to the ideal (calls × 50 ms ÷ concurrency), target
//   ≤ 1.2: the scanner's own overhead and any serialisation show up here;
// - the same 1,000 buckets in the moto emulator: calls per bucket, calls per second, and the ratio
//   to the ideal with moto's own median latency of one call (moto serves one call at a time on
//   this machine, so this ratio shows the emulator's limit as much as ours);
// - how long a cancelled scan takes to settle with calls in flight to a server that never answers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateBucketCommand,
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { s3Checks } from '../server/src/account/checks/s3';
import { CancelledError } from '../server/src/account/scan/limiter';
import type { Collector } from '../server/src/account/scan/model';
import { DEFAULT_CONCURRENCY, scan } from '../server/src/account/scan/scanner';
import { AccountSession } from '../server/src/account/session';
import { emulatedAccount, type EmulatedAccount } from '../test/helpers/account';

const BUCKETS = 1000;
const LATENCY_MS = 50;

const bucketCollector = s3Checks.collectors.find((c) => c.title.toLowerCase().includes('bucket'))!;

function delay<T>(ms: number, value: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(value());
      } catch (err) {
        reject(err);
      }
    }, ms),
  );
}

async function fakeClient(): Promise<void> {
  const s3 = mockClient(S3Client);
  const absent = (name: string): S3ServiceException => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 404 }, message: name });
  const names = Array.from({ length: BUCKETS }, (_, i) => `bench-bucket-${String(i).padStart(4, '0')}`);
  s3.on(ListBucketsCommand).callsFake(() => delay(LATENCY_MS, () => ({ Buckets: names.map((Name) => ({ Name, BucketRegion: 'eu-west-1' })) })));
  s3.on(GetBucketVersioningCommand).callsFake(() => delay(LATENCY_MS, () => ({ Status: 'Enabled' })));
  s3.on(GetBucketLifecycleConfigurationCommand).callsFake(() => delay(LATENCY_MS, () => ({ Rules: [{ ID: 'undelete', Status: 'Enabled', Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] })));
  s3.on(GetPublicAccessBlockCommand).callsFake(() => delay(LATENCY_MS, () => ({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } })));
  s3.on(GetBucketPolicyCommand).callsFake(() =>
    delay(LATENCY_MS, () => {
      throw absent('NoSuchBucketPolicy');
    }),
  );
  s3.on(GetBucketAclCommand).callsFake(() => delay(LATENCY_MS, () => ({ Grants: [] })));
  try {
    const session = await AccountSession.open();
    const started = performance.now();
    await scan({ session, profiles: ['emu'], collectors: [bucketCollector], rules: s3Checks.rules });
    const run = { ms: performance.now() - started };
    const calls = s3.calls().length;
    const ideal = (calls * LATENCY_MS) / DEFAULT_CONCURRENCY;
    console.log(
      `account scan, ${BUCKETS} buckets through a fake client (${LATENCY_MS} ms per call, concurrency ${DEFAULT_CONCURRENCY}): ${calls} S3 calls ` +
        `(${(calls / BUCKETS).toFixed(2)} per bucket), ${(run.ms / 1000).toFixed(2)} s against an ideal of ${(ideal / 1000).toFixed(2)} s: ratio ${(run.ms / ideal).toFixed(2)} (target ≤ 1.2)`,
    );
  } finally {
    s3.restore();
  }
}

async function emulator(acct: EmulatedAccount): Promise<void> {
  const s3 = new S3Client(acct.client);
  const names = Array.from({ length: BUCKETS }, (_, i) => `bench-bucket-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += DEFAULT_CONCURRENCY) {
    await Promise.all(names.slice(i, i + DEFAULT_CONCURRENCY).map((Bucket) => s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))));
  }
  // moto's own latency for one call, one at a time: the "latency" of the ideal.
  const samples: number[] = [];
  for (let i = 0; i < 31; i++) {
    const t = performance.now();
    await s3.send(new GetBucketVersioningCommand({ Bucket: names[i]! }));
    samples.push(performance.now() - t);
  }
  s3.destroy();
  samples.sort((a, b) => a - b);
  const latency = samples[15]!;
  let calls = 0;
  const counting: Collector = {
    ...bucketCollector,
    collect: (ctx) => bucketCollector.collect({ ...ctx, read: (action, resource, send, absent, region) => (calls++, ctx.read(action, resource, send, absent, region)) }),
  };
  const session = await AccountSession.open();
  const started = performance.now();
  await scan({ session, profiles: ['emu'], collectors: [counting], rules: s3Checks.rules });
  const took = performance.now() - started;
  const ideal = (calls * latency) / DEFAULT_CONCURRENCY;
  console.log(
    `account scan, ${BUCKETS} buckets in moto: ${calls} calls (${(calls / BUCKETS).toFixed(2)} per bucket) in ${(took / 1000).toFixed(1)} s, ${Math.round(calls / (took / 1000))} calls/s; ` +
      `moto answers one call in a median ${latency.toFixed(1)} ms, so the ideal at concurrency ${DEFAULT_CONCURRENCY} is ${(ideal / 1000).toFixed(1)} s: ratio ${(took / ideal).toFixed(2)} (moto serves calls one at a time)`,
  );
}

async function cancellation(): Promise<void> {
  let requests = 0;
  let onRequest = (): void => undefined;
  const silent = createServer(() => {
    requests++;
    onRequest();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const hanging: Collector = {
    title: 'calls that never end',
    scope: 'regional',
    rules: ['s3-versioning-off'],
    async collect(ctx) {
      const s3 = new S3Client({ region: ctx.region, endpoint: url, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, forcePathStyle: true, maxAttempts: 1 });
      try {
        await Promise.all(Array.from({ length: 100 }, (_, i) => ctx.read('s3:GetBucketVersioning', `bucket-${i}`, (o) => s3.send(new GetBucketVersioningCommand({ Bucket: `bucket-${i}` }), o))));
      } finally {
        s3.destroy();
      }
    },
  };
  const settle: number[] = [];
  for (let run = 0; run < 5; run++) {
    requests = 0;
    const controller = new AbortController();
    const session = await AccountSession.open();
    const outcome = scan({ session, profiles: ['emu'], collectors: [hanging], rules: s3Checks.rules, signal: controller.signal });
    await new Promise<void>((resolve) => {
      onRequest = () => requests >= DEFAULT_CONCURRENCY - 2 && resolve();
    });
    const t = performance.now();
    controller.abort();
    try {
      await outcome;
    } catch (err) {
      if (!(err instanceof CancelledError)) throw err;
    }
    settle.push(performance.now() - t);
  }
  silent.closeAllConnections();
  silent.close();
  settle.sort((a, b) => a - b);
  console.log(`account scan cancelled with calls in flight to a server that never answers: settled in a median ${settle[2]!.toFixed(1)} ms (max ${settle[4]!.toFixed(1)} ms) over 5 runs (target < 1000 ms)`);
}

export async function accountBench(): Promise<void> {
  const acct = await emulatedAccount();
  if ('unavailable' in acct) {
    console.log(`account scan bench: no moto (${acct.unavailable})`);
    return;
  }
  try {
    await fakeClient();
    await cancellation();
    await emulator(acct);
  } finally {
    await acct.stop();
  }
}
