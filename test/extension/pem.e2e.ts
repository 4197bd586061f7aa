// Certificate bundles in a real VS Code: a .pem file opens as the pem language, the expired
// certificates are reported and each certificate has its code lens. The bundle's certificates
// expired in 2025, so the findings hold on any later day the test runs.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from './runner';
import { codeValue, openFixture, SOURCE, waitFor } from './helpers';

test('a .pem bundle opens as pem, with expiry findings and a code lens per certificate', async () => {
  const document = await openFixture('ca-bundle.pem');
  assert.equal(document.languageId, 'pem');
  const expired = await waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === SOURCE && codeValue(d) === 'pem-cert-expired');
      return found.length > 0 ? found : undefined;
    },
    'the pem-cert-expired findings',
  );
  assert.equal(expired[0]!.severity, vscode.DiagnosticSeverity.Error);
  assert.match(document.lineAt(expired[0]!.range.start.line).text, /^-----BEGIN CERTIFICATE-----/);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.length >= 2, titles.join(' | '));
  assert.ok(titles.some((t) => / → expired\.fixtures\.example \(#[0-9a-f]+…?\) expired 2025-01-01 \(\d+ days ago\)$/.test(t)), titles.join(' | '));
});

test('Inspect Certificate Bundle from URL downloads over HTTPS and opens the bundle as pem; http is refused', async () => {
  // The harness makes a CA for this run, trusted by the extension host, and a 127.0.0.1 certificate.
  const tls = process.env.AWS_HARDENING_TEST_TLS;
  assert.ok(tls, 'the harness sets AWS_HARDENING_TEST_TLS');
  const served = await readFile(join(tls, '..', 'workspace', 'ca-bundle.pem'), 'utf8');
  const server = createServer({ cert: await readFile(join(tls, 'server.pem')), key: await readFile(join(tls, 'server.key')) }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/x-pem-file' });
    response.end(served);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('awsHardening.inspectCertificateBundle', `https://127.0.0.1:${port}/global-bundle.pem`);
    assert.ok(document, 'the command opened a document');
    assert.equal(document.languageId, 'pem');
    assert.equal(document.isUntitled, true);
    assert.equal(document.getText(), served);
    await waitFor(
      vscode.languages.onDidChangeDiagnostics,
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === SOURCE && codeValue(d) === 'pem-cert-expired'),
      'findings on the downloaded bundle',
    );
    const refused = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('awsHardening.inspectCertificateBundle', `http://127.0.0.1:${port}/global-bundle.pem`);
    assert.equal(refused, undefined, 'a plain-HTTP address opens nothing');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
