// Zone `$INCLUDE` in the editor: a zone may include files from its own folder and from the
// workspace folder that holds it, and nothing outside them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from '../helpers/lsp-client';

const SOA = '$ORIGIN example.org.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';

let client: LspClient;
let root: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'aws-hardening-roots-'));
  mkdirSync(join(root, 'ws', 'zones'), { recursive: true });
  mkdirSync(join(root, 'ws', 'shared'), { recursive: true });
  mkdirSync(join(root, 'elsewhere'), { recursive: true });
  writeFileSync(join(root, 'ws', 'shared', 'caa.inc'), '@ IN CAA 0 issue "amazon.com"\n');
  client = new LspClient();
  const folder = pathToFileURL(join(root, 'ws')).href;
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'ws' }],
    capabilities: { workspace: { workspaceFolders: true } },
  });
  await client.connection.sendNotification('initialized', {});
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a zone includes a file from elsewhere in its workspace folder', async () => {
  const path = join(root, 'ws', 'zones', 'example.zone');
  const text = `${SOA}$INCLUDE ../shared/caa.inc\n`;
  writeFileSync(path, text);
  const published = await client.open(pathToFileURL(path).href, 'dns-zone', text);
  assert.ok(!published.diagnostics.some((d) => /not read/.test(d.message)), JSON.stringify(published.diagnostics.map((d) => d.message)));
  assert.ok(!published.diagnostics.some((d) => d.code === 'dns-caa-missing'), 'the included CAA record counts');
});

test('a zone outside the workspace folders still reads only its own folder', async () => {
  const path = join(root, 'elsewhere', 'example.zone');
  const text = `${SOA}$INCLUDE ../ws/shared/caa.inc\n`;
  writeFileSync(path, text);
  const published = await client.open(pathToFileURL(path).href, 'dns-zone', text);
  assert.ok(published.diagnostics.some((d) => /outside the folders AWS Hardening reads includes from/.test(d.message)), JSON.stringify(published.diagnostics.map((d) => d.message)));
  assert.ok(published.diagnostics.some((d) => d.code === 'dns-caa-missing'));
});
