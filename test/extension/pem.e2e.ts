// Certificate bundles in a real VS Code: a .pem file opens as the pem language, the expired
// certificates are reported and each certificate has its code lens. The bundle's certificates
// expired in 2025, so the findings hold on any later day the test runs.
import * as assert from 'node:assert/strict';
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
