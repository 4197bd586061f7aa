// The live scan through the language server over stdio, as the sidebar and any LSP editor use it:
// the profiles request, a scan with the client's work-done token (begin, reports, end), the
// user's severity settings applied, and cancellation answered with RequestCancelled.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { ACCOUNT_PROFILES_REQUEST, ACCOUNT_SCAN_REQUEST, type AccountProfilesResult, type AccountScanResult } from '../../server/src/protocol';
import { emulatedAccount, EMU_ACCOUNT, type EmulatedAccount } from '../helpers/account';
import { LspClient } from '../helpers/lsp-client';

let acct: EmulatedAccount | undefined;
let unavailable = '';
let client: LspClient;

before(async () => {
  const started = await emulatedAccount();
  if ('unavailable' in started) {
    unavailable = started.unavailable;
    return;
  }
  acct = started;
  acct.writeConfig(['[profile half]', 'aws_access_key_id = only-the-id']);
  const dynamodb = new DynamoDBClient(acct.client);
  await dynamodb.send(new CreateTableCommand({ TableName: 'orders', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
  dynamodb.destroy();
  // The server inherits this process's environment: the emulator's AWS config and HOME.
  client = new LspClient({ pullConfiguration: true });
  client.settings = { rules: { 'dynamodb-deletion-protection-off': 'off', 'dynamodb-pitr-off': 'error' } };
  const pulled = client.nextConfigurationRequest();
  await client.initialize();
  await pulled;
});

after(async () => {
  await client?.stop();
  await acct?.stop();
});

function need(t: TestContext): EmulatedAccount | undefined {
  if (!acct) t.skip(`no AWS emulator: ${unavailable}`);
  return acct;
}

interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
}

test('the profiles request lists each profile with its kind', async (t) => {
  if (!need(t)) return;
  const result = await client.connection.sendRequest<AccountProfilesResult>(ACCOUNT_PROFILES_REQUEST);
  assert.deepEqual(result, {
    profiles: [
      { name: 'emu', kind: 'keys', region: 'eu-west-1' },
      { name: 'half', kind: 'incomplete', problem: 'aws_access_key_id without aws_secret_access_key' },
    ],
    defaultProfile: null,
  });
});

test('a scan reports progress on the client\'s token and answers the findings, with the user\'s severities', async (t) => {
  if (!need(t)) return;
  const seen: Progress['value'][] = [];
  const listener = client.connection.onNotification('$/progress', (p: Progress) => {
    if (p.token === 'scan-1') seen.push(p.value);
  });
  t.after(() => listener.dispose());
  const result = await client.connection.sendRequest<AccountScanResult>(ACCOUNT_SCAN_REQUEST, { profiles: ['emu'], workDoneToken: 'scan-1' });
  const [profile] = result.profiles;
  assert.equal(profile!.identity?.account, EMU_ACCOUNT);
  assert.deepEqual(profile!.regions, ['eu-west-1']);
  const table = profile!.findings.filter((f) => f.resource === `arn:aws:dynamodb:eu-west-1:${EMU_ACCOUNT}:table/orders`);
  assert.deepEqual(table.map((f) => [f.ruleId, f.severity]), [['dynamodb-pitr-off', 'error']], 'deletion protection is off in the settings; PITR raised to error');
  assert.ok(!Number.isNaN(Date.parse(result.scannedAt)));
  // The end may arrive after the answer: progress and responses are separate messages.
  if (seen.at(-1)?.kind !== 'end') {
    await new Promise<void>((resolve) => {
      const done: { dispose(): void } = client.connection.onNotification('$/progress', (p: Progress): void => {
        if (p.token === 'scan-1' && p.value.kind === 'end') {
          done.dispose();
          resolve();
        }
      });
    });
  }
  assert.equal(seen[0]?.kind, 'begin');
  assert.equal(seen[0]?.cancellable, true);
  assert.match(seen[0]?.title ?? '', /AWS Hardening: scanning/);
});

test('a profile that cannot be used is answered with the reason, not an error', async (t) => {
  if (!need(t)) return;
  const result = await client.connection.sendRequest<AccountScanResult>(ACCOUNT_SCAN_REQUEST, { profiles: ['half'] });
  assert.deepEqual(result.profiles.map((p) => [p.profile, p.error]), [['half', 'Profile half cannot be used: aws_access_key_id without aws_secret_access_key.']]);
});

test('cancelling the request stops the scan and answers RequestCancelled', async (t) => {
  if (!need(t)) return;
  const source = new CancellationTokenSource();
  // Cancel as soon as the scan has begun: an event, not a sleep.
  const listener = client.connection.onNotification('$/progress', (p: Progress) => {
    if (p.token === 'scan-2' && p.value.kind === 'begin') source.cancel();
  });
  t.after(() => listener.dispose());
  await assert.rejects(client.connection.sendRequest(ACCOUNT_SCAN_REQUEST, { profiles: ['emu'], workDoneToken: 'scan-2' }, source.token), (err: unknown) => err instanceof ResponseError && err.code === -32800);
  // The server is still there and answers.
  const again = await client.connection.sendRequest<AccountProfilesResult>(ACCOUNT_PROFILES_REQUEST);
  assert.equal(again.profiles.length, 2);
});
