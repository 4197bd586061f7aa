// The zone-level checks named-checkzone makes after reading a file: one SOA at the apex, NS at the
// apex, DS only at delegations, in-zone name servers with addresses, nothing outside the zone.
import { excerpt, excerptWords, quote } from './excerpt';
import { recordsAt, TypeSets, type ZoneModel } from './model';
import { createHash } from 'node:crypto';
import { isAtOrBelow, nameKey, splitLabels } from './names';
import type { ParsedZone, ZoneError, ZoneRecord } from './parse';
import { valueList } from './rdata';

/**
 * The record-set model over a zone file's records as the reader keeps them: names are grouped on
 * the first question, and a name's records are made only when it is looked at.
 */
export function zoneModel(zone: ParsedZone): ZoneModel<ZoneRecord> {
  const records = zone.records;
  // The names looked up by name (the apex, `_dmarc`, name server targets) keep their view; a walk
  // over every name does not, so it holds one name's records at a time.
  const looked = new Map<number, TypeSets<ZoneRecord>>();
  const view = (leader: number): TypeSets<ZoneRecord> => {
    const index = records.names();
    return index.single(leader) ? new TypeSets(records.at(leader)!) : new TypeSets(index.group(leader).map((i) => records.at(i)!));
  };
  return {
    apex: zone.origin,
    records,
    at(name) {
      const leader = records.names().find(name);
      if (leader < 0) return undefined;
      let sets = looked.get(leader);
      if (!sets) looked.set(leader, (sets = view(leader)));
      return sets;
    },
    *names() {
      for (const leader of records.names().leaders()) yield looked.get(leader) ?? view(leader);
    },
    *namesWith(type) {
      for (const leader of records.names().withType(type)) yield looked.get(leader) ?? view(leader);
    },
    ofType: (...types) => records.ofType(types),
  };
}

/** Where a finding about `record` goes: its own range, or the `$INCLUDE` that brought it in. */
export function rangeOf(record: ZoneRecord, part: 'owner' | 'type' | 'entry' = 'entry'): { start: number; end: number } {
  if (record.includedBy) return record.includedBy;
  if (part === 'owner') return record.ownerWritten ? { start: record.ownerStart, end: record.ownerEnd } : { start: record.typeStart, end: record.typeEnd };
  if (part === 'type') return { start: record.typeStart, end: record.typeEnd };
  return { start: record.start, end: record.end };
}

export function zoneChecks(zone: ParsedZone, model: ZoneModel<ZoneRecord>): ZoneError[] {
  const out: ZoneError[] = [];
  const apex = nameKey(zone.origin);
  const err = (record: ZoneRecord, message: string, part: 'owner' | 'type' | 'entry' = 'entry', severity: 'error' | 'warning' = 'error'): void => {
    // A record from an included file is worded with short excerpts of it only.
    out.push({ ...rangeOf(record, part), message: record.includedBy ? excerptWords(message) : message, severity });
  };
  const soas = [...zone.records.ofType(['SOA'])];
  for (const soa of soas) if (nameKey(soa.owner) !== apex) err(soa, `SOA record not at top of zone (${excerpt(soa.owner)} is not ${excerpt(zone.origin)})`, 'owner');
  const apexSoas = soas.filter((r) => nameKey(r.owner) === apex);
  for (const extra of apexSoas.slice(1)) err(extra, 'multiple RRs of singleton type SOA', 'type');
  // A file with no SOA may be a fragment for $INCLUDE; it is a zone (and must have one) when it has apex records.
  const firstAtApex = soas.length === 0 ? model.at(zone.origin)?.records[0] : undefined;
  if (firstAtApex) err(firstAtApex, `zone ${excerpt(zone.origin)} has no SOA record`, 'owner');
  if (apexSoas.length > 0 && recordsAt(model, zone.origin, 'NS').length === 0) err(apexSoas[0]!, `zone ${excerpt(zone.origin)} has no NS records`, 'owner');
  const ds = recordsAt(model, zone.origin, 'DS')[0];
  if (ds) err(ds, 'DS record at top of zone', 'type');
  // The reader marked the records outside the zone; only those and DS records are looked at.
  for (const r of zone.records.ofType(['DS'], true)) {
    if (zone.records.outOfZoneAt(r.index)) err(r, `ignoring out-of-zone data (${excerpt(r.owner)})`, 'owner', 'warning');
    if (r.type === 'DS' && nameKey(r.owner) !== apex && recordsAt(model, r.owner, 'NS').length === 0) err(r, `DS record for ${excerpt(r.owner)} is not at a delegation point`, 'type');
  }
  for (const r of zone.records.ofType(['SVCB', 'HTTPS'])) {
    if (r.rdata.kind === 'SVCB' && r.rdata.priority > 0 && /^(_\d+\.)?_dns\./i.test(r.owner)) {
      const problem = dnsSvcbProblem(r.rdata.params);
      if (problem) err(r, `SVCB record not valid: ${problem}`, 'entry');
    }
  }
  for (const problem of cdsProblems(model)) err(problem.record, `CDS/CDNSKEY consistency checks failed: ${problem.message}`, 'entry');
  // In-zone name servers need an address, in the zone (glue or authoritative data).
  const checked = new Set<string>();
  for (const ns of zone.records.ofType(['NS'])) {
    if (ns.rdata.kind !== 'name') continue;
    const target = ns.rdata.target;
    // Each delegation needs its own glue, so the same target is checked once per NS owner.
    const pair = `${nameKey(ns.owner)} ${nameKey(target)}`;
    if (!isAtOrBelow(target, zone.origin) || checked.has(pair)) continue;
    checked.add(pair);
    if (recordsAt(model, target, 'CNAME').length > 0) {
      err(ns, `NS ${quote(target)} is a CNAME (illegal)`, 'entry');
      continue;
    }
    const dname = enclosing(model, target, 'DNAME', true);
    if (dname) {
      // Below a DNAME the name is rewritten away: fatal for the zone's own servers, a warning for a delegation's.
      err(ns, `NS ${quote(target)} is below a DNAME at ${excerpt(dname)}`, 'entry', nameKey(ns.owner) === apex ? 'error' : 'warning');
      continue;
    }
    // An NS record below another zone cut is occluded data that no server serves; a target below a
    // cut other than this record's own lives in that child zone (BIND's glue check agrees).
    const ownerCut = nameKey(ns.owner) === apex ? undefined : enclosing(model, ns.owner, 'NS', true);
    if (ownerCut && ownerCut !== apex) continue;
    const targetCut = enclosing(model, target, 'NS', false);
    if (targetCut && targetCut !== apex && targetCut !== nameKey(ns.owner)) continue;
    if (recordsAt(model, target, 'A').length === 0 && recordsAt(model, target, 'AAAA').length === 0) {
      err(ns, `NS ${quote(target)} has no address records (A or AAAA)`, 'entry');
    }
  }
  return out;
}

/** The closest name at or above `name` (strictly above when `strict`) that has a record of `type`. */
function enclosing(model: ZoneModel, name: string, type: string, strict: boolean): string | undefined {
  let key = nameKey(name);
  let first = true;
  for (;;) {
    if (!(strict && first) && model.at(key)?.has(type)) return key;
    first = false;
    if (key === '.' || !isAtOrBelow(key, model.apex) || key === nameKey(model.apex)) return undefined;
    const dot = key.indexOf('.');
    key = dot < 0 || dot === key.length - 1 ? '.' : key.slice(dot + 1);
  }
}

/** RFC 9461: a DNS server's SVCB names its transports (alpn), and HTTP ones need the DoH path. */
function dnsSvcbProblem(params: ReadonlyMap<string, string | undefined>): string | undefined {
  const alpn = params.get('alpn');
  if (alpn === undefined) return 'a DNS server SVCB record (RFC 9461) needs alpn';
  // Protocol ids as a server reads them; an id with an escaped comma still names its parts.
  const ids = (valueList(alpn) ?? []).flatMap((id) => id.split(','));
  if (ids.some((id) => id === 'h2' || id === 'h3' || id === 'http/1.1') && !params.has('dohpath')) {
    return 'an HTTP transport (h2, h3, http/1.1) needs dohpath (RFC 9461 §5)';
  }
  return undefined;
}

/** Wire form of an absolute name, lower-cased (RFC 4034 §6.2 canonical form; escapes are rare here). */
function nameWire(name: string): Buffer {
  const parts = splitLabels(name.toLowerCase());
  const labels = typeof parts === 'string' ? [] : parts.labels;
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

function dnskeyWire(flags: number, protocol: number, algorithm: number, key: string): Buffer {
  return Buffer.concat([Buffer.from([flags >> 8, flags & 0xff, protocol, algorithm]), Buffer.from(key, 'base64')]);
}

/** RFC 4034 Appendix B key tag. */
export function keyTag(rdata: Buffer): number {
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += (ac >> 16) & 0xffff;
  return ac & 0xffff;
}

const DIGESTS: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };

/** CDS and CDNSKEY at the apex must each stand for a DNSKEY there (RFC 7344 §4.1), unless they ask for deletion. */
function cdsProblems(model: ZoneModel<ZoneRecord>): Array<{ record: ZoneRecord; message: string }> {
  const out: Array<{ record: ZoneRecord; message: string }> = [];
  const keys = recordsAt(model, model.apex, 'DNSKEY').flatMap((r) => (r.rdata.kind === 'DNSKEY' ? [r.rdata] : []));
  const owner = nameWire(model.apex);
  for (const r of recordsAt(model, model.apex, 'CDS')) {
    if (r.rdata.kind !== 'DS' || r.rdata.algorithm === 0) continue;
    const cds = r.rdata;
    const algorithm = DIGESTS[cds.digestType];
    const match = keys.some((k) => {
      if (k.algorithm !== cds.algorithm) return false;
      const wire = dnskeyWire(k.flags, k.protocol, k.algorithm, k.key);
      if (keyTag(wire) !== cds.keyTag) return false;
      return !algorithm || createHash(algorithm).update(Buffer.concat([owner, wire])).digest('hex') === cds.digest;
    });
    if (!match) out.push({ record: r, message: `CDS ${cds.keyTag} ${cds.algorithm} ${cds.digestType} matches no DNSKEY at the apex` });
  }
  for (const r of recordsAt(model, model.apex, 'CDNSKEY')) {
    if (r.rdata.kind !== 'DNSKEY' || r.rdata.algorithm === 0) continue;
    const c = r.rdata;
    if (!keys.some((k) => k.flags === c.flags && k.protocol === c.protocol && k.algorithm === c.algorithm && k.key === c.key)) {
      out.push({ record: r, message: `CDNSKEY ${c.flags} ${c.protocol} ${c.algorithm} matches no DNSKEY at the apex` });
    }
  }
  return out;
}
