// Settings pulled through workspace/configuration, and the suppression request the VS Code
// client uses after asking for a reason.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { LspClient } from '../helpers/lsp-client';

// Hardened but for versioning, so the only finding is the rule these tests configure.
const TEXT = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Logs:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}',
  '  LogsPolicy:',
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  '      Bucket: !Ref Logs',
  '      PolicyDocument:',
  '        Statement:',
  '          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt Logs.Arn], Condition: {Bool: {aws:SecureTransport: false}}}',
  '',
].join('\n');
const URI = 'file:///work/settings.yaml';

let client: LspClient;

before(async () => {
  client = new LspClient({ pullConfiguration: true, clientCommands: ['awsHardening.suppressWithReason'] });
  client.settings = { rules: { 's3-versioning-off': 'error' } };
  const pulled = client.nextConfigurationRequest();
  await client.initialize();
  await pulled;
});

after(async () => {
  await client.stop();
});

test('a severity override from the settings applies', async () => {
  const published = await client.open(URI, 'yaml', TEXT);
  assert.equal(published.diagnostics[0]!.code, 's3-versioning-off');
  assert.equal(published.diagnostics[0]!.severity, 1);
});

test('a settings change to "off" republishes without the rule', async () => {
  client.settings = { rules: { 's3-versioning-off': 'off' } };
  const next = client.nextDiagnostics(URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual((await next).diagnostics, []);
  client.settings = {};
  const back = client.nextDiagnostics(URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.equal((await back).diagnostics.length, 1);
});

test('"Suppress with reason" is offered to a client that implements it, and the edit request works', async () => {
  const published = await client.changeAll(URI, 2, TEXT);
  const diagnostic = published.diagnostics[0]!;
  const actions = await client.connection.sendRequest<Array<{ title: string; command?: { command: string; arguments: unknown[] } }>>(
    'textDocument/codeAction',
    { textDocument: { uri: URI }, range: diagnostic.range, context: { diagnostics: [diagnostic] } },
  );
  const suppress = actions.find((a) => a.command?.command === 'awsHardening.suppressWithReason');
  assert.ok(suppress, `actions: ${actions.map((a) => a.title).join(', ')}`);
  assert.equal(suppress.title, 'Suppress s3-versioning-off for Logs with a reason…');
  const args = suppress.command!.arguments[0] as Record<string, unknown>;
  const edit = await client.connection.sendRequest<{ changes: Record<string, Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>> }>(
    'awsHardening/suppressionEdit',
    { ...args, reason: 'access logs are disposable' },
  );
  const lines = new LineIndex(TEXT);
  const fixed = applyEdits(TEXT, edit.changes[URI]!.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
  assert.match(fixed, /\n {2}# aws-hardening-ignore s3-versioning-off access logs are disposable\n {2}Logs:/);
  assert.deepEqual((await client.changeAll(URI, 3, fixed)).diagnostics, []);
});
