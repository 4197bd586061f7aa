// The extension loads, activates and contributes its commands and findings view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { activateExtension, EXTENSION_ID } from './helpers';

test('the extension activates', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not among the loaded extensions`);
  await extension.activate();
  assert.equal(extension.isActive, true);
});

test('the commands and the findings view are registered', async () => {
  const extension = await activateExtension();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['awsHardening.restartServer', 'awsHardening.showOutput', 'awsHardening.inspectCertificateBundle']) {
    assert.ok(commands.includes(id), `command ${id} is not registered`);
  }
  const views = (extension.packageJSON as { contributes?: { views?: Record<string, { id: string }[]> } }).contributes?.views;
  assert.ok(views?.awsHardening?.some((v) => v.id === 'awsHardening.findings'), 'the findings view is not contributed');
  // VS Code registers a focus command for every contributed view; running it opens the view.
  assert.ok(commands.includes('awsHardening.findings.focus'), 'the findings view has no focus command');
  await vscode.commands.executeCommand('awsHardening.findings.focus');
});
