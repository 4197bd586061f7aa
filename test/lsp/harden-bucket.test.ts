// Harden This Bucket over stdio against the built server: the request's workspace edit, the
// "Harden this bucket" code action (the edit for any editor, the command for a client that runs
// it itself), a second run with nothing to do, and a large template answered by the worker.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { HARDEN_BUCKET_COMMAND, HARDEN_BUCKET_EDIT_REQUEST, type HardenBucketEditParams, type HardenBucketEditResult } from '../../server/src/protocol';
import { LspClient, type PublishedDiagnostics } from '../helpers/lsp-client';
import { fixturesDir } from '../helpers/paths';

const dir = join(fixturesDir, 'harden-bucket');
const bare = readFileSync(join(dir, 'bare-block.yaml'), 'utf8');
const hardened = readFileSync(join(dir, 'bare-block.hardened.yaml'), 'utf8');

interface LspTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}
interface Action {
  title: string;
  kind: string;
  edit?: { changes: Record<string, LspTextEdit[]> };
  command?: { command: string; arguments: unknown[] };
}

function apply(text: string, edits: readonly LspTextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
}

function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  return new LineIndex(text).positionAt(text.indexOf(needle) + delta);
}

function s3Codes(published: PublishedDiagnostics): string[] {
  return (published.diagnostics as Array<{ code?: unknown }>).map((d) => String(d.code)).filter((c) => c.startsWith('s3-'));
}

function codeActions(client: LspClient, uri: string, at: { line: number; character: number }, diagnostics: unknown[] = [], only?: string[]): Promise<Action[]> {
  return client.connection.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: at, end: at },
    context: { diagnostics, ...(only ? { only } : {}) },
  });
}

let plain: LspClient;
let vscodeLike: LspClient;

before(async () => {
  plain = new LspClient();
  vscodeLike = new LspClient({ clientCommands: [HARDEN_BUCKET_COMMAND] });
  await plain.initialize();
  await vscodeLike.initialize();
});

after(async () => {
  assert.equal(await plain.stop(), 0);
  assert.equal(await vscodeLike.stop(), 0);
});

test('the request answers the bucket at the position with one workspace edit; applied, no s3- diagnostic is left and a second request has none', async () => {
  const uri = 'file:///work/harden/bare.yaml';
  const first = await plain.open(uri, 'yaml', bare);
  assert.deepEqual(s3Codes(first).sort(), ['s3-public-access-not-blocked', 's3-tls-not-enforced', 's3-versioning-off'], 'the bare bucket has three findings (the undelete window comes once it is versioned)');
  const answer = await plain.connection.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, { uri, position: positionOf(bare, 'my-data-bucket') } satisfies HardenBucketEditParams);
  assert.equal(answer.logicalId, 'Data');
  assert.deepEqual(answer.buckets, ['Data']);
  assert.equal(answer.applied.length, 5);
  assert.match(answer.left.at(-1)!, /^MFA Delete/);
  const edit = answer.edit as { changes: Record<string, LspTextEdit[]> };
  assert.deepEqual(Object.keys(edit.changes), [uri]);
  const text = apply(bare, edit.changes[uri]!);
  assert.equal(text, hardened);
  const after = await plain.changeAll(uri, 2, text);
  assert.deepEqual(s3Codes(after), [], 'no s3- finding is left');
  const again = await plain.connection.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, { uri, logicalId: 'Data' } satisfies HardenBucketEditParams);
  assert.equal(again.edit, null);
  assert.deepEqual(again.applied, []);
});

test('with no bucket at the position the answer lists the buckets to choose from; an unopened document gets nothing', async () => {
  const uri = 'file:///work/harden/list.yaml';
  await plain.open(uri, 'yaml', bare);
  const answer = await plain.connection.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, { uri, position: { line: 0, character: 0 } });
  assert.deepEqual({ ...answer }, { logicalId: null, edit: null, applied: [], left: [], buckets: ['Data'] });
  const none = await plain.connection.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, { uri: 'file:///work/harden/not-open.yaml' });
  assert.deepEqual(none.buckets, []);
});

test('"Harden this bucket" is a refactor.rewrite action on the logical id, with the edit for an editor that has no command', async () => {
  const uri = 'file:///work/harden/action.yaml';
  const published = await plain.open(uri, 'yaml', bare);
  const onId = positionOf(bare, '  Data:', 3);
  const onIdDiagnostics = published.diagnostics.filter((d) => (d as { range: { start: { line: number } } }).range.start.line === onId.line);
  // As VS Code asks for the lightbulb: the diagnostics at the cursor, no kind filter.
  const actions = await codeActions(plain, uri, onId, onIdDiagnostics);
  const harden = actions.find((a) => a.title === 'Harden this bucket');
  assert.ok(harden, `offered among ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(harden.kind, 'refactor.rewrite');
  assert.equal(apply(bare, harden.edit!.changes[uri]!), hardened);
  // Asked for refactorings only (a Refactor menu), with no diagnostic at the cursor.
  const refactors = await codeActions(plain, uri, onId, [], ['refactor']);
  assert.deepEqual(refactors.map((a) => a.title), ['Harden this bucket']);
  // Quick fixes only: not offered.
  assert.ok(!(await codeActions(plain, uri, onId, onIdDiagnostics, ['quickfix'])).some((a) => a.title === 'Harden this bucket'));
  // Elsewhere in the bucket, and on another resource's id: not offered.
  assert.deepEqual(await codeActions(plain, uri, positionOf(bare, 'my-data-bucket'), [], ['refactor']), []);
  assert.deepEqual(await codeActions(plain, uri, positionOf(bare, '  Queue:', 3), [], ['refactor']), []);
});

test('a client that runs the command itself gets the command with the bucket; a hardened bucket gets no action', async () => {
  const uri = 'file:///work/harden/command.yaml';
  await vscodeLike.open(uri, 'yaml', bare);
  const onId = positionOf(bare, '  Data:', 2);
  const actions = await codeActions(vscodeLike, uri, onId);
  const harden = actions.find((a) => a.title === 'Harden this bucket');
  assert.ok(harden);
  assert.equal(harden.edit, undefined);
  assert.deepEqual(harden.command, { title: 'Harden this bucket', command: HARDEN_BUCKET_COMMAND, arguments: [{ uri, logicalId: 'Data' }] });
  await vscodeLike.changeAll(uri, 2, hardened);
  assert.deepEqual(await codeActions(vscodeLike, uri, onId, [], ['refactor']), []);
  const website = readFileSync(join(dir, 'website.hardened.yaml'), 'utf8');
  const siteUri = 'file:///work/harden/site.yaml';
  await vscodeLike.open(siteUri, 'yaml', website);
  assert.deepEqual(await codeActions(vscodeLike, siteUri, positionOf(website, '  Site:', 2), [], ['refactor']), [], 'a hardened website bucket has nothing left to do');
});

test('a large template is answered by the analysis worker, with the same edit', async () => {
  const uri = 'file:///work/harden/large.yaml';
  const topics = Array.from({ length: 2500 }, (_, i) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n`).join('');
  const large = bare.replace('Outputs:\n', `${topics}Outputs:\n`);
  assert.ok(large.length > 64 * 1024);
  await plain.open(uri, 'yaml', large);
  const answer = await plain.connection.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, { uri, logicalId: 'Data' } satisfies HardenBucketEditParams);
  const edit = answer.edit as { changes: Record<string, LspTextEdit[]> };
  assert.equal(apply(large, edit.changes[uri]!), hardened.replace('Outputs:\n', `${topics}Outputs:\n`));
  const stats = await plain.connection.sendRequest<{ workerAnalysed: number }>('awsHardening/analysisStats');
  assert.ok(stats.workerAnalysed > 0, 'the worker analysed it');
});
