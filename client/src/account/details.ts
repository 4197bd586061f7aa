// A live finding's details (evidence, why it matters, how to fix it in the console and with the
// AWS CLI), written by the server as Markdown and shown read-only in the Markdown preview: a
// virtual document needs no webview of our own and cannot be edited or saved by mistake.
import * as vscode from 'vscode';
import { ACCOUNT_FINDING_DETAILS_REQUEST, type AccountFindingDetails, type AccountFindingDetailsParams, type AccountFindingInfo } from '../../../server/src/protocol';
import { MarkdownDocuments } from './markdown-documents';
import { messageOf, requireClient, type ClientSource } from './server';

export const FINDING_SCHEME = 'aws-hardening-finding';

/** Documents kept: a preview may be reopened from its tab after the tree changed. */
const MAX_KEPT = 50;

export class FindingDetails implements vscode.Disposable {
  private readonly documents = new MarkdownDocuments(FINDING_SCHEME, MAX_KEPT, 'These details are no longer kept: select the finding in the Accounts view again.');

  constructor(private readonly source: ClientSource) {}

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
    // The profile is a folder of the path: several profiles may show the same rule on one resource.
    return this.documents.show(`${finding.profile}/${finding.ruleId} ${finding.resourceName.replace(/\//g, '_')}`, details.markdown, `${finding.region}|${finding.resource}`);
  }

  dispose(): void {
    this.documents.dispose();
  }
}
