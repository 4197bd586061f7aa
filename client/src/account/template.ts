// "Open in template": a resource CloudFormation made is fixed at its source, not by drifting the
// stack. The server finds the template in the workspace whose Resources has the logical id; the
// editor jumps there and offers the template's own quick fix for the same rule id.
import * as vscode from 'vscode';
import { CodeActionRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ACCOUNT_LOCATE_REQUEST, DIAGNOSTIC_SOURCE, SUPPRESS_COMMAND, type AccountFindingInfo, type AccountLocateParams, type AccountLocation } from '../../../server/src/protocol';
import { messageOf, requireClient, type ClientSource } from './server';

/** How long to wait for the server's diagnostics of a template it had not analysed yet. */
const DIAGNOSTICS_WAIT_MS = 10_000;

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

function ours(uri: vscode.Uri, ruleId: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === ruleId);
}

/** The template's diagnostics of the rule, once the server has published any for the document. */
function diagnosticsOf(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic[]> {
  const published = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === DIAGNOSTIC_SOURCE);
  if (published()) return Promise.resolve(ours(uri, ruleId));
  return new Promise((resolve) => {
    const finish = () => {
      listener.dispose();
      clearTimeout(timer);
      resolve(ours(uri, ruleId));
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && published()) finish();
    });
    // A template with no finding at all never gets one published: stop waiting then.
    const timer = setTimeout(finish, DIAGNOSTICS_WAIT_MS);
  });
}

/**
 * The diagnostics of the finding's resource: those the server tagged with its logical id, else
 * the first at or after the logical id's line (the resource's own properties follow its key).
 */
function resourceDiagnostics(all: readonly vscode.Diagnostic[], logicalId: string, at: vscode.Range): vscode.Diagnostic[] {
  const tagged = all.filter((d) => (d as { data?: { resource?: unknown } }).data?.resource === logicalId);
  if (tagged.length > 0) return tagged;
  const after = all.filter((d) => d.range.start.line >= at.start.line).sort((a, b) => a.range.start.compareTo(b.range.start));
  return after.slice(0, 1);
}

/**
 * Opens the template at the resource and offers its fixes for the finding's rule; `applyFirst`
 * applies the first without asking (a keybinding or a test passes it).
 */
export async function openInTemplate(finding: AccountFindingInfo, source: ClientSource, applyFirst = false): Promise<boolean> {
  if (!finding.stack || !finding.logicalId) {
    void vscode.window.showInformationMessage(`AWS Hardening: ${finding.resourceName} carries no CloudFormation stack tags, so its template is unknown.`);
    return false;
  }
  let location: AccountLocation | null;
  try {
    const params: AccountLocateParams = { stack: finding.stack, logicalId: finding.logicalId };
    location = await requireClient(source).sendRequest<AccountLocation | null>(ACCOUNT_LOCATE_REQUEST, params);
  } catch (err) {
    void vscode.window.showErrorMessage(`AWS Hardening: the template of ${finding.resourceName} could not be looked for: ${messageOf(err)}`);
    return false;
  }
  if (!location) {
    void vscode.window.showInformationMessage(
      `AWS Hardening: no template in the workspace defines ${finding.logicalId} of stack ${finding.stack}.`,
    );
    return false;
  }
  const uri = vscode.Uri.parse(location.uri);
  const { start, end } = location.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await offerTemplateFix(uri, finding, range, source, applyFirst);
  return true;
}

/**
 * The quick fixes the server offers for exactly this diagnostic: asked of the server itself with
 * that diagnostic alone in the context, since VS Code's code-action command mixes in the fixes of
 * every other finding on the range and does not hand back which diagnostic each one fixes.
 */
async function fixesFor(client: LanguageClient, uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const answer = await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uri.toString() },
    range: client.code2ProtocolConverter.asRange(diagnostic.range),
    context: { diagnostics: [client.code2ProtocolConverter.asDiagnostic(diagnostic)], only: [vscode.CodeActionKind.QuickFix.value] },
  });
  const converted = (await client.protocol2CodeConverter.asCodeActionResult(answer ?? [])) as Array<vscode.CodeAction | vscode.Command>;
  // A bare Command (its `command` a string) is no fix; "Suppress with reason" is not one either.
  return converted.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string' && (a as vscode.CodeAction).command?.command !== SUPPRESS_COMMAND && !!((a as vscode.CodeAction).edit || (a as vscode.CodeAction).command));
}

async function offerTemplateFix(uri: vscode.Uri, finding: AccountFindingInfo, at: vscode.Range, source: ClientSource, applyFirst: boolean): Promise<void> {
  const diagnostics = resourceDiagnostics(await diagnosticsOf(uri, finding.ruleId), finding.logicalId!, at);
  const client = requireClient(source);
  const fixes: vscode.CodeAction[] = [];
  for (const diagnostic of diagnostics) fixes.push(...(await fixesFor(client, uri, diagnostic)));
  if (fixes.length === 0) {
    if (diagnostics.length === 0) {
      void vscode.window.showInformationMessage(`AWS Hardening: the template's ${finding.logicalId} has no ${finding.ruleId} finding: the stack may differ from the template.`);
    }
    return;
  }
  const choices = fixes.map((fix) => ({ label: `Apply the template fix: ${fix.title}`, fix }));
  const picked = applyFirst
    ? choices[0]
    : await vscode.window.showQuickPick(choices, { title: `${finding.ruleId} on ${finding.logicalId}`, placeHolder: 'Fix the template, then deploy the stack' });
  if (!picked) return;
  if (picked.fix.edit) await vscode.workspace.applyEdit(picked.fix.edit);
  if (picked.fix.command) await vscode.commands.executeCommand(picked.fix.command.command, ...(picked.fix.command.arguments ?? []));
}
