// Helpers for the extension-host tests. Every wait here is on a VS Code event: the condition
// is checked once after subscribing (so an event that fired before is not missed) and again
// after each event, never on a timer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'aws-hardening.aws-hardening';
export const SOURCE = 'AWS Hardening';
export const VERSIONING_RULE = 's3-versioning-off';

/**
 * Resolves with the first truthy value of check(), evaluated now and after each firing of
 * event. The timeout is only there to name `what` in the error; the test's own timeout
 * would end the wait anyway.
 */
export function waitFor<T, E>(
  event: vscode.Event<E>,
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let subscription: vscode.Disposable | undefined;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error: unknown, value?: T) => {
      done = true;
      subscription?.dispose();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    };
    const evaluate = () => {
      if (done) return;
      try {
        const value = check();
        if (value) finish(undefined, value);
      } catch (error) {
        finish(error);
      }
    };
    subscription = event(evaluate);
    timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    evaluate();
  });
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the fixture workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

export async function openFixture(name: string): Promise<vscode.TextDocument> {
  await activateExtension();
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

export function codeValue(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

export function versioningDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && codeValue(d) === VERSIONING_RULE);
}

/** Waits until the language server has published a versioning finding for the document. */
export function waitForVersioningDiagnostic(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => versioningDiagnostics(uri)[0],
    `a ${VERSIONING_RULE} diagnostic on ${uri.fsPath}`,
  );
}

/** Waits until the document has no versioning finding any more. */
export function waitForNoVersioningDiagnostic(uri: vscode.Uri): Promise<true> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => versioningDiagnostics(uri).length === 0 || undefined,
    `the ${VERSIONING_RULE} diagnostic on ${uri.fsPath} to go away`,
  );
}

/** The line (0-based) of the first line whose trimmed text equals `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) {
    if (document.lineAt(i).text.trim() === text) return i;
  }
  assert.fail(`no line "${text}" in ${document.uri.fsPath}`);
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Every action title the last versioningFixes() call saw, for failure messages. */
export let lastOffered: string[] = [];

/**
 * The "Enable versioning" quick fixes VS Code offers at `range`, edits resolved. Other
 * actions on the same finding (such as suppressing it) are left out.
 */
export async function versioningFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
    10,
  );
  lastOffered = (actions ?? []).map((a) => a.title);
  return (actions ?? []).filter(
    (a): a is vscode.CodeAction =>
      'kind' in a && a.kind !== undefined && vscode.CodeActionKind.QuickFix.contains(a.kind) && /enable versioning/i.test(a.title),
  );
}

/** Applies a code action as the lightbulb would: its edit, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/**
 * versioningFixes() for a finding that was just published. The extension host reports a
 * diagnostic before the window has necessarily used it as code-action context (seen under
 * load on a freshly opened JSON file: the first request came back empty, the next one had
 * the fix). Each retry is a full round trip through the window, not a timed sleep, and the
 * number of them is bounded.
 */
export async function versioningFixesForNewFinding(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; attempt <= 50; attempt++) {
    const fixes = await versioningFixes(uri, range);
    if (fixes.length > 0) {
      if (attempt > 1) console.log(`[aws-hardening-test] note: the quick fix was offered on request ${attempt}`);
      return fixes;
    }
  }
  return [];
}
