// Applies every safe fix to a text, as "Fix all" and `aws-hardening lint --fix` do. Fixes whose
// edits overlap wait for the next pass, which re-analyses the changed text.
import { analyzeText } from './analyze';
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
}

const MAX_PASSES = 10;

/** The edits of the safe fixes among `findings` that do not overlap each other. */
export function safeFixEdits(findings: readonly Finding[]): { edits: TextEdit[]; applied: AppliedFix[] } {
  const edits: TextEdit[] = [];
  const applied: AppliedFix[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || fix.safety !== 'safe') continue;
    const mine = fix.edits();
    if (!mine || mine.length === 0) continue;
    const overlaps = mine.some((m) => edits.some((e) => m.start < e.end && e.start < m.end || (m.start === e.start && m.end === e.end)));
    if (overlaps) continue;
    edits.push(...mine);
    applied.push({ ruleId: finding.ruleId, resource: finding.resource, title: fix.title });
  }
  return { edits, applied };
}

export function fixAll(text: string, options: AnalysisOptions = {}): FixAllResult {
  let current = text;
  const applied: AppliedFix[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const analysis = analyzeText(current, options);
    if (analysis.parseFailed) break;
    const step = safeFixEdits(analysis.findings);
    if (step.edits.length === 0) break;
    current = applyEdits(current, step.edits);
    applied.push(...step.applied);
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
