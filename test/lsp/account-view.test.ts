// The account view's requests through the language server over stdio: sign-in against a fake IAM
// Identity Center (the code notification first, then the answer, and the token in the CLI's
// cache; cancelled, nothing written; a profile that is not SSO, a reason and no stack), a live
// finding's details and a SARIF report from a scan of the emulator, and the template a stack's
// resource came from in a workspace folder (the stack-named file first, open text over disk).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test, type TestContext } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  ACCOUNT_FINDING_DETAILS_REQUEST,
  ACCOUNT_LOCATE_REQUEST,
  ACCOUNT_REPORT_REQUEST,
  ACCOUNT_SCAN_REQUEST,
  ACCOUNT_SIGN_IN_CODE_NOTIFICATION,
  ACCOUNT_SIGN_IN_REQUEST,
  type AccountFindingDetails,
  type AccountLocation,
  type AccountReport,
  type AccountScanResult,
  type AccountSignInCode,
  type AccountSignInResult,
} from '../../server/src/protocol';
import { emulatedAccount, EMU_ACCOUNT, type EmulatedAccount } from '../helpers/account';
import { startFakeSso, type FakeSso } from '../helpers/fake-sso';
import { LspClient } from '../helpers/lsp-client';

const CORP_URL = 'https://corp.awsapps.com/start';
const LEGACY_URL = 'https://legacy.awsapps.com/start';

let acct: EmulatedAccount | undefined;
let unavailable = '';
let home = '';
let workspace = '';
let fake: FakeSso;
let client: LspClient;

const SSO_PROFILES = [
  '[profile dev]',
  'sso_session = corp',
  `sso_account_id = ${EMU_ACCOUNT}`,
  'sso_role_name = ReadOnly',
  'region = eu-west-1',
  '[sso-session corp]',
  `sso_start_url = ${CORP_URL}`,
  'sso_region = eu-west-1',
  'sso_registration_scopes = sso:account:access',
  '[profile legacy]',
  `sso_start_url = ${LEGACY_URL}`,
  'sso_region = eu-west-1',
  `sso_account_id = ${EMU_ACCOUNT}`,
  'sso_role_name = Audit',
  '[profile keys]',
  'aws_access_key_id = testing',
  'aws_secret_access_key = testing',
];

const TABLE_TEMPLATE = (indent: string): string =>
  ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', `${indent}OrdersTable:`, `${indent}${indent}Type: AWS::DynamoDB::Table`, `${indent}${indent}Properties:`, `${indent}${indent}${indent}BillingMode: PAY_PER_REQUEST`, ''].join('\n');

before(async () => {
  const started = await emulatedAccount();
  if ('unavailable' in started) {
    // Sign-in and locate need no emulator: a home of their own.
    unavailable = started.unavailable;
    home = mkdtempSync(join(tmpdir(), 'aws-hardening-view-'));
    mkdirSync(join(home, '.aws'), { recursive: true });
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, '.aws', 'credentials');
    writeFileSync(process.env.AWS_CONFIG_FILE, `${SSO_PROFILES.join('\n')}\n`);
  } else {
    acct = started;
    home = acct.home;
    acct.writeConfig(SSO_PROFILES);
    const dynamodb = new DynamoDBClient(acct.client);
    await dynamodb.send(new CreateTableCommand({ TableName: 'orders', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
    dynamodb.destroy();
  }
  fake = await startFakeSso();
  // The server inherits this environment, so it is complete before the server starts.
  process.env.AWS_ENDPOINT_URL_SSO = fake.url;
  process.env.AWS_ENDPOINT_URL_SSO_OIDC = fake.url;

  workspace = mkdtempSync(join(tmpdir(), 'aws-hardening-view-ws-'));
  // Found first in walk order, but not named like the stack.
  writeFileSync(join(workspace, 'common.yaml'), TABLE_TEMPLATE('  '));
  mkdirSync(join(workspace, 'stacks', 'shop'), { recursive: true });
  writeFileSync(join(workspace, 'stacks', 'shop', 'shop-stack.yaml'), `# The shop.\n${TABLE_TEMPLATE('    ')}`);
  writeFileSync(join(workspace, 'stacks', 'api.json'), JSON.stringify({ Resources: { ApiFunction: { Type: 'AWS::Lambda::Function', Properties: {} } } }, null, 2));
  mkdirSync(join(workspace, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(workspace, 'node_modules', 'dep', 'hidden.yaml'), TABLE_TEMPLATE('  ').replace('OrdersTable', 'HiddenTable'));

  client = new LspClient({ workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }] });
  await client.initialize();
});

after(async () => {
  await client?.stop();
  await fake?.close();
  await acct?.stop();
  if (!acct && home) rmSync(home, { recursive: true, force: true });
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

function cacheFile(key: string): string {
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);
}

function needEmulator(t: TestContext): boolean {
  if (!acct) t.skip(`no AWS emulator: ${unavailable}`);
  return acct !== undefined;
}

test('sign-in sends the page and code first, then answers with the new token\'s expiry, which is in the CLI\'s cache', async (t) => {
  const order: string[] = [];
  let code: AccountSignInCode | undefined;
  const listener = client.connection.onNotification(ACCOUNT_SIGN_IN_CODE_NOTIFICATION, (p: AccountSignInCode) => {
    code = p;
    order.push('code');
  });
  t.after(() => listener.dispose());
  fake.autoApproveAfter = 1;
  t.after(() => (fake.autoApproveAfter = 0));
  const result = await client.connection.sendRequest<AccountSignInResult>(ACCOUNT_SIGN_IN_REQUEST, { profile: 'dev' });
  order.push('result');
  assert.deepEqual(order, ['code', 'result']);
  assert.equal(code?.profile, 'dev');
  assert.match(code!.userCode, /-FAKE$/);
  assert.equal(code!.verificationUriComplete, `${fake.url}/device?user_code=${code!.userCode}`);
  assert.ok(Date.parse(code!.expiresAt) > Date.now());
  assert.equal(result.profile, 'dev');
  assert.equal(result.startUrl, CORP_URL);
  assert.ok(Date.parse(result.expiresAt) > Date.now() + 7 * 60 * 60 * 1000, 'the fake issues tokens for eight hours');
  const cached = JSON.parse(readFileSync(cacheFile('corp'), 'utf8')) as Record<string, string>;
  assert.equal(cached.accessToken, fake.lastIssued?.accessToken);
  assert.equal(cached.startUrl, CORP_URL);
  assert.ok(!JSON.stringify(result).includes(cached.accessToken!), 'no token in the answer');
});

test('cancelling a sign-in while it waits answers RequestCancelled and writes nothing', async (t) => {
  const source = new CancellationTokenSource();
  // Cancel once the code is shown: the sign-in is then polling for a confirmation that never comes.
  const listener = client.connection.onNotification(ACCOUNT_SIGN_IN_CODE_NOTIFICATION, (p: AccountSignInCode) => {
    if (p.profile === 'legacy') source.cancel();
  });
  t.after(() => listener.dispose());
  await assert.rejects(client.connection.sendRequest(ACCOUNT_SIGN_IN_REQUEST, { profile: 'legacy' }, source.token), (err: unknown) => {
    assert.ok(err instanceof ResponseError, String(err));
    assert.equal(err.code, -32800);
    return true;
  });
  assert.equal(existsSync(cacheFile(LEGACY_URL)), false, 'no token file');
});

test('a profile that is not IAM Identity Center is refused with the reason, and no stack trace', async () => {
  await assert.rejects(client.connection.sendRequest(ACCOUNT_SIGN_IN_REQUEST, { profile: 'keys' }), (err: unknown) => {
    assert.ok(err instanceof ResponseError, String(err));
    assert.equal(err.code, -32803);
    assert.equal(err.message, 'Profile keys uses access keys, not IAM Identity Center: there is nothing to sign in to.');
    assert.deepEqual(err.data, { reason: 'not-sso' });
    return true;
  });
  await assert.rejects(client.connection.sendRequest(ACCOUNT_SIGN_IN_REQUEST, { profile: '' }), (err: unknown) => err instanceof ResponseError && err.code === -32602);
});

test('a scanned finding\'s details carry its evidence, why it matters and the CLI command with its name; its scan exports as SARIF', async (t) => {
  if (!needEmulator(t)) return;
  const scan = await client.connection.sendRequest<AccountScanResult>(ACCOUNT_SCAN_REQUEST, { profiles: ['emu'] });
  const finding = scan.profiles[0]!.findings.find((f) => f.ruleId === 'dynamodb-pitr-off' && f.resourceName === 'orders');
  assert.ok(finding, 'the table is found without point-in-time recovery');
  const details = await client.connection.sendRequest<AccountFindingDetails>(ACCOUNT_FINDING_DETAILS_REQUEST, { finding });
  assert.match(details.markdown, /^# `dynamodb-pitr-off`: DynamoDB table without point-in-time recovery$/m);
  assert.match(details.markdown, /```json\n\{\n {2}"PointInTimeRecoveryStatus": "DISABLED"\n\}\n```/);
  assert.match(details.markdown, /## Why it matters\n\n.*point-in-time/i);
  assert.ok(details.markdown.includes('aws dynamodb update-continuous-backups --region eu-west-1 --table-name orders --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true'), details.markdown);

  const report = await client.connection.sendRequest<AccountReport>(ACCOUNT_REPORT_REQUEST, { result: scan, format: 'sarif' });
  const sarif = JSON.parse(report.text) as { version: string; runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }> }> };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.results.length, scan.profiles[0]!.findings.length);
  assert.ok(sarif.runs[0]!.results.some((r) => r.ruleId === 'dynamodb-pitr-off' && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === finding.resource));
  const markdown = await client.connection.sendRequest<AccountReport>(ACCOUNT_REPORT_REQUEST, { result: scan, format: 'markdown' });
  assert.ok(markdown.text.includes(`Scanned ${scan.scannedAt.slice(0, 16).replace('T', ' ')} UTC.`), 'the report is dated when the scan ran');
});

test('details and reports refuse a malformed finding or result with InvalidParams', async () => {
  const invalid = (err: unknown, message: RegExp): boolean => err instanceof ResponseError && err.code === -32602 && message.test(err.message);
  await assert.rejects(client.connection.sendRequest(ACCOUNT_FINDING_DETAILS_REQUEST, { finding: { ruleId: 'x' } }), (err: unknown) => invalid(err, /finding\.severity must be a string/));
  await assert.rejects(client.connection.sendRequest(ACCOUNT_REPORT_REQUEST, { result: { scannedAt: 'now', profiles: [] }, format: 'sarif' }), (err: unknown) => invalid(err, /ISO 8601/));
  await assert.rejects(client.connection.sendRequest(ACCOUNT_REPORT_REQUEST, { result: { scannedAt: new Date().toISOString(), profiles: [] }, format: 'pdf' }), (err: unknown) => invalid(err, /format must be one of/));
  const empty = await client.connection.sendRequest<AccountReport>(ACCOUNT_REPORT_REQUEST, { result: { scannedAt: new Date().toISOString(), profiles: [] }, format: 'csv' });
  assert.equal(empty.text, 'severity,ruleId,account,region,profile,resource,stack,logicalId,message\r\n');
});

test('locate finds the logical id in the workspace, preferring the template named like the stack', async () => {
  const shop = await client.connection.sendRequest<AccountLocation | null>(ACCOUNT_LOCATE_REQUEST, { stack: 'shop', logicalId: 'OrdersTable' });
  assert.deepEqual(shop, { uri: pathToFileURL(join(workspace, 'stacks', 'shop', 'shop-stack.yaml')).href, range: { start: { line: 3, character: 4 }, end: { line: 3, character: 15 } } });
  const other = await client.connection.sendRequest<AccountLocation | null>(ACCOUNT_LOCATE_REQUEST, { stack: 'billing', logicalId: 'OrdersTable' });
  assert.deepEqual(other, { uri: pathToFileURL(join(workspace, 'common.yaml')).href, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } } });
  const json = await client.connection.sendRequest<AccountLocation | null>(ACCOUNT_LOCATE_REQUEST, { stack: 'api', logicalId: 'ApiFunction' });
  assert.equal(json?.uri, pathToFileURL(join(workspace, 'stacks', 'api.json')).href);
  assert.deepEqual(json?.range.start, { line: 2, character: 4 });
});

test('locate answers null for an id no template has, or one only under node_modules', async () => {
  assert.equal(await client.connection.sendRequest(ACCOUNT_LOCATE_REQUEST, { stack: 'shop', logicalId: 'NoSuchThing' }), null);
  assert.equal(await client.connection.sendRequest(ACCOUNT_LOCATE_REQUEST, { stack: 'dep', logicalId: 'HiddenTable' }), null);
  await assert.rejects(client.connection.sendRequest(ACCOUNT_LOCATE_REQUEST, { stack: 'shop' }), (err: unknown) => err instanceof ResponseError && err.code === -32602);
});

test('locate reads an open document\'s current text, not the file on disk', async () => {
  const uri = pathToFileURL(join(workspace, 'common.yaml')).href;
  await client.open(uri, 'yaml', `# Moved down by an edit not yet saved.\n\n${TABLE_TEMPLATE('  ')}`);
  const found = await client.connection.sendRequest<AccountLocation | null>(ACCOUNT_LOCATE_REQUEST, { stack: 'billing', logicalId: 'OrdersTable' });
  assert.deepEqual(found, { uri, range: { start: { line: 4, character: 2 }, end: { line: 4, character: 13 } } });
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});
