// Harden This Bucket in a template, end to end: the code action VS Code gets on the logical id
// names the command; the command applies every fix as one edit (one undo takes it back), no s3-
// diagnostic is left, and a second run changes nothing. With the preview on, every change carries
// the confirmation that makes VS Code show its refactor preview.
//
// The refactor preview itself is not driven here: VS Code fires no event when its panel opens,
// so waiting for it would need a timer. The preview run builds the edit without applying it
// (`apply: false`) and checks the confirmation each change carries instead.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HARDEN_BUCKET_COMMAND } from '../../server/src/protocol';
import type { TemplateOutcome } from '../../client/src/harden-bucket';
import { codeValue, lineOf, openFixture, SOURCE, waitFor } from './helpers';
import { test } from './runner';

const FILE = 'harden-bucket.yaml';
const BUCKET = 'Data';

function s3Diagnostics(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && String(codeValue(d)).startsWith('s3-'))
    .map((d) => String(codeValue(d)));
}

function waitForS3(uri: vscode.Uri, present: boolean): Promise<true> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => (s3Diagnostics(uri).length > 0) === present || undefined,
    present ? `s3- diagnostics on ${uri.fsPath}` : `no s3- diagnostic left on ${uri.fsPath}`,
  );
}

function hasEveryFix(text: string): void {
  for (const part of ['VersioningConfiguration:\n        Status: Enabled', 'PublicAccessBlockConfiguration:', 'RestrictPublicBuckets: true', 'NoncurrentDays: 30', 'ObjectOwnership: BucketOwnerEnforced', 'DataTlsPolicy:', 'aws:SecureTransport: false']) {
    assert.ok(text.includes(part), `the hardened text has ${JSON.stringify(part)}:\n${text}`);
  }
}

test('Harden this bucket is offered on the logical id as a refactoring that runs the command', async () => {
  const document = await openFixture(FILE);
  await waitForS3(document.uri, true);
  const line = lineOf(document, `${BUCKET}:`);
  const range = new vscode.Range(line, 3, line, 3);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.Refactor.value);
  const harden = actions.find((a) => a.title === 'Harden this bucket');
  assert.ok(harden, `offered among ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(harden.kind?.value, 'refactor.rewrite');
  assert.equal(harden.command?.command, HARDEN_BUCKET_COMMAND);
  assert.deepEqual(harden.command?.arguments, [{ uri: document.uri.toString(), logicalId: BUCKET }]);
});

test('with the preview on, every change of the edit needs confirmation and is labelled with the bucket', async () => {
  const document = await openFixture(FILE);
  const before = document.getText();
  const outcome = await vscode.commands.executeCommand<TemplateOutcome>(HARDEN_BUCKET_COMMAND, { uri: document.uri.toString(), logicalId: BUCKET }, { preview: true, apply: false });
  assert.equal(outcome.mode, 'template');
  assert.ok(outcome.edit && outcome.edit.size > 0);
  assert.equal(outcome.confirmations.length, outcome.edit.get(document.uri).length);
  for (const metadata of outcome.confirmations) assert.deepEqual({ needsConfirmation: metadata?.needsConfirmation, label: metadata?.label }, { needsConfirmation: true, label: `Harden ${BUCKET}` });
  assert.equal(document.getText(), before, 'nothing was applied');
});

test('the command hardens the bucket at once with the preview off; one undo takes it back; a second run changes nothing', async () => {
  const document = await openFixture(FILE);
  const before = document.getText();
  await waitForS3(document.uri, true);
  const outcome = await vscode.commands.executeCommand<TemplateOutcome>(HARDEN_BUCKET_COMMAND, { uri: document.uri.toString(), logicalId: BUCKET }, { preview: false });
  assert.equal(outcome.applied, true);
  assert.deepEqual(outcome.confirmations.filter(Boolean), [], 'no change asks for confirmation');
  const hardened = document.getText();
  hasEveryFix(hardened);
  await waitForS3(document.uri, false);
  const again = await vscode.commands.executeCommand<TemplateOutcome>(HARDEN_BUCKET_COMMAND, { uri: document.uri.toString(), logicalId: BUCKET }, { preview: false });
  assert.equal(again.edit, undefined, 'nothing left to change');
  assert.equal(document.getText(), hardened);
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('undo');
  assert.equal(document.getText(), before, 'one undo restores the template');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('from the palette, the bucket at the cursor is hardened', async () => {
  const document = await openFixture(FILE);
  const editor = await vscode.window.showTextDocument(document);
  const line = lineOf(document, 'BucketName: my-data-bucket');
  editor.selection = new vscode.Selection(line, 8, line, 8);
  const outcome = await vscode.commands.executeCommand<TemplateOutcome>(HARDEN_BUCKET_COMMAND, undefined, { preview: false });
  assert.equal(outcome.logicalId, BUCKET);
  hasEveryFix(document.getText());
  await waitForS3(document.uri, false);
  await vscode.commands.executeCommand('workbench.action.files.revert');
});
