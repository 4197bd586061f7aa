// The compute group's live checks against moto: one weak and one hardened resource of each kind
// (DynamoDB table, Lambda function, RDS instance, RDS cluster with a member), and exactly the
// findings the weak settings call for. What moto cannot show (RDS CertificateDetails, failed
// calls) is in account-compute-mocked.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand, CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { liveRules } from '../../server/src/account/checks';
import { computeChecks } from '../../server/src/account/checks/compute';
import { EMU_ACCOUNT, EMU_REGION, emulatorForFile, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
const emulator = emulatorForFile((started) => (acct = started));

/** The smallest valid .zip archive (an end-of-central-directory record alone): moto stores it unread. */
const EMPTY_ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
const NOW = new Date('2026-11-23T00:00:00Z');
const arn = (service: string, resource: string): string => `arn:aws:${service}:${EMU_REGION}:${EMU_ACCOUNT}:${resource}`;

async function seedTables(a: EmulatedAccount): Promise<void> {
  const ddb = new DynamoDBClient(a.client);
  const table = { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
  await ddb.send(new CreateTableCommand({ TableName: 'weak-table', ...table }));
  await ddb.send(new CreateTableCommand({ TableName: 'hardened-table', DeletionProtectionEnabled: true, ...table }));
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: 'hardened-table', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  ddb.destroy();
}

async function seedFunctions(a: EmulatedAccount): Promise<void> {
  const iam = new IAMClient(a.client);
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const role = (await iam.send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  iam.destroy();
  const lambda = new LambdaClient(a.client);
  const base = { Role: role, Handler: 'index.handler', Code: { ZipFile: EMPTY_ZIP } };
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'weak-fn', Runtime: 'python3.9', ...base }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'weak-fn', StatementId: 'AnyoneMayInvoke', Action: 'lambda:InvokeFunction', Principal: '*' }));
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: 'hardened-fn', Runtime: 'nodejs24.x', CodeSigningConfigArn: arn('lambda', 'code-signing-config:csc-0123456789abcdef0'), ...base }),
  );
  await lambda.send(
    new AddPermissionCommand({ FunctionName: 'hardened-fn', StatementId: 'FromUploads', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::uploads', SourceAccount: EMU_ACCOUNT }),
  );
  lambda.destroy();
}

/** What CloudFormation puts on what it creates (AWS refuses `aws:` tags from anyone else; moto takes them). */
const STACK_TAGS = [
  { Key: 'aws:cloudformation:stack-name', Value: 'orders' },
  { Key: 'aws:cloudformation:logical-id', Value: 'Database' },
];

async function seedDatabases(a: EmulatedAccount): Promise<void> {
  const rds = new RDSClient(a.client);
  const instance = { DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'admin_user', MasterUserPassword: 'not-a-secret-1' };
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'weak-db', Engine: 'postgres', PubliclyAccessible: true, StorageEncrypted: false, BackupRetentionPeriod: 0, CACertificateIdentifier: 'rds-ca-2019', Tags: STACK_TAGS, ...instance }),
  );
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'hardened-db', Engine: 'postgres', PubliclyAccessible: false, StorageEncrypted: true, BackupRetentionPeriod: 7, CACertificateIdentifier: 'rds-ca-rsa2048-g1', ...instance }),
  );
  const cluster = { Engine: 'aurora-postgresql', MasterUsername: 'admin_user', MasterUserPassword: 'not-a-secret-1', BackupRetentionPeriod: 7 };
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'weak-cluster', StorageEncrypted: false, ...cluster }));
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'hardened-cluster', StorageEncrypted: true, ...cluster }));
  // A member of the unencrypted cluster: its storage is the cluster's, so only the cluster is reported.
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'weak-cluster-1', DBClusterIdentifier: 'weak-cluster', Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', PubliclyAccessible: false, CACertificateIdentifier: 'rds-ca-rsa2048-g1' }),
  );
  rds.destroy();
}

test('weak DynamoDB tables, Lambda functions and RDS databases are found, hardened ones are not', async (t) => {
  if (!acct) return emulator.skip(t);
  await seedTables(acct);
  await seedFunctions(acct);
  await seedDatabases(acct);
  const result = await acct.scan({ collectors: computeChecks.collectors, rules: liveRules, now: NOW });
  const scanned = result.profiles[0]!;
  assert.equal(scanned.error, undefined);
  const found = scanned.findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
  assert.deepEqual(found, [
    `dynamodb-deletion-protection-off ${arn('dynamodb', 'table/weak-table')}`,
    `dynamodb-pitr-off ${arn('dynamodb', 'table/weak-table')}`,
    `lambda-code-signing-off ${arn('lambda', 'function:weak-fn')}`,
    `lambda-permission-public ${arn('lambda', 'function:weak-fn')}`,
    `lambda-runtime-deprecated ${arn('lambda', 'function:weak-fn')}`,
    `rds-backups-off ${arn('rds', 'db:weak-db')}`,
    `rds-ca-outdated ${arn('rds', 'db:weak-db')}`,
    `rds-publicly-accessible ${arn('rds', 'db:weak-db')}`,
    `rds-storage-unencrypted ${arn('rds', 'cluster:weak-cluster')}`,
    `rds-storage-unencrypted ${arn('rds', 'db:weak-db')}`,
  ]);
  const byRule = new Map(scanned.findings.map((f) => [`${f.ruleId} ${f.resourceName}`, f]));
  assert.equal(byRule.get('lambda-runtime-deprecated weak-fn')?.severity, 'warning', 'python3.9 is deprecated, its updates not yet blocked');
  assert.equal(byRule.get('rds-ca-outdated weak-db')?.severity, 'error');
  assert.match(byRule.get('rds-ca-outdated weak-db')!.message, /uses CA rds-ca-2019, which expired on 2024-08-22/);
  assert.equal(byRule.get('lambda-permission-public weak-fn')?.evidence?.Sid, 'AnyoneMayInvoke');
  for (const f of scanned.findings) assert.equal(f.region, EMU_REGION);
  // The instance's TagList, read with the listing, names the stack it came from.
  assert.deepEqual([byRule.get('rds-publicly-accessible weak-db')?.stack, byRule.get('rds-publicly-accessible weak-db')?.logicalId], ['orders', 'Database']);
});
