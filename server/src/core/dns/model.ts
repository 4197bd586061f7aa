// The record-set model the DNS rules read: records grouped by owner and type, with the zone apex.
// Zone files build it here; Route53 record sets in templates and accounts build the same shape.
import { isAtOrBelow, nameKey } from './names';
import type { Rdata } from './rdata';

/** One record, wherever it came from. `source` is what a finding or fix points at, if anything. */
export interface DnsRecord<S = unknown> {
  readonly owner: string;
  readonly type: string;
  readonly ttl: number;
  readonly rdata: Rdata;
  readonly source: S;
}

export interface RecordSet<S = unknown> {
  readonly owner: string;
  readonly type: string;
  readonly records: readonly DnsRecord<S>[];
}

export interface ZoneModel<S = unknown> {
  /** The zone's apex, absolute. */
  readonly apex: string;
  /** Record sets by owner key, then by type. */
  readonly byName: ReadonlyMap<string, ReadonlyMap<string, RecordSet<S>>>;
  readonly records: readonly DnsRecord<S>[];
}

export function buildModel<S>(apex: string, records: readonly DnsRecord<S>[]): ZoneModel<S> {
  const byName = new Map<string, Map<string, { owner: string; type: string; records: DnsRecord<S>[] }>>();
  for (const r of records) {
    const key = nameKey(r.owner);
    let types = byName.get(key);
    if (!types) byName.set(key, (types = new Map()));
    let set = types.get(r.type);
    if (!set) types.set(r.type, (set = { owner: r.owner, type: r.type, records: [] }));
    set.records.push(r);
  }
  return { apex, byName, records };
}

export function recordSet<S>(model: ZoneModel<S>, name: string, type: string): RecordSet<S> | undefined {
  return model.byName.get(nameKey(name))?.get(type);
}

/** The records of `type` at `name`, `[]` when none. */
export function recordsAt<S>(model: ZoneModel<S>, name: string, type: string): readonly DnsRecord<S>[] {
  return recordSet(model, name, type)?.records ?? [];
}

/** TXT strings of a record joined as one value (RFC 7208 §3.3, RFC 7489 §6.4 read them so). */
export function txtValue(record: DnsRecord): string | undefined {
  return record.rdata.kind === 'strings' ? record.rdata.strings.join('') : undefined;
}

/** The TXT records at `name` whose joined text starts with `prefix` (case-insensitive). */
export function txtWithPrefix<S>(model: ZoneModel<S>, name: string, prefix: RegExp): DnsRecord<S>[] {
  return recordsAt(model, name, 'TXT').filter((r) => prefix.test(txtValue(r) ?? ''));
}

/** Whether the zone receives mail: an MX at the apex that is not a null MX (RFC 7505). */
export function receivesMail(model: ZoneModel): boolean {
  return recordsAt(model, model.apex, 'MX').some((r) => r.rdata.kind === 'MX' && !(r.rdata.exchange === '.' && r.rdata.preference === 0));
}

/** Whether the zone has any MX at the apex (a null MX included: the domain speaks about mail). */
export function hasMx(model: ZoneModel): boolean {
  return recordsAt(model, model.apex, 'MX').length > 0;
}

/** The names of the zone (at or below the apex) that are delegated away by NS records. */
export function delegations<S>(model: ZoneModel<S>): string[] {
  const out: string[] = [];
  for (const [key, types] of model.byName) {
    if (key !== nameKey(model.apex) && types.has('NS') && isAtOrBelow(key, model.apex)) out.push(key);
  }
  return out;
}

/** The mailbox an SOA RNAME stands for (`hostmaster.example.com.` → `hostmaster@example.com`). */
export function rnameMailbox(rname: string): string | undefined {
  if (rname === '.' || !rname.endsWith('.')) return undefined;
  const name = rname.slice(0, -1);
  // The first unescaped dot separates the local part; `\.` is a dot inside it.
  let i = 0;
  let local = '';
  for (; i < name.length; i++) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) {
      local += name[i + 1];
      i++;
    } else if (c === '.') break;
    else local += c;
  }
  const domain = name.slice(i + 1);
  if (!local || !domain || !domain.includes('.')) return undefined;
  return `${local}@${domain}`;
}
