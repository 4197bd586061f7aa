// Zone files through the DNS rules: read the file, run the zone checks and every rule over the
// record-set model, and turn each problem into a finding with a range and edits in the file.
import { rangeOf, zoneChecks, zoneModel } from './dns/checks';
import { excerpt, excerptWords, MAX_INCLUDED_EXCERPT } from './dns/excerpt';
import { detectZoneStyle, editable, insertionPoint, insertRecords, rdataRange, recordLine, removeRecord, setTtl, type ZoneStyle } from './dns/edit';
import type { ZoneModel } from './dns/model';
import { nameKey } from './dns/names';
import { firstOriginDirective, parseZone, type ParsedZone, type ZoneRecord } from './dns/parse';
import { parseTtl } from './dns/ttl';
import { RuleCap } from './cap';
import { dnsRules } from './rules/dns';
import type { DnsFix, DnsProblem } from './rules/dns/types';
import { DEFAULT_SETTINGS, type AnalysisOptions, type Finding, type Fix, type Severity } from './rules/types';
import { lineEndOf, lineStartOf, type TextEdit } from './text';

export interface ZoneAnalysis {
  readonly zone: ParsedZone;
  readonly model: ZoneModel<ZoneRecord>;
  readonly findings: Finding[];
  /** The findings were capped per rule while they were made (`options.cap`). */
  readonly capped?: true;
}

/** An absolute SOA owner near the top, the usual way a file without `$ORIGIN` names its zone. */
function originFromSoa(text: string): string | undefined {
  const m = /^([^\s;$]+\.)[ \t]+(?:[^\r\n;]*?[ \t])?SOA[ \t(]/im.exec(text.slice(0, 8192));
  return m?.[1];
}

/** Reads a zone with the origin the user gave, the file states, or its SOA or name implies. */
export function readZone(text: string, options: AnalysisOptions = {}): ParsedZone {
  // The user's origin, a leading $ORIGIN, an absolute SOA owner, then the file's name.
  const origin = options.origin ?? firstOriginDirective(text) ?? originFromSoa(text);
  return parseZone(text, {
    ...(origin ? { origin } : {}),
    ...(options.fileName ? { file: options.fileName } : {}),
    ...(options.readInclude ? { readInclude: options.readInclude } : {}),
    ...(options.previousZone ? { previous: options.previousZone } : {}),
  });
}

export function analyzeZoneText(text: string, options: AnalysisOptions = {}): ZoneAnalysis {
  const zone = readZone(text, options);
  const model = zoneModel(zone);
  const findings: Finding[] = [];
  const severityOf = (id: string, fallback: Severity): Severity | 'off' => options.severities?.[id] ?? fallback;
  const cap = options.cap && options.cap.max > 0 ? options.cap : undefined;
  const isSuppressed = suppressions(text);
  const syntax = severityOf('dns-syntax', 'error');
  if (syntax !== 'off') {
    const capped = cap ? new RuleCap<Finding>(cap.max) : undefined;
    for (const e of [...zone.errors, ...zoneChecks(zone, model)]) {
      // A user's override applies to errors; the reader's warnings stay warnings.
      const severity: Severity = e.severity === 'warning' ? 'warning' : syntax;
      const finding: Finding = { ruleId: 'dns-syntax', severity, start: e.start, end: e.end, message: e.message, resource: null };
      if (capped) capped.offer(e.start, e.end, severity, finding);
      else findings.push(finding);
    }
    if (capped) keep(findings, capped.result('dns-syntax', cap!.hint));
  }
  let detected: ZoneStyle | undefined;
  const style = (): ZoneStyle => (detected ??= detectZoneStyle(zone));
  const ctx = { now: options.now ?? new Date(), settings: { ...DEFAULT_SETTINGS, ...options.settings } };
  for (const rule of dnsRules) {
    const id = rule.meta.id;
    const severity = severityOf(id, rule.meta.severity);
    if (severity === 'off') continue;
    const capped = cap ? new RuleCap<() => Finding>(cap.max) : undefined;
    for (const problem of rule.check(model, ctx)) {
      const range = rangeFor(problem);
      if (isSuppressed(range.start, id)) continue;
      const shown = options.severities?.[id] === undefined ? (problem.severity ?? severity) : severity;
      // Past the cap a finding is counted, not made: its fix and wording are built for the ones kept.
      if (capped) capped.offer(range.start, range.end, shown, () => toFinding(zone, style, id, problem, shown));
      else findings.push(toFinding(zone, style, id, problem, shown));
    }
    if (capped) {
      const { kept, summary } = capped.result(id, cap!.hint);
      keep(findings, { kept: kept.map((make) => make()), summary });
    }
  }
  return { zone, model, findings: findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId)), ...(cap ? { capped: true } : {}) };
}

function keep(findings: Finding[], { kept, summary }: { kept: Finding[]; summary: Finding | undefined }): void {
  findings.push(...kept);
  if (summary) findings.push(summary);
}

function rangeFor(problem: DnsProblem<ZoneRecord>): { start: number; end: number } {
  const r = problem.record;
  if (!r) return { start: 0, end: 0 };
  if (r.includedBy) return r.includedBy;
  switch (problem.part) {
    case 'owner':
      return rangeOf(r, 'owner');
    case 'type':
      return rangeOf(r, 'type');
    case 'ttl':
      return r.ttlRange ?? rangeOf(r, 'type');
    case 'rdata': {
      const field = problem.field === undefined ? undefined : r.tokens[problem.field];
      return field ? { start: field.start, end: field.end } : rdataRange(r);
    }
    default:
      return rangeOf(r, 'entry');
  }
}

function toFinding(zone: ParsedZone, style: () => ZoneStyle, ruleId: string, problem: DnsProblem<ZoneRecord>, severity: Severity): Finding {
  const fix = problem.fix ? toFix(zone, style, problem.fix) : undefined;
  return {
    ruleId,
    severity,
    ...rangeFor(problem),
    // A record from an included file is worded, and named, with short excerpts of it only.
    ...(problem.record?.includedBy
      ? { message: excerptWords(problem.message), resource: excerpt(problem.name ?? problem.record.owner, MAX_INCLUDED_EXCERPT) }
      : { message: problem.message, resource: problem.name ?? problem.record?.owner ?? null }),
    ...(fix ? { fix } : {}),
  };
}

/**
 * The fix, with its edits computed only when asked for (a zone may have many findings and few
 * fixes looked at). Undefined when this file cannot take it: records from `$INCLUDE` or `$GENERATE`.
 */
function toFix(zone: ParsedZone, style: () => ZoneStyle, fix: DnsFix<ZoneRecord>): Fix | undefined {
  const { text } = zone;
  const own = (record: ZoneRecord): ZoneRecord | undefined => (editable(zone, record) ? record : undefined);
  let build: () => TextEdit[] | undefined;
  switch (fix.kind) {
    case 'add':
      build = () => {
        const at = insertionPoint(zone);
        const ttl = defaultTtlAt(zone, at);
        return [insertRecords(zone, style(), fix.records.map((r) => recordLine(zone, style(), at, r.owner, r.type, r.value, ttl)))];
      };
      break;
    case 'set-ttl': {
      const r = own(fix.record);
      if (!r || !setTtl(zone, style(), r, fix.ttl)) return undefined;
      build = () => [setTtl(zone, style(), r, fix.ttl)!];
      break;
    }
    case 'set-type': {
      const r = own(fix.record);
      if (!r) return undefined;
      build = () => [{ start: r.typeStart, end: r.typeEnd, newText: fix.type }];
      break;
    }
    case 'set-value': {
      const r = own(fix.record);
      if (!r) return undefined;
      build = () => stringEdits(r, fix.value) ?? [{ ...rdataRange(r), newText: fix.value }];
      break;
    }
    case 'remove': {
      const r = own(fix.record);
      if (!r) return undefined;
      // Where the record cannot be taken out of its line, it is retyped instead of removed.
      build = () => removeRecord(zone, r) ?? [{ start: r.typeStart, end: r.typeEnd, newText: 'TXT' }];
      break;
    }
  }
  return {
    title: fix.title,
    safety: fix.safety,
    edits: () => {
      const edits = build();
      return !edits || edits.every((e) => text.slice(e.start, e.end) === e.newText) ? null : edits;
    },
  };
}

const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * A new value for a record of quoted strings with as many strings as it has: only the strings that
 * change are rewritten, so parentheses and line breaks stay. Undefined when that does not apply.
 */
function stringEdits(r: ZoneRecord, value: string): TextEdit[] | undefined {
  if (r.rdata.kind !== 'strings' || !r.tokens.every((t) => t.quoted) || value.replace(QUOTED, '').trim() !== '') return undefined;
  const next = [...value.matchAll(QUOTED)];
  if (next.length !== r.tokens.length) return undefined;
  const old = r.rdata.strings;
  return next.flatMap((m, i) => (m[1]!.replace(/\\(.)/g, '$1') === old[i] ? [] : [{ start: r.tokens[i]!.start, end: r.tokens[i]!.end, newText: m[0] }]));
}

/** The TTL a new record written at `offset` would get: `$TTL` in effect, else the SOA minimum. */
function defaultTtlAt(zone: ParsedZone, offset: number): number | undefined {
  let ttl: number | undefined;
  for (const d of zone.directives) {
    if (d.start >= offset) break;
    if (d.name === '$TTL' && d.args[0]) ttl = parseTtl(d.args[0].text);
  }
  if (ttl !== undefined) return ttl;
  const soa = zone.records.find((r) => r.type === 'SOA' && nameKey(r.owner) === nameKey(zone.origin));
  return soa?.ttl;
}

/**
 * Whether a finding of a rule at an offset is hidden by `; aws-hardening-ignore <id> <reason>` on
 * its line or the line above. A file with no such comment (most, and every large one so far)
 * answers without looking at lines.
 */
function suppressions(text: string): (start: number, ruleId: string) => boolean {
  if (!text.includes('aws-hardening-ignore')) return () => false;
  const patterns = new Map<string, RegExp>();
  return (start, ruleId) => {
    let pattern = patterns.get(ruleId);
    if (!pattern) patterns.set(ruleId, (pattern = new RegExp(`;\\s*aws-hardening-ignore\\s+${ruleId.replace(/[-]/g, '\\-')}(\\s|$)`)));
    const lineStart = lineStartOf(text, start);
    const previous = lineStart > 0 ? lineStartOf(text, lineStart - 1) : lineStart;
    return pattern.test(text.slice(previous, lineEndOf(text, start)));
  };
}
