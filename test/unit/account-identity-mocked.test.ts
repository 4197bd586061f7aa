// The IAM and CloudTrail checks where moto cannot show the case: the root user with MFA, AWS
// managed AdministratorAccess attached, a report IAM never finishes, a document URL-encoded as AWS
// sends it, organization trails, and calls that are refused. The SDK clients' `send` is mocked,
// so no request leaves the process; the profile has static keys in a temporary config.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { CloudTrailClient, CloudTrailServiceException, DescribeTrailsCommand, GetTrailStatusCommand, TrailNotFoundException, type Trail } from '@aws-sdk/client-cloudtrail';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException,
  ListAccountAliasesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { liveRules } from '../../server/src/account/checks';
import { cloudtrailCollector } from '../../server/src/account/checks/identity/cloudtrail';
import { iamAccountCollector } from '../../server/src/account/checks/identity/iam-account';
import { iamPoliciesCollector } from '../../server/src/account/checks/identity/iam-policies';
import { DEFAULT_REPORT_WAIT, iamUsersCollector, type ReportWait } from '../../server/src/account/checks/identity/iam-users';
import type { Collector } from '../../server/src/account/scan/model';
import { scan, type ScanResult } from '../../server/src/account/scan/scanner';
import { AccountSession } from '../../server/src/account/session';

const ACCOUNT = '111122223333';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active';

const iam = mockClient(IAMClient);
const trails = mockClient(CloudTrailClient);
const sts = mockClient(STSClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const ec2 = mockClient(EC2Client);
const saved = { ...process.env };
let home = '';

before(() => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-identity-'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, '[profile audit]\nregion = eu-west-1\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n');
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
});

after(() => {
  for (const client of [iam, trails, sts, tagging, ec2]) client.restore();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

const csv = (...rows: string[]): Uint8Array => new TextEncoder().encode([HEADER, ...rows, ''].join('\n'));
const encoded = (document: unknown): string => encodeURIComponent(JSON.stringify(document));

function trail(name: string, region: string, fields: Partial<Trail> = {}, account = ACCOUNT): Trail {
  return { Name: name, TrailARN: `arn:aws:cloudtrail:${region}:${account}:trail/${name}`, HomeRegion: region, IsMultiRegionTrail: true, LogFileValidationEnabled: true, IsOrganizationTrail: false, ...fields };
}

/** A hardened account as the mocked API answers it; each test then changes what it is about. */
beforeEach(() => {
  for (const client of [iam, trails, sts, tagging, ec2]) client.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
  ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }] });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, Users: 2 } });
  iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 16, PasswordReusePrevention: 24, RequireSymbols: true } });
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  iam.on(GetCredentialReportCommand).resolves({
    Content: csv(
      `<root_account>,${ROOT},2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,true,false`,
      `carol,arn:aws:iam::${ACCOUNT}:user/carol,2021-03-04T05:06:07+00:00,true,"2026-11-20T08:14:02+00:00",N/A,N/A,true,false`,
    ),
    ReportFormat: 'text/csv',
  });
  iam.on(ListPoliciesCommand).resolves({ Policies: [], IsTruncated: false });
  iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyUsers: [], PolicyGroups: [], PolicyRoles: [], IsTruncated: false });
  trails.on(DescribeTrailsCommand).resolves({ trailList: [trail('management', 'us-east-1')] });
  trails.on(GetTrailStatusCommand).resolves({ IsLogging: true });
});

const noWait: ReportWait = { tries: 3, intervalMs: 2000, pause: async () => undefined };
const collectors: Collector[] = [iamAccountCollector, iamUsersCollector(noWait), iamPoliciesCollector, cloudtrailCollector];

async function run(options: { regions?: string[]; collectors?: Collector[] } = {}): Promise<ScanResult> {
  const session = await AccountSession.open();
  return scan({ session, profiles: ['audit'], collectors: options.collectors ?? collectors, rules: liveRules, ...(options.regions ? { regions: options.regions } : {}) });
}

function found(result: ScanResult): string[] {
  const [profile] = result.profiles;
  assert.equal(profile!.error, undefined);
  return profile!.findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
}

const iamError = (name: string, status: number): IAMServiceException =>
  new IAMServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${name} (mocked)` });

test('a hardened account, root MFA included, has no finding', async () => {
  assert.deepEqual(found(await run()), []);
});

test('AccessDenied on GetCredentialReport is one scan-not-permitted finding, and the other rules still run', async () => {
  iam.on(GetCredentialReportCommand).rejects(iamError('AccessDenied', 403));
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0 } });
  iam.on(GetAccountPasswordPolicyCommand).rejects(new NoSuchEntityException({ $metadata: { httpStatusCode: 404 }, message: 'The Password Policy with domain name 111122223333 cannot be found.' }));
  const result = await run();
  assert.deepEqual(found(result), [`iam-password-policy-weak ${ACCOUNT}`, `iam-root-mfa-off ${ROOT}`, `scan-not-permitted ${ROOT}`]);
  const denied = result.profiles[0]!.findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.match(denied.message, /iam:GetCredentialReport/);
  assert.deepEqual(denied.evidence, { action: 'iam:GetCredentialReport', resource: ROOT, error: 'AccessDenied' });
});

test('the credential report: console users without MFA, the root row and quoted fields read right', async () => {
  iam.on(GetCredentialReportCommand).resolves({
    Content: csv(
      `<root_account>,${ROOT},2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,false,false`,
      `alice,"arn:aws:iam::${ACCOUNT}:user/staff/alice",2021-03-04T05:06:07+00:00,true,no_information,N/A,N/A,false,true`,
      `deploy,arn:aws:iam::${ACCOUNT}:user/deploy,2021-03-04T05:06:07+00:00,false,N/A,N/A,N/A,false,true`,
    ),
  });
  const result = await run({ collectors: [iamUsersCollector(noWait)] });
  assert.deepEqual(found(result), [`iam-user-console-without-mfa arn:aws:iam::${ACCOUNT}:user/staff/alice`]);
  const alice = result.profiles[0]!.findings[0]!;
  assert.equal(alice.resourceName, 'alice');
  assert.equal(alice.region, 'global');
  assert.deepEqual(alice.evidence, { password_enabled: 'true', mfa_active: 'false', password_last_used: 'no_information' });
});

test('a report IAM is still building is waited for, a bounded number of times', async () => {
  let pauses = 0;
  const counting: ReportWait = { tries: 3, intervalMs: 2000, pause: async (ms) => void (pauses += ms) };
  iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
  assert.deepEqual(found(await run({ collectors: [iamUsersCollector(counting)] })), []);
  assert.equal(pauses, 4000);
  assert.equal(iam.commandCalls(GenerateCredentialReportCommand).length, 3);

  // Never finished: the collector gives up after its tries and the scan says the users were not checked.
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
  pauses = 0;
  const result = await run({ collectors: [iamUsersCollector(counting)] });
  assert.deepEqual(found(result), [`scan-not-permitted ${ACCOUNT}`]);
  assert.match(result.profiles[0]!.findings[0]!.message, /IAM users .*CredentialReportNotReady: IAM had not finished the credential report after 3 requests/);
  assert.equal(pauses, 4000);
});

test('the wait ends when the scan is cancelled', async () => {
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });
  const controller = new AbortController();
  // The product's own pause, cancelled as soon as it starts: nothing sleeps.
  const waiting: ReportWait = {
    ...DEFAULT_REPORT_WAIT,
    pause: (ms, signal) => {
      const paused = DEFAULT_REPORT_WAIT.pause(ms, signal);
      controller.abort();
      return paused;
    },
  };
  const session = await AccountSession.open();
  await assert.rejects(scan({ session, profiles: ['audit'], collectors: [iamUsersCollector(waiting)], rules: liveRules, signal: controller.signal }), { name: 'CancelledError' });
});

test('customer policies: the default version is read, URL-encoded as IAM sends it', async () => {
  const everything = `arn:aws:iam::${ACCOUNT}:policy/everything`;
  const narrow = `arn:aws:iam::${ACCOUNT}:policy/narrow`;
  iam.on(ListPoliciesCommand).resolves({
    Policies: [
      { PolicyName: 'everything', Arn: everything, DefaultVersionId: 'v3', AttachmentCount: 2 },
      { PolicyName: 'narrow', Arn: narrow, DefaultVersionId: 'v1', AttachmentCount: 1 },
    ],
    IsTruncated: false,
  });
  iam.on(GetPolicyVersionCommand, { PolicyArn: everything, VersionId: 'v3' }).resolves({
    PolicyVersion: { VersionId: 'v3', IsDefaultVersion: true, Document: encoded({ Version: '2012-10-17', Statement: [{ Sid: 'Ops', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }) },
  });
  iam.on(GetPolicyVersionCommand, { PolicyArn: narrow, VersionId: 'v1' }).resolves({
    PolicyVersion: { VersionId: 'v1', IsDefaultVersion: true, Document: encoded({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }) },
  });
  const result = await run({ collectors: [iamPoliciesCollector] });
  assert.deepEqual(found(result), [`iam-admin-wildcard ${everything}`]);
  const finding = result.profiles[0]!.findings[0]!;
  assert.match(finding.message, /^Managed policy everything allows every action except iam:\* \(NotAction\) on Resource "\*"/);
  assert.deepEqual(finding.evidence, { versionId: 'v3', Sid: 'Ops', attachmentCount: 2, NotAction: ['iam:*'], Resource: '*' });
  assert.deepEqual(iam.commandCalls(ListPoliciesCommand)[0]!.args[0].input, { Scope: 'Local', OnlyAttached: true });
});

test('AdministratorAccess: one finding per user, group and role it is attached to, over every page', async () => {
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  iam
    .on(ListEntitiesForPolicyCommand)
    .resolvesOnce({ PolicyUsers: [{ UserName: 'alice' }], PolicyGroups: [{ GroupName: 'Admins' }], IsTruncated: true, Marker: 'page-2' })
    .resolvesOnce({ PolicyRoles: [{ RoleName: 'Deployer' }], IsTruncated: false });
  const result = await run({ collectors: [iamPoliciesCollector] });
  assert.deepEqual(found(result), [
    `iam-admin-wildcard arn:aws:iam::${ACCOUNT}:group/Admins`,
    `iam-admin-wildcard arn:aws:iam::${ACCOUNT}:role/Deployer`,
    `iam-admin-wildcard arn:aws:iam::${ACCOUNT}:user/alice`,
  ]);
  const calls = iam.commandCalls(ListEntitiesForPolicyCommand).map((c) => c.args[0].input);
  assert.deepEqual(calls, [
    { PolicyArn: admin, PolicyUsageFilter: 'PermissionsPolicy' },
    { PolicyArn: admin, PolicyUsageFilter: 'PermissionsPolicy', Marker: 'page-2' },
  ]);
  const role = result.profiles[0]!.findings.find((f) => f.resourceName === 'Deployer')!;
  assert.equal(role.message, 'Role Deployer attaches the AWS managed AdministratorAccess policy: every action on every resource, so anyone who gets these credentials controls the account.');
});

test('a partition without AdministratorAccess (NoSuchEntity) is no attachment and no failure', async () => {
  iam.on(ListEntitiesForPolicyCommand).rejects(new NoSuchEntityException({ $metadata: { httpStatusCode: 404 }, message: 'Policy arn:aws:iam::aws:policy/AdministratorAccess does not exist.' }));
  assert.deepEqual(found(await run({ collectors: [iamPoliciesCollector] })), []);
});

test("an organization trail counts for the account, and is not the member account's to fix", async () => {
  const org = trail('org', 'us-east-1', { IsOrganizationTrail: true, LogFileValidationEnabled: false }, '999988887777');
  trails.on(DescribeTrailsCommand).resolves({ trailList: [org] });
  assert.deepEqual(found(await run({ collectors: [cloudtrailCollector] })), []);
  assert.deepEqual(trails.commandCalls(GetTrailStatusCommand)[0]!.args[0].input, { Name: org.TrailARN });
});

test('a trail deleted between the listing and its status is left out', async () => {
  trails.on(DescribeTrailsCommand).resolves({ trailList: [trail('gone', 'us-east-1', { LogFileValidationEnabled: false })] });
  trails.on(GetTrailStatusCommand).rejects(new TrailNotFoundException({ $metadata: { httpStatusCode: 400 }, message: 'Unknown trail' }));
  assert.deepEqual(found(await run({ collectors: [cloudtrailCollector] })), [`cloudtrail-missing ${ACCOUNT}`]);
});

test('trails that cannot be listed in one region: that is reported, the others are judged, and no trail is said to be missing', async () => {
  const denied = new CloudTrailServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not allowed' });
  trails.on(DescribeTrailsCommand).callsFake((_input, client) => {
    // The client's region tells the regions apart: us-east-1 refuses, eu-west-1 lists a single-region trail.
    return client().config.region().then((region: string) => {
      if (region === 'us-east-1') throw denied;
      return { trailList: [trail('app', 'eu-west-1', { IsMultiRegionTrail: false })] };
    });
  });
  const result = await run({ collectors: [cloudtrailCollector], regions: ['eu-west-1', 'us-east-1'] });
  // The trail that was listed is still judged; only the account-wide answer is unknown.
  assert.deepEqual(found(result), [
    `cloudtrail-not-multi-region arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/app`,
    `scan-not-permitted arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/*`,
  ]);
  const refused = result.profiles[0]!.findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.deepEqual(refused.evidence, { action: 'cloudtrail:DescribeTrails', resource: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/*`, error: 'AccessDeniedException' });
});
