// A worker that dies (here: out of memory under a tiny heap limit) takes nothing else down: the
// large document gets a diagnostic saying why, and other documents are answered as before.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ANALYSIS_STATS_REQUEST, type AnalysisStats } from '../../server/src/protocol';
import { minifiedJson } from '../helpers/hostile';
import { LspClient } from '../helpers/lsp-client';

let client: LspClient;

before(async () => {
  // The spawned server inherits the environment: its worker gets a heap far too small to work in.
  process.env.AWS_HARDENING_WORKER_HEAP_MB = '2';
  client = new LspClient();
  delete process.env.AWS_HARDENING_WORKER_HEAP_MB;
  await client.initialize();
});

after(async () => {
  assert.equal(await client.stop(), 0, 'the server is still alive and exits cleanly');
});

test('a dead worker is restarted a bounded number of times, and its documents say what happened', async () => {
  const uri = 'file:///work/large.json';
  const text = minifiedJson(600);
  const published = await client.open(uri, 'json', text);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['analysis-failed']);
  assert.match(published.diagnostics[0]!.message, /could not analyse this document: its analysis stopped the analysis worker/);
  // Each new version tries a new worker, until the restart budget is spent.
  let last = published;
  for (let version = 2; version <= 8; version++) last = await client.changeAll(uri, version, `${text}\n`.repeat(1 + (version % 2)));
  assert.match(last.diagnostics[0]!.message, /stopped 5 times within a minute/);
  const stats = await client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST);
  assert.equal(stats.workerStarts, 6, 'the first start and five restarts');
  const small = await client.open('file:///work/small.yaml', 'yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
  assert.ok(small.diagnostics.some((d) => d.code === 's3-versioning-off'), 'small documents are analysed as before');
});
