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
  for (const [ruleId, { first, severity }] of summaries) kept.push(summaryFinding(ruleId, counts.get(ruleId)!, max, first, severity, hint));
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

/** The finding that stands for the ones of a rule left out: at the first of them, as severe as the worst. */
function summaryFinding(ruleId: string, total: number, max: number, first: { start: number; end: number }, severity: Severity, hint: string): Finding {
  return {
    ruleId,
    severity,
    start: first.start,
    end: first.end,
    message: `${(total - max).toLocaleString('en')} more ${ruleId} findings in this file are not listed: ${total.toLocaleString('en')} in all, the first ${max} shown. ${hint}`,
    resource: null,
  };
}

interface Offered<T> {
  readonly start: number;
  readonly end: number;
  readonly seq: number;
  readonly severity: Severity;
  readonly item: T;
}

/**
 * `capFindings` for one rule while its findings are made, so a rule that fires on a million records
 * keeps `max` of them, not a million: the first `max` by position (ties in the order offered), and
 * what the summary needs of the rest. What it keeps, and the summary, are what `capFindings` would
 * give for the same findings.
 */
export class RuleCap<T> {
  /** A max-heap by position of the ones kept so far. */
  private readonly heap: Offered<T>[] = [];
  private offered = 0;
  private firstLeftOut: Offered<T> | undefined;
  private worstLeftOut: Severity = 'information';

  constructor(private readonly max: number) {}

  /** Offers a finding at `start`–`end` (what `item` stands for is made by the caller, for the ones kept). */
  offer(start: number, end: number, severity: Severity, item: T): void {
    const entry = { start, end, seq: this.offered++, item, severity };
    const heap = this.heap;
    if (heap.length < this.max) {
      heap.push(entry);
      this.up(heap.length - 1);
      return;
    }
    let out: Offered<T> = entry;
    if (heap.length > 0 && before(entry, heap[0]!)) {
      out = heap[0]!;
      heap[0] = entry;
      this.down(0);
    }
    if (!this.firstLeftOut || before(out, this.firstLeftOut)) this.firstLeftOut = out;
    if (RANK[out.severity] > RANK[this.worstLeftOut]) this.worstLeftOut = out.severity;
  }

  /** The items kept, in the order offered, and the summary finding when some were left out. */
  result(ruleId: string, hint: string): { kept: T[]; summary: Finding | undefined } {
    const kept = [...this.heap].sort((a, b) => a.seq - b.seq).map((e) => e.item);
    const summary = this.firstLeftOut ? summaryFinding(ruleId, this.offered, this.max, this.firstLeftOut, this.worstLeftOut, hint) : undefined;
    return { kept, summary };
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[parent]!, heap[i]!)) return;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < heap.length && before(heap[largest]!, heap[l]!)) largest = l;
      if (r < heap.length && before(heap[largest]!, heap[r]!)) largest = r;
      if (largest === i) return;
      [heap[largest], heap[i]] = [heap[i]!, heap[largest]!];
      i = largest;
    }
  }
}

/** Whether `a` comes before `b` in the order findings are listed: by position, then as offered. */
function before(a: Offered<unknown>, b: Offered<unknown>): boolean {
  return a.start < b.start || (a.start === b.start && a.seq < b.seq);
}
