// What the editor shows about a zone beyond findings: TTLs in human units with the migration
// advice, when the SOA serial must change (and the change itself), and a summary of the email
// and web protections the zone publishes.
import type { TextEdit } from '../text';
import { recordsAt, txtValue, type ZoneModel } from './model';
import type { ParsedZone, ZoneRecord } from './parse';
import { humanTtl } from './ttl';

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

/** Hover text for a TTL: human units, and the guidance's advice before a change. */
export function ttlMarkdown(record: ZoneRecord): string {
  const ttl = record.ttl;
  const lines = [`**TTL ${ttl} s = ${humanTtl(ttl)}**`, ''];
  lines.push(`Resolvers may keep the current ${record.type} answer for up to ${humanTtl(ttl)} after it changes.`);
  if (ttl > 300) {
    lines.push(
      '',
      `Before a migration, lower it to 300 s at least ${humanTtl(ttl)} (one old TTL) ahead of the change, so every cache has picked up the short TTL when you switch.`,
    );
  }
  if (record.type === 'NS') {
    lines.push('', `Rule of thumb from the guidance: wait about five TTL periods (${humanTtl(ttl * 5)}) before redelegating the zone to other name servers.`);
  }
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
  const soa = zone.records.find((r) => r.type === 'SOA' && !r.includedBy);
  const token = soa && serialToken(soa);
  if (!token) return undefined;
  return { start: token.start, end: token.end, newText: nextSerial(token.text, now) };
}

/** The record whose entry holds `offset` (the first one, when entries share a `$GENERATE`). */
export function recordAt(zone: ParsedZone, offset: number): ZoneRecord | undefined {
  return zone.records.find((r) => !r.includedBy && r.start <= offset && offset <= r.end);
}

export function serialRange(record: ZoneRecord): { start: number; end: number } | undefined {
  const t = serialToken(record);
  return t ? { start: t.start, end: t.end } : undefined;
}
