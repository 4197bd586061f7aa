// Large documents are analysed in a worker thread: the server answers about other documents
// meanwhile, publishes only the newest version's diagnostics, and survives a worker that dies.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ANALYSIS_STATS_REQUEST, type AnalysisStats } from '../../server/src/protocol';
import { minifiedJson } from '../helpers/hostile';
import { LspClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const SMALL = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';
/** Above the 64 KB from which documents go to the worker, and slow enough to analyse to notice. */
const big = (variant: number): string => minifiedJson(600).replace('"minified-0"', `"minified-v${variant}"`);

const clients: LspClient[] = [];
after(async () => {
  for (const client of clients) await client.stop();
});

async function started(): Promise<LspClient> {
  const client = new LspClient();
  clients.push(client);
  await client.initialize();
  return client;
}

/** Every diagnostics notification for `uri`, in order, until one for `version` arrives. */
function collectUntil(client: LspClient, uri: string, version: number): Promise<PublishedDiagnostics[]> {
  const seen: PublishedDiagnostics[] = [];
  return new Promise((resolve, reject) => {
    const next = (): void => {
      client.nextDiagnostics(uri, 60_000).then((p) => {
        seen.push(p);
        if (p.version === version) resolve(seen);
        else next();
      }, reject);
    };
    next();
  });
}

test('while a large document is analysed, another document gets its diagnostics and hovers first', async () => {
  const client = await started();
  const order: string[] = [];
  const bigUri = 'file:///work/large.json';
  const smallUri = 'file:///work/small.yaml';
  const bigDone = client.nextDiagnostics(bigUri, 60_000).then((p) => {
    order.push('large diagnostics');
    return p;
  });
  const smallDone = client.nextDiagnostics(smallUri).then(() => order.push('small diagnostics'));
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'json', version: 1, text: big(1) } });
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'yaml', version: 1, text: SMALL } });
  await smallDone;
  const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 1, character: 4 } });
  order.push('small hover');
  assert.match(hover!.contents.value, /s3-/);
  const published = await bigDone;
  assert.deepEqual(order, ['small diagnostics', 'small hover', 'large diagnostics']);
  assert.ok(published.diagnostics.some((d) => d.code === 's3-versioning-off'), 'the large document is analysed all the same');
  const stats = await client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST);
  assert.equal(stats.workerAnalysed, 1, 'the large document was analysed in the worker');
  assert.equal(stats.workerStarts, 1);
});

test('versions that arrive during an analysis are coalesced, and an older version is never published', async () => {
  const client = await started();
  const uri = 'file:///work/typing.json';
  const published = collectUntil(client, uri, 3);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: big(1) } });
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: big(2) }] });
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: big(3) }] });
  const seen = await published;
  assert.deepEqual(seen.map((p) => p.version), [3], 'only the newest version is published');
  const stats = await client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST);
  assert.ok(stats.workerAnalysed <= 2, `version 2 was never analysed (${stats.workerAnalysed} analyses)`);
  // Hovers on the large document are answered by the worker too, from the analysis it holds.
  const finding = seen[0]!.diagnostics.find((d) => d.code === 's3-versioning-off')!;
  const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: finding.range.start });
  assert.match(hover!.contents.value, /s3-versioning-off/);
  assert.equal((await client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST)).workerAnalysed, stats.workerAnalysed, 'the hover needed no new analysis');
});

test('quick fixes the worker worked out for a version the editor has since changed are not offered', async () => {
  const client = await started();
  const uri = 'file:///work/moving.json';
  const first = client.nextDiagnostics(uri, 60_000);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: big(1) } });
  const finding = (await first).diagnostics.find((d) => d.code === 's3-versioning-off')!;
  const ask = (): Promise<unknown[] | null> =>
    client.connection.sendRequest<unknown[] | null>('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } });
  // Version 2 is new to the worker, so its answer takes an analysis; version 3 arrives meanwhile.
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: big(2) }] });
  const stale = ask();
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: big(3) }] });
  assert.deepEqual((await stale) ?? [], [], 'edits for version 2 would land in version 3');
  const settled = await collectUntil(client, uri, 3);
  assert.equal(settled.at(-1)!.version, 3);
  assert.ok(((await ask()) ?? []).length > 0, 'the same request on the current version gets its quick fixes');
});
