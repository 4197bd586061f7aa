// The server's log over real LSP (window/logMessage, which VS Code shows in the "AWS Hardening"
// output channel): a line when it starts, one per document analysed, one per settings change, and
// never a document's text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';
import { repoRoot } from '../helpers/paths';

const INFO = 3;
const SECRET = 'not-for-the-log-8d1f';
const ZONE = [
  '$ORIGIN example.org.',
  '$TTL 3600',
  '@ IN SOA ns1 hostmaster 2026010100 7200 3600 1209600 300',
  '@ IN NS ns1',
  'ns1 IN A 192.0.2.1',
  `@ IN TXT "v=spf1 include:${SECRET} -all"`,
  '',
].join('\n');
const ZONE_URI = 'file:///work/logs/example.org.zone';

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

/** The log lines about a document, by its file name. */
function analysedLines(name: string, since = 0): string[] {
  return client.logs.slice(since).filter((m) => m.message.startsWith(`analysed ${name} `)).map((m) => m.message);
}

test('the server logs its name, version (from package.json) and Node version at start, at info level', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  // The line is sent before the initialize answer, so it has arrived by now.
  const start = client.logs.find((m) => m.message.includes('language server started'));
  assert.ok(start, `a start line among: ${JSON.stringify(client.logs)}`);
  assert.equal(start.type, INFO);
  assert.equal(start.message, `${pkg.name} ${pkg.version} language server started (Node ${process.version})`);
});

test('each analysis is one info line: file name, kind, findings and time; none per finding, none for answers from the cache', async () => {
  const since = client.logs.length;
  const published = await client.open(ZONE_URI, 'dns-zone', ZONE);
  assert.ok(published.diagnostics.length >= 2, 'several findings, yet one line');
  // The line is sent while analysing, before the diagnostics it produced.
  const lines = analysedLines('example.org.zone', since);
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0]!, new RegExp(`^analysed example\\.org\\.zone \\(dns-zone\\): ${published.diagnostics.length} findings in \\d+(\\.\\d)? ms$`));
  assert.equal(client.logs.find((m) => m.message === lines[0])!.type, INFO);
  // A hover and a code lens on the same version answer from the cache: no new line.
  await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: ZONE_URI }, position: { line: 1, character: 2 } });
  await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: ZONE_URI } });
  assert.equal(analysedLines('example.org.zone', since).length, 1);
  // A change is analysed again: a second line.
  await client.changeAll(ZONE_URI, 2, ZONE.replace('ns1 IN A', 'ns1 IN AAAA 2001:db8::1\nns2 IN A'));
  assert.equal(analysedLines('example.org.zone', since).length, 2);
});

test('templates, unparsable templates and PEM bundles are logged by kind; files that are none of ours are not', async () => {
  const since = client.logs.length;
  await client.open('file:///work/logs/stack%20one.yaml', 'yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
  assert.match(analysedLines('stack one.yaml', since)[0] ?? '', /^analysed stack one\.yaml \(cloudformation\): 3 findings in /);
  await client.open('file:///work/logs/broken.yaml', 'yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {Bucket: \n');
  assert.match(analysedLines('broken.yaml', since)[0] ?? '', /^analysed broken\.yaml \(cloudformation, does not parse\): 1 finding in /);
  await client.open('file:///work/logs/empty.pem', 'pem', '# nothing yet\n');
  assert.match(analysedLines('empty.pem', since)[0] ?? '', /^analysed empty\.pem \(pem\): 0 findings in /);
  await client.open('file:///work/logs/ci.yaml', 'yaml', 'jobs:\n  build:\n    runs-on: ubuntu-latest\n');
  assert.deepEqual(analysedLines('ci.yaml', since), []);
});

test('a document analysed in the worker is logged the same way', async () => {
  const since = client.logs.length;
  // `$GENERATE` sends a zone to the analysis worker whatever its size.
  const text = `${ZONE}$GENERATE 1-20 host-$ A 192.0.2.$\n`;
  const published = await client.open('file:///work/logs/generated.zone', 'dns-zone', text);
  const lines = analysedLines('generated.zone', since);
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0]!, new RegExp(`^analysed generated\\.zone \\(dns-zone\\): ${published.diagnostics.length} findings in `));
});

test('a settings change is logged once with the values in effect, and the re-analyses follow', async () => {
  const since = client.logs.length;
  const reanalysed = client.nextDiagnostics(ZONE_URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { awsHardening: { rules: { 'dns-caa-missing': 'off', 'dns-dmarc-missing': 'nonsense' }, maxFindingsPerRule: 5, pem: { warningDays: 30 }, account: { allowChanges: false } } },
  });
  const line = await client.waitForLog((m) => m.startsWith('settings applied:'), since);
  assert.equal(line.type, INFO);
  assert.equal(
    line.message,
    'settings applied: 1 rule severity override (dns-caa-missing: off); maxFindingsPerRule 5; s3.undeleteWindowDays default; dns.caaIssuers default; pem.warningDays 30; account changes off',
  );
  await reanalysed;
  assert.equal(analysedLines('example.org.zone', since).length, 1);
  // The same settings again change nothing: no second line (the diagnostics that follow come after it would have).
  const again = client.nextDiagnostics(ZONE_URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { awsHardening: { rules: { 'dns-caa-missing': 'off' }, maxFindingsPerRule: 5, pem: { warningDays: 30 }, account: { allowChanges: false } } },
  });
  await again;
  assert.equal(client.logs.slice(since).filter((m) => m.message.startsWith('settings applied:')).length, 1);
});

test('no log line quotes a document\'s text', () => {
  assert.ok(client.logs.length > 0);
  for (const m of client.logs) {
    assert.ok(!m.message.includes(SECRET), m.message);
    assert.ok(!m.message.includes('AWSTemplateFormatVersion'), m.message);
  }
});
