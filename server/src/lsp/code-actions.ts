// Quick fixes for our diagnostics, and the fix-all source action. Findings are matched by rule id
// and range, never by message text.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdit } from '../core/fix-all';
import type { AnalysisOptions } from '../core/rules/types';
import type { Finding } from '../core/rules/types';
import type { TextEdit as OffsetEdit } from '../core/text';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, SUPPRESS_COMMAND, type SuppressionEditParams } from '../protocol';
import type { DiagnosticData } from './diagnostics';
import { toDiagnostic } from './diagnostics';

function toLspEdits(document: TextDocument, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({
    range: { start: document.positionAt(e.start), end: document.positionAt(e.end) },
    newText: e.newText,
  }));
}

function sameRange(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** "Suppress with reason…": the client asks for the reason, then requests the edit. */
function suppressAction(document: TextDocument, diagnostic: Diagnostic): CodeAction | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data?.ruleId || data.ruleId === 'cfn-syntax') return undefined;
  const args: Omit<SuppressionEditParams, 'reason'> = {
    uri: document.uri,
    ruleId: data.ruleId,
    resource: data.resource,
    position: diagnostic.range.start,
  };
  return {
    title: `Suppress ${data.ruleId}${data.resource ? ` for ${data.resource}` : ''} with a reason…`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: 'Suppress with reason', command: SUPPRESS_COMMAND, arguments: [args] },
  };
}

export function codeActions(
  document: TextDocument,
  findings: readonly Finding[],
  params: CodeActionParams,
  options: AnalysisOptions,
  canSuppress = false,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      for (const finding of findings) {
        if (!finding.fix || finding.ruleId !== diagnostic.code) continue;
        if (!sameRange(toDiagnostic(document, finding), diagnostic)) continue;
        for (const fix of [finding.fix, ...(finding.alternatives ?? [])]) {
          const edits = fix.edits();
          if (!edits || edits.length === 0) continue;
          const unsafe = fix.safety === 'unsafe';
          actions.push({
            title: unsafe ? `${fix.title} (unsafe: review before saving)` : fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            // Only the finding's own fix is preferred, and only when safe.
            isPreferred: !unsafe && fix === finding.fix,
            edit: { changes: { [document.uri]: toLspEdits(document, edits) } },
          });
        }
      }
      const suppress = canSuppress ? suppressAction(document, diagnostic) : undefined;
      if (suppress) actions.push(suppress);
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const all = findings.some((f) => f.fix?.safety === 'safe') ? fixAllEdit(document.getText(), options) : null;
    if (all) {
      actions.push({
        title: `AWS Hardening: apply ${all.applied.length} safe fix${all.applied.length === 1 ? '' : 'es'}`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [document.uri]: toLspEdits(document, [all.edit]) } },
      });
    }
  }
  return actions;
}
