// The one place findings become LSP diagnostics: code, docs link, source and severity.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../core/docs';
import type { Finding, Severity } from '../core/rules/types';
import { DIAGNOSTIC_SOURCE } from '../protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** What a code action needs to find the finding again, keyed on the rule id, never the message. */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly resource: string | null;
  readonly fix: 'none' | 'safe' | 'unsafe';
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, resource: finding.resource, fix: finding.fix?.safety ?? 'none' };
  return {
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
}
