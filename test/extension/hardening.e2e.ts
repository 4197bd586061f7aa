// Beyond the single quick fix: hover documentation, fix-all, "Suppress with reason" and a
// severity setting, each observed through VS Code's own APIs and events.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi, FindingsItem } from '../../client/src/extension';
import { test } from './runner';
import { activateExtension, codeValue, lineOf, openFixture, SOURCE, waitFor } from './helpers';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function ruleIds(uri: vscode.Uri): string[] {
  return ours(uri).map((d) => String(codeValue(d))).sort();
}

/** Waits until the document's findings satisfy `check`. */
function waitForFindings(uri: vscode.Uri, check: (ids: string[]) => boolean, what: string): Promise<string[]> {
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => {
    const ids = ruleIds(uri);
    return check(ids) ? ids : undefined;
  }, what);
}

/** The Markdown of every hover at `position`, joined. */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

test('hovering a lone finding shows its rule documentation', async () => {
  const document = await openFixture('hover.yaml');
  await waitForFindings(document.uri, (ids) => ids.includes('s3-versioning-off'), 'the versioning finding');
  // The suspended versioning is the only finding on its `Status` line.
  const diagnostic = ours(document.uri).find((d) => codeValue(d) === 's3-versioning-off' && document.getText(d.range).startsWith('Status'))!;
  const text = await hoverText(document.uri, diagnostic.range.start);
  assert.match(text, /s3-versioning-off/);
  assert.match(text, /Essential Eight:\*\* Regular backups/);
  assert.match(text, /CKV_AWS_21/);
});

test('hovering where two findings meet lists both messages with a link per rule; a suppression comment\'s rule id shows its page', async () => {
  const document = await openFixture('hover.yaml');
  await waitForFindings(document.uri, (ids) => ids.includes('s3-tls-not-enforced'), 'the TLS finding');
  const onId = ours(document.uri).filter((d) => document.getText(d.range) === 'DataBucket');
  assert.deepEqual(onId.map((d) => codeValue(d)).sort(), ['s3-public-access-not-blocked', 's3-tls-not-enforced']);
  const text = await hoverText(document.uri, onId[0]!.range.start);
  for (const d of onId) {
    assert.ok(text.includes(`\`${codeValue(d)}\`: ${d.message}`), `the hover lists ${codeValue(d)} with its message:\n${text}`);
    assert.ok(text.includes(`[${codeValue(d)}](`), `the hover links ${codeValue(d)}'s documentation`);
  }
  assert.doesNotMatch(text, /Essential Eight/, 'no full rule pages stacked');
  const comment = lineOf(document, '# aws-hardening-ignore s3-public-access-not-blocked static website, public by design');
  const column = document.lineAt(comment).text.indexOf('s3-public-access-not-blocked');
  const page = await hoverText(document.uri, new vscode.Position(comment, column + 2));
  assert.match(page, /AWS Hardening · s3-public-access-not-blocked/);
  assert.match(page, /Essential Eight:\*\*/);
});

test('fix-all applies every safe fix and leaves the JSON valid', async () => {
  const document = await openFixture('fix-all.json');
  const before = await waitForFindings(document.uri, (ids) => ids.includes('s3-versioning-off'), 'findings in fix-all.json');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    new vscode.Range(0, 0, 0, 0),
    'source.fixAll.awsHardening',
  );
  const fixAll = actions.filter((a) => a.kind?.value === 'source.fixAll.awsHardening');
  assert.equal(fixAll.length, 1, `actions: ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(fixAll[0]!.edit!));
  const parsed = JSON.parse(document.getText()) as { Resources: { DataBucket: { Properties: Record<string, unknown> } } };
  assert.deepEqual(parsed.Resources.DataBucket.Properties.VersioningConfiguration, { Status: 'Enabled' });
  const after = await waitForFindings(document.uri, (ids) => !ids.includes('s3-versioning-off'), 'the safe findings to go');
  for (const id of ['s3-public-access-not-blocked', 's3-tls-not-enforced']) {
    if (before.includes(id)) assert.ok(!after.includes(id), `${id} is fixed by fix-all`);
  }
});

test('"Suppress with reason" writes the comment and the finding goes', async () => {
  const document = await openFixture('suppress.yaml');
  await waitForFindings(document.uri, (ids) => ids.includes('s3-versioning-off'), 'the versioning finding');
  const diagnostic = ours(document.uri).find((d) => codeValue(d) === 's3-versioning-off')!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
  const suppress = actions.find((a) => a.command?.command === 'awsHardening.suppressWithReason' && a.title.includes('s3-versioning-off'));
  assert.ok(suppress?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
  // The reason is passed as the command's second argument, as a caller that already has one would.
  const applied = await vscode.commands.executeCommand<boolean>(suppress.command.command, ...(suppress.command.arguments ?? []), 'scratch data, rebuilt nightly');
  assert.equal(applied, true);
  assert.match(document.getText(), /\n {2}# aws-hardening-ignore s3-versioning-off scratch data, rebuilt nightly\n {2}DataBucket:/);
  await waitForFindings(document.uri, (ids) => !ids.includes('s3-versioning-off') && ids.length > 0, 'the suppressed finding to go');
});

test('a severity setting of "off" removes the rule, and removing the setting brings it back', async () => {
  const document = await openFixture('settings.yaml');
  await waitForFindings(document.uri, (ids) => ids.includes('s3-versioning-off'), 'the versioning finding');
  const config = vscode.workspace.getConfiguration('awsHardening');
  try {
    await config.update('rules', { 's3-versioning-off': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForFindings(document.uri, (ids) => !ids.includes('s3-versioning-off') && ids.length > 0, 'the rule to be switched off');
  } finally {
    await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitForFindings(document.uri, (ids) => ids.includes('s3-versioning-off'), 'the rule to come back');
});

test('the Findings view lists each finding as "<rule id> · line <n>", the message beside it', async () => {
  const api = (await activateExtension()).exports as ExtensionApi;
  const document = await openFixture('hover.yaml');
  await waitForFindings(document.uri, (ids) => ids.includes('s3-versioning-off'), 'the versioning finding');
  const diagnostic = ours(document.uri).find((d) => codeValue(d) === 's3-versioning-off')!;
  const file = api.findings.getChildren().find((f: FindingsItem) => f.uri.toString() === document.uri.toString());
  assert.ok(file, 'the file is a root of the Findings view');
  const rows = api.findings.getChildren(file).map((f) => api.findings.getTreeItem(f));
  const label = `s3-versioning-off · line ${diagnostic.range.start.line + 1}`;
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `no row "${label}" among ${JSON.stringify(rows.map((r) => r.label))}`);
  assert.equal(row.description, diagnostic.message);
  assert.equal(row.tooltip, `${label.replace(' · ', ' (')}): ${diagnostic.message}`);
  // Every row leads with its rule id and line.
  for (const r of rows) assert.match(String(r.label), /^[a-z0-9-]+ · line \d+$/);
});
