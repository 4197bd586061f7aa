// What moto cannot show for the compute checks, with the SDK's `send` mocked: RDS server
// certificates past, near and far from expiry, calls refused on one resource (one
// `scan-not-permitted` finding, and every other rule still evaluated), resources that answer
// "none" or vanish between the listing and their own calls, and reads skipped when no enabled
// rule needs them. The profile has keys in a temporary config; no call leaves the process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, DynamoDBServiceException, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetFunctionCodeSigningConfigCommand, GetPolicyCommand, LambdaClient, LambdaServiceException, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { liveRules } from '../../server/src/account/checks';
import { dbClustersCollector } from '../../server/src/account/checks/compute/db-clusters';
import { dbInstancesCollector } from '../../server/src/account/checks/compute/db-instances';
import { functionsCollector } from '../../server/src/account/checks/compute/functions';
import { tablesCollector } from '../../server/src/account/checks/compute/tables';
import type { AccountFinding, Collector } from '../../server/src/account/scan/model';
import { scan, type ScanOptions } from '../../server/src/account/scan/scanner';
import { AccountSession } from '../../server/src/account/session';

const ACCOUNT = '210987654321';
const REGION = 'ap-southeast-2';
const NOW = new Date('2026-11-23T00:00:00Z');
const saved = { ...process.env };
let home = '';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const dynamodb = mockClient(DynamoDBClient);
const lambda = mockClient(LambdaClient);
const rds = mockClient(RDSClient);

before(() => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-compute-'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, `[profile keys]\nregion = ${REGION}\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example-secret\n`);
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
});

after(() => {
  for (const mock of [sts, iam, tagging, dynamodb, lambda, rds]) mock.restore();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  for (const mock of [sts, iam, tagging, dynamodb, lambda, rds]) mock.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor`, UserId: 'AIDAEXAMPLE' });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});

async function run(collectors: readonly Collector[], extra: Partial<ScanOptions> = {}): Promise<AccountFinding[]> {
  const session = await AccountSession.open();
  const result = await scan({ session, profiles: ['keys'], collectors, rules: liveRules, now: NOW, ...extra });
  const scanned = result.profiles[0]!;
  assert.equal(scanned.error, undefined);
  return [...scanned.findings];
}

const pairs = (findings: readonly AccountFinding[]): string[] => findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
const arn = (service: string, resource: string): string => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

function denied<E>(make: new (options: { name: string; $fault: 'client'; $metadata: { httpStatusCode: number }; message: string }) => E, name = 'AccessDeniedException'): E {
  return new make({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'User: arn:aws:iam::210987654321:user/auditor is not authorized to perform this action' });
}

function notFound<E>(make: new (options: { name: string; $fault: 'client'; $metadata: { httpStatusCode: number }; message: string }) => E): E {
  return new make({ name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'Requested resource not found' });
}

test('an RDS server certificate past its ValidTill is an error, one inside the warning window a warning, one far off nothing', async () => {
  const instance = (id: string, validTill: string) => ({
    DBInstanceIdentifier: id,
    DBInstanceArn: arn('rds', `db:${id}`),
    Engine: 'postgres',
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    CertificateDetails: { CAIdentifier: 'rds-ca-rsa2048-g1', ValidTill: new Date(validTill) },
    PubliclyAccessible: false,
    StorageEncrypted: true,
    BackupRetentionPeriod: 7,
  });
  rds.on(DescribeDBInstancesCommand).resolves({
    DBInstances: [instance('expired-db', '2026-09-30T12:00:00Z'), instance('soon-db', '2027-01-10T12:00:00Z'), instance('far-db', '2027-11-01T12:00:00Z')],
  });
  const findings = await run([dbInstancesCollector]);
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.resourceName, f.severity]),
    [
      ['rds-ca-outdated', 'expired-db', 'error'],
      ['rds-ca-outdated', 'soon-db', 'warning'],
    ],
  );
  assert.match(findings[0]!.message, /expired on 2026-09-30/);
  assert.match(findings[1]!.message, /expires on 2027-01-10 \(in 49 days\)/);
  assert.deepEqual(findings[1]!.evidence, { CACertificateIdentifier: 'rds-ca-rsa2048-g1', ValidTill: '2027-01-10T12:00:00.000Z' });
  // A shorter window from the settings leaves the certificate 49 days off alone.
  const narrow = await run([dbInstancesCollector], { settings: { pemWarningDays: 30 } });
  assert.deepEqual(pairs(narrow), [`rds-ca-outdated ${arn('rds', 'db:expired-db')}`]);
});

test('DescribeDBInstances refused is one finding naming the action, and the clusters are still read', async () => {
  rds.on(DescribeDBInstancesCommand).rejects(denied(RDSServiceException, 'AccessDenied'));
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'plain', DBClusterArn: arn('rds', 'cluster:plain'), Engine: 'aurora-mysql', StorageEncrypted: false, BackupRetentionPeriod: 1 }] });
  const findings = await run([dbInstancesCollector, dbClustersCollector]);
  assert.deepEqual(pairs(findings), [`rds-storage-unencrypted ${arn('rds', 'cluster:plain')}`, `scan-not-permitted RDS DB instances in ${REGION}`]);
  const refused = findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.match(refused.message, /^Not permitted to call rds:DescribeDBInstances on RDS DB instances in ap-southeast-2 \(AccessDenied\)/);
  assert.deepEqual(refused.evidence, { action: 'rds:DescribeDBInstances', resource: `RDS DB instances in ${REGION}`, error: 'AccessDenied' });
});

test('DynamoDB: every page is listed, a refused DescribeContinuousBackups is one finding, and the other rule still speaks', async () => {
  dynamodb.on(ListTablesCommand).resolves({ TableNames: ['orders'], LastEvaluatedTableName: 'orders' });
  dynamodb.on(ListTablesCommand, { ExclusiveStartTableName: 'orders' }).resolves({ TableNames: ['sessions'] });
  dynamodb.on(DescribeTableCommand, { TableName: 'orders' }).resolves({ Table: { TableName: 'orders', TableArn: arn('dynamodb', 'table/orders'), DeletionProtectionEnabled: false } });
  dynamodb.on(DescribeTableCommand, { TableName: 'sessions' }).resolves({ Table: { TableName: 'sessions', TableArn: arn('dynamodb', 'table/sessions'), DeletionProtectionEnabled: true } });
  dynamodb.on(DescribeContinuousBackupsCommand, { TableName: 'orders' }).rejects(denied(DynamoDBServiceException));
  dynamodb
    .on(DescribeContinuousBackupsCommand, { TableName: 'sessions' })
    .resolves({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' } } });
  const findings = await run([tablesCollector]);
  assert.deepEqual(pairs(findings), [
    `dynamodb-deletion-protection-off ${arn('dynamodb', 'table/orders')}`,
    `dynamodb-pitr-off ${arn('dynamodb', 'table/sessions')}`,
    `scan-not-permitted ${arn('dynamodb', 'table/orders')}`,
  ]);
  const refused = findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.equal(refused.evidence?.action, 'dynamodb:DescribeContinuousBackups');
  assert.match(refused.message, /Grant the scanning role dynamodb:DescribeContinuousBackups\.$/);
});

test('a table deleted between the listing and its description is skipped, not reported', async () => {
  dynamodb.on(ListTablesCommand).resolves({ TableNames: ['gone'] });
  dynamodb.on(DescribeTableCommand).rejects(notFound(DynamoDBServiceException));
  dynamodb.on(DescribeContinuousBackupsCommand).rejects(notFound(DynamoDBServiceException));
  assert.deepEqual(await run([tablesCollector]), []);
});

test('a read no enabled rule needs is not made', async () => {
  dynamodb.on(ListTablesCommand).resolves({ TableNames: ['orders'] });
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: 'orders', TableArn: arn('dynamodb', 'table/orders'), DeletionProtectionEnabled: false } });
  const findings = await run([tablesCollector], { severities: { 'dynamodb-pitr-off': 'off' } });
  assert.deepEqual(pairs(findings), [`dynamodb-deletion-protection-off ${arn('dynamodb', 'table/orders')}`]);
  assert.equal(dynamodb.commandCalls(DescribeContinuousBackupsCommand).length, 0);
});

test('Lambda: a refused code signing read is one finding, no policy is no finding, and container images are neither signed nor asked', async () => {
  const fn = (name: string, extra: object) => ({ FunctionName: name, FunctionArn: arn('lambda', `function:${name}`), ...extra });
  lambda.on(ListFunctionsCommand).resolves({ Functions: [fn('api', { Runtime: 'nodejs18.x', PackageType: 'Zip' })], NextMarker: 'page-2' });
  lambda.on(ListFunctionsCommand, { Marker: 'page-2' }).resolves({ Functions: [fn('worker', { PackageType: 'Image' })] });
  lambda.on(GetFunctionCodeSigningConfigCommand).rejects(denied(LambdaServiceException));
  lambda.on(GetPolicyCommand, { FunctionName: 'api' }).rejects(notFound(LambdaServiceException));
  const policy = { Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: arn('lambda', 'function:worker') }] };
  lambda.on(GetPolicyCommand, { FunctionName: 'worker' }).resolves({ Policy: JSON.stringify(policy) });
  const findings = await run([functionsCollector]);
  assert.deepEqual(pairs(findings), [
    `lambda-permission-public ${arn('lambda', 'function:worker')}`,
    `lambda-runtime-deprecated ${arn('lambda', 'function:api')}`,
    `scan-not-permitted ${arn('lambda', 'function:api')}`,
  ]);
  assert.equal(findings.find((f) => f.ruleId === 'scan-not-permitted')?.evidence?.action, 'lambda:GetFunctionCodeSigningConfig');
  assert.equal(findings.find((f) => f.ruleId === 'lambda-runtime-deprecated')?.severity, 'warning');
  assert.deepEqual(
    lambda.commandCalls(GetFunctionCodeSigningConfigCommand).map((c) => c.args[0].input.FunctionName),
    ['api'],
    'an image function has no code signing configuration to read',
  );
});

test('Lambda: a function without a code signing configuration is found once the read succeeds', async () => {
  lambda.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: 'api', FunctionArn: arn('lambda', 'function:api'), Runtime: 'python3.13', PackageType: 'Zip' }] });
  lambda.on(GetFunctionCodeSigningConfigCommand).resolves({ FunctionName: 'api', CodeSigningConfigArn: '' });
  lambda.on(GetPolicyCommand).rejects(notFound(LambdaServiceException));
  assert.deepEqual(pairs(await run([functionsCollector])), [`lambda-code-signing-off ${arn('lambda', 'function:api')}`]);
});
