// What several DNS rules read: the SOA, the zone's mailbox, and where "something is missing" points.
import { recordsAt, rnameMailbox, type DnsRecord, type ZoneModel } from '../../dns/model';
import type { E8, RuleMeta, Severity, FixSafety } from '../types';

export function soaOf<R extends DnsRecord>(model: ZoneModel<R>): R | undefined {
  return recordsAt(model, model.apex, 'SOA')[0];
}

/** The zone's contact mailbox from the SOA RNAME, or `hostmaster@<apex>` when it has none. */
export function zoneMailbox(model: ZoneModel): string {
  const soa = soaOf(model);
  const fromSoa = soa?.rdata.kind === 'SOA' ? rnameMailbox(soa.rdata.rname) : undefined;
  return fromSoa ?? `hostmaster@${model.apex.replace(/\.$/, '')}`;
}

/** The apex without its final dot, as people write domains. */
export function domainOf(model: ZoneModel): string {
  return model.apex === '.' ? '.' : model.apex.replace(/\.$/, '');
}

/** `_dmarc.example.com.` for `_dmarc` under the apex. */
export function under(model: ZoneModel, label: string): string {
  return model.apex === '.' ? `${label}.` : `${label}.${model.apex}`;
}

/** A zone worth the mail and web checks: it has an SOA at its apex (a fragment has not), or its source says it is whole. */
export function isWholeZone(model: ZoneModel): boolean {
  return model.wholeZone ?? soaOf(model) !== undefined;
}

/** Quotes a TXT value for a master file. */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function meta(
  id: string,
  title: string,
  severity: Severity,
  fix: FixSafety,
  anchors: readonly string[],
  docs: RuleMeta['docs'],
  e8: readonly E8[] = ['+DNS'],
): RuleMeta {
  return { id, title, severity, fix, e8, anchors, language: 'dns', docs };
}
