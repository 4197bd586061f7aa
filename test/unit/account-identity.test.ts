// The IAM and CloudTrail checks against moto: a weak and a hardened resource of each kind, seeded
// through the SDK, and the exact findings a scan gives. Moto cannot turn on the root user's MFA or
// hold AWS managed policies: those cases are in account-identity-mocked.test.ts.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  AttachRolePolicyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { liveRules } from '../../server/src/account/checks';
import { cloudtrailCollector } from '../../server/src/account/checks/identity/cloudtrail';
import { iamAccountCollector } from '../../server/src/account/checks/identity/iam-account';
import { iamPoliciesCollector } from '../../server/src/account/checks/identity/iam-policies';
import { iamUsersCollector } from '../../server/src/account/checks/identity/iam-users';
import type { ScanResult } from '../../server/src/account/scan/scanner';
import { EMU_ACCOUNT, emulatorForFile, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
const emulator = emulatorForFile((started) => (acct = started));
let pauses = 0;

// Moto answers the first GenerateCredentialReport with STARTED and the next with COMPLETE: the
// collector's wait is exercised, without sleeping.
const collectors = [
  iamAccountCollector,
  iamUsersCollector({ tries: 3, intervalMs: 2000, pause: async () => void pauses++ }),
  iamPoliciesCollector,
  cloudtrailCollector,
];

beforeEach(async () => {
  await acct?.moto.reset();
  pauses = 0;
});

const arn = (rest: string): string => `arn:aws:iam::${EMU_ACCOUNT}:${rest}`;
const trailArn = (region: string, name: string): string => `arn:aws:cloudtrail:${region}:${EMU_ACCOUNT}:trail/${name}`;

function clients(a: EmulatedAccount): { iam: IAMClient; s3: S3Client; trail: (region: string) => CloudTrailClient } {
  return {
    iam: new IAMClient(a.client),
    s3: new S3Client(a.client),
    trail: (region) => new CloudTrailClient({ ...a.client, region }),
  };
}

const ADMIN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const NARROW = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::site/*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/** Users: one with a console password and no MFA, one with both, one with neither. */
async function seedUsers(iam: IAMClient, weak: boolean): Promise<void> {
  if (weak) {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'correct-horse-battery' }));
  }
  await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'correct-horse-battery' }));
  const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol' }));
  await iam.send(new EnableMFADeviceCommand({ UserName: 'carol', SerialNumber: device.VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  await iam.send(new CreateUserCommand({ UserName: 'deploy' }));
}

/** Policies: one granting everything attached to a role, a narrow one attached, and an unattached one granting everything. */
async function seedPolicies(iam: IAMClient, weak: boolean): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: TRUST }));
  const narrow = await iam.send(new CreatePolicyCommand({ PolicyName: 'deploy-site', PolicyDocument: NARROW }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'Deployer', PolicyArn: narrow.Policy!.Arn! }));
  const admin = await iam.send(new CreatePolicyCommand({ PolicyName: 'everything', PolicyDocument: ADMIN }));
  if (weak) await iam.send(new AttachRolePolicyCommand({ RoleName: 'Deployer', PolicyArn: admin.Policy!.Arn! }));
}

function found(result: ScanResult): string[] {
  assert.equal(result.profiles.length, 1);
  const [profile] = result.profiles;
  assert.equal(profile!.error, undefined);
  return profile!.findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
}

test('a weak account: every weak setting is found once, nothing on the hardened resources', async (t) => {
  if (!acct) return emulator.skip(t);
  const { iam, s3, trail } = clients(acct);
  await seedUsers(iam, true);
  await seedPolicies(iam, true);
  await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  // One trail per shape: single-region without validation, multi-region without validation (seen
  // from both scanned regions, so reported once), multi-region with validation; none logging.
  await trail('eu-west-1').send(new CreateTrailCommand({ Name: 'app', S3BucketName: 'trail-logs' }));
  await trail('us-east-1').send(new CreateTrailCommand({ Name: 'management', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }));
  await trail('eu-west-1').send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'trail-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true }));

  const result = await acct.scan({ collectors, rules: liveRules, regions: ['eu-west-1', 'us-east-1'] });
  assert.deepEqual(found(result), [
    `cloudtrail-log-validation-off ${trailArn('eu-west-1', 'app')}`,
    `cloudtrail-log-validation-off ${trailArn('us-east-1', 'management')}`,
    `cloudtrail-missing ${EMU_ACCOUNT}`,
    `cloudtrail-not-multi-region ${trailArn('eu-west-1', 'app')}`,
    `iam-admin-wildcard ${arn('policy/everything')}`,
    `iam-password-policy-weak ${EMU_ACCOUNT}`,
    `iam-root-mfa-off ${arn('root')}`,
    `iam-user-console-without-mfa ${arn('user/alice')}`,
  ]);
  assert.equal(pauses, 1, 'the collector waited once for the report moto was building');
  const findings = result.profiles[0]!.findings;
  const missing = findings.find((f) => f.ruleId === 'cloudtrail-missing')!;
  assert.equal(missing.severity, 'error');
  assert.match(missing.message, /no multi-region CloudTrail trail that is logging \(audit, management stopped\)/);
  const trailFinding = findings.find((f) => f.ruleId === 'cloudtrail-not-multi-region')!;
  assert.equal(trailFinding.region, 'eu-west-1');
  const admin = findings.find((f) => f.ruleId === 'iam-admin-wildcard')!;
  assert.equal(admin.region, 'global');
  assert.match(admin.message, /^Managed policy everything allows Action "\*" on Resource "\*"/);
});

test('a hardened account: only the root user, whose MFA moto cannot turn on', async (t) => {
  if (!acct) return emulator.skip(t);
  const { iam, s3, trail } = clients(acct);
  await seedUsers(iam, false);
  await seedPolicies(iam, false);
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, PasswordReusePrevention: 24, RequireSymbols: true }));
  await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await trail('eu-west-1').send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'trail-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await trail('eu-west-1').send(new StartLoggingCommand({ Name: 'audit' }));

  const result = await acct.scan({ collectors, rules: liveRules });
  assert.deepEqual(found(result), [`iam-root-mfa-off ${arn('root')}`]);
});

test('a rule turned off skips the reads only it needs', async (t) => {
  if (!acct) return emulator.skip(t);
  const result = await acct.scan({
    collectors,
    rules: liveRules,
    severities: { 'iam-root-mfa-off': 'off', 'cloudtrail-missing': 'off', 'iam-user-console-without-mfa': 'off' },
  });
  assert.deepEqual(found(result), [`iam-password-policy-weak ${EMU_ACCOUNT}`]);
  // GetAccountPasswordPolicy, ListPolicies, ListEntitiesForPolicy and DescribeTrails (no trail, so no
  // status to ask), plus the scanner's own tagging calls in eu-west-1 and us-east-1: no summary, no report.
  assert.equal(result.profiles[0]!.calls, 6);
});
