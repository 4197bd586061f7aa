// Route53 record sets of a template as the DNS rules read them: each public hosted zone the
// template defines, with its records (one per `ResourceRecords` item, or one per alias) in a
// record-set model, and the "doubts": records that cannot be fully read and so might be whatever
// a rule finds missing. Values that do not parse for their type are reported as the zone reader
// reports them.
import { asMap, get, getPair, type MapNode, type Node, type ScalarNode, type SeqNode } from '../cfn/model';
import { intrinsicArg } from '../cfn/refs';
import { everyBranchOf, ifBranches, intrinsicName, isNoValue, literal, numberOf, type Resource, type Template } from '../cfn/template';
import { buildModel, type DnsRecord, type ZoneModel } from '../dns/model';
import { absoluteName, isAtOrBelow, nameKey } from '../dns/names';
import { tokensBetween } from '../dns/parse';
import { parseRdata, RdataError, typeOf, type Rdata } from '../dns/rdata';
import { MAX_TTL } from '../dns/ttl';
import { contentEnd } from '../text';
import { isSymbolic, resolveName, resolveValue, type Resolved } from './resolve';

export interface HostedZone {
  readonly resource: Resource;
  /** Absolute, case kept, with `${X}` where the stack fills the name in. */
  readonly apex: string;
  /** No `VPCs` in any branch: a public zone. */
  readonly public: boolean;
}

export interface RecordSet {
  /** The RecordSet, or the RecordSetGroup holding it. */
  readonly resource: Resource;
  /** The record set's properties: a RecordSet's `Properties`, or an item of a group's `RecordSets`. */
  readonly map: MapNode;
  /** For an item of a RecordSetGroup: the `RecordSets` list and the item. */
  readonly inGroup?: { readonly list: SeqNode; readonly item: Node };
  /** Absolute; undefined when it cannot be read. */
  readonly name: string | undefined;
  readonly type: string | undefined;
  /** Undefined when not written or not readable; the least of the branches of an `Fn::If`. */
  readonly ttl: number | undefined;
  /** The literal TTL scalars: one, or one per `Fn::If` branch. */
  readonly ttlLeaves: readonly ScalarNode[];
  readonly alias: boolean;
  /** It has a `SetIdentifier` (weighted, latency, failover… routing). */
  readonly routed: boolean;
  /** The resource has a `Condition`, so the record set may not exist. */
  readonly conditional: boolean;
  /** `ResourceRecords` when it is a plain list. */
  readonly values: SeqNode | undefined;
}

export interface Route53Record extends DnsRecord {
  readonly set: RecordSet;
  /** Its `ResourceRecords` item; none for an alias or a list that cannot be read. */
  readonly item?: Node;
  /** Its value as read, when it was. */
  readonly value?: Resolved;
}

/** A record that cannot be fully read: where name or type is missing, it may be any. */
export interface Doubt {
  readonly name?: string;
  readonly type?: string;
}

export interface ZoneRecords {
  readonly zone: HostedZone;
  /** The record sets that surely belong to the zone, in document order. */
  readonly sets: readonly RecordSet[];
  readonly model: ZoneModel<Route53Record>;
  readonly doubts: readonly Doubt[];
}

export interface Route53Syntax {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly resource: string;
}

export interface Route53Records {
  /** The public hosted zones the template defines with a readable name. */
  readonly zones: readonly ZoneRecords[];
  readonly syntax: readonly Route53Syntax[];
}

/** What the rules see of a value that cannot be read: a record is there, its content is unknown. */
const UNREAD: Rdata = { kind: 'other', tokens: [] };

const HOSTED_ZONE = 'AWS::Route53::HostedZone';
const RECORD_SET = 'AWS::Route53::RecordSet';
const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';

/** The logical id a `HostedZoneId` names: `Ref`, `GetAtt Zone.Id`, or `Sub '${Zone}'`, short or long. */
function zoneIdRef(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const name = intrinsicName(node);
  const arg = name ? intrinsicArg(node) : null;
  const text = arg?.kind === 'scalar' && typeof arg.value === 'string' ? arg.value : undefined;
  if (name === 'Ref') return text;
  if (name === 'Fn::GetAtt') {
    const parts = arg?.kind === 'seq' ? arg.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')) : (text ?? '').split('.');
    return parts.length === 2 && parts[1] === 'Id' ? parts[0] : undefined;
  }
  if (name === 'Fn::Sub') return /^\$\{([A-Za-z0-9]+)(\.Id)?\}$/.exec(text ?? '')?.[1];
  return undefined;
}

interface Target {
  readonly zones: readonly HostedZone[];
  /** One zone in every branch. */
  readonly sure: boolean;
}

class Reader {
  private readonly byId = new Map<string, HostedZone>();
  private readonly byName = new Map<string, HostedZone[]>();
  readonly syntax: Route53Syntax[] = [];

  constructor(
    private readonly template: Template,
    zones: readonly HostedZone[],
  ) {
    for (const z of zones) {
      this.byId.set(z.resource.logicalId, z);
      const key = nameKey(z.apex);
      this.byName.set(key, [...(this.byName.get(key) ?? []), z]);
    }
  }

  /** The zones a record set's `HostedZoneId` or `HostedZoneName` may name. */
  target(properties: MapNode | undefined): Target {
    const idNode = get(properties, 'HostedZoneId');
    if (idNode) {
      const branches = ifBranches(idNode) ?? [idNode];
      const found = branches.map((b) => this.byId.get(zoneIdRef(b) ?? ''));
      const zones = [...new Set(found.filter((z): z is HostedZone => z !== undefined))];
      return { zones, sure: zones.length === 1 && found.every((z) => z === zones[0]) };
    }
    const name = resolveName(this.template, get(properties, 'HostedZoneName'));
    const zones = name ? (this.byName.get(nameKey(name)) ?? []) : [];
    return { zones, sure: zones.length === 1 };
  }

  error(node: Node | null | undefined, fallback: Resource, message: string, severity: 'error' | 'warning' = 'error'): void {
    const start = node ? node.start : fallback.idStart;
    const end = node ? contentEnd(this.template.doc.text, node.end, node.start) : fallback.idEnd;
    this.syntax.push({ start, end, message, severity, resource: fallback.logicalId });
  }

  /** A literal TTL (or each branch of an `Fn::If`), checked as Route53 takes it. */
  ttl(node: Node | null | undefined, resource: Resource, leaves: ScalarNode[]): number | undefined {
    const branches = ifBranches(node);
    if (branches) {
      const mine: ScalarNode[] = [];
      let least: number | undefined;
      for (const b of branches) {
        const t = this.ttl(b, resource, mine);
        if (t === undefined) return undefined;
        least = least === undefined ? t : Math.min(least, t);
      }
      for (const leaf of mine) leaves.push(leaf);
      return least;
    }
    const s = literal(node);
    if (!s) return undefined;
    const n = numberOf(s);
    if (n === undefined || n < 0) {
      this.error(s, resource, 'bad ttl');
      return undefined;
    }
    if (n > MAX_TTL) {
      this.error(s, resource, `TTL ${n} exceeds the maximum 2147483647 (RFC 2181)`);
      return undefined;
    }
    leaves.push(s);
    return n;
  }

  /** The record set in `map`, with its records, or the reason each item does not parse. */
  readSet(resource: Resource, map: MapNode, inGroup: RecordSet['inGroup']): { set: RecordSet; items: Array<{ item?: Node; value?: Resolved; rdata?: Rdata }> } {
    const nameNode = get(map, 'Name');
    const name = resolveName(this.template, nameNode);
    if (name && !isSymbolic(name)) {
      const checked = absoluteName(name, '.');
      if ('error' in checked) this.error(nameNode, resource, `bad owner name '${name}': ${checked.error}`);
    }
    const typeNode = literal(get(map, 'Type'));
    let type: string | undefined;
    if (typeNode) {
      const typed = typeOf(String(typeNode.value));
      if ('error' in typed) this.error(typeNode, resource, typed.error);
      else type = typed.type;
    }
    const aliasNode = get(map, 'AliasTarget');
    const leaves: ScalarNode[] = [];
    const valuesNode = get(map, 'ResourceRecords');
    const values = valuesNode?.kind === 'seq' && !valuesNode.tag ? valuesNode : undefined;
    const set: RecordSet = {
      resource,
      map,
      ...(inGroup ? { inGroup } : {}),
      name,
      type,
      ttl: this.ttl(get(map, 'TTL'), resource, leaves),
      ttlLeaves: leaves,
      alias: aliasNode != null && !isNoValue(aliasNode),
      routed: getPair(map, 'SetIdentifier') !== undefined,
      conditional: getPair(resource.node, 'Condition') !== undefined,
      values,
    };
    const items: Array<{ item?: Node; value?: Resolved; rdata?: Rdata }> = [];
    if (set.alias || (valuesNode && !values && !isNoValue(valuesNode))) items.push({});
    for (const item of values?.items ?? []) {
      const value = resolveValue(this.template, item);
      if (!value || !type) {
        items.push({ item });
        continue;
      }
      const rdata = this.parse(type, value.text, item, resource);
      items.push(rdata ? { item, value, rdata } : { item, value });
    }
    return { set, items };
  }

  /** The RDATA of one value, or undefined after reporting why it does not parse. */
  private parse(type: string, text: string, item: Node, resource: Resource): Rdata | undefined {
    if (!quotesBalanced(text)) {
      this.error(item, resource, `${type}: unbalanced quotes`);
      return undefined;
    }
    const tokens = tokensBetween(text, 0, text.length);
    if ((type === 'TXT' || type === 'SPF') && tokens.some((t) => !t.quoted)) {
      const words = tokens.map((t) => t.text).join(' ');
      this.error(item, resource, `${type}: ${words} is not in double quotes; Route53 takes ${type} text only as quoted strings ("${words}")`);
      return undefined;
    }
    try {
      return parseRdata(type, tokens, '.');
    } catch (err) {
      if (!(err instanceof RdataError)) throw err;
      this.error(item, resource, `${type}: ${err.message}`);
      return undefined;
    }
  }
}

/** Whether every `"` that opens a string closes it (backslash escapes skipped). */
export function quotesBalanced(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') open = !open;
  }
  return !open;
}

function isPublic(zone: Resource): boolean {
  const vpcs = get(zone.properties, 'VPCs');
  return everyBranchOf(vpcs, (n) => n === null || (n.kind === 'seq' && !n.tag && n.items.length === 0));
}

/** Collects a zone's records, its model and its doubts as record sets are added to it. */
class ZoneBuilder {
  readonly sets: RecordSet[] = [];
  readonly records: Route53Record[] = [];
  readonly indexed: Route53Record[] = [];
  readonly doubts: Doubt[] = [];
  /** The first routed record set of each name and type: the one variant the name index shows. */
  private readonly firstRouted = new Map<string, RecordSet>();

  constructor(readonly zone: HostedZone) {}

  doubt(set: RecordSet): void {
    this.doubts.push({ ...(set.name ? { name: set.name } : {}), ...(set.type ? { type: set.type } : {}) });
  }

  add(set: RecordSet, items: ReadonlyArray<{ item?: Node; value?: Resolved; rdata?: Rdata }>): void {
    this.sets.push(set);
    const { name, type } = set;
    const apex = this.zone.apex;
    if (!name || !type || !isAtOrBelow(name, apex)) {
      this.doubts.push(type ? { type } : {});
      return;
    }
    // A name with parts filled in below the apex may turn out to be any name of the zone.
    if (isSymbolic(name.slice(0, name.length - apex.length))) this.doubts.push({ type });
    const key = `${nameKey(name)} ${type}`;
    let shown = !set.conditional;
    if (shown && set.routed) {
      const first = this.firstRouted.get(key);
      if (!first) this.firstRouted.set(key, set);
      shown = first === undefined || first === set;
    }
    if (!shown) this.doubt(set);
    for (const { item, value, rdata } of items) {
      if (!rdata) this.doubt(set);
      // A value that does not parse is left out, as the zone reader leaves out a broken line.
      if (value && !rdata) continue;
      const record: Route53Record = { owner: name, type, ttl: set.ttl ?? 0, rdata: rdata ?? UNREAD, set, ...(item ? { item } : {}), ...(value ? { value } : {}) };
      this.records.push(record);
      if (shown) this.indexed.push(record);
    }
  }

  build(): ZoneRecords {
    const index = buildModel(this.zone.apex, this.indexed);
    // Route53 writes the SOA and NS itself, so a hosted zone is whole without them.
    const model: ZoneModel<Route53Record> = { apex: this.zone.apex, records: this.records, wholeZone: true, at: (n) => index.at(n), names: () => index.names() };
    return { zone: this.zone, sets: this.sets, model, doubts: this.doubts };
  }
}

/** The template's public hosted zones with their records, and the values that do not parse. */
export function readRoute53(template: Template): Route53Records {
  const zones: HostedZone[] = [];
  const sets: Resource[] = [];
  for (const r of template.resources) {
    if (r.type === HOSTED_ZONE) {
      const name = resolveName(template, get(r.properties, 'Name'));
      if (name) zones.push({ resource: r, apex: name, public: isPublic(r) });
    } else if (r.type === RECORD_SET || r.type === RECORD_SET_GROUP) sets.push(r);
  }
  const reader = new Reader(template, zones);
  const builders = new Map(zones.filter((z) => z.public).map((z) => [z, new ZoneBuilder(z)]));
  for (const resource of sets) {
    const target = reader.target(resource.properties);
    const each = (map: MapNode, inGroup: RecordSet['inGroup']): void => {
      const { set, items } = reader.readSet(resource, map, inGroup);
      for (const zone of target.zones) {
        const builder = builders.get(zone);
        if (!builder) continue;
        if (!target.sure) builder.doubt(set);
        else {
          builder.add(set, items);
          if (set.name && !isSymbolic(set.name) && !isSymbolic(zone.apex) && !isAtOrBelow(set.name, zone.apex)) {
            reader.error(get(map, 'Name'), resource, `${set.name} is not in zone ${zone.apex}; Route53 rejects the record set`);
          }
        }
      }
    };
    if (resource.type === RECORD_SET) {
      if (resource.properties) each(resource.properties, undefined);
      continue;
    }
    const list = get(resource.properties, 'RecordSets');
    if (list?.kind !== 'seq' || list.tag) {
      // A list the template builds cannot be read: each zone it may go to has a doubt of any kind.
      for (const zone of target.zones) builders.get(zone)?.doubts.push({});
      continue;
    }
    for (const item of list.items) {
      const map = asMap(item);
      if (map) each(map, { list, item });
      else for (const zone of target.zones) builders.get(zone)?.doubts.push({});
    }
  }
  return { zones: [...builders.values()].map((b) => b.build()), syntax: reader.syntax };
}
