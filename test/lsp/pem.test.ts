// PEM bundles over the real protocol: diagnostics on the BEGIN line, a code lens per certificate,
// the hover with its details, and the warning window from the settings. Certificates are made now
// with openssl, with validity relative to today, so nothing depends on the date the test runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CertFactory, type MadeCert } from '../helpers/certs';
import { LspClient } from '../helpers/lsp-client';

const URI = 'file:///work/bundle.pem';

let client: LspClient;
let certs: CertFactory;
let root: MadeCert;
let leaf: MadeCert;
let text: string;

before(async () => {
  certs = new CertFactory();
  root = certs.root('Bundle Test Root', { days: 3650 });
  leaf = certs.issue('leaf.bundle.example', root, { days: 30 });
  text = `${leaf.pem}${root.pem}`;
  client = new LspClient({ pullConfiguration: true });
  client.settings = {};
  const pulled = client.nextConfigurationRequest();
  await client.initialize();
  await pulled;
});

after(async () => {
  await client.stop();
  certs.dispose();
});

test('a certificate expiring within the window is reported on its BEGIN line', async () => {
  const published = await client.open(URI, 'pem', text);
  assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['pem-cert-expiring', 0]]);
  assert.match(published.diagnostics[0]!.message, /leaf\.bundle\.example .* expires on \d{4}-\d{2}-\d{2}/);
});

test('each certificate has a code lens: issuer → subject, serial and expiry', async () => {
  const lenses = await client.connection.sendRequest<Array<{ range: { start: { line: number } }; command: { title: string } }>>('textDocument/codeLens', { textDocument: { uri: URI } });
  const rootLine = leaf.pem.split('\n').length - 1;
  assert.deepEqual(lenses.map((l) => l.range.start.line), [0, rootLine]);
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  assert.match(lenses[0]!.command.title, new RegExp(`^Bundle Test Root → leaf\\.bundle\\.example \\(#[0-9a-f]+…?\\) expires ${day(leaf.notAfter)} \\(in (29|30) days\\)$`));
  assert.match(lenses[1]!.command.title, new RegExp(`^Bundle Test Root → Bundle Test Root \\(#[0-9a-f]+…?\\) expires ${day(root.notAfter)} \\(in \\d+ days\\)$`));
});

test('the hover shows the details and where the issuer is', async () => {
  const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 4 } });
  const value = hover!.contents.value;
  for (const part of ['Certificate #1: leaf.bundle.example', '| Issuer | CN=Bundle Test Root |', '| Key | RSA 2048 bits |', '| Signature | sha256WithRSAEncryption |', 'in this bundle: certificate #2 (Bundle Test Root)']) {
    assert.ok(value.includes(part), `hover lacks "${part}":\n${value}`);
  }
  assert.match(value, /\| SHA-256 \| ([0-9A-F]{2}:){31}[0-9A-F]{2} \|/);
  const rootHover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: leaf.pem.split('\n').length + 1, character: 1 } });
  assert.match(rootHover!.contents.value, /self-signed: a root/);
});

test('a shorter warning window from the settings drops the warning', async () => {
  client.settings = { pem: { warningDays: 7 } };
  const next = client.nextDiagnostics(URI);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual((await next).diagnostics, []);
});
