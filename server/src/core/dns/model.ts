// The record-set model the DNS rules read: records grouped by owner and type, with the zone apex.
// Zone files build it here; Route53 record sets in templates and accounts build the same shape.
import { nameKey } from './names';
import type { Rdata } from './rdata';

/** What the rules read of a record, wherever it came from; sources add their own fields. */
export interface DnsRecord {
  readonly owner: string;
  readonly type: string;
  readonly ttl: number;
  readonly rdata: Rdata;
}

export interface RecordSet<R extends DnsRecord = DnsRecord> {
  readonly owner: string;
  readonly type: string;
  readonly records: readonly R[];
}

/**
 * The records at one name, of any type: a view over what the model keeps for that name. A name
 * with several records groups them by type once, on the first question, so asking for one type
 * at a name with thousands of records (SPF twins at an apex) does not scan them all every time.
 */
export class TypeSets<R extends DnsRecord = DnsRecord> {
  private byType: Map<string, RecordSet<R>> | undefined;

  constructor(private readonly kept: R | R[]) {}

  /** The name's key (its owner compared as DNS compares names). */
  get key(): string {
    const kept = this.kept;
    return nameKey((Array.isArray(kept) ? kept[0]! : kept).owner);
  }

  get records(): readonly R[] {
    return Array.isArray(this.kept) ? this.kept : [this.kept];
  }

  private sets(kept: R[]): Map<string, RecordSet<R>> {
    if (this.byType) return this.byType;
    const grouped = new Map<string, R[]>();
    for (const r of kept) {
      const list = grouped.get(r.type);
      if (list) list.push(r);
      else grouped.set(r.type, [r]);
    }
    this.byType = new Map([...grouped].map(([type, records]) => [type, new LazySet(type, records)]));
    return this.byType;
  }

  get(type: string): RecordSet<R> | undefined {
    const kept = this.kept;
    if (!Array.isArray(kept)) return kept.type === type ? new LazySet(type, [kept]) : undefined;
    return this.sets(kept).get(type);
  }

  has(type: string): boolean {
    const kept = this.kept;
    return Array.isArray(kept) ? this.sets(kept).has(type) : kept.type === type;
  }

  types(): string[] {
    const kept = this.kept;
    return Array.isArray(kept) ? [...this.sets(kept).keys()] : [kept.type];
  }
}

/** The records of a zone in order: an array, or a zone file's records kept as numbers. */
export interface Records<R> extends Iterable<R> {
  readonly length: number;
}

/** A record set whose owner is read from its first record when asked: a zone file makes owner names on demand. */
class LazySet<R extends DnsRecord> implements RecordSet<R> {
  constructor(
    readonly type: string,
    readonly records: readonly R[],
  ) {}

  get owner(): string {
    return this.records[0]!.owner;
  }
}

export interface ZoneModel<R extends DnsRecord = DnsRecord> {
  /** The zone's apex, absolute. */
  readonly apex: string;
  readonly records: Records<R>;
  /**
   * True for a zone that is whole without an SOA in its records: a Route53 hosted zone, whose SOA
   * and NS Route53 writes itself. A zone file is whole when its apex has an SOA.
   */
  readonly wholeZone?: boolean;
  /** The records at `name` (any case), undefined when it has none. */
  at(name: string): TypeSets<R> | undefined;
  /** Every name with records. */
  names(): Iterable<TypeSets<R>>;
  /** The names with a record of `type` (a zone file's model finds them without making the others). */
  namesWith?(type: string): Iterable<TypeSets<R>>;
  /** The records of one type, in order (a zone file's model finds them without making the others). */
  ofType?(...types: string[]): Iterable<R>;
}

/**
 * Groups records by owner. Most names hold one record, and a zone can hold millions of them, so a
 * name keeps its record alone and a list only starts with the second.
 */
export function buildModel<R extends DnsRecord>(apex: string, records: readonly R[]): ZoneModel<R> {
  const byName = new Map<string, R | R[]>();
  for (const r of records) {
    const key = nameKey(r.owner);
    const kept = byName.get(key);
    if (kept === undefined) byName.set(key, r);
    else if (Array.isArray(kept)) kept.push(r);
    else byName.set(key, [kept, r]);
  }
  // The views of names with several records are kept, with the grouping by type they build.
  const views = new Map<string, TypeSets<R>>();
  const view = (key: string, kept: R | R[]): TypeSets<R> => {
    if (!Array.isArray(kept)) return new TypeSets(kept);
    let sets = views.get(key);
    if (!sets) views.set(key, (sets = new TypeSets(kept)));
    return sets;
  };
  return {
    apex,
    records,
    at(name) {
      const key = nameKey(name);
      const kept = byName.get(key);
      return kept === undefined ? undefined : view(key, kept);
    },
    *names() {
      for (const [key, kept] of byName) yield view(key, kept);
    },
  };
}

/** The names with a record of `type`, in the order of `names()`. */
export function namesWith<R extends DnsRecord>(model: ZoneModel<R>, type: string): Iterable<TypeSets<R>> {
  if (model.namesWith) return model.namesWith(type);
  return (function* () {
    for (const types of model.names()) if (types.has(type)) yield types;
  })();
}

/** The records of these types, in order. */
export function recordsOfType<R extends DnsRecord>(model: ZoneModel<R>, ...types: string[]): Iterable<R> {
  if (model.ofType) return model.ofType(...types);
  return (function* () {
    for (const r of model.records) if (types.includes(r.type)) yield r;
  })();
}

export function recordSet<R extends DnsRecord>(model: ZoneModel<R>, name: string, type: string): RecordSet<R> | undefined {
  return model.at(name)?.get(type);
}

/** The records of `type` at `name`, `[]` when none. */
export function recordsAt<R extends DnsRecord>(model: ZoneModel<R>, name: string, type: string): readonly R[] {
  return recordSet(model, name, type)?.records ?? [];
}

/** TXT strings of a record joined as one value (RFC 7208 §3.3, RFC 7489 §6.4 read them so). */
export function txtValue(record: DnsRecord): string | undefined {
  return record.rdata.kind === 'strings' ? record.rdata.strings.join('') : undefined;
}

/** The TXT records at `name` whose joined text starts with `prefix` (case-insensitive). */
export function txtWithPrefix<R extends DnsRecord>(model: ZoneModel<R>, name: string, prefix: RegExp): R[] {
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
