// A live finding's details (evidence, why it matters, how to fix it in the console and with the
// AWS CLI), written by the server as Markdown and shown read-only in the Markdown preview: a
// virtual document needs no webview of our own and cannot be edited or saved by mistake.
import * as vscode from 'vscode';
import { ACCOUNT_FINDING_DETAILS_REQUEST, type AccountFindingDetails, type AccountFindingDetailsParams, type AccountFindingInfo } from '../../../server/src/protocol';
import { messageOf, requireClient, type ClientSource } from './server';

export const FINDING_SCHEME = 'aws-hardening-finding';

/** Documents kept: a preview may be reopened from its tab after the tree changed. */
const MAX_KEPT = 50;

export class FindingDetails implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly source: ClientSource) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(FINDING_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'These details are no longer kept: select the finding in the Accounts view again.';
  }

  /** Asks the server for the finding's details and opens them; resolves with the document's URI. */
  async show(finding: AccountFindingInfo): Promise<vscode.Uri | undefined> {
    let details: AccountFindingDetails;
    try {
      const params: AccountFindingDetailsParams = { finding };
      details = await requireClient(this.source).sendRequest<AccountFindingDetails>(ACCOUNT_FINDING_DETAILS_REQUEST, params);
    } catch (err) {
      void vscode.window.showErrorMessage(`AWS Hardening: the details of ${finding.ruleId} could not be read: ${messageOf(err)}`);
      return undefined;
    }
    const name = `${finding.ruleId} ${finding.resourceName}`.replace(/[\\/?#%:*"<>|]/g, '_');
    const uri = vscode.Uri.from({ scheme: FINDING_SCHEME, path: `/${finding.profile}/${name}.md`, query: `${finding.region}|${finding.resource}` });
    const key = uri.toString();
    this.texts.delete(key);
    this.texts.set(key, details.markdown);
    while (this.texts.size > MAX_KEPT) this.texts.delete(this.texts.keys().next().value!);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // Without the built-in Markdown extension, the source is still readable.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
