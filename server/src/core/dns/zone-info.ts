// What the editor shows about a zone beyond findings: TTLs in human units with the migration
// advice, when the SOA serial must change (and the change itself), and a summary of the email
// and web protections the zone publishes.
import { LineIndex, type TextEdit } from '../text';
import { recordsAt, txtValue, type ZoneModel } from './model';
import type { Directive, ParsedZone, ZoneRecord } from './parse';
import { humanTtl, MAX_TTL, parseTtl } from './ttl';

export interface Protection {
  readonly name: string;
  readonly present: boolean;
  /** Where it lives or what it is, one phrase. */
  readonly detail: string;
}

function under(apex: string, label: string): string {
  return apex === '.' ? `${label}.` : `${label}.${apex}`;
}

export function protections(model: ZoneModel): Protection[] {
  const txt = (name: string, prefix: RegExp): boolean => recordsAt(model, name, 'TXT').some((r) => prefix.test(txtValue(r) ?? ''));
  return [
    { name: 'SPF', present: txt(model.apex, /^v=spf1(\s|$)/i), detail: 'TXT v=spf1 at the apex' },
    { name: 'DMARC', present: txt(under(model.apex, '_dmarc'), /^v\s*=\s*DMARC1/i), detail: 'TXT v=DMARC1 at _dmarc' },
    { name: 'CAA', present: recordsAt(model, model.apex, 'CAA').some((r) => r.rdata.kind === 'CAA' && r.rdata.tag.toLowerCase() === 'issue'), detail: 'CAA issue at the apex' },
    { name: 'TLS-RPT', present: txt(under(model.apex, '_smtp._tls'), /^v=TLSRPTv1/i), detail: 'TXT v=TLSRPTv1 at _smtp._tls' },
    { name: 'MTA-STS', present: txt(under(model.apex, '_mta-sts'), /^v=STSv1/i), detail: 'TXT v=STSv1 at _mta-sts' },
    { name: 'DNSSEC', present: recordsAt(model, model.apex, 'DNSKEY').length > 0, detail: 'DNSKEY at the apex' },
  ];
}

/** One line for a code lens: `SPF ✓ · DMARC ✗ · …`. */
export function protectionLine(model: ZoneModel): string {
  return protections(model).map((p) => `${p.name} ${p.present ? '✓' : '✗'}`).join(' · ');
}

export function protectionMarkdown(model: ZoneModel): string {
  const rows = protections(model).map((p) => `| ${p.name} | ${p.present ? 'present' : '**missing**'} | ${p.detail} |`);
  return [`**Email and web protections of ${model.apex}**`, '', '| | | |', '|---|---|---|', ...rows].join('\n');
}

/** The guidance's advice before a change: lower a long TTL one old TTL ahead. */
function migrationAdvice(ttl: number): string {
  return `Before a migration, lower it to 300 s at least ${humanTtl(ttl)} (one old TTL) ahead of the change, so every cache has picked up the short TTL when you switch.`;
}

/** Hover text for a TTL: human units, and the guidance's advice before a change. */
export function ttlMarkdown(record: ZoneRecord): string {
  const ttl = record.ttl;
  const lines = [`**TTL ${ttl} s = ${humanTtl(ttl)}**`, ''];
  lines.push(`Resolvers may keep the current ${record.type} answer for up to ${humanTtl(ttl)} after it changes.`);
  if (ttl > 300) lines.push('', migrationAdvice(ttl));
  if (record.type === 'NS') {
    lines.push('', `Rule of thumb from the guidance: wait about five TTL periods (${humanTtl(ttl * 5)}) before redelegating the zone to other name servers.`);
  }
  return lines.join('\n');
}

/** The `$TTL` directive of this file whose line holds `offset`. */
export function ttlDirectiveAt(zone: ParsedZone, offset: number): Directive | undefined {
  return zone.directives.find((d) => d.name === '$TTL' && d.start <= offset && offset <= d.end);
}

/** Where a record sits in this file: its own entry, or the `$INCLUDE` that read it. */
function placeOf(record: ZoneRecord): number {
  return record.includedBy?.start ?? record.start;
}

/** `SOA, NS, 3 A, CNAME`: the types in the order they first appear, with their counts. */
function typeSummary(records: readonly ZoneRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const shown = [...counts].slice(0, 12).map(([type, n]) => (n === 1 ? type : `${n} ${type}`));
  return counts.size > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Hover text for a `$TTL` directive: what it is, its value in human units, the records of this file
 * it gives their TTL (those after it, up to the next `$TTL`, that write none of their own), and the
 * advice before a change. Undefined when its value is not a TTL (the parse error says so).
 */
export function ttlDirectiveMarkdown(zone: ParsedZone, directive: Directive): string | undefined {
  const arg = directive.args[0];
  const parsed = arg && directive.args.length === 1 ? parseTtl(arg.text) : undefined;
  if (parsed === undefined) return undefined;
  const ttl = parsed > MAX_TTL ? 0 : parsed;
  const value = arg!.text === String(ttl) ? `${ttl}` : `${arg!.text} = ${ttl} s`;
  const next = zone.directives.find((d) => d.name === '$TTL' && d.start > directive.end);
  const inScope = zone.records.filter((r) => placeOf(r) > directive.end && (!next || placeOf(r) < next.start));
  const inherit = inScope.filter((r) => r.ttlRange === undefined && r.ttl === ttl);
  const own = inScope.filter((r) => r.ttlRange !== undefined).length;
  const lines = [
    `**$TTL ${value} = ${humanTtl(ttl)}**: the zone's default TTL (RFC 2308)`,
    '',
    `Every record after this line that writes no TTL of its own gets this one: resolvers may keep its answer for up to ${humanTtl(ttl)} after it changes.` +
      ' Negative answers (no such name) are cached instead for the lesser of the SOA\'s TTL and its minimum field.',
    '',
  ];
  const scope = next ? ', up to the next `$TTL`' : '';
  if (inherit.length === 0) {
    lines.push(`It applies to no record yet${scope}.`);
  } else {
    const index = new LineIndex(zone.text);
    const [first, last] = [index.positionAt(placeOf(inherit[0]!)).line + 1, index.positionAt(placeOf(inherit[inherit.length - 1]!)).line + 1];
    const where = first === last ? `line ${first}` : `lines ${first}–${last}`;
    lines.push(`It applies to ${inherit.length === 1 ? '1 record' : `${inherit.length} records`} (${where}${scope}): ${typeSummary(inherit)}.`);
  }
  if (own > 0) lines.push('', `${own === 1 ? '1 record writes its own TTL and keeps it' : `${own} records write their own TTL and keep it`}.`);
  lines.push('', ttl > 300 ? migrationAdvice(ttl) : 'At 300 s or less it is already short enough for a migration; raise it again once the change has settled.');
  return lines.join('\n');
}

/** The SOA serial token of a record, if it is an SOA written in this file. */
function serialToken(record: ZoneRecord): { start: number; end: number; text: string } | undefined {
  if (record.rdata.kind !== 'SOA' || record.includedBy) return undefined;
  const t = record.tokens[2];
  return t ? { start: t.start, end: t.end, text: t.text } : undefined;
}

function isDateSerial(serial: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(serial);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1990 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The next serial: date-based `YYYYMMDDnn` moves to today (or counts up within a day); others add one. */
export function nextSerial(serial: string, now: Date): string {
  if (isDateSerial(serial)) {
    const day = today(now);
    if (serial.slice(0, 8) < day) return `${day}00`;
    const n = Number(serial) + 1;
    return String(n);
  }
  const n = Number(serial);
  // RFC 1982 serial arithmetic wraps at 2^32; 0 is avoided by convention.
  return String(n >= 0xffffffff ? 1 : n + 1);
}

export function serialMarkdown(record: ZoneRecord, now: Date): string | undefined {
  const token = serialToken(record);
  if (!token) return undefined;
  const style = isDateSerial(token.text) ? 'date-based (YYYYMMDDnn)' : 'a plain counter';
  return [
    `**SOA serial ${token.text}** — ${style}`,
    '',
    'Increment it with every change to the zone: secondary servers copy the zone only when the serial grows (RFC 1982 arithmetic), so a change without a new serial never reaches them.',
    '',
    `Next serial: \`${nextSerial(token.text, now)}\` (command "AWS Hardening: Increment SOA Serial").`,
  ].join('\n');
}

/** The edit that increments the serial of the zone's SOA, or undefined when the file has none. */
export function incrementSerialEdit(zone: ParsedZone, now: Date): TextEdit | undefined {
  const soa = firstOwnSoa(zone);
  const token = soa && serialToken(soa);
  if (!token) return undefined;
  return { start: token.start, end: token.end, newText: nextSerial(token.text, now) };
}

/** The first SOA the file itself writes (not one from an `$INCLUDE`), found among the SOA records only. */
export function firstOwnSoa(zone: ParsedZone): ZoneRecord | undefined {
  for (const r of zone.records.ofType(['SOA'])) if (!r.includedBy) return r;
  return undefined;
}

/** The record whose entry holds `offset` (the first one, when entries share a `$GENERATE`). */
export function recordAt(zone: ParsedZone, offset: number): ZoneRecord | undefined {
  return zone.records.find((r) => !r.includedBy && r.start <= offset && offset <= r.end);
}

export function serialRange(record: ZoneRecord): { start: number; end: number } | undefined {
  const t = serialToken(record);
  return t ? { start: t.start, end: t.end } : undefined;
}
