// Edits to a zone file in its own style: owners relative or absolute as the file writes them,
// fields in the same columns (tabs or spaces), TTLs and the class written or left out as the file
// does, new records placed after the apex records.
import { detectEol, lineEndOf, lineStartOf, type TextEdit } from '../text';
import { isAbsolute, nameKey, relativeName } from './names';
import type { ParsedZone, ZoneRecord } from './parse';
import { formatTtl } from './ttl';

export interface ZoneStyle {
  readonly absoluteOwners: boolean;
  /** Visual columns where the fields after the owner start, from a reference record. */
  readonly columns: { readonly ttl?: number; readonly cls?: number; readonly type: number; readonly rdata: number };
  readonly tabs: boolean;
  readonly writesTtl: boolean;
  readonly writesClass: boolean;
  readonly ttlUnits: boolean;
  readonly eol: string;
}

const TAB_WIDTH = 8;

function visualColumn(line: string, index: number): number {
  let col = 0;
  for (let i = 0; i < index; i++) col = line[i] === '\t' ? (Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH : col + 1;
  return col;
}

/** The fields between a record's owner and its RDATA, as offsets into the text. */
function fieldsOf(text: string, r: ZoneRecord): { ttl?: number; cls?: number; type: number; rdata?: number } {
  const out: { ttl?: number; cls?: number; type: number; rdata?: number } = { type: r.typeStart };
  const between = /\S+/g;
  const from = r.ownerWritten ? r.ownerEnd : r.start;
  between.lastIndex = from;
  for (let m = between.exec(text); m && m.index < r.typeStart; m = between.exec(text)) {
    if (/^\d/.test(m[0])) out.ttl = m.index;
    else out.cls = m.index;
  }
  if (r.tokens[0]) out.rdata = r.tokens[0].start;
  return out;
}

export function detectZoneStyle(zone: ParsedZone): ZoneStyle {
  const { text } = zone;
  // The first few thousand records show a file's style as well as all of them would.
  const mine = zone.records.slice(0, 5000).filter((r) => !r.includedBy && !text.startsWith('$GENERATE', r.start));
  const written = mine.filter((r) => r.ownerWritten && text[r.ownerStart] !== '@');
  const absolute = written.filter((r) => isAbsolute(text.slice(r.ownerStart, r.ownerEnd))).length;
  // A one-line record with a written owner shows the columns; the SOA often spans lines, so others first.
  const reference =
    mine.find((r) => r.ownerWritten && r.type !== 'SOA' && !/[\r\n]/.test(text.slice(r.start, r.end))) ?? mine.find((r) => r.ownerWritten) ?? mine[0];
  let columns: ZoneStyle['columns'] = { type: 16, rdata: 24 };
  let tabs = true;
  if (reference) {
    const lineStart = lineStartOf(text, reference.start);
    const line = text.slice(lineStart, lineEndOf(text, reference.start));
    const f = fieldsOf(text, reference);
    const col = (offset: number | undefined): number | undefined => (offset === undefined || offset - lineStart > line.length ? undefined : visualColumn(line, offset - lineStart));
    columns = { ...(f.ttl !== undefined ? { ttl: col(f.ttl)! } : {}), ...(f.cls !== undefined ? { cls: col(f.cls)! } : {}), type: col(f.type) ?? 16, rdata: col(f.rdata) ?? 24 };
    tabs = /\S\t/.test(line);
  }
  const fields = mine.map((r) => fieldsOf(text, r));
  const withTtl = fields.filter((f) => f.ttl !== undefined).length;
  const withClass = fields.filter((f) => f.cls !== undefined).length;
  const ttlTokens = mine.flatMap((r) => (r.ttlRange ? [text.slice(r.ttlRange.start, r.ttlRange.end)] : []));
  return {
    absoluteOwners: written.length > 0 && absolute * 2 > written.length,
    columns,
    tabs,
    writesTtl: withTtl * 2 > mine.length,
    writesClass: withClass * 2 > mine.length,
    ttlUnits: ttlTokens.some((t) => /[a-z]/i.test(t)),
    eol: detectEol(text),
  };
}

/** The offset past the line break at `end` (CRLF, LF or a lone CR). */
function pastBreak(text: string, end: number): number {
  return end < text.length ? end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1) : end;
}

/** Pads `line` (already holding some fields) to visual `column`, in tabs or spaces. */
function padTo(line: string, column: number, tabs: boolean): string {
  const at = visualColumn(line, line.length);
  if (tabs) {
    let out = line;
    let col = at;
    do {
      out += '\t';
      col = (Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH;
    } while (col < column);
    return out;
  }
  return line + ' '.repeat(Math.max(1, column - at));
}

/** The origin in effect at `offset` (the file's `$ORIGIN` directives before it). */
export function originAt(zone: ParsedZone, offset: number): string {
  let origin = zone.origin;
  for (const d of zone.directives) {
    if (d.start >= offset) break;
    if (d.name !== '$ORIGIN' || !d.args[0]) continue;
    const arg = d.args[0].text;
    origin = isAbsolute(arg) ? arg : `${arg}.${origin === '.' ? '' : origin}`.replace(/\.\.$/, '.');
  }
  return origin;
}

/** One master-file line for a new record, in the zone's style. */
export function recordLine(zone: ParsedZone, style: ZoneStyle, at: number, owner: string, type: string, value: string, ttl: number | undefined): string {
  const origin = originAt(zone, at);
  const relative = relativeName(owner, origin);
  let line = style.absoluteOwners || isAbsolute(relative) ? owner : relative;
  const { columns, tabs } = style;
  if (style.writesTtl && ttl !== undefined) line = padTo(line, columns.ttl ?? columns.type, tabs) + formatTtl(ttl, style.ttlUnits);
  if (style.writesClass) line = padTo(line, columns.cls ?? columns.type, tabs) + 'IN';
  line = padTo(line, columns.type, tabs) + type;
  line = padTo(line, columns.rdata, tabs) + value;
  return line;
}

/** Where new records go: after the first run of apex records (owner written or inherited) in this file. */
export function insertionPoint(zone: ParsedZone): number {
  const { text } = zone;
  const apex = nameKey(zone.origin);
  // Read in order and stopped at the end of the apex run: a zone may have a million records after it.
  let last: ZoneRecord | undefined;
  let lastOwn: ZoneRecord | undefined;
  for (const r of zone.records) {
    if (r.includedBy) continue;
    lastOwn = r;
    if (nameKey(r.owner) === apex) last = r;
    else if (last) break;
  }
  const after = last ?? lastOwn;
  if (!after) return text.length;
  return pastBreak(text, lineEndOf(text, after.end));
}

export function insertRecords(zone: ParsedZone, style: ZoneStyle, lines: readonly string[]): TextEdit {
  const at = insertionPoint(zone);
  const { text } = zone;
  const needsEol = at === text.length && text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
  const body = lines.map((l) => `${l}${style.eol}`).join('');
  return { start: at, end: at, newText: `${needsEol ? style.eol : ''}${body}` };
}

/** Whether a record's own text can be edited here (not brought in by `$INCLUDE` or `$GENERATE`). */
export function editable(zone: ParsedZone, r: ZoneRecord): boolean {
  return !r.includedBy && !zone.text.startsWith('$GENERATE', r.start);
}

/** The edit that sets a record's TTL, or undefined when that would change other records too. */
export function setTtl(zone: ParsedZone, style: ZoneStyle, r: ZoneRecord, ttl: number): TextEdit | undefined {
  const { text } = zone;
  if (r.ttlRange) {
    const old = text.slice(r.ttlRange.start, r.ttlRange.end);
    return { start: r.ttlRange.start, end: r.ttlRange.end, newText: formatTtl(ttl, /[a-z]/i.test(old)) };
  }
  // Without $TTL, a record with no TTL takes the previous one and passes its own on (RFC 1035 §5.1):
  // writing one here would change the records after it.
  const ttlDirective = zone.directives.some((d) => d.name === '$TTL' && d.start < r.start);
  if (!ttlDirective) return undefined;
  const f = fieldsOf(text, r);
  const at = f.cls ?? f.type;
  const written = formatTtl(ttl, style.ttlUnits);
  // In the file's TTL column when the spacing before the next field leaves room for it.
  const lineStart = lineStartOf(text, at);
  const line = text.slice(lineStart, lineEndOf(text, at));
  let gap = at;
  while (gap > lineStart && (text[gap - 1] === ' ' || text[gap - 1] === '\t')) gap--;
  const column = style.columns.ttl;
  if (column !== undefined && visualColumn(line, gap - lineStart) < column) {
    const before = text.slice(lineStart, gap);
    const padded = padTo(padTo(before, column, style.tabs) + written, visualColumn(line, at - lineStart), style.tabs);
    if (visualColumn(padded, padded.length) === visualColumn(line, at - lineStart)) return { start: gap, end: at, newText: padded.slice(before.length) };
  }
  return { start: at, end: at, newText: `${written} ` };
}

/** The range of a record's RDATA tokens. */
export function rdataRange(r: ZoneRecord): { start: number; end: number } {
  const first = r.tokens[0];
  const last = r.tokens[r.tokens.length - 1];
  return first && last ? { start: first.start, end: last.end } : { start: r.typeEnd, end: r.typeEnd };
}

/**
 * Removes a record's lines. When the next record inherits its owner, the owner (with the spacing
 * after it) moves to that record's line. Undefined when the record shares its line.
 */
export function removeRecord(zone: ParsedZone, r: ZoneRecord): TextEdit[] | undefined {
  const { text } = zone;
  const start = lineStartOf(text, r.start);
  const end = pastBreak(text, lineEndOf(text, r.end));
  if (text.slice(start, r.start).trim() !== '') return undefined;
  const remove = { start, end, newText: '' };
  const next = zone.records.at(r.index + 1);
  if (!r.ownerWritten || !next || next.ownerWritten) return [remove];
  const nextLine = lineStartOf(text, next.start);
  if (next.includedBy || nextLine < end) return undefined;
  let fields = r.ownerEnd;
  while (text[fields] === ' ' || text[fields] === '\t') fields++;
  return [remove, { start: nextLine, end: next.start, newText: text.slice(r.ownerStart, fields) }];
}
