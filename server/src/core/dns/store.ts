// A zone's records kept as numbers: a zone file can hold millions of records, and one object per
// record (with its owner name, RDATA and token list) costs hundreds of bytes each and most of the
// reading time in garbage collection. The reader keeps, per record, the offsets of its parts in
// the text, its TTL, type and origin; everything else (the owner name, the RDATA, the tokens) is
// read again from the text when a rule or a fix asks for it, which is for few records.
import { absoluteName, nameKey } from './names';
import { parseRdata, type Rdata, type RdataToken } from './rdata';
import { SPACE, TAB, tokensBetween } from './tokens';

/** The text a record was read from, and the `$INCLUDE` that brought it into the top file. */
export interface Source {
  readonly text: string;
  readonly includedBy: { readonly start: number; readonly end: number } | undefined;
}

/** What a record is, wherever it was read from; `index` is its place in the zone's records. */
export interface ZoneRecord {
  readonly index: number;
  /** Absolute owner name as written (case kept). */
  readonly owner: string;
  /** The owner token, or the entry's start when the owner was inherited. */
  readonly ownerStart: number;
  readonly ownerEnd: number;
  readonly ownerWritten: boolean;
  readonly ttl: number;
  /** The TTL token when the record wrote one. */
  readonly ttlRange: { readonly start: number; readonly end: number } | undefined;
  readonly class: string;
  readonly type: string;
  readonly typeStart: number;
  readonly typeEnd: number;
  readonly rdata: Rdata;
  readonly tokens: readonly RdataToken[];
  /** The whole entry, parentheses and continuation lines included, comments excluded. */
  readonly start: number;
  readonly end: number;
  /** For a record read from an `$INCLUDE`d file: the directive's range in this file. */
  readonly includedBy: { readonly start: number; readonly end: number } | undefined;
}

// The fields of one record, STRIDE numbers a record in one Uint32Array.
// A record's owner token starts its entry, so the owner's start is the entry's; an inherited
// owner has an empty range there.
const START = 0;
const END = 1;
const OWNER_END = 2;
const TYPE_START = 3;
const TYPE_END = 4;
const TTL_START = 5;
const TTL_END = 6;
const TTL = 7;
/** The type's code in the low 16 bits, the source's place in the high 16 (at most 1,001 sources). */
const TYPE_SOURCE = 8;
/** The origin's place in the low 31 bits; the top bit is set when the owner is outside the zone. */
const ORIGIN_FLAGS = 9;
/**
 * 0 when the owner is the record's own token, unquoted, relative to its origin (most records);
 * else one past the place in `ownerNames` of where it was written (an inherited, quoted or generated owner).
 */
const NAME = 10;
const HASH = 11;
const STRIDE = 12;

const OUT_OF_ZONE = 0x80000000;
/** In `ownerNames`, four numbers a name: source, start, end, origin; a generated name has source NONE and its place in `generatedNames`. */
const NAME_FIELDS = 4;

const NONE = 0xffffffff;

/** Where a record's owner name was written, so it can be made again: a token of a source, or a `$GENERATE`d name. */
export type NameAt = { readonly source: number; readonly start: number; readonly end: number; readonly origin: number } | { readonly generated: string };

/**
 * A name's hash: a polynomial one over its key's characters, so the hash of a relative name joined
 * to its origin is the relative part's continued by the origin's, without making the joined name.
 */
const P = 0x01000193;

/** The hash `h` continued over `key` (already in key form: lower case). */
export function continueHash(h: number, key: string): number {
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, P) + key.charCodeAt(i)) | 0;
  return h;
}

/** P to the power `n`, for joining hashes. */
export function hashPower(n: number): number {
  let x = 1;
  let base = P;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) x = Math.imul(x, base);
    base = Math.imul(base, base);
  }
  return x;
}

/** The hash of a name's key. */
export function hashOfName(name: string): number {
  return continueHash(0, nameKey(name)) >>> 0;
}

/** `a`, or a copy of it at least twice as long, so that it holds `need` numbers. */
function room(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const grown = new Uint32Array(Math.max(need, a.length * 2));
  grown.set(a);
  return grown;
}

/** Spreads a hash's bits over the low ones, which pick the bucket (murmur3's finaliser). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class ZoneRecords implements Iterable<ZoneRecord> {
  private data: Uint32Array;
  private count = 0;
  private readonly types: string[] = [];
  private readonly typeCodes = new Map<string, number>();
  private lastType = '';
  private lastCode: number | undefined;
  /** Where the owners were written that are not a record's own plain token (see NAME), and the `$GENERATE`d names. */
  private ownerNames: Uint32Array = new Uint32Array(NAME_FIELDS * 16);
  private nameCount = 0;
  private readonly generatedNames: string[] = [];
  /** The RDATA tokens and owner token start of `$GENERATE`d records, by record index (at most 100,000 of them). */
  private readonly generated = new Map<number, { readonly tokens: readonly RdataToken[]; readonly ownerStart: number }>();
  private index: NameIndex | undefined;
  private typeLists: { byType: Int32Array[]; outside: Int32Array } | undefined;

  constructor(
    readonly sources: readonly Source[],
    readonly origins: readonly string[],
    /** Room for this many records at first; unused room costs no memory until written. */
    expected = 1024,
  ) {
    this.data = new Uint32Array(STRIDE * Math.max(16, expected));
  }

  get length(): number {
    return this.count;
  }

  /**
   * Adds a record. `name` is 0 when its owner is its own plain token, else what `nameOf` gave for
   * where the owner was written; `hash` is the hash of the owner's key (`hashOfName`), `ttlStart`
   * -1 when it wrote no TTL.
   */
  add(start: number, end: number, ownerEnd: number, typeStart: number, typeEnd: number, ttlStart: number, ttlEnd: number, ttl: number, type: string, source: number, origin: number, name: number, hash: number, outOfZone: boolean, generated?: { readonly tokens: readonly RdataToken[]; readonly ownerStart: number }): void {
    const d = (this.data = room(this.data, (this.count + 1) * STRIDE));
    const at = this.count * STRIDE;
    d[at + START] = start;
    d[at + END] = end;
    d[at + OWNER_END] = ownerEnd;
    d[at + TYPE_START] = typeStart;
    d[at + TYPE_END] = typeEnd;
    d[at + TTL_START] = ttlStart < 0 ? NONE : ttlStart;
    d[at + TTL_END] = ttlEnd;
    d[at + TTL] = ttl;
    let code = type === this.lastType ? this.lastCode : this.typeCodes.get(type);
    if (code === undefined) {
      code = this.types.length;
      this.types.push(type);
      this.typeCodes.set(type, code);
    }
    this.lastType = type;
    this.lastCode = code;
    d[at + TYPE_SOURCE] = code | (source << 16);
    d[at + ORIGIN_FLAGS] = outOfZone ? (origin | OUT_OF_ZONE) >>> 0 : origin;
    d[at + NAME] = name;
    d[at + HASH] = hash;
    if (generated) this.generated.set(this.count, generated);
    this.count++;
    this.index = undefined;
    this.typeLists = undefined;
  }

  /**
   * Keeps where an owner was written that is not a record's own plain token, and says what `add`
   * takes for it; the reader asks once per such name, however many records inherit it.
   */
  nameOf(name: NameAt): number {
    this.ownerNames = room(this.ownerNames, (this.nameCount + 1) * NAME_FIELDS);
    const at = this.nameCount * NAME_FIELDS;
    if ('generated' in name) {
      this.ownerNames[at] = NONE;
      this.ownerNames[at + 1] = this.generatedNames.length;
      this.generatedNames.push(name.generated);
    } else {
      this.ownerNames[at] = name.source;
      this.ownerNames[at + 1] = name.start;
      this.ownerNames[at + 2] = name.end;
      this.ownerNames[at + 3] = name.origin;
    }
    return ++this.nameCount;
  }

  /** Where record `i`'s owner was written: `ownerNames` field `f` (0 source, 1 start, 2 end, 3 origin). */
  private nameField(i: number, f: number): number {
    const d = this.data;
    const name = d[i * STRIDE + NAME]!;
    if (name !== 0) return this.ownerNames[(name - 1) * NAME_FIELDS + f]!;
    const at = i * STRIDE;
    return f === 0 ? d[at + TYPE_SOURCE]! >>> 16 : f === 1 ? d[at + START]! : f === 2 ? d[at + OWNER_END]! : d[at + ORIGIN_FLAGS]! & ~OUT_OF_ZONE;
  }

  /** How many owner names are kept aside (what `nameOf` has given so far). */
  get namesKept(): number {
    return this.nameCount;
  }

  /** Where kept name `ref` (what `nameOf` gave) was written. */
  nameAt(ref: number): NameAt {
    const at = (ref - 1) * NAME_FIELDS;
    const n = this.ownerNames;
    return n[at] === NONE ? { generated: this.generatedNames[n[at + 1]!]! } : { source: n[at]!, start: n[at + 1]!, end: n[at + 2]!, origin: n[at + 3]! };
  }

  /**
   * A store for the same zone read again after an edit: this one's first `records` records and
   * first `names` kept names, which come before the edit and are unchanged, and all its type codes.
   */
  prefix(records: number, names: number, sources: readonly Source[], origins: readonly string[], expected: number): ZoneRecords {
    const next = new ZoneRecords(sources, origins, Math.max(expected, records + 16));
    next.data.set(this.data.subarray(0, records * STRIDE));
    next.count = records;
    next.ownerNames = new Uint32Array(Math.max(NAME_FIELDS * 16, this.ownerNames.length));
    next.ownerNames.set(this.ownerNames.subarray(0, names * NAME_FIELDS));
    next.nameCount = names;
    for (const type of this.types) {
      next.typeCodes.set(type, next.types.length);
      next.types.push(type);
    }
    return next;
  }

  /**
   * Appends `old`'s records from `from` on, which come after an edit: their offsets moved by
   * `delta`, their origins and kept names renumbered for this store by `origin` and `name`.
   */
  appendShifted(old: ZoneRecords, from: number, delta: number, origin: (id: number) => number, name: (ref: number) => number): void {
    const count = old.count - from;
    this.data = room(this.data, (this.count + count) * STRIDE);
    for (const type of old.types) {
      if (!this.typeCodes.has(type)) throw new Error('a store resumed from another has its types');
    }
    const d = this.data;
    const o = old.data;
    for (let k = 0; k < count; k++) {
      const src = (from + k) * STRIDE;
      const at = (this.count + k) * STRIDE;
      // Type codes are the old store's (the prefix kept them all); the source is the one text.
      d[at + START] = o[src + START]! + delta;
      d[at + END] = o[src + END]! + delta;
      d[at + OWNER_END] = o[src + OWNER_END]! + delta;
      d[at + TYPE_START] = o[src + TYPE_START]! + delta;
      d[at + TYPE_END] = o[src + TYPE_END]! + delta;
      const ttl = o[src + TTL_START] !== NONE;
      d[at + TTL_START] = ttl ? o[src + TTL_START]! + delta : NONE;
      d[at + TTL_END] = ttl ? o[src + TTL_END]! + delta : o[src + TTL_END]!;
      d[at + TTL] = o[src + TTL]!;
      d[at + TYPE_SOURCE] = o[src + TYPE_SOURCE]!;
      const flags = o[src + ORIGIN_FLAGS]!;
      d[at + ORIGIN_FLAGS] = (origin(flags & ~OUT_OF_ZONE) | (flags & OUT_OF_ZONE)) >>> 0;
      d[at + NAME] = o[src + NAME] === 0 ? 0 : name(o[src + NAME]!);
      d[at + HASH] = o[src + HASH]!;
    }
    this.count += count;
    this.index = undefined;
    this.typeLists = undefined;
  }

  at(i: number): ZoneRecord | undefined {
    if (i < 0) i += this.count;
    return i >= 0 && i < this.count ? new StoredRecord(this, i) : undefined;
  }

  *[Symbol.iterator](): IterableIterator<ZoneRecord> {
    for (let i = 0; i < this.count; i++) yield new StoredRecord(this, i);
  }

  filter(keep: (r: ZoneRecord) => boolean): ZoneRecord[] {
    const out: ZoneRecord[] = [];
    for (const r of this) if (keep(r)) out.push(r);
    return out;
  }

  find(match: (r: ZoneRecord) => boolean): ZoneRecord | undefined {
    for (const r of this) if (match(r)) return r;
    return undefined;
  }

  some(match: (r: ZoneRecord) => boolean): boolean {
    return this.find(match) !== undefined;
  }

  map<T>(f: (r: ZoneRecord) => T): T[] {
    const out: T[] = [];
    for (const r of this) out.push(f(r));
    return out;
  }

  slice(from = 0, to = this.count): ZoneRecord[] {
    const out: ZoneRecord[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.count); i++) out.push(new StoredRecord(this, i));
    return out;
  }

  /**
   * The records of these types in file order, without making the others; with `outOfZone`, also
   * every record whose owner is outside the zone.
   */
  *ofType(types: readonly string[], outOfZone = false): IterableIterator<ZoneRecord> {
    for (const i of this.indexesOf(types, outOfZone)) yield new StoredRecord(this, i);
  }

  /** The indexes of the records of these types (and with `outOfZone`, those outside the zone), in order. */
  indexesOf(types: readonly string[], outOfZone = false): Int32Array {
    const { byType, outside } = this.lists();
    const lists = types.map((t) => this.typeCodes.get(t)).flatMap((code) => (code === undefined ? [] : [byType[code]!]));
    if (outOfZone && outside.length > 0) lists.push(outside);
    if (lists.length === 0) return new Int32Array(0);
    if (lists.length === 1) return lists[0]!;
    // Each list is in order: merged, without repeats (a DS record outside the zone is in two lists).
    const merged = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
    const at = lists.map(() => 0);
    let n = 0;
    for (;;) {
      let best = -1;
      for (let k = 0; k < lists.length; k++) if (at[k]! < lists[k]!.length && (best < 0 || lists[k]![at[k]!]! < lists[best]![at[best]!]!)) best = k;
      if (best < 0) break;
      const i = lists[best]![at[best]!++]!;
      if (n === 0 || merged[n - 1] !== i) merged[n++] = i;
    }
    return merged.subarray(0, n);
  }

  /** The records of each type, and those outside the zone, as lists of indexes: made in one pass, on the first question. */
  private lists(): { byType: Int32Array[]; outside: Int32Array } {
    if (this.typeLists) return this.typeLists;
    const d = this.data;
    const counts = new Int32Array(this.types.length);
    let outsideCount = 0;
    for (let i = 0; i < this.count; i++) {
      counts[d[i * STRIDE + TYPE_SOURCE]! & 0xffff]!++;
      if ((d[i * STRIDE + ORIGIN_FLAGS]! & OUT_OF_ZONE) !== 0) outsideCount++;
    }
    const byType = [...counts].map((n) => new Int32Array(n));
    const outside = new Int32Array(outsideCount);
    const filled = new Int32Array(this.types.length);
    let o = 0;
    for (let i = 0; i < this.count; i++) {
      const code = d[i * STRIDE + TYPE_SOURCE]! & 0xffff;
      byType[code]![filled[code]!++] = i;
      if ((d[i * STRIDE + ORIGIN_FLAGS]! & OUT_OF_ZONE) !== 0) outside[o++] = i;
    }
    return (this.typeLists = { byType, outside });
  }

  /** Whether this record's owner is outside the zone. */
  outOfZoneAt(i: number): boolean {
    return (this.data[i * STRIDE + ORIGIN_FLAGS]! & OUT_OF_ZONE) !== 0;
  }

  /** The number a type is kept as, undefined when no record has it. */
  typeCode(type: string): number | undefined {
    return this.typeCodes.get(type);
  }

  // Field reads for the record view and for loops that look at every record.
  field(i: number, f: number): number {
    return this.data[i * STRIDE + f]!;
  }

  typeAt(i: number): string {
    return this.types[this.typeCodeAt(i)]!;
  }

  typeCodeAt(i: number): number {
    return this.data[i * STRIDE + TYPE_SOURCE]! & 0xffff;
  }

  ttlAt(i: number): number {
    return this.data[i * STRIDE + TTL]!;
  }

  ttlRangeAt(i: number): { start: number; end: number } | undefined {
    const start = this.data[i * STRIDE + TTL_START]!;
    return start === NONE ? undefined : { start, end: this.data[i * STRIDE + TTL_END]! };
  }

  sourceAt(i: number): Source {
    return this.sources[this.data[i * STRIDE + TYPE_SOURCE]! >>> 16]!;
  }

  /** Whether the record came from an `$INCLUDE`d file. */
  includedAt(i: number): boolean {
    return this.data[i * STRIDE + TYPE_SOURCE]! >>> 16 !== 0;
  }

  originAt(i: number): string {
    return this.origins[this.data[i * STRIDE + ORIGIN_FLAGS]! & ~OUT_OF_ZONE]!;
  }

  ownerAt(i: number): string {
    const source = this.nameField(i, 0);
    if (source === NONE) return this.generatedNames[this.nameField(i, 1)]!;
    const written = this.sources[source]!.text.slice(this.nameField(i, 1), this.nameField(i, 2));
    const r = absoluteName(written, this.origins[this.nameField(i, 3)]!);
    // The reader made the same name from the same text when it kept the record.
    return 'name' in r ? r.name : written;
  }

  /** The owner token's start: the entry's, but for a `$GENERATE`d record, whose owner is in the directive. */
  ownerStartAt(i: number): number {
    return this.generated.get(i)?.ownerStart ?? this.data[i * STRIDE + START]!;
  }

  tokensAt(i: number): readonly RdataToken[] {
    const generated = this.generated.get(i);
    if (generated) return generated.tokens;
    const at = i * STRIDE;
    return tokensBetween(this.sourceAt(i).text, this.data[at + TYPE_END]!, this.data[at + END]!);
  }

  rdataAt(i: number): Rdata {
    // TXT written as quoted strings without escapes (most are) is its strings, read without tokens.
    const type = this.typeAt(i);
    if ((type === 'TXT' || type === 'SPF') && !this.generated.has(i)) {
      const at = i * STRIDE;
      const strings = plainStrings(this.sourceAt(i).text, this.data[at + TYPE_END]!, this.data[at + END]!);
      if (strings) return { kind: 'strings', strings };
    }
    // The reader parsed these tokens when it kept the record, so they parse again.
    return parseRdata(this.typeAt(i), this.tokensAt(i), this.originAt(i));
  }

  /**
   * The records of each owner name (compared as DNS compares names), built on the first question:
   * a hash of each name's key is kept as the record is read, and names are made again and compared
   * only where two records' hashes are equal.
   */
  names(): NameIndex {
    return (this.index ??= new NameIndex(this, this.data, this.count));
  }

  hashAt(i: number): number {
    return this.data[i * STRIDE + HASH]!;
  }

  /** Whether two records' owners were written by the same token (an inherited owner is its line's). */
  sameNameToken(a: number, b: number): boolean {
    const d = this.data;
    // The same place in `ownerNames`: an owner inherited from the same line.
    if (d[a * STRIDE + NAME] !== 0 && d[a * STRIDE + NAME] === d[b * STRIDE + NAME]) return this.nameField(a, 0) !== NONE;
    const source = this.nameField(a, 0);
    return source !== NONE && source === this.nameField(b, 0) && this.nameField(a, 1) === this.nameField(b, 1) && this.nameField(a, 2) === this.nameField(b, 2) && this.nameField(a, 3) === this.nameField(b, 3);
  }
}

/**
 * At most this many names share a bucket's chain; the names past it are kept in a Map by their
 * key. Names whose hashes meet by design (a zone written to defeat the hash) then cost a Map
 * lookup each, not a walk over all the others: the work stays linear whatever the names.
 */
export const CHAIN_LIMIT = 8;

/** Groups of records by owner name: the first record of each name leads its group. */
export class NameIndex {
  /** The names whose bucket's chain was full, by key. */
  private overflow: Map<string, number> | undefined;
  /** Names compared key to key while grouping (hashes equal): at most CHAIN_LIMIT a record. */
  comparisons = 0;
  /** Hash buckets, two numbers each: the first leader with that bucket plus one (0 is empty), and its hash. */
  private readonly buckets: Int32Array;
  /**
   * For each record that is not a leader, the leader of its name; for a leader, the last record of
   * its name so far, as `-(last + 1)` (to append to the name in order).
   */
  private readonly leaderOf: Int32Array;
  /** For a leader, the next leader in its bucket, plus one. */
  private readonly nextLeader: Int32Array;
  /** For each record, the next record of its name, plus one; a leader's is where its group goes on. */
  private readonly nextInName: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly records: ZoneRecords,
    data: Uint32Array,
    count: number,
  ) {
    // About one bucket a record: chains stay short, and the bucket holds its first leader's hash.
    let size = 16;
    while (size < count) size *= 2;
    this.mask = size - 1;
    this.buckets = new Int32Array(size * 2);
    this.leaderOf = new Int32Array(count);
    this.nextLeader = new Int32Array(count);
    this.nextInName = new Int32Array(count);
    // Keys of leaders made while building, for names with more than one record.
    const keys = new Map<number, string>();
    const leaderKey = (l: number): string => {
      let key = keys.get(l);
      if (key === undefined) keys.set(l, (key = nameKey(records.ownerAt(l))));
      return key;
    };
    let previousLeader = -1;
    for (let i = 0; i < count; i++) {
      const h = data[i * STRIDE + HASH]!;
      // A record whose owner is the previous record's own token (an inherited owner) joins its name.
      let leader = -1;
      if (i > 0 && previousLeader >= 0 && records.sameNameToken(i, i - 1)) leader = previousLeader;
      else {
        const bucket = (mix(h) & this.mask) * 2;
        let key: string | undefined;
        let length = 0;
        // The bucket holds its first leader's hash, so most records are placed without reading another's.
        for (let l = this.buckets[bucket]! - 1, lh = this.buckets[bucket + 1]! >>> 0; l >= 0; l = this.nextLeader[l]! - 1, lh = l >= 0 ? data[l * STRIDE + HASH]! : 0) {
          length++;
          if (lh !== h) continue;
          this.comparisons++;
          if (leaderKey(l) === (key ??= nameKey(records.ownerAt(i)))) {
            leader = l;
            break;
          }
        }
        const full = length >= CHAIN_LIMIT;
        if (leader < 0 && full && this.overflow) leader = this.overflow.get((key ??= nameKey(records.ownerAt(i)))) ?? -1;
        if (leader < 0) {
          if (full) (this.overflow ??= new Map()).set((key ??= nameKey(records.ownerAt(i))), i);
          else {
            this.nextLeader[i] = this.buckets[bucket]!;
            this.buckets[bucket] = i + 1;
            this.buckets[bucket + 1] = h;
          }
          this.leaderOf[i] = -(i + 1);
          previousLeader = i;
          continue;
        }
      }
      this.nextInName[-this.leaderOf[leader]! - 1] = i + 1;
      this.leaderOf[leader] = -(i + 1);
      this.leaderOf[i] = leader;
      previousLeader = leader;
    }
  }

  /** The first record of each name, in order. */
  *leaders(): IterableIterator<number> {
    const of = this.leaderOf;
    for (let i = 0; i < of.length; i++) if (of[i]! < 0) yield i;
  }

  /** The leader of record `i`'s name. */
  private leaderAt(i: number): number {
    const l = this.leaderOf[i]!;
    return l < 0 ? i : l;
  }

  /** The leader of the records named `name` (any case), or -1. */
  find(name: string): number {
    const key = nameKey(name);
    const h = continueHash(0, key) >>> 0;
    for (let l = this.buckets[(mix(h) & this.mask) * 2]! - 1; l >= 0; l = this.nextLeader[l]! - 1) {
      if (this.records.hashAt(l) === h && nameKey(this.records.ownerAt(l)) === key) return l;
    }
    return this.overflow?.get(key) ?? -1;
  }

  /** The indexes of the records of a name, from its leader, in file order. */
  group(leader: number): number[] {
    const out: number[] = [];
    for (let i = leader; i >= 0; i = this.nextInName[i]! - 1) out.push(i);
    return out;
  }

  /** Whether the name led by `leader` has only that record. */
  single(leader: number): boolean {
    return this.nextInName[leader] === 0;
  }

  /** The leaders of the names with a record of `type`, in order, looking only at the numbers kept. */
  withType(type: string): Int32Array {
    const records = this.records.indexesOf([type]);
    const leaders = new Int32Array(records.length);
    for (let k = 0; k < records.length; k++) leaders[k] = this.leaderAt(records[k]!);
    // A leader comes first among its name's records, so the leaders of records in order are in
    // order but for names whose records are apart: sorted, and each kept once.
    leaders.sort();
    let n = 0;
    for (let k = 0; k < leaders.length; k++) if (n === 0 || leaders[n - 1] !== leaders[k]) leaders[n++] = leaders[k]!;
    return leaders.subarray(0, n);
  }
}

/** A record of a `ZoneRecords`, made when asked for: its fields are read from the numbers kept. */
class StoredRecord implements ZoneRecord {
  private rdataRead: Rdata | undefined;

  constructor(
    private readonly store: ZoneRecords,
    readonly index: number,
  ) {}

  get owner(): string {
    return this.store.ownerAt(this.index);
  }

  get ownerStart(): number {
    return this.store.ownerStartAt(this.index);
  }

  get ownerEnd(): number {
    return this.store.field(this.index, OWNER_END);
  }

  get ownerWritten(): boolean {
    return this.ownerEnd > this.ownerStart;
  }

  get ttl(): number {
    return this.store.ttlAt(this.index);
  }

  get ttlRange(): { start: number; end: number } | undefined {
    return this.store.ttlRangeAt(this.index);
  }

  get class(): string {
    // Records of other classes are errors, not records.
    return 'IN';
  }

  get type(): string {
    return this.store.typeAt(this.index);
  }

  get typeStart(): number {
    return this.store.field(this.index, TYPE_START);
  }

  get typeEnd(): number {
    return this.store.field(this.index, TYPE_END);
  }

  get rdata(): Rdata {
    return (this.rdataRead ??= this.store.rdataAt(this.index));
  }

  get tokens(): readonly RdataToken[] {
    return this.store.tokensAt(this.index);
  }

  get start(): number {
    return this.store.field(this.index, START);
  }

  get end(): number {
    return this.store.field(this.index, END);
  }

  get includedBy(): { readonly start: number; readonly end: number } | undefined {
    return this.store.sourceAt(this.index).includedBy;
  }
}

/**
 * The strings of RDATA written as quoted strings apart by spaces or tabs on one line, none with a
 * backslash; undefined for anything else (escapes, parentheses, comments, bare words), which the
 * RDATA parser reads.
 */
function plainStrings(text: string, from: number, to: number): string[] | undefined {
  const out: string[] = [];
  let p = from;
  for (;;) {
    while (p < to && (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB)) p++;
    if (p >= to) break;
    if (text.charCodeAt(p) !== 34) return undefined;
    const close = text.indexOf('"', p + 1);
    if (close < 0 || close >= to) return undefined;
    const value = text.slice(p + 1, close);
    if (value.includes('\\') || value.includes('\n') || value.includes('\r')) return undefined;
    out.push(value);
    p = close + 1;
  }
  return out.length > 0 ? out : undefined;
}
