// The resource-type index in the editor: a schema check's finding and its "Change to …" quick
// fix, hover on a resource type, and completion of resource types and property keys, each
// observed through VS Code's own commands and events.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { applyAction, codeValue, lineOf, openFixture, SOURCE, waitFor } from './helpers';

const RULE = 'cfn-schema-unknown-property';

function unknownProperty(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === SOURCE && codeValue(d) === RULE);
}

/** The "Change to …" fixes offered on `range`; a bounded number of round trips for a finding just published. */
async function renameFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  let titles: string[] = [];
  for (let attempt = 1; attempt <= 50; attempt++) {
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 10);
    titles = (actions ?? []).map((a) => a.title);
    const fixes = (actions ?? []).filter((a): a is vscode.CodeAction => 'kind' in a && a.edit !== undefined && /VisibilityTimeout/.test(a.title));
    if (fixes.length > 0) return fixes;
  }
  assert.fail(`no "Change to VisibilityTimeout" fix; offered: ${titles.join(', ')}`);
}

test('an unknown property gets a finding, and its quick fix renames the key', async () => {
  const document = await openFixture('schema.yaml');
  try {
    const diagnostic = await waitFor(vscode.languages.onDidChangeDiagnostics, () => unknownProperty(document.uri), `the ${RULE} finding`);
    assert.equal(document.getText(diagnostic.range), 'VisibilityTimeot');
    assert.match(diagnostic.message, /VisibilityTimeot/);
    const [fix] = await renameFixes(document.uri, diagnostic.range);
    await applyAction(fix!);
    assert.equal(document.lineAt(lineOf(document, 'VisibilityTimeout: 60')).text, '      VisibilityTimeout: 60');
    await waitFor(vscode.languages.onDidChangeDiagnostics, () => (unknownProperty(document.uri) ? undefined : true), 'the finding to go');
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});

test('hovering a resource type shows its documentation and reference link', async () => {
  const document = await openFixture('schema.yaml');
  const line = lineOf(document, 'Type: AWS::SQS::Queue');
  const position = new vscode.Position(line, document.lineAt(line).text.indexOf('AWS::SQS::Queue') + 5);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  assert.match(text, /AWS::SQS::Queue/);
  assert.match(text, /https:\/\/docs\.aws\.amazon\.com\/AWSCloudFormation\/latest\/[^\s)]*aws-resource-sqs-queue/i);
});

/**
 * The labels the completion providers give at `position` once one of them is `expected`: the
 * server answers from the text it was sent, so a request right after an edit may see the text
 * before it on a loaded machine. Each retry is a full round trip, and they are bounded.
 */
async function completionLabels(uri: vscode.Uri, position: vscode.Position, expected: string): Promise<string[]> {
  let labels: string[] = [];
  for (let attempt = 1; attempt <= 50; attempt++) {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    if (labels.includes(expected)) return labels;
  }
  assert.fail(`no completion "${expected}" at ${position.line}:${position.character}; offered: ${labels.slice(0, 30).join(', ')}`);
}

test('completion offers resource types after Type: and the properties not yet written', async () => {
  const document = await openFixture('schema.yaml');
  const editor = await vscode.window.showTextDocument(document);
  try {
    // A new key under the queue's Properties (first: it needs the queue's Type as written).
    const after = lineOf(document, 'SqsManagedSseEnabled: true');
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(after, document.lineAt(after).text.length), '\n      ')));
    const keyLabels = await completionLabels(document.uri, new vscode.Position(after + 1, 6), 'DelaySeconds');
    assert.ok(!keyLabels.includes('QueueName'), 'QueueName is written already');
    assert.ok(!keyLabels.includes('SqsManagedSseEnabled'), 'SqsManagedSseEnabled is written already');

    // A resource type typed halfway, by an edit that does not depend on the one above.
    const typeLine = lineOf(document, 'Type: AWS::SQS::Queue');
    const typeText = document.lineAt(typeLine).text;
    const typeStart = typeText.indexOf('AWS::SQS::Queue');
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(typeLine, typeStart, typeLine, typeText.length), 'AWS::SNS::To')));
    await completionLabels(document.uri, new vscode.Position(typeLine, typeStart + 'AWS::SNS::To'.length), 'AWS::SNS::Topic');
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});
