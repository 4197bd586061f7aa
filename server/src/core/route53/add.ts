// The DNS rules' "add" fix in a template: a value joins the record set that already has its name
// and type (Route53 allows one record set per name and type), or a new AWS::Route53::RecordSet is
// written after the zone's last record set, in the style of the zone's other record sets.
import { blankLinesAround, Intrinsic, renderYamlBlock, renderYamlFlow, toJson, yamlScalar, type InsertValue, type Style } from '../cfn/edit';
import { asMap, get, pairIndexAt, type MapNode, type Node } from '../cfn/model';
import { appendItem } from '../cfn/seq-edit';
import { freeLogicalId, intrinsicForms, intrinsicName, type Template } from '../cfn/template';
import { nameKey, relativeName } from '../dns/names';
import { unescapeText } from '../dns/rdata';
import type { NewRecord } from '../rules/dns/types';
import { indentOfLine, lineEndOf, type TextEdit } from '../text';
import type { RecordSet, ZoneRecords } from './records';
import { isSymbolic } from './resolve';

const SHORT_TAGS = new Set(['Ref', 'GetAtt', 'Sub', 'Join', 'If', 'Equals', 'Not']);

/** A written value as a value to write again: literals, long forms and the short tags `Intrinsic` knows. */
function copyOf(node: Node | null | undefined): InsertValue | undefined {
  if (!node) return undefined;
  let plain: InsertValue | undefined;
  if (node.kind === 'scalar') plain = node.value === null ? undefined : node.value;
  else if (node.kind === 'seq') {
    const items = node.items.map(copyOf);
    plain = items.every((i) => i !== undefined) ? (items as InsertValue[]) : undefined;
  } else {
    const entries = node.pairs.map((p) => [p.key, copyOf(p.value)] as const);
    plain = entries.every(([, v]) => v !== undefined) ? (Object.fromEntries(entries) as Record<string, InsertValue>) : undefined;
  }
  if (!node.tag || plain === undefined) return plain;
  return SHORT_TAGS.has(node.tag) ? new Intrinsic(node.tag as Intrinsic['name'], plain) : undefined;
}

/** How the zone's record sets are written, read from the first that shows each trait. */
interface Manner {
  readonly zoneKey: string;
  readonly zoneValue: InsertValue;
  readonly dot: boolean;
  /** Some record set writes its name with `Fn::Sub`, so even the apex is written so. */
  readonly sub: boolean;
  readonly ttl: number | string;
  readonly keyOrder: readonly string[];
  readonly long: boolean;
}

/** A YAML template that writes intrinsics only in their long form (`Ref:`, `Fn::Sub:`). */
function longFormOnly(template: Template): boolean {
  const forms = intrinsicForms(template);
  return !template.doc.json && !forms.short && forms.long;
}

function intrinsic(name: 'Ref' | 'Sub', arg: string, long: boolean): InsertValue {
  return long ? { [name === 'Ref' ? 'Ref' : `Fn::${name}`]: arg } : new Intrinsic(name, arg);
}

/** The written text of a name (a literal, or a Sub's template string), to see whether it ends in a dot. */
function writtenName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar' && (!node.tag || node.tag === 'Sub')) return String(node.value);
  const sub = intrinsicName(node) === 'Fn::Sub' && node.kind === 'map' ? node.pairs[0]!.value : undefined;
  return sub?.kind === 'scalar' ? String(sub.value) : undefined;
}

function mannerOf(template: Template, zone: ZoneRecords): Manner {
  const long = longFormOnly(template);
  const id = zone.zone.resource.logicalId;
  let zoneKey = 'HostedZoneId';
  let zoneValue: InsertValue | undefined;
  for (const s of zone.sets) {
    const holder = s.inGroup ? s.resource.properties : s.map;
    const byId = copyOf(get(holder, 'HostedZoneId'));
    const byName = copyOf(get(holder, 'HostedZoneName'));
    if (byId !== undefined || byName !== undefined) {
      [zoneKey, zoneValue] = byId !== undefined ? ['HostedZoneId', byId] : ['HostedZoneName', byName!];
      break;
    }
  }
  const names = zone.sets.map((s) => writtenName(get(s.map, 'Name'))).filter((n): n is string => n !== undefined);
  const dotted = names.filter((n) => n.endsWith('.')).length;
  const zoneName = writtenName(get(zone.zone.resource.properties, 'Name'));
  const dot = names.length > 0 ? dotted * 2 >= names.length : (zoneName?.endsWith('.') ?? true);
  const leaf = zone.sets.find((s) => s.ttlLeaves.length > 0)?.ttlLeaves[0];
  const first = zone.sets.find((s) => !s.inGroup) ?? zone.sets[0];
  return {
    zoneKey,
    zoneValue: zoneValue ?? intrinsic('Ref', id, long),
    dot,
    sub: zone.sets.some((s) => intrinsicName(get(s.map, 'Name')) === 'Fn::Sub'),
    ttl: typeof leaf?.value === 'number' ? 300 : '300',
    // A group's record sets leave the zone to the group: it then comes first, as on the group.
    keyOrder: first ? [...(first.inGroup ? ['HostedZoneId'] : []), ...first.map.pairs.map((p) => (p.key === 'HostedZoneName' ? 'HostedZoneId' : p.key))] : [],
    long,
  };
}

/** A name as the zone's record sets write names: a literal, a Sub, or `!Ref P` for a parameter alone (unless Subs add final dots). */
function nameValue(owner: string, manner: Manner): InsertValue {
  const text = manner.dot ? owner : owner.replace(/\.$/, '');
  if (!isSymbolic(text)) return text;
  const whole = /^\$\{([A-Za-z0-9]+|AWS::[A-Za-z]+)\}\.?$/.exec(text);
  return whole && !(manner.sub && text.endsWith('.')) ? intrinsic('Ref', whole[1]!, manner.long) : intrinsic('Sub', text, manner.long);
}

function valueOf(value: string, manner: Manner): InsertValue {
  return isSymbolic(value) ? intrinsic('Sub', value, manner.long) : value;
}

/** The part of a new resource's logical id that says what it holds. */
function purpose(owner: string, type: string, values: readonly string[], apex: string): string {
  const text = unescapeText(values[0]?.replace(/^"|"$/g, '') ?? '');
  if (type === 'CAA') return 'Caa';
  if (type === 'TXT') {
    const known: Array<[RegExp, string]> = [[/^v=spf1/i, 'Spf'], [/^v=DMARC1/i, 'Dmarc'], [/^v=TLSRPTv1/i, 'TlsRpt'], [/^v=STSv1/i, 'MtaSts']];
    const hit = known.find(([re]) => re.test(text));
    if (hit) return hit[1];
  }
  const relative = relativeName(owner, apex);
  const words = relative === '@' ? [] : relative.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  return [...words, type.toLowerCase()].map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** The resource's properties, keys in the order the zone's first record set writes them. */
function properties(manner: Manner, owner: string, type: string, values: readonly string[]): Record<string, InsertValue> {
  const entries: Array<[string, InsertValue]> = [
    [manner.zoneKey, manner.zoneValue],
    ['Name', nameValue(owner, manner)],
    ['Type', type],
    ['TTL', manner.ttl],
    ['ResourceRecords', values.map((v) => valueOf(v, manner))],
  ];
  const rank = (key: string): number => {
    const i = manner.keyOrder.indexOf(key === 'HostedZoneName' ? 'HostedZoneId' : key);
    return i < 0 ? 100 : i;
  };
  return Object.fromEntries(entries.map((e, i) => [e, i] as const).sort((a, b) => rank(a[0][0]) - rank(b[0][0]) || a[1] - b[1]).map(([e]) => e));
}

/** Inserts whole resources after the pair at `index` of the Resources map, in the document's style. */
function insertResources(template: Template, style: Style, resources: MapNode, index: number, entries: ReadonlyArray<readonly [string, InsertValue]>): TextEdit {
  const { text, json } = template.doc;
  const anchor = resources.pairs[index]!;
  const end = anchor.value ? anchor.value.end : anchor.keyEnd;
  const { eol } = style;
  if (resources.flow) {
    const render = (k: string, v: InsertValue): string => {
      if (!json) return `${yamlScalar(k)}: ${renderYamlFlow(v)}`;
      if (!style.indentUnit) return `${JSON.stringify(k)}: ${JSON.stringify(toJson(v))}`;
      const indent = indentOfLine(text, anchor.keyStart);
      return `${JSON.stringify(k)}: ${JSON.stringify(toJson(v), null, style.indentUnit).split('\n').join(eol + indent)}`;
    };
    const spread = json && style.indentUnit !== '' && text.slice(resources.pairs[0]!.keyStart, end).includes('\n');
    const lead = spread ? `,${eol}${indentOfLine(text, anchor.keyStart)}` : ', ';
    return { start: end, end, newText: entries.map(([k, v]) => lead + render(k, v)).join('') };
  }
  const indent = indentOfLine(text, anchor.keyStart);
  const gap = blankLinesAround(text, resources, index) ? eol : '';
  const blocks = entries.map(([k, v]) => renderYamlBlock([[k, v]], indent, style));
  if (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) return { start: end, end, newText: blocks.map((b) => gap + b).join('') };
  const at = lineEndOf(text, end);
  const body = blocks.map((b) => eol + gap + b.slice(0, -eol.length)).join('');
  return { start: at, end: at, newText: body };
}

/** Appends values to a record set's `ResourceRecords`, as one edit. */
function appendValues(template: Template, style: Style, set: RecordSet, values: readonly InsertValue[]): TextEdit | undefined {
  const list = set.values;
  if (!list || list.items.length === 0) return undefined;
  const edits = values.map((v) => appendItem(template.doc, style, list, v));
  return { start: edits[0]!.start, end: edits[0]!.end, newText: edits.map((e) => e.newText).join('') };
}

/**
 * The edits that add `records` to the zone, or undefined when they cannot be written: a record set
 * with that name and type exists but is an alias, routed, conditional or built by an intrinsic.
 */
/**
 * Whether the records can be added, decided from the template's structure alone, and if so how:
 * the returned function writes the edits in a style (learning the template's manner of writing
 * record sets takes a walk of it, so a finding's fix waits for that until it is applied).
 */
export function planAdd(template: Template, zone: ZoneRecords, records: readonly NewRecord[]): ((style: Style) => TextEdit[]) | undefined {
  const groups = new Map<string, { owner: string; type: string; values: string[] }>();
  for (const r of records) {
    const key = `${nameKey(r.owner)} ${r.type}`;
    const group = groups.get(key) ?? { owner: r.owner, type: r.type, values: [] };
    group.values.push(r.value);
    groups.set(key, group);
  }
  const appends: Array<{ target: RecordSet; values: string[] }> = [];
  const added: Array<{ owner: string; type: string; values: string[] }> = [];
  for (const group of groups.values()) {
    const { owner, type } = group;
    const existing = zone.sets.filter((s) => s.type === type && s.name !== undefined && nameKey(s.name) === nameKey(owner));
    if (existing.length === 0) {
      added.push(group);
      continue;
    }
    const target = existing[0]!;
    if (existing.length > 1 || target.alias || target.routed || target.conditional) return undefined;
    if (!target.values || target.values.items.length === 0) return undefined;
    appends.push({ target, values: group.values });
  }
  let resources: MapNode | undefined;
  let index = -1;
  if (added.length > 0) {
    resources = asMap(get(template.root, 'Resources'));
    if (!resources) return undefined;
    // After the zone's last record set in the text, or after the zone itself.
    const last = zone.sets.reduce((max, s) => Math.max(max, s.resource.idStart), zone.zone.resource.idStart);
    index = pairIndexAt(resources, last);
    if (index < 0) return undefined;
  }
  return (style) => {
    const manner = mannerOf(template, zone);
    const edits: TextEdit[] = [];
    for (const { target, values } of appends) edits.push(appendValues(template, style, target, values.map((v) => valueOf(v, manner)))!);
    if (resources && added.length > 0) {
      const taken = new Set<string>();
      const fresh: Array<readonly [string, InsertValue]> = added.map(({ owner, type, values }) => [
        freeLogicalId(template, `${zone.zone.resource.logicalId}${purpose(owner, type, values, zone.zone.apex)}Record`, taken),
        { Type: 'AWS::Route53::RecordSet', Properties: properties(manner, owner, type, values) },
      ]);
      edits.push(insertResources(template, style, resources, index, fresh));
    }
    return edits;
  };
}
