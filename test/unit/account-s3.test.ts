// The live S3 checks against moto: buckets, the account's public access block and S3 VPC
// endpoints seeded weak and hardened through the SDK, then scanned; every weak setting must be
// found, nothing on the hardened resources, and no read may fail. What moto cannot show (MFA
// Delete reported Enabled, failed reads) is in account-s3-mock.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateRouteTableCommand, CreateVpcCommand, CreateVpcEndpointCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { s3Checks } from '../../server/src/account/checks/s3';
import type { AccountFinding } from '../../server/src/account/scan/model';
import { EMU_ACCOUNT, EMU_REGION, emulatorForFile, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
const emulator = emulatorForFile((started) => (acct = started));

const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

function tlsDeny(bucket: string): object {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Seeds two weak buckets, one hardened, and one elsewhere (us-east-1, weak, outside a scan of eu-west-1). */
async function seedBuckets(a: EmulatedAccount): Promise<void> {
  const s3 = new S3Client(a.client);
  const here = { CreateBucketConfiguration: { LocationConstraint: EMU_REGION } } as const;
  // Never versioned, no public access block, no policy, and a public-read ACL.
  await s3.send(new CreateBucketCommand({ Bucket: 'weak-plain', ...here }));
  await s3.send(new PutBucketAclCommand({ Bucket: 'weak-plain', ACL: 'public-read' }));
  // Versioned with no lifecycle, half a public access block, and a policy open to everyone without a TLS deny.
  await s3.send(new CreateBucketCommand({ Bucket: 'weak-versioned', ...here }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'weak-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'weak-versioned', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } }));
  const open = { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::weak-versioned/*' }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'weak-versioned', Policy: JSON.stringify(open) }));
  // Everything on; MFA Delete is asked for too, and moto drops it (see below).
  await s3.send(new CreateBucketCommand({ Bucket: 'hardened', ...here }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'hardened', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' }, MFA: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456' }));
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'hardened',
      LifecycleConfiguration: { Rules: [{ ID: 'undelete-window', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
    }),
  );
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'hardened', PublicAccessBlockConfiguration: ALL_ON }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'hardened', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsDeny('hardened')] }) }));
  const east = new S3Client({ ...a.client, region: 'us-east-1' });
  await east.send(new CreateBucketCommand({ Bucket: 'weak-elsewhere' }));
  east.destroy();
  s3.destroy();
}

/** Seeds an S3 gateway endpoint with the default policy (tagged as a stack's), a pinned one, and a DynamoDB one. */
async function seedEndpoints(a: EmulatedAccount): Promise<{ weak: string; hardened: string }> {
  const ec2 = new EC2Client(a.client);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const routes = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  const service = `com.amazonaws.${EMU_REGION}.s3`;
  const weak = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpc,
      ServiceName: service,
      RouteTableIds: [routes],
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'network' }, { Key: 'aws:cloudformation:logical-id', Value: 'S3Endpoint' }] }],
    }),
  );
  const pinned = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': EMU_ACCOUNT } } }],
  };
  const hardened = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: service, RouteTableIds: [routes], PolicyDocument: JSON.stringify(pinned) }));
  await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: `com.amazonaws.${EMU_REGION}.dynamodb`, RouteTableIds: [routes] }));
  ec2.destroy();
  return { weak: weak.VpcEndpoint!.VpcEndpointId!, hardened: hardened.VpcEndpoint!.VpcEndpointId! };
}

function pairs(findings: readonly AccountFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
}

const bucketArn = (name: string): string => `arn:aws:s3:::${name}`;

test('weak buckets, account and endpoint are found, hardened ones are not, and nothing fails to read', async (t) => {
  if (!acct) return emulator.skip(t);
  await acct.moto.reset();
  await seedBuckets(acct);
  const { weak, hardened } = await seedEndpoints(acct);
  const result = await acct.scan({ collectors: s3Checks.collectors, rules: s3Checks.rules });
  const [profile] = result.profiles;
  assert.equal(profile?.error, undefined);
  const endpointArn = (id: string): string => `arn:aws:ec2:${EMU_REGION}:${EMU_ACCOUNT}:vpc-endpoint/${id}`;
  assert.deepEqual(
    pairs(profile!.findings),
    [
      `s3-account-public-access-not-blocked ${EMU_ACCOUNT}`,
      // moto accepts MFADelete and drops it, so the hardened bucket reads as versioned without it.
      `s3-mfa-delete-off ${bucketArn('hardened')}`,
      `s3-mfa-delete-off ${bucketArn('weak-versioned')}`,
      `s3-noncurrent-versions-unmanaged ${bucketArn('weak-versioned')}`,
      `s3-policy-public-principal ${bucketArn('weak-versioned')}`,
      `s3-public-access-not-blocked ${bucketArn('weak-plain')}`,
      `s3-public-access-not-blocked ${bucketArn('weak-versioned')}`,
      `s3-public-acl ${bucketArn('weak-plain')}`,
      `s3-tls-not-enforced ${bucketArn('weak-plain')}`,
      `s3-tls-not-enforced ${bucketArn('weak-versioned')}`,
      `s3-versioning-off ${bucketArn('weak-plain')}`,
      `vpce-s3-policy-unrestricted ${endpointArn(weak)}`,
    ].sort(),
  );
  assert.ok(!profile!.findings.some((f) => f.resource.endsWith(hardened)), 'the pinned endpoint has no finding');
  const partial = profile!.findings.find((f) => f.ruleId === 's3-public-access-not-blocked' && f.resourceName === 'weak-versioned');
  assert.match(partial!.message, /leaves BlockPublicPolicy, RestrictPublicBuckets off/);
  const endpoint = profile!.findings.find((f) => f.ruleId === 'vpce-s3-policy-unrestricted')!;
  assert.equal(endpoint.region, EMU_REGION);
  assert.equal(endpoint.stack, 'network', 'the endpoint listing carries its stack tags');
  assert.equal(endpoint.logicalId, 'S3Endpoint');
  const acl = profile!.findings.find((f) => f.ruleId === 's3-public-acl')!;
  assert.equal(acl.message, 'Bucket weak-plain has an ACL granting READ to AllUsers, so anyone on the internet can list its objects.');
  assert.equal(acl.region, EMU_REGION);
});

test('a bucket in another region is scanned only when that region is, through a client of its own region', async (t) => {
  if (!acct) return emulator.skip(t);
  await acct.moto.reset();
  const s3 = new S3Client({ ...acct.client, region: 'us-east-1' });
  await s3.send(new CreateBucketCommand({ Bucket: 'weak-elsewhere' }));
  s3.destroy();
  const control = new S3ControlClient({ ...acct.client, endpointProvider: () => ({ url: new URL(acct!.moto.url) }) });
  await control.send(new PutAccountPublicAccessBlockCommand({ AccountId: EMU_ACCOUNT, PublicAccessBlockConfiguration: ALL_ON }));
  control.destroy();
  const options = { collectors: s3Checks.collectors, rules: s3Checks.rules, severities: { 's3-mfa-delete-off': 'off' as const } };
  const home = (await acct.scan(options)).profiles[0]!;
  assert.deepEqual(pairs(home.findings), [], 'a scan of eu-west-1 leaves the us-east-1 bucket out, and the account block is all on');
  const both = (await acct.scan({ ...options, regions: [EMU_REGION, 'us-east-1'] })).profiles[0]!;
  assert.deepEqual(
    pairs(both.findings),
    ['s3-public-access-not-blocked', 's3-tls-not-enforced', 's3-versioning-off'].map((id) => `${id} ${bucketArn('weak-elsewhere')}`),
  );
  assert.ok(both.findings.every((f) => f.region === 'us-east-1'));
});
