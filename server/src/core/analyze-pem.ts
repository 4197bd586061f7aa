// PEM certificate bundles through the pem rules: read the bundle once, report what the reader
// rejects as pem-syntax, and put each rule's finding on its certificate's BEGIN line.
import { readPemBundle, type PemBundle } from './pem/bundle';
import type { PemBlock } from './pem/blocks';
import { pemRules } from './rules/pem';
import { DEFAULT_SETTINGS, type AnalysisOptions, type Finding, type Severity } from './rules/types';

export interface PemAnalysis {
  readonly bundle: PemBundle;
  readonly findings: Finding[];
}

export function analyzePemText(text: string, options: AnalysisOptions = {}): PemAnalysis {
  const bundle = readPemBundle(text);
  const findings: Finding[] = [];
  const severityOf = (id: string, fallback: Severity): Severity | 'off' => options.severities?.[id] ?? fallback;
  const syntax = severityOf('pem-syntax', 'error');
  if (syntax !== 'off') {
    for (const e of bundle.errors) findings.push({ ruleId: 'pem-syntax', severity: syntax, start: e.start, end: e.end, message: e.message, resource: null });
  }
  const ctx = { now: options.now ?? new Date(), settings: { ...DEFAULT_SETTINGS, ...options.settings } };
  for (const rule of pemRules) {
    const severity = severityOf(rule.meta.id, rule.meta.severity);
    if (severity === 'off') continue;
    for (const { certificate, message } of rule.check(bundle, ctx)) {
      if (suppressed(text, bundle.blocks, certificate.block, rule.meta.id)) continue;
      const { start, end } = certificate.block.begin;
      findings.push({ ruleId: rule.meta.id, severity, start, end, message, resource: certificate.facts.subjectName });
    }
  }
  return { bundle, findings: findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId)) };
}

/**
 * `# aws-hardening-ignore <id> <reason>` on a line between the previous block and this one hides
 * the rule's findings for this certificate: PEM blocks hold no comments, but the text around them may.
 */
function suppressed(text: string, blocks: readonly PemBlock[], block: PemBlock, ruleId: string): boolean {
  const index = blocks.indexOf(block);
  const from = index > 0 ? blocks[index - 1]!.end.end : 0;
  const gap = text.slice(from, block.begin.start);
  return new RegExp(`^[ \\t]*#[ \\t]*aws-hardening-ignore[ \\t]+${ruleId}(?:[ \\t]|$)`, 'm').test(gap);
}
