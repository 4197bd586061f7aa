// "AWS Hardening: Harden This Bucket". In a template the server computes one edit of every bucket
// fix; it is applied as one workspace edit, shown first in VS Code's refactor preview, so the user
// sees it and undoes it in one step. Without a template bucket, or from the Accounts view, the
// live bucket is planned, shown and, once confirmed, changed (see `account/harden-live.ts`).
import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';
import { HARDEN_BUCKET_EDIT_REQUEST, type HardenBucketEditParams, type HardenBucketEditResult } from '../../server/src/protocol';
import type { Accounts } from './account/accounts';
import { hardenLiveBucket, type LiveOutcome, type LiveOptions } from './account/harden-live';
import { bucketOfFinding, type AccountNode } from './account/tree';

export interface HardenOptions extends LiveOptions {
  /** Show the refactor preview before applying (default true); false applies at once. */
  readonly preview?: boolean;
  /** Apply the edit (default true); false only builds it and returns it, for tests. */
  readonly apply?: boolean;
}

export interface TemplateOutcome {
  readonly mode: 'template';
  readonly logicalId: string | null;
  /** The edit as built for VS Code (with its confirmation metadata when previewed). */
  readonly edit: vscode.WorkspaceEdit | undefined;
  readonly applied: boolean;
  readonly result: HardenBucketEditResult | undefined;
  /** The metadata each change of `edit` carries, in order (the API does not read it back). */
  readonly confirmations: ReadonlyArray<vscode.WorkspaceEditEntryMetadata | undefined>;
}

export type HardenOutcome = TemplateOutcome | LiveOutcome;

const TEMPLATE_LANGUAGES = new Set(['yaml', 'json', 'jsonc']);

interface Target {
  readonly uri?: string;
  readonly logicalId?: string;
  readonly profile?: string;
  readonly bucket?: string;
}

/** What the command was invoked on: a tree node, `{uri, logicalId}`, `{profile, bucket}`, or nothing. */
function targetOf(arg: unknown): Target {
  if (typeof arg !== 'object' || arg === null) return {};
  const node = arg as Partial<AccountNode> & Target;
  if (node.kind === 'finding' && 'finding' in node && node.finding) {
    const bucket = bucketOfFinding(node.finding);
    return { profile: node.profile, ...(bucket ? { bucket } : {}) };
  }
  if (node.kind === 'profile' && typeof node.profile === 'string') return { profile: node.profile };
  const pick = (key: keyof Target): Record<string, string> => (typeof node[key] === 'string' ? { [key]: node[key] as string } : {});
  return { ...pick('uri'), ...pick('logicalId'), ...pick('profile'), ...pick('bucket') };
}

export async function hardenBucketCommand(client: LanguageClient | undefined, accounts: Accounts, arg?: unknown, rawOptions?: unknown): Promise<HardenOutcome | undefined> {
  const options = (typeof rawOptions === 'object' && rawOptions !== null ? rawOptions : {}) as HardenOptions;
  const target = targetOf(arg);
  if (target.profile !== undefined || target.bucket !== undefined) return hardenLiveBucket(accounts, target, options);
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('AWS Hardening: the language server is not running; restart it first.');
    return undefined;
  }
  if (target.uri !== undefined) return hardenInTemplate(client, { uri: target.uri, ...(target.logicalId !== undefined ? { logicalId: target.logicalId } : {}) }, options);
  const editor = vscode.window.activeTextEditor;
  if (editor && TEMPLATE_LANGUAGES.has(editor.document.languageId)) {
    const uri = editor.document.uri.toString();
    const position = client.code2ProtocolConverter.asPosition(editor.selection.active);
    const here = await client.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, { uri, position } satisfies HardenBucketEditParams);
    if (here.logicalId !== null) return hardenInTemplate(client, { uri, logicalId: here.logicalId }, options, here);
    if (here.buckets.length > 0) {
      const picked = await vscode.window.showQuickPick([...here.buckets], { title: 'Harden which bucket?', placeHolder: 'The template\'s AWS::S3::Bucket resources' });
      return picked ? hardenInTemplate(client, { uri, logicalId: picked }, options) : undefined;
    }
  }
  // No template bucket at hand: a live one.
  return hardenLiveBucket(accounts, {}, options);
}

async function hardenInTemplate(client: LanguageClient, params: HardenBucketEditParams, options: HardenOptions, known?: HardenBucketEditResult): Promise<TemplateOutcome> {
  const result = known ?? (await client.sendRequest<HardenBucketEditResult>(HARDEN_BUCKET_EDIT_REQUEST, params));
  const id = result.logicalId;
  if (id === null) {
    void vscode.window.showWarningMessage(`AWS Hardening: ${params.logicalId ? `${params.logicalId} is no AWS::S3::Bucket of this template` : 'no bucket found here'}.`);
    return { mode: 'template', logicalId: null, edit: undefined, applied: false, result, confirmations: [] };
  }
  if (!result.edit) {
    void vscode.window.showInformationMessage(`AWS Hardening: bucket ${id} is already hardened.${noteOf(result.left)}`);
    return { mode: 'template', logicalId: id, edit: undefined, applied: false, result, confirmations: [] };
  }
  const preview = options.preview !== false;
  const converted = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit as WorkspaceEdit);
  // Rebuilt so every change carries the confirmation: VS Code then shows its refactor preview.
  const edit = new vscode.WorkspaceEdit();
  const confirmations: Array<vscode.WorkspaceEditEntryMetadata | undefined> = [];
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label: `Harden ${id}`, description: result.applied.join('; ') };
  for (const [uri, edits] of converted.entries()) {
    for (const e of edits) {
      if (preview) edit.replace(uri, e.range, e.newText, metadata);
      else edit.replace(uri, e.range, e.newText);
      confirmations.push(preview ? metadata : undefined);
    }
  }
  if (options.apply === false) return { mode: 'template', logicalId: id, edit, applied: false, result, confirmations };
  // One applyEdit is one undo step; `isRefactoring` lets VS Code save the files as the user's auto-save says.
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (applied) {
    void vscode.window.showInformationMessage(`AWS Hardening: hardened bucket ${id}: ${result.applied.join('; ')}.${noteOf(result.left)}`);
  }
  return { mode: 'template', logicalId: id, edit, applied, result, confirmations };
}

function noteOf(left: readonly string[]): string {
  return left.length > 0 ? ` Left: ${left.join(' ')}` : '';
}
