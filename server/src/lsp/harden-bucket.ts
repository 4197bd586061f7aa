// Harden This Bucket over LSP: the request's answer (the one workspace edit, what it does and what
// it leaves) and the "Harden this bucket" code action on a bucket's logical id.
//
// The action's kind is `refactor.rewrite`, not `quickfix`: it answers no single diagnostic, it
// rewrites several properties at once (and adds a policy resource), and it includes the unsafe
// undelete window, so it must never be a preferred fix that an editor applies on its own; as a
// refactoring VS Code shows it in the lightbulb and the Refactor menu, with its refactor preview.
import type { CodeAction, CodeActionParams, Position, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { APPLIED_RULES, BREAK_WEBSITES, hardenBucket, templateBuckets } from '../core/harden-bucket';
import type { AnalysisOptions } from '../core/rules/types';
import { HARDEN_BUCKET_COMMAND, type HardenBucketEditResult } from '../protocol';

export const HARDEN_ACTION_KIND = 'refactor.rewrite';
export const HARDEN_ACTION_TITLE = 'Harden this bucket';


export const NO_BUCKET: HardenBucketEditResult = { logicalId: null, edit: null, applied: [], left: [], buckets: [] };

export interface HardenTargetParams {
  readonly position?: Position;
  readonly logicalId?: string;
}

/** The request's answer for a document; `options` already carry the document's own. */
export function hardenBucketAnswer(document: TextDocument, target: HardenTargetParams, options: AnalysisOptions): HardenBucketEditResult {
  if (options.language !== undefined) return NO_BUCKET;
  const result = hardenBucket(document.getText(), options, {
    ...(target.logicalId !== undefined ? { logicalId: target.logicalId } : {}),
    ...(target.position && target.logicalId === undefined ? { offset: document.offsetAt(target.position) } : {}),
  });
  const edit: WorkspaceEdit | null = result.edits
    ? { changes: { [document.uri]: result.edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText })) } }
    : null;
  return { logicalId: result.logicalId, edit, applied: result.applied, left: result.left, buckets: result.buckets };
}

/**
 * Whether a code action request may be for a bucket's logical id, from the cursor's line alone: a
 * key of its own in a document that names the bucket type. The editor asks on every cursor move,
 * and this keeps the other moves from costing an analysis.
 */
export function mayBeOnBucketId(document: TextDocument, position: Position): boolean {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  return /^\s*["']?[A-Za-z0-9]+["']?\s*:/.test(line) && document.getText().includes('AWS::S3::Bucket');
}

function wants(only: readonly string[] | undefined): boolean {
  return !only || only.some((k) => HARDEN_ACTION_KIND === k || HARDEN_ACTION_KIND.startsWith(`${k}.`));
}

/**
 * The action on a bucket's logical id, when the bucket has something to harden. A client that runs
 * the command itself (VS Code, with its preview) gets the command; any other editor gets the edit.
 */
export function hardenActions(document: TextDocument, analysis: Analysis, params: CodeActionParams, options: AnalysisOptions, clientCommand: boolean): CodeAction[] {
  if (analysis.kind !== 'cloudformation' || options.language !== undefined || !wants(params.context.only)) return [];
  if (!mayBeOnBucketId(document, params.range.start)) return [];
  const offset = document.offsetAt(params.range.start);
  // Only on the logical id's key: the whole entry would offer it on every line of the bucket.
  const bucket = templateBuckets(document.getText()).find((b) => offset >= b.idStart && offset <= b.idEnd);
  if (!bucket) return [];
  const id = bucket.logicalId;
  if (clientCommand) {
    // The client computes the edit when the action is chosen; offered only when there is something to do.
    const pending = analysis.findings.some((f) => f.resource === id && APPLIED_RULES.has(f.ruleId) && !(bucket.website && BREAK_WEBSITES.has(f.ruleId)));
    if (!bucket.ownershipPending && !pending) return [];
    const args = { uri: document.uri, logicalId: id };
    return [{ title: HARDEN_ACTION_TITLE, kind: HARDEN_ACTION_KIND, command: { title: HARDEN_ACTION_TITLE, command: HARDEN_BUCKET_COMMAND, arguments: [args] } }];
  }
  const answer = hardenBucketAnswer(document, { logicalId: id }, options);
  return answer.edit ? [{ title: HARDEN_ACTION_TITLE, kind: HARDEN_ACTION_KIND, edit: answer.edit as WorkspaceEdit }] : [];
}
