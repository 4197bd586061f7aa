// The DNS rules over a live hosted zone: its record sets become the record-set model the rules read
// in zone files and templates, every DNS rule that applies to Route53 runs over it unchanged, and
// each problem becomes a finding on the zone with the record in its evidence. There are no fixes:
// the scan only reads.
import { buildModel, type DnsRecord, type ZoneModel } from '../../../core/dns/model';
import { isAtOrBelow, nameKey } from '../../../core/dns/names';
import { tokensBetween } from '../../../core/dns/parse';
import { parseRdata, RdataError, typeOf, type Rdata } from '../../../core/dns/rdata';
import { route53Rules } from '../../../core/route53/check';
import { quotesBalanced } from '../../../core/route53/records';
import type { DnsProblem, DnsRule } from '../../../core/rules/dns/types';
import { liveRule, type EvalContext, type LiveCheckFinding, type LiveRule } from '../../scan/model';
import { ZONE, type RecordSetState, type ZoneState } from './zones';

export interface LiveRecord extends DnsRecord {
  readonly set: RecordSetState;
}

interface LiveZone {
  readonly model: ZoneModel<LiveRecord>;
  /** The names and types (`doubtKey`) of values that could not be read: a "missing" record of them may be one. */
  readonly doubts: ReadonlySet<string>;
}

/** What the rules see of an alias: a record is there, its content is its target's. */
const ALIAS: Rdata = { kind: 'other', tokens: [] };

/** Characters a master-file name may hold as they are; any other is written `\DDD`. */
const PLAIN_NAME_CHAR = /^[A-Za-z0-9_*-]$/;

/**
 * Route53 writes characters outside letters, digits, `-` and `_` as octal escapes (`\052` for `*`);
 * a master file's `\DDD` is decimal. Names keep plain characters plain (a wildcard stays `*`).
 */
export function fromRoute53Text(text: string, name: boolean): string {
  return text.replace(/\\([0-7]{3}|.)/g, (escape, body: string) => {
    if (!/^[0-7]{3}$/.test(body)) return escape;
    const code = parseInt(body, 8);
    const char = String.fromCharCode(code);
    if (name && PLAIN_NAME_CHAR.test(char)) return char;
    return `\\${String(code).padStart(3, '0')}`;
  });
}

function doubtKey(name: string, type: string): string {
  return `${nameKey(name)} ${type}`;
}

/** The RDATA of one value, or undefined when it does not parse (Route53 took it; our reading may not). */
function rdataOf(type: string, value: string): Rdata | undefined {
  const text = fromRoute53Text(value, false);
  if (!quotesBalanced(text)) return undefined;
  const tokens = tokensBetween(text, 0, text.length);
  try {
    return parseRdata(type, tokens, '.');
  } catch (err) {
    if (err instanceof RdataError) return undefined;
    throw err;
  }
}

/**
 * The zone's model. As in a template, only the first record set of a routed name and type
 * (weighted, latency…) is what the model shows at that name, so variants of one answer are not
 * taken for duplicates; the TTL rules still see every variant's records. The SOA is left out, as
 * a template's zone has none: Route53 writes it, the rules about it are not run on Route53, and a
 * missing record is then told by having no record, as the template adapter tells it.
 */
export function liveZone(state: ZoneState & { readonly records: readonly RecordSetState[] }): LiveZone {
  const apex = fromRoute53Text(state.name, true);
  const all: LiveRecord[] = [];
  const shown: LiveRecord[] = [];
  const doubts = new Set<string>();
  const firstRouted = new Map<string, string>();
  for (const set of state.records) {
    const typed = typeOf(set.type);
    const owner = fromRoute53Text(set.name, true);
    if ('error' in typed || typed.type === 'SOA' || !isAtOrBelow(owner, apex)) continue;
    const type = typed.type;
    const key = doubtKey(owner, type);
    let indexed = true;
    if (set.setIdentifier !== null) {
      const first = firstRouted.get(key);
      if (first === undefined) firstRouted.set(key, set.setIdentifier);
      indexed = first === undefined || first === set.setIdentifier;
    }
    const add = (rdata: Rdata): void => {
      const record: LiveRecord = { owner, type, ttl: set.ttl ?? 0, rdata, set };
      all.push(record);
      if (indexed) shown.push(record);
    };
    if (set.alias) {
      add(ALIAS);
      continue;
    }
    for (const value of set.values) {
      const rdata = rdataOf(type, value);
      if (rdata) add(rdata);
      else doubts.add(key);
    }
  }
  const index = buildModel(apex, shown);
  // Route53 writes the SOA and NS itself, so a hosted zone is whole whatever its records say.
  const model: ZoneModel<LiveRecord> = { apex, records: all, wholeZone: true, at: (n) => index.at(n), names: () => index.names() };
  return { model, doubts };
}

/** The model of each state, built once for all the DNS rules that read it. */
const built = new WeakMap<ZoneState, LiveZone>();

function zoneOf(state: ZoneState, records: readonly RecordSetState[]): LiveZone {
  let zone = built.get(state);
  if (!zone) built.set(state, (zone = liveZone({ ...state, records })));
  return zone;
}

/** Whether a record that could not be read might be the one a "missing" problem asks for (an SPF-type record for an SPF TXT). */
function mayBeThere(doubts: ReadonlySet<string>, problem: DnsProblem<LiveRecord>): boolean {
  const fix = problem.fix;
  if (problem.record || fix?.kind !== 'add') return false;
  return fix.records.some((wanted) => (wanted.type === 'TXT' ? ['TXT', 'SPF'] : [wanted.type]).some((type) => doubts.has(doubtKey(wanted.owner, type))));
}

function evidence(state: ZoneState, problem: DnsProblem<LiveRecord>): Record<string, unknown> {
  const base = { hostedZoneId: state.id, zone: state.name };
  const r = problem.record;
  if (r) {
    const set = r.set;
    return {
      ...base,
      record: { name: set.name, type: set.type, ...(set.ttl !== null ? { ttl: set.ttl } : {}), ...(set.alias ? { alias: set.alias.dnsName } : { values: set.values }), ...(set.setIdentifier !== null ? { setIdentifier: set.setIdentifier } : {}) },
    };
  }
  // Something missing: where it was looked for, from what the template fix would have added.
  const wanted = problem.fix?.kind === 'add' ? [...new Map(problem.fix.records.map((w) => [doubtKey(w.owner, w.type), { name: w.owner, type: w.type }])).values()] : [];
  return { ...base, ...(wanted.length > 0 ? { missing: wanted } : { name: problem.name ?? state.name }) };
}

/** One DNS rule as a live rule over `route53-zone` states. */
export function liveDnsRule(rule: DnsRule): LiveRule {
  return liveRule<ZoneState>(rule.meta.id, ZONE, (state, ctx: EvalContext): LiveCheckFinding[] => {
    const { records } = state;
    if (records === null) return [];
    const zone = zoneOf(state, records);
    const out: LiveCheckFinding[] = [];
    const seen = new Set<string>();
    for (const problem of rule.check(zone.model, ctx)) {
      if (mayBeThere(zone.doubts, problem)) continue;
      // Route53 keeps a TTL and a type per record set, so its values' problems there are one.
      const key = `${problem.record ? `${problem.record.set.name} ${problem.record.set.type} ${problem.record.set.setIdentifier ?? ''}` : ''} ${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ message: problem.message, ...(problem.severity ? { severity: problem.severity } : {}), evidence: evidence(state, problem) });
    }
    return out;
  });
}

export const dnsLiveRules: readonly LiveRule[] = route53Rules.map(liveDnsRule);
