// The live S3 checks where moto cannot answer as AWS does: MFA Delete reported Enabled, the bucket
// region in the listing, failed reads (one scan-not-permitted each, the rest still judged), the
// "no such configuration" answers, reads skipped when no enabled rule needs them, and the buckets'
// reads running side by side. Every client's `send` is mocked, so nothing goes on the network.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { DescribeRegionsCommand, DescribeVpcEndpointsCommand, EC2Client, EC2ServiceException, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
  S3ServiceException,
  type GetBucketVersioningCommandOutput,
  type Grant,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient, S3ControlServiceException } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { s3Checks } from '../../server/src/account/checks/s3';
import type { AccountFinding } from '../../server/src/account/scan/model';
import { scan, type ScanOptions } from '../../server/src/account/scan/scanner';
import { AccountSession } from '../../server/src/account/session';

const ACCOUNT = '210987654321';
const REGION = 'eu-west-1';
const saved = { ...process.env };
let home = '';

before(() => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-s3-mock-'));
  mkdirSync(join(home, '.aws'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, '.aws', 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, `[profile audit]\nregion = ${REGION}\naws_access_key_id = AKIAMOCKED\naws_secret_access_key = mocked\n`);
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
});

after(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

afterEach(() => {
  for (const mock of [s3, control, ec2, sts, iam, tagging]) mock.reset();
});

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name });
}

/** One bucket as the fake account answers for it: a value, or the error its call fails with. */
interface FakeBucket {
  readonly listedRegion?: string;
  readonly location?: string;
  readonly versioning?: Partial<GetBucketVersioningCommandOutput>;
  readonly lifecycle?: readonly LifecycleRule[] | Error;
  readonly pab?: PublicAccessBlockConfiguration | Error;
  readonly policy?: string | Error;
  readonly acl?: readonly Grant[] | Error;
}

const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const TLS_ONLY = (bucket: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  });
const OWNER_ONLY: readonly Grant[] = [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }];

/** A bucket with everything on, MFA Delete included; each test changes what it is about. */
function hardened(name: string, change: Partial<FakeBucket> = {}): FakeBucket {
  return {
    listedRegion: REGION,
    versioning: { Status: 'Enabled', MFADelete: 'Enabled' },
    lifecycle: [{ ID: 'undelete-window', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }],
    pab: ALL_ON,
    policy: TLS_ONLY(name),
    acl: OWNER_ONLY,
    ...change,
  };
}

function answer<T>(value: T | Error | undefined, absent: Error): Promise<T> {
  if (value instanceof Error) return Promise.reject(value);
  return value === undefined ? Promise.reject(absent) : Promise.resolve(value);
}

/** Installs the fake account: identity, no stack tags, the buckets (in listing pages), the account block and endpoints. */
function fakeAccount(
  pages: ReadonlyArray<Readonly<Record<string, FakeBucket>>>,
  account: { readonly pab?: PublicAccessBlockConfiguration | Error; readonly endpoints?: readonly VpcEndpoint[] | Error } = {},
): void {
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor`, UserId: 'AIDAMOCKED' });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [REGION, 'us-east-1', 'ap-southeast-2'].map((RegionName) => ({ RegionName })) });
  const buckets: Record<string, FakeBucket> = Object.assign({}, ...pages);
  const bucket = (input: { Bucket?: string }): FakeBucket => buckets[input.Bucket ?? ''] ?? assert.fail(`no bucket ${input.Bucket}`);
  s3.on(ListBucketsCommand).callsFake((input: { ContinuationToken?: string }) => {
    const at = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = Object.keys(pages[at] ?? {}).map((Name) => ({ Name, ...(pages[at]![Name]!.listedRegion ? { BucketRegion: pages[at]![Name]!.listedRegion } : {}) }));
    return Promise.resolve({ Buckets: page, ...(at + 1 < pages.length ? { ContinuationToken: String(at + 1) } : {}) });
  });
  s3.on(GetBucketLocationCommand).callsFake((input) => Promise.resolve({ LocationConstraint: bucket(input).location }));
  s3.on(GetBucketVersioningCommand).callsFake((input) => Promise.resolve(bucket(input).versioning ?? {}));
  s3.on(GetBucketLifecycleConfigurationCommand).callsFake((input) => answer(bucket(input).lifecycle, s3Error('NoSuchLifecycleConfiguration', 404)).then((Rules) => ({ Rules })));
  s3.on(GetPublicAccessBlockCommand).callsFake((input) =>
    answer(bucket(input).pab, s3Error('NoSuchPublicAccessBlockConfiguration', 404)).then((config) => ({ PublicAccessBlockConfiguration: config })),
  );
  s3.on(GetBucketPolicyCommand).callsFake((input) => answer(bucket(input).policy, s3Error('NoSuchBucketPolicy', 404)).then((Policy) => ({ Policy })));
  s3.on(GetBucketAclCommand).callsFake((input) => answer(bucket(input).acl ?? OWNER_ONLY, s3Error('AccessDenied', 403)).then((Grants) => ({ Grants })));
  control.on(GetAccountPublicAccessBlockCommand).callsFake((input: { AccountId?: string }) => {
    assert.equal(input.AccountId, ACCOUNT, 'S3 Control is asked about the scanned account');
    const pab = account.pab === undefined ? ALL_ON : account.pab;
    return pab instanceof Error ? Promise.reject(pab) : Promise.resolve({ PublicAccessBlockConfiguration: pab });
  });
  ec2.on(DescribeVpcEndpointsCommand).callsFake(() => (account.endpoints instanceof Error ? Promise.reject(account.endpoints) : Promise.resolve({ VpcEndpoints: account.endpoints ?? [] })));
}

async function run(options: Partial<ScanOptions> = {}): Promise<AccountFinding[]> {
  const session = await AccountSession.open();
  const result = await scan({ session, profiles: ['audit'], collectors: s3Checks.collectors, rules: s3Checks.rules, ...options });
  const [profile] = result.profiles;
  assert.equal(profile?.error, undefined);
  return [...profile!.findings];
}

function pairs(findings: readonly AccountFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
}

const arn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

test('MFA Delete reported Enabled is no finding; a versioned bucket without it is advice', async () => {
  fakeAccount([{ vault: hardened('vault'), orders: hardened('orders', { versioning: { Status: 'Enabled', MFADelete: 'Disabled' } }) }]);
  const findings = await run();
  assert.deepEqual(pairs(findings), [`s3-mfa-delete-off ${arn('orders')}`]);
  assert.equal(findings[0]!.severity, 'information');
});

test('a call refused on one bucket is one scan-not-permitted naming the action and bucket, and the other rules still judge it', async () => {
  fakeAccount([{ orders: hardened('orders', { versioning: {}, policy: s3Error('AccessDenied', 403) }) }]);
  const findings = await run();
  assert.deepEqual(pairs(findings), [`s3-versioning-off ${arn('orders')}`, `scan-not-permitted ${arn('orders')}`]);
  const denied = findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.deepEqual(denied.evidence, { action: 's3:GetBucketPolicy', resource: arn('orders'), error: 'AccessDenied' });
  assert.match(denied.message, /^Not permitted to call s3:GetBucketPolicy on arn:aws:s3:::orders \(AccessDenied\)/);
});

test('"no such configuration" answers are findings, not failures, for buckets and for the account', async () => {
  fakeAccount([{ bare: hardened('bare', { lifecycle: undefined, pab: undefined, policy: undefined }) }], { pab: new S3ControlServiceException({ name: 'NoSuchPublicAccessBlockConfiguration', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'none' }) });
  const findings = await run();
  assert.deepEqual(pairs(findings), [
    `s3-account-public-access-not-blocked ${ACCOUNT}`,
    `s3-noncurrent-versions-unmanaged ${arn('bare')}`,
    `s3-public-access-not-blocked ${arn('bare')}`,
    `s3-tls-not-enforced ${arn('bare')}`,
  ]);
  const account = findings.find((f) => f.ruleId === 's3-account-public-access-not-blocked')!;
  assert.equal(account.region, 'global');
  assert.deepEqual(account.evidence, { GetPublicAccessBlock: 'NoSuchPublicAccessBlockConfiguration' });
});

test('the account block refused is one scan-not-permitted naming s3:GetAccountPublicAccessBlock', async () => {
  fakeAccount([{}], { pab: new S3ControlServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'denied' }) });
  const findings = await run();
  assert.deepEqual(pairs(findings), [`scan-not-permitted ${ACCOUNT}`]);
  assert.equal(findings[0]!.evidence?.action, 's3:GetAccountPublicAccessBlock');
});

test('a policy that is not JSON is unknown: no policy finding, and nothing said to have failed', async () => {
  fakeAccount([{ odd: hardened('odd', { policy: '{"Statement": [' }) }]);
  assert.deepEqual(await run(), []);
});

test('the region comes from the listing, else from GetBucketLocation (none is us-east-1, EU is eu-west-1); other regions are left out', async () => {
  fakeAccount([
    {
      listed: hardened('listed'),
      legacy: hardened('legacy', { listedRegion: undefined, location: 'EU', versioning: {} }),
      virginia: hardened('virginia', { listedRegion: undefined, location: undefined, versioning: {} }),
      sydney: hardened('sydney', { listedRegion: 'ap-southeast-2', versioning: {} }),
    },
  ]);
  const findings = await run();
  assert.deepEqual(pairs(findings), [`s3-versioning-off ${arn('legacy')}`]);
  assert.equal(findings[0]!.region, 'eu-west-1');
  const located = s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input.Bucket).sort();
  assert.deepEqual(located, ['legacy', 'virginia'], 'only buckets the listing gave no region are located');
  const read = s3.commandCalls(GetBucketVersioningCommand).map((c) => c.args[0].input.Bucket).sort();
  assert.deepEqual(read, ['legacy', 'listed'], 'buckets outside the scanned regions are not read');
});

test('every page of the listing is read, and each bucket is read with a client of its own region', async () => {
  fakeAccount([{ first: hardened('first', { versioning: {} }) }, { second: hardened('second', { listedRegion: 'us-east-1', versioning: {} }) }]);
  const findings = await run({ regions: [REGION, 'us-east-1'] });
  assert.deepEqual(pairs(findings), [`s3-versioning-off ${arn('first')}`, `s3-versioning-off ${arn('second')}`]);
  assert.equal(s3.commandCalls(ListBucketsCommand).length, 2);
  const second = s3.commandCalls(GetBucketVersioningCommand).find((c) => c.args[0].input.Bucket === 'second')!;
  assert.equal(await (second.thisValue as S3Client).config.region(), 'us-east-1');
});

test('reads no enabled rule needs are not made: the lifecycle of an unversioned bucket, and whatever rules are off', async () => {
  fakeAccount([{ plain: hardened('plain', { versioning: {} }), versioned: hardened('versioned') }]);
  await run();
  assert.deepEqual(
    s3.commandCalls(GetBucketLifecycleConfigurationCommand).map((c) => c.args[0].input.Bucket),
    ['versioned'],
  );
  s3.resetHistory();
  const off = { 's3-versioning-off': 'off', 's3-mfa-delete-off': 'off', 's3-noncurrent-versions-unmanaged': 'off', 's3-tls-not-enforced': 'off', 's3-policy-public-principal': 'off' } as const;
  await run({ severities: off });
  assert.equal(s3.commandCalls(GetBucketVersioningCommand).length, 0);
  assert.equal(s3.commandCalls(GetBucketLifecycleConfigurationCommand).length, 0);
  assert.equal(s3.commandCalls(GetBucketPolicyCommand).length, 0);
  assert.equal(s3.commandCalls(GetPublicAccessBlockCommand).length, 2);
  assert.equal(s3.commandCalls(GetBucketAclCommand).length, 2);
});

test("many buckets' reads run side by side, up to the scan's concurrency", async () => {
  const buckets = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`bucket-${i}`, hardened(`bucket-${i}`)]));
  fakeAccount([buckets]);
  let inFlight = 0;
  let most = 0;
  // Each versioning read holds its slot until the next turn of the event loop, so overlapping calls show.
  s3.on(GetBucketVersioningCommand).callsFake(async () => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    return { Status: 'Enabled', MFADelete: 'Enabled' };
  });
  assert.deepEqual(await run({ concurrency: 8 }), []);
  assert.equal(most, 8);
});

test('S3 endpoints: the default policy and a missing one are found, a pinned one and gone endpoints are not; a refused listing is reported', async () => {
  const endpoint = (id: string, policy: string | undefined, state = 'available'): VpcEndpoint => ({
    VpcEndpointId: id,
    VpcId: 'vpc-1',
    VpcEndpointType: 'Gateway',
    ServiceName: `com.amazonaws.${REGION}.s3`,
    State: state as VpcEndpoint['State'],
    OwnerId: ACCOUNT,
    ...(policy !== undefined ? { PolicyDocument: policy } : {}),
  });
  const pinned = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': ACCOUNT } } }] });
  const open = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
  fakeAccount([{}], { endpoints: [endpoint('vpce-open', open), endpoint('vpce-none', undefined), endpoint('vpce-pinned', pinned), endpoint('vpce-gone', open, 'Deleted')] });
  const findings = await run();
  const at = (id: string): string => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-endpoint/${id}`;
  assert.deepEqual(pairs(findings), [`vpce-s3-policy-unrestricted ${at('vpce-none')}`, `vpce-s3-policy-unrestricted ${at('vpce-open')}`]);
  const filters = ec2.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input.Filters;
  assert.deepEqual(filters, [{ Name: 'service-name', Values: [`com.amazonaws.${REGION}.s3`, `cn.com.amazonaws.${REGION}.s3`] }]);
  ec2.reset();
  fakeAccount([{}], { endpoints: new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'no' }) });
  const refused = await run();
  assert.deepEqual(refused.map((f) => [f.ruleId, f.evidence?.action]), [['scan-not-permitted', 'ec2:DescribeVpcEndpoints']]);
});
