// Security group ingress rules open to the whole internet, shared by the three `sg-*` rules. Rules
// are read where they are written: inline in `AWS::EC2::SecurityGroup.SecurityGroupIngress` and as
// separate `AWS::EC2::SecurityGroupIngress` resources. A rule is judged in every `Fn::If` branch:
// it is reported only when every alternative of its source is a /0 and every alternative of its
// protocol and ports exposes the port (the ports named are those exposed in all of them).
import { asMap, asString, get, getPair, type MapNode, type Node } from '../../cfn/model';
import { referencedResource } from '../../cfn/refs';
import { ifBranches, intrinsicName, isNoValue, type Resource, type Template } from '../../cfn/template';
import { isWorld, parseCidr } from '../../net/cidr';
import { contentEnd, type OffsetRange } from '../../text';
import { pairRange } from '../data/util';
import { scalarAlternatives, type Resolved } from './values';

export const DB_PORTS: ReadonlyMap<number, string> = new Map([
  [27017, 'MongoDB'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [6379, 'Redis'],
  [11211, 'Memcached'],
  [9200, 'Elasticsearch/OpenSearch'],
  [9300, 'Elasticsearch transport'],
  [5439, 'Redshift'],
  [9042, 'Cassandra'],
  [5984, 'CouchDB'],
  [7000, 'Cassandra inter-node'],
  [8086, 'InfluxDB'],
]);

export const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
  [5985, 'WinRM'],
  [5986, 'WinRM over HTTPS'],
]);

/**
 * Listed ports whose service also answers over UDP, so a UDP rule exposes them: memcached's UDP
 * listener (on by default before 1.5.6) was the 2018 reflection/amplification vector, and RDP has
 * used a UDP transport on 3389 since RDP 8.0. The other listed services speak TCP only.
 */
export const UDP_PORTS: ReadonlySet<number> = new Set([11211, 3389]);

export type Protocol = 'all' | 'tcp' | 'udp' | 'other';

/** `-1`/`all` (every protocol and port), TCP (`tcp`, 6), UDP (`udp`, 17); any other known protocol carries none of the listed services. */
export function protocolOf(value: unknown): Protocol | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim().toLowerCase();
  if (text === '-1' || text === 'all') return 'all';
  if (text === 'tcp' || text === '6') return 'tcp';
  if (text === 'udp' || text === '17') return 'udp';
  return /^[a-z0-9-]+$/.test(text) ? 'other' : undefined;
}

function portOf(value: unknown): number | undefined {
  const text = value === null || value === undefined ? '' : String(value).trim();
  if (!/^-?\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 0 && port <= 65535 ? port : undefined;
}

/** An ingress rule as written, and where its findings go. */
export interface IngressRule {
  /** Reported as: the security group for an inline rule, the ingress resource for a separate one. */
  readonly resource: Resource;
  /** The group an inline rule belongs to, or the one a separate rule points at (logical id or literal id). */
  readonly group: string | undefined;
  readonly inline: boolean;
  /** The rule as written: a map, or an `Fn::If` between maps. */
  readonly node: Node;
}

/** What an ingress rule opens to the internet, when it is open in every alternative. */
export interface Exposure {
  readonly rule: IngressRule;
  /** The world block as written (`0.0.0.0/0`, `::/0`), and the parameters whose default gave it. */
  readonly cidr: string;
  readonly params: readonly string[];
  /** The parameters whose default gave the protocol or ports (the protocol alone for all traffic). */
  readonly ruleParams: readonly string[];
  /** True when every alternative's protocol is `-1`: every protocol and port. */
  readonly allTraffic: boolean;
  /** For a rule written once over TCP or UDP: its protocol and port range, for messages. */
  readonly written: { readonly protocol: 'TCP' | 'UDP'; readonly from: number; readonly to: number } | undefined;
  readonly range: OffsetRange;
  /** The listed ports exposed in every alternative. */
  exposed(ports: ReadonlyMap<number, string>): number[];
}

/** The items of an inline `SecurityGroupIngress` list, one list per `Fn::If` branch; undefined when unknown. */
function itemLists(node: Node | null | undefined): Node[][] | undefined {
  if (!node || isNoValue(node)) return [[]];
  const branches = ifBranches(node);
  if (branches) {
    const lists = branches.map(itemLists);
    return lists.every((l) => l !== undefined) ? (lists as Node[][][]).flat() : undefined;
  }
  if (node.kind !== 'seq' || node.tag) return undefined;
  return [node.items.filter((item) => !isNoValue(item))];
}

/** The group a separate ingress resource adds to: `GroupId` (`!Ref`, `!GetAtt X.GroupId`, literal) or `GroupName`. */
function groupOf(template: Template, props: MapNode): string | undefined {
  for (const key of ['GroupId', 'GroupName']) {
    const node = get(props, key);
    const target = referencedResource(template, node);
    if (target?.type === 'AWS::EC2::SecurityGroup') return target.logicalId;
    const literal = asString(node);
    if (literal !== undefined && !intrinsicName(node)) return literal;
  }
  return undefined;
}

const listsCache = new WeakMap<Template, IngressRule[][][]>();
const exposureCache = new WeakMap<IngressRule, Exposure | null>();

/**
 * Every ingress rule of the template, grouped so that `Fn::If` on a whole inline list can be judged:
 * each entry is one alternative list of rules (a separate resource is a list of one).
 */
export function ingressRuleLists(template: Template): IngressRule[][][] {
  // The three security group rules read the same ingress: it is collected once per template.
  const cached = listsCache.get(template);
  if (cached) return cached;
  const out: IngressRule[][][] = [];
  listsCache.set(template, out);
  for (const resource of template.resources) {
    if (resource.type === 'AWS::EC2::SecurityGroup') {
      const lists = itemLists(get(resource.properties, 'SecurityGroupIngress'));
      if (!lists) continue;
      out.push(lists.map((items) => items.map((node) => ({ resource, group: resource.logicalId, inline: true, node }))));
    } else if (resource.type === 'AWS::EC2::SecurityGroupIngress' && resource.properties) {
      out.push([[{ resource, group: groupOf(template, resource.properties), inline: false, node: resource.properties }]]);
    }
  }
  return out;
}

/** The most combinations of `Fn::If` alternatives judged for one rule; beyond it the rule is unknown. */
const MAX_COMBINATIONS = 256;

function cartesian<T>(lists: ReadonlyArray<readonly T[]>): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

/** The world source of one rule map in every alternative, or undefined. */
function worldSource(template: Template, map: MapNode): { cidr: string; params: string[]; key: string } | undefined {
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const values = scalarAlternatives(template, get(map, key));
    if (!values || values.some((v) => v.value === null)) continue;
    const blocks = values.map((v) => (typeof v.value === 'string' ? parseCidr(v.value) : undefined));
    if (blocks.every((b) => b !== undefined && isWorld(b))) {
      return { cidr: String(values[0]!.value), params: [...new Set(values.flatMap((v) => v.params))], key };
    }
  }
  return undefined;
}

/** What one alternative (protocol, from, to) exposes of `ports`. */
export function exposedBy(protocol: Protocol | undefined, from: number | undefined, to: number | undefined, ports: ReadonlyMap<number, string>): number[] {
  if (protocol === 'all') return [...ports.keys()];
  if ((protocol !== 'tcp' && protocol !== 'udp') || from === undefined || to === undefined || from > to) return [];
  return [...ports.keys()].filter((p) => p >= from && p <= to && (protocol === 'tcp' || UDP_PORTS.has(p)));
}

/** The exposure of an ingress rule, or undefined when it is not open to the world in every alternative. */
export function exposureOf(template: Template, rule: IngressRule): Exposure | undefined {
  const cached = exposureCache.get(rule);
  if (cached !== undefined) return cached ?? undefined;
  const exposure = readExposure(template, rule);
  exposureCache.set(rule, exposure ?? null);
  return exposure;
}

function readExposure(template: Template, rule: IngressRule): Exposure | undefined {
  const maps = rule.inline ? ifBranches(rule.node) ?? [rule.node] : [rule.node];
  if (maps.some((m) => !asMap(m))) return undefined;
  const combos: Array<[Protocol | undefined, number | undefined, number | undefined]> = [];
  let source: { cidr: string; params: string[]; key: string } | undefined;
  const protocolParams = new Set<string>();
  const portParams = new Set<string>();
  for (const map of maps as MapNode[]) {
    const world = worldSource(template, map);
    if (!world) return undefined;
    source ??= world;
    const read = (key: string): Array<Resolved<unknown>> => scalarAlternatives(template, get(map, key)) ?? [{ value: undefined, params: [] }];
    const lists = [read('IpProtocol'), read('FromPort'), read('ToPort')];
    if (lists.reduce((n, l) => n * l.length, 1) + combos.length > MAX_COMBINATIONS) return undefined;
    lists.forEach((list, i) => list.forEach((v) => v.params.forEach((name) => (i === 0 ? protocolParams : portParams).add(name))));
    for (const [p, f, t] of cartesian(lists)) combos.push([protocolOf(p!.value), portOf(f!.value), portOf(t!.value)]);
  }
  if (!source) return undefined;
  const [first] = combos;
  const single = combos.length === 1 && first && (first[0] === 'tcp' || first[0] === 'udp') && first[1] !== undefined && first[2] !== undefined;
  const only = maps.length === 1 ? asMap(maps[0]) : undefined;
  const pair = only && getPair(only, source.key);
  const text = template.doc.text;
  const range = pair ? pairRange(text, pair) : { start: rule.node.start, end: contentEnd(text, rule.node.end, rule.node.start) };
  const allTraffic = combos.every(([p]) => p === 'all');
  return {
    rule,
    cidr: source.cidr,
    params: source.params,
    // Ports do not matter to a rule open to every protocol, so only the protocol's parameters are named then.
    ruleParams: allTraffic ? [...protocolParams] : [...new Set([...protocolParams, ...portParams])],
    allTraffic,
    written: single ? { protocol: first[0] === 'udp' ? 'UDP' : 'TCP', from: first[1]!, to: first[2]! } : undefined,
    range,
    exposed: (ports) => {
      let common: number[] | undefined;
      for (const [p, f, t] of combos) {
        const here = exposedBy(p, f, t, ports);
        common = common ? common.filter((x) => here.includes(x)) : here;
      }
      return common ?? [];
    },
  };
}

/** `5432 (PostgreSQL)`, or a short list ending in "and N more". */
export function namePorts(ports: readonly number[], names: ReadonlyMap<number, string>, kind: string): string {
  const sorted = [...ports].sort((a, b) => a - b).map((p) => `${p} (${names.get(p)})`);
  if (sorted.length <= 4) return sorted.length === 1 ? sorted[0]! : `${sorted.slice(0, -1).join(', ')} and ${sorted[sorted.length - 1]}`;
  return `${sorted.slice(0, 3).join(', ')} and ${sorted.length - 3} more ${kind} ports`;
}

/** The note on a value a parameter's default gave, since a deployment may pass another. */
export function defaultNote(params: readonly string[]): string {
  return params.length > 0 ? ` (the default of parameter ${params.join(', ')}; a deployment may pass another value)` : '';
}

/**
 * `TCP port 5432 (PostgreSQL)`, `TCP ports 0-65535, which include …`, or the ports alone when the rule has alternatives;
 * with the parameter note when a default gave the protocol or ports. It reads only what was written, so the live
 * scan, whose rules have one protocol and range each and no parameters, phrases its findings with it too.
 */
export function portPhrase(exposure: Pick<Exposure, 'written' | 'ruleParams'>, ports: readonly number[], names: ReadonlyMap<number, string>, kind: string): string {
  const listed = namePorts(ports, names, kind);
  const { written } = exposure;
  const note = defaultNote(exposure.ruleParams);
  if (written && written.from === written.to) return `${written.protocol} port ${listed}${note}`;
  if (written) return `${written.protocol} ports ${written.from}-${written.to}${note}, which include ${listed}`;
  return `${ports.length === 1 ? 'port' : 'ports'} ${listed}${note}`;
}

/** "Security group X allows 0.0.0.0/0 to" / "Ingress Y opens security group X to 0.0.0.0/0 on", with the parameter note. */
export function subject(exposure: Exposure): { who: string; cidr: string } {
  const { rule } = exposure;
  const cidr = `${exposure.cidr}${defaultNote(exposure.params)}`;
  if (rule.inline) return { who: `Security group ${rule.resource.logicalId}`, cidr };
  const group = rule.group !== undefined ? `security group ${rule.group}` : 'its security group';
  return { who: `Ingress ${rule.resource.logicalId} (on ${group})`, cidr };
}

export interface SgFinding {
  readonly exposure: Exposure;
  readonly ports: number[];
}

/**
 * Findings for one port list: for each rule written (or each alternative list of an inline
 * `Fn::If`), the world-open rules exposing a listed port; an `Fn::If` between lists is reported only
 * when every branch has one. Rules open to all traffic are left to `sg-all-traffic-open-to-world`.
 */
export function portFindings(template: Template, ports: ReadonlyMap<number, string>): SgFinding[] {
  const out: SgFinding[] = [];
  for (const lists of ingressRuleLists(template)) {
    const perList = lists.map((rules) =>
      rules.flatMap((rule) => {
        const exposure = exposureOf(template, rule);
        if (!exposure || exposure.allTraffic) return [];
        const exposed = exposure.exposed(ports);
        return exposed.length > 0 ? [{ exposure, ports: exposed }] : [];
      }),
    );
    if (perList.some((l) => l.length === 0)) continue;
    for (const found of dedupe(perList.flat())) out.push(found);
  }
  return out;
}

/** The world-open rules of every protocol, reported by `sg-all-traffic-open-to-world`. */
export function allTrafficFindings(template: Template): Exposure[] {
  const out: Exposure[] = [];
  for (const lists of ingressRuleLists(template)) {
    const perList = lists.map((rules) => rules.map((r) => exposureOf(template, r)).filter((e): e is Exposure => !!e?.allTraffic));
    if (perList.some((l) => l.length === 0)) continue;
    for (const found of dedupe(perList.flat().map((exposure) => ({ exposure, ports: [] })))) out.push(found.exposure);
  }
  return out;
}

/** One finding per rule text: nested `Fn::If` lists can hold the same item twice. */
function dedupe(findings: SgFinding[]): SgFinding[] {
  const seen = new Set<number>();
  return findings.filter((f) => !seen.has(f.exposure.range.start) && !!seen.add(f.exposure.range.start));
}
