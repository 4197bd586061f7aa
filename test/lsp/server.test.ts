// Real LSP over stdio against the built server: the same bytes any editor would send.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { LspClient } from '../helpers/lsp-client';
import { fixturesDir } from '../helpers/paths';

const badYaml = readFileSync(join(fixturesDir, 's3-versioning-off', 'bad.yaml'), 'utf8');
const badJson = readFileSync(join(fixturesDir, 's3-versioning-off', 'bad.json'), 'utf8');

interface LspTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}
interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit: { changes: Record<string, LspTextEdit[]> };
}

const RULE = 's3-versioning-off';
type Published = { diagnostics: Array<{ code: string; message: string }> };
function versioning<T extends Published>(p: T): T['diagnostics'] {
  return p.diagnostics.filter((d) => d.code === RULE);
}

function apply(text: string, edits: LspTextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
}

let client: LspClient;

before(async () => {
  client = new LspClient();
});

after(async () => {
  const code = await client.stop();
  assert.equal(code, 0, 'the server exits cleanly after shutdown/exit');
});

test('initialize announces diagnostics sync, quick fixes, fix-all and hover', async () => {
  const { capabilities } = await client.initialize();
  assert.ok(capabilities.textDocumentSync);
  assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.awsHardening', 'refactor.rewrite']);
  assert.equal(capabilities.hoverProvider, true);
});

test('didOpen publishes diagnostics with code, docs link and source on the logical id', async () => {
  const uri = 'file:///work/bad.yaml';
  const published = await client.open(uri, 'yaml', badYaml);
  assert.equal(versioning(published).length, 6);
  const [plain] = versioning(published);
  assert.equal(plain!.code, 's3-versioning-off');
  assert.equal(plain!.source, 'AWS Hardening');
  assert.equal(plain!.severity, 2);
  assert.match(plain!.codeDescription!.href, /^https:\/\/.*s3-versioning-off\.md$/);
  assert.deepEqual(plain!.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } });
});

test('codeAction returns the quick fix; applying it through didChange clears that diagnostic', async () => {
  const uri = 'file:///work/bad-copy.yaml';
  const opened = await client.open(uri, 'yaml', badYaml);
  const diagnostic = versioning(opened)[0]!;
  const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  const ours = actions.filter((a) => a.title.includes('versioning'));
  assert.equal(ours.length, 1);
  const [action] = ours;
  assert.equal(action!.title, 'Enable versioning on bucket Plain');
  assert.equal(action!.kind, 'quickfix');
  assert.equal(action!.isPreferred, true);
  const fixed = apply(badYaml, action!.edit.changes[uri]!);
  assert.match(fixed, /storage\n {6}VersioningConfiguration:\n {8}Status: Enabled\n/);
  const after = await client.changeAll(uri, 2, fixed);
  assert.equal(versioning(after).length, 5);
  assert.ok(!versioning(after).some((d) => d.message.includes('Bucket Plain ')));
});

test('a finding with an alternative fix offers both; only the safe one is preferred', async () => {
  const uri = 'file:///work/cloudfront.yaml';
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Site:',
    '    Type: AWS::CloudFront::Distribution',
    '    Properties:',
    '      DistributionConfig:',
    '        Enabled: true',
    '        DefaultCacheBehavior:',
    '          TargetOriginId: web',
    '          ViewerProtocolPolicy: allow-all',
    '',
  ].join('\n');
  const opened = await client.open(uri, 'yaml', text);
  const diagnostic = opened.diagnostics.find((d) => d.code === 'cloudfront-viewer-http-allowed');
  assert.ok(diagnostic, 'allow-all is reported');
  const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  const fixes = actions.filter((a) => a.edit.changes[uri]?.some((e) => /https/.test(e.newText)));
  assert.deepEqual(fixes.map((a) => [apply(text, a.edit.changes[uri]!).match(/ViewerProtocolPolicy: (\S+)/)![1], a.isPreferred === true]), [
    ['redirect-to-https', true],
    ['https-only', false],
  ]);
  assert.match(fixes[1]!.title, /unsafe/);
});

test('incremental didChange edits are applied and re-analysed', async () => {
  const uri = 'file:///work/incremental.yaml';
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n';
  assert.equal(versioning(await client.open(uri, 'yaml', text)).length, 0);
  const next = client.nextDiagnostics(uri);
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 6, character: 16 }, end: { line: 6, character: 23 } }, text: 'Suspended' }],
  });
  const published = await next;
  assert.equal(versioning(published).length, 1);
  assert.match(versioning(published)[0]!.message, /versioning Suspended/);
});

test('fix-all source action applies every safe fix in one edit set (JSON)', async () => {
  const uri = 'file:///work/bad.json';
  await client.open(uri, 'json', badJson);
  const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.awsHardening'] },
  });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]!.kind, 'source.fixAll.awsHardening');
  const fixed = apply(badJson, actions[0]!.edit.changes[uri]!);
  assert.doesNotThrow(() => JSON.parse(fixed), 'the fixed JSON parses');
  assert.match(fixed, /"Plain": \{\n {12}"Type": "AWS::S3::Bucket",\n {12}"Properties": \{\n {16}"BucketName": "plain-bucket",\n/);
  const after = await client.changeAll(uri, 2, fixed);
  assert.deepEqual(versioning(after), []);
  assert.ok(after.diagnostics.every((d) => d.code !== 'cfn-syntax'));
});

type HoverResult = { contents: { kind: string; value: string }; range?: LspTextEdit['range'] } | null;

function hoverAt(uri: string, line: number, character: number): Promise<HoverResult> {
  return client.connection.sendRequest<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
}

test('hover on a lone finding shows its rule documentation', async () => {
  const uri = 'file:///work/hover.yaml';
  const published = await client.open(uri, 'yaml', badYaml);
  // `Status: 'Suspended'` (line 14) holds the s3-versioning-off finding of Suspended, and only it.
  assert.deepEqual(published.diagnostics.filter((d) => d.range.start.line <= 14 && d.range.end.line >= 14).map((d) => d.code), ['s3-versioning-off']);
  const hover = await hoverAt(uri, 14, 9);
  assert.equal(hover?.contents.kind, 'markdown');
  assert.match(hover!.contents.value, /\*\*AWS Hardening · s3-versioning-off\*\*/);
  assert.match(hover!.contents.value, /Essential Eight:\*\* Regular backups/);
  assert.match(hover!.contents.value, /CKV_AWS_21/);
});

const TWO_FINDINGS = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  # aws-hardening-ignore s3-tls-not-enforced served through a VPC endpoint only',
  '  Logs:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      VersioningConfiguration:',
  '        Status: Enabled',
  '',
].join('\n');

test('hover where two findings meet lists each message with one link per rule, not two rule pages', async () => {
  const uri = 'file:///work/hover-two.yaml';
  const published = await client.open(uri, 'yaml', TWO_FINDINGS);
  const onLogs = published.diagnostics.filter((d) => d.range.start.line === 3);
  assert.deepEqual(onLogs.map((d) => d.code).sort(), ['s3-noncurrent-versions-unmanaged', 's3-public-access-not-blocked']);
  const value = (await hoverAt(uri, 3, 3))!.contents.value;
  assert.match(value, /^\*\*AWS Hardening · 2 findings here\*\*/);
  for (const d of onLogs) {
    const severity = d.severity === 2 ? 'Warning' : 'Information';
    assert.ok(value.includes(`- **${severity}** \`${d.code}\`: ${d.message}`), `the hover lists ${d.code} with its severity and message:\n${value}`);
  }
  assert.ok(value.includes('More: [s3-noncurrent-versions-unmanaged](https://'), value);
  assert.equal(value.match(/\]\(https:\/\/[^)]*docs\/rules\/s3-public-access-not-blocked\.md\)/g)?.length, 1, 'one link per rule');
  assert.doesNotMatch(value, /Essential Eight|\*\*Why:\*\*/, 'no full rule page');
});

test('hover on the rule id of a suppression comment shows that rule\'s whole documentation', async () => {
  const uri = 'file:///work/hover-suppressed.yaml';
  await client.open(uri, 'yaml', TWO_FINDINGS);
  const id = 's3-tls-not-enforced';
  const column = TWO_FINDINGS.split('\n')[2]!.indexOf(id);
  const hover = (await hoverAt(uri, 2, column + 3))!;
  assert.match(hover.contents.value, /^\*\*AWS Hardening · s3-tls-not-enforced\*\*/);
  assert.match(hover.contents.value, /\*\*Why:\*\*/);
  assert.match(hover.contents.value, /\*\*Essential Eight:\*\*/);
  assert.deepEqual(hover.range, { start: { line: 2, character: column }, end: { line: 2, character: column + id.length } });
  // The reason after the id, and the keyword before it, are not the rule id.
  assert.equal(await hoverAt(uri, 2, column + id.length + 5), null);
  assert.equal(await hoverAt(uri, 2, 6), null);
  // In a zone file the comment starts with `;`.
  const zoneUri = 'file:///work/hover-suppressed.zone';
  const zone = '$ORIGIN example.net.\n; aws-hardening-ignore dns-caa-missing no certificates are issued for this zone\n@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n';
  await client.open(zoneUri, 'dns-zone', zone);
  assert.match((await hoverAt(zoneUri, 1, 25))!.contents.value, /^\*\*AWS Hardening · dns-caa-missing\*\*/);
});

test('a parse error is one diagnostic and the last good findings stay while typing', async () => {
  const uri = 'file:///work/typing.yaml';
  const good = await client.open(uri, 'yaml', badYaml);
  const broken = `${badYaml}  Half: {Type: AWS::S3::Bucket\n`;
  const published = await client.changeAll(uri, 2, broken);
  const syntax = published.diagnostics.filter((d) => d.code === 'cfn-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0]!.severity, 1);
  assert.equal(published.diagnostics.length, good.diagnostics.length + 1, 'earlier findings are kept');
});

test('non-template YAML and JSON get no diagnostics, and closing clears them', async () => {
  const uri = 'file:///work/ci.yaml';
  const published = await client.open(uri, 'yaml', 'name: ci\non: [push]\n');
  assert.deepEqual(published.diagnostics, []);
  const closing = client.nextDiagnostics('file:///work/bad.yaml');
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///work/bad.yaml' } });
  assert.deepEqual((await closing).diagnostics, []);
});
