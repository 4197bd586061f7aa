// Applies every safe fix to a text, as "Fix all" and `aws-hardening lint --fix` do. Fixes whose
// edits overlap wait for the next pass, which re-analyses the changed text.
import { analyzeText, type Analysis } from './analyze';
import type { AnalysisOptions, Finding } from './rules/types';
import { applyEdits, type TextEdit } from './text';

export interface AppliedFix {
  readonly ruleId: string;
  readonly resource: string | null;
  readonly title: string;
}

export interface FixAllResult {
  readonly text: string;
  readonly applied: readonly AppliedFix[];
  /** The analysis of `text` as returned, when the last pass made it (no fix left, or a parse error). */
  readonly analysis?: Analysis;
}

const MAX_PASSES = 10;

/**
 * The edits of the safe fixes among `findings` that do not overlap each other (nor insert at the
 * very place another does): the first finding wins, the others wait for the next pass. Accepted
 * edits are looked up in a prefix-maximum tree over the sorted starts of all candidate edits, so
 * thousands of fixes cost n log n, not a comparison of every pair.
 */
export function safeFixEdits(findings: readonly Finding[]): { edits: TextEdit[]; applied: AppliedFix[] } {
  const candidates: Array<{ finding: Finding; title: string; edits: readonly TextEdit[] }> = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || fix.safety !== 'safe') continue;
    const mine = fix.edits();
    if (!mine || mine.length === 0) continue;
    candidates.push({ finding, title: fix.title, edits: mine });
  }
  const starts = [...new Set(candidates.flatMap((c) => c.edits.map((e) => e.start)))].sort((a, b) => a - b);
  // maxEnd[k]: the largest end among accepted edits whose start has rank < k (a Fenwick tree, 1-based).
  const maxEnd = new Array<number>(starts.length + 1).fill(-Infinity);
  const exact = new Set<string>();
  /** The number of candidate starts below `offset`. */
  const rankBelow = (offset: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const furthestEnd = (count: number): number => {
    let best = -Infinity;
    for (let k = count; k > 0; k -= k & -k) best = Math.max(best, maxEnd[k]!);
    return best;
  };
  const accept = (edit: TextEdit): void => {
    for (let k = rankBelow(edit.start) + 1; k <= starts.length; k += k & -k) maxEnd[k] = Math.max(maxEnd[k]!, edit.end);
    exact.add(`${edit.start}:${edit.end}`);
  };
  // An accepted edit overlaps `m` when it starts before m ends and ends after m starts.
  const clashes = (m: TextEdit): boolean => exact.has(`${m.start}:${m.end}`) || furthestEnd(rankBelow(m.end)) > m.start;
  const edits: TextEdit[] = [];
  const applied: AppliedFix[] = [];
  for (const { finding, title, edits: mine } of candidates) {
    if (mine.some(clashes)) continue;
    for (const m of mine) accept(m);
    edits.push(...mine);
    applied.push({ ruleId: finding.ruleId, resource: finding.resource, title });
  }
  return { edits, applied };
}

/**
 * `first` is the analysis of `text` when the caller already has it (the CLI reports it), so the
 * first pass need not make it again.
 */
export function fixAll(text: string, options: AnalysisOptions = {}, first?: Analysis): FixAllResult {
  let current = text;
  const applied: AppliedFix[] = [];
  let analysis = first;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    analysis ??= analyzeText(current, options);
    if (analysis.parseFailed) return { text: current, applied, analysis };
    const step = safeFixEdits(analysis.findings);
    if (step.edits.length === 0) return { text: current, applied, analysis };
    current = applyEdits(current, step.edits);
    for (const fix of step.applied) applied.push(fix);
    analysis = undefined;
  }
  return { text: current, applied };
}

/**
 * Fix-all as one edit: every pass of safe fixes applied, then reduced to the changed region, so
 * fixes that insert at the same place (two properties appended to one map) all land.
 */
export function fixAllEdit(text: string, options: AnalysisOptions = {}): { edit: TextEdit; applied: readonly AppliedFix[] } | null {
  const result = fixAll(text, options);
  if (result.text === text) return null;
  let start = 0;
  const limit = Math.min(text.length, result.text.length);
  while (start < limit && text[start] === result.text[start]) start++;
  let end = 0;
  while (end < limit - start && text[text.length - 1 - end] === result.text[result.text.length - 1 - end]) end++;
  return {
    edit: { start, end: text.length - end, newText: result.text.slice(start, result.text.length - end) },
    applied: result.applied,
  };
}
