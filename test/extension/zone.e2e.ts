// Zone files in a real VS Code: a db.<domain> file opens as a DNS zone, the server reports on it,
// the protections code lens and the serial increment work.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { codeValue, openFixture, SOURCE, waitFor } from './helpers';

test('a BIND db.<domain> file opens as a DNS zone and gets zone findings', async () => {
  const document = await openFixture('db.example.org');
  assert.equal(document.languageId, 'dns-zone');
  const caa = await waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === SOURCE && codeValue(d) === 'dns-caa-missing'),
    'the dns-caa-missing finding',
  );
  assert.equal(caa.range.start.line, 2);
  assert.equal(caa.severity, vscode.DiagnosticSeverity.Warning);
});

test('the code lens above the SOA lists the protections; Increment SOA Serial edits the serial', async () => {
  const document = await openFixture('db.example.org');
  await waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => vscode.languages.getDiagnostics(document.uri).some((d) => d.source === SOURCE),
    'the zone findings',
  );
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.includes('Email & web: SPF ✗ · DMARC ✗ · CAA ✗ · TLS-RPT ✗ · MTA-STS ✗ · DNSSEC ✗'), titles.join(' | '));
  assert.ok(titles.includes('Increment SOA serial'), titles.join(' | '));
  const applied = await vscode.commands.executeCommand<boolean>('awsHardening.incrementSerial', document.uri.toString());
  assert.equal(applied, true);
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  assert.ok(document.getText().includes(`\t\t${today}00 ; serial`), document.getText());
  await vscode.commands.executeCommand('workbench.action.files.revert');
});
