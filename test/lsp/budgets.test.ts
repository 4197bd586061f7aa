// Issue 11 in the editor: the server spends no parse on documents that are not ours, and lists a
// bounded number of findings per rule unless told otherwise.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ANALYSIS_STATS_REQUEST, type AnalysisStats } from '../../server/src/protocol';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { minifiedJson } from '../helpers/hostile';
import { LspClient } from '../helpers/lsp-client';

let client: LspClient;

before(async () => {
  client = new LspClient({ pullConfiguration: true });
  const pulled = client.nextConfigurationRequest();
  await client.initialize();
  await pulled;
});

after(async () => {
  await client.stop();
});

const stats = (): Promise<AnalysisStats> => client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST);

/** A lock file as npm writes it: JSON, large, with no CloudFormation marker anywhere. */
function packageLock(packages: number): string {
  const entries: Record<string, unknown> = {};
  for (let i = 0; i < packages; i++) entries[`node_modules/pkg-${i}`] = { version: `1.${i}.0`, resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz`, integrity: `sha512-${'A'.repeat(40)}` };
  return JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages: entries }, null, 2);
}

test('YAML and JSON that are not templates are not parsed, on open or on change', async () => {
  const before = await stats();
  const uri = 'file:///work/package-lock.json';
  const lock = packageLock(2000);
  assert.deepEqual((await client.open(uri, 'json', lock)).diagnostics, []);
  assert.deepEqual((await client.changeAll(uri, 2, `${lock}\n`)).diagnostics, []);
  assert.deepEqual((await client.open('file:///work/ci.yaml', 'yaml', 'name: ci\non: [push]\njobs: {}\n')).diagnostics, []);
  const after = await stats();
  assert.equal(after.analysed, before.analysed, 'no document was parsed');
  assert.equal(after.skipped, before.skipped + 3);
  assert.equal(after.workerStarts, 0, 'a large document that is none of ours is not sent to the analysis worker either');
});

test('a template is still analysed', async () => {
  const before = await stats();
  const published = await client.open('file:///work/bucket.yaml', 'yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
  assert.ok(published.diagnostics.some((d) => d.code === 's3-versioning-off'));
  assert.equal((await stats()).analysed, before.analysed + 1);
});

interface LspTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

test('diagnostics list at most maxFindingsPerRule findings of a rule, and fix-all still sees them all', async () => {
  const uri = 'file:///work/minified.json';
  const text = minifiedJson(150);
  const published = await client.open(uri, 'json', text);
  const versioning = published.diagnostics.filter((d) => d.code === 's3-versioning-off');
  assert.equal(versioning.length, 101, 'the default of 100, and one summary');
  const summary = versioning.find((d) => /more s3-versioning-off findings in this file are not listed/.test(d.message));
  assert.ok(summary, 'one diagnostic summarises the rest');
  assert.match(summary.message, /awsHardening\.maxFindingsPerRule/);
  const [fixAll] = await client.connection.sendRequest<Array<{ edit: { changes: Record<string, LspTextEdit[]> } }>>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.awsHardening'] },
  });
  const lines = new LineIndex(text);
  const fixed = applyEdits(text, fixAll!.edit.changes[uri]!.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
  assert.equal(fixed.match(/"VersioningConfiguration"/g)?.length, 150, 'fix-all fixes the findings the diagnostics do not list');

  client.settings = { maxFindingsPerRule: 0 };
  const republished = client.nextDiagnostics(uri);
  const pulled = client.nextConfigurationRequest();
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await pulled;
  const everything = (await republished).diagnostics.filter((d) => d.code === 's3-versioning-off');
  assert.equal(everything.length, 150, '0 lists them all');

  client.settings = { maxFindingsPerRule: 5 };
  const capped = client.nextDiagnostics(uri);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.equal((await capped).diagnostics.filter((d) => d.code === 's3-versioning-off').length, 6);
  client.settings = null;
});
