// The extensionTestsPath of the .vsix smoke test (test/vscode-server/run-vsix-smoke.mjs): one test
// against the copy of the extension that VS Code installed from the packaged .vsix. The
// development path of that run is an empty probe extension, so nothing here is loaded from the
// checkout but this file.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { codeValue, EXTENSION_ID, SOURCE, VERSIONING_RULE, waitFor, workspaceFile } from './helpers';
import { RESULTS_ENV, runAll, test, writeResults } from './runner';

/** The extensions folder the harness installed the .vsix into. */
export const EXTENSIONS_DIR_ENV = 'AWS_HARDENING_VSIX_EXTENSIONS_DIR';

test('the extension installed from the .vsix reports a template finding', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const extensionsDir = process.env[EXTENSIONS_DIR_ENV];
  assert.ok(extensionsDir, `${EXTENSIONS_DIR_ENV} is not set`);
  assert.ok(extension.extensionPath.startsWith(extensionsDir + sep), `${extension.extensionPath} is not the installed copy in ${extensionsDir}`);
  assert.ok(existsSync(join(extension.extensionPath, 'dist', 'server.js')), 'the installed copy has its language server');
  assert.ok(!existsSync(join(extension.extensionPath, 'dist', 'client.js.map')), 'the installed copy has no source maps');

  // Opening a template activates the extension (onLanguage:yaml), as it does for a user.
  const document = await vscode.workspace.openTextDocument(workspaceFile('versioning-bad.yaml'));
  await vscode.window.showTextDocument(document);
  const diagnostic = await waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === SOURCE && codeValue(d) === VERSIONING_RULE),
    `a ${VERSIONING_RULE} diagnostic from "${SOURCE}"`,
    90_000,
  );
  assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
  assert.equal(extension.isActive, true);
}, 120_000);

export async function run(): Promise<void> {
  const results = await runAll();
  writeResults(results);
  console.log(`[aws-hardening-test] vsix-smoke: ${results.passed} passed, ${results.failed} failed`);
  if (!process.env[RESULTS_ENV]) console.log(`[aws-hardening-test] (${RESULTS_ENV} not set, so no results file was written)`);
  if (results.failed > 0) throw new Error(`${results.failed} .vsix smoke test(s) failed`);
}
