// Findings stay useful at scale: when one rule fires on many places of a file, the first ones are
// listed and one summary finding says how many more there are. Applied where findings are shown
// (the CLI's reports, the editor's diagnostics), never inside fix-all, which must see them all.
import type { Finding, Severity } from './rules/types';

/** The findings of one rule listed per file before the rest is summarised. */
export const DEFAULT_MAX_FINDINGS_PER_RULE = 100;

const RANK: Record<Severity, number> = { information: 0, warning: 1, error: 2 };

/**
 * The first `max` findings of each rule, in the given order, and for each rule with more a
 * summary finding at the first one left out, as severe as the worst one left out. `hint` says how
 * to see them all (a CLI flag, a setting). `max` 0 or less lists everything.
 */
export function capFindings(findings: readonly Finding[], max: number, hint: string): Finding[] {
  if (max <= 0) return [...findings];
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  if (![...counts.values()].some((n) => n > max)) return [...findings];
  const seen = new Map<string, number>();
  const summaries = new Map<string, { first: Finding; severity: Severity }>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n <= max) {
      kept.push(f);
      continue;
    }
    const summary = summaries.get(f.ruleId);
    if (!summary) summaries.set(f.ruleId, { first: f, severity: f.severity });
    else if (RANK[f.severity] > RANK[summary.severity]) summary.severity = f.severity;
  }
  for (const [ruleId, { first, severity }] of summaries) {
    const total = counts.get(ruleId)!;
    kept.push({
      ruleId,
      severity,
      start: first.start,
      end: first.end,
      message: `${(total - max).toLocaleString('en')} more ${ruleId} findings in this file are not listed: ${total.toLocaleString('en')} in all, the first ${max} shown. ${hint}`,
      resource: null,
    });
  }
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}
