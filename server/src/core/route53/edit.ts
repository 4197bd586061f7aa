// The DNS rules' fixes that change a record already in the template: its TTL, value or type, or
// taking it out. Each edit replaces one scalar (keeping its quoting) or removes one list item.
import { replaceScalar } from '../cfn/edit';
import { asMap, get, getPair, type Node, type ScalarNode, type SeqNode } from '../cfn/model';
import type { ParsedDocument } from '../cfn/parse';
import { removePair } from '../cfn/seq-edit';
import { literal, numberOf, type Template } from '../cfn/template';
import { nameKey } from '../dns/names';
import { contentEnd, lineEndOf, lineStartOf, type TextEdit } from '../text';
import type { Route53Record, ZoneRecords } from './records';
import { rewrite } from './resolve';

/** Replaces a string scalar, keeping its quoting; a short-form tag before it (`!Sub '…'`) stays. */
export function replaceString(doc: ParsedDocument, scalar: ScalarNode, value: string): TextEdit {
  if (!scalar.tag) return replaceScalar(doc, scalar, value);
  const tag = /^!\S+\s+/.exec(doc.text.slice(scalar.start, scalar.end));
  return replaceScalar(doc, { ...scalar, start: scalar.start + (tag ? tag[0].length : 0) }, value);
}

/**
 * Removes one item of a list with more than one: the item's lines in block YAML, the item and one
 * comma in flow YAML and JSON. Null when the list would be left empty or the layout is unusual.
 */
export function removeItem(doc: ParsedDocument, seq: SeqNode, item: Node): TextEdit | null {
  const { text } = doc;
  const index = seq.items.indexOf(item);
  if (index < 0 || seq.items.length < 2) return null;
  if (!seq.flow) {
    let dash = item.start - 1;
    while (dash > 0 && (text[dash] === ' ' || text[dash] === '\t')) dash--;
    const lineStart = lineStartOf(text, dash);
    if (text[dash] !== '-' || !/^[ \t]*$/.test(text.slice(lineStart, dash))) return null;
    const lineEnd = lineEndOf(text, contentEnd(text, item.end, item.start));
    const next = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : Math.min(lineEnd + 1, text.length);
    return { start: lineStart, end: next, newText: '' };
  }
  if (index < seq.items.length - 1) {
    const following = seq.items[index + 1]!;
    const lineStart = lineStartOf(text, item.start);
    const ownLine = /^[ \t]*$/.test(text.slice(lineStart, item.start)) && lineStartOf(text, following.start) !== lineStart;
    return ownLine ? { start: lineStart, end: lineStartOf(text, following.start), newText: '' } : { start: item.start, end: following.start, newText: '' };
  }
  return { start: seq.items[index - 1]!.end, end: item.end, newText: '' };
}

/** Sets every literal TTL of the record's set (each branch of an `Fn::If`) to `ttl`. */
export function setTtlEdits(doc: ParsedDocument, record: Route53Record, ttl: number): TextEdit[] | undefined {
  const leaves = record.set.ttlLeaves;
  if (leaves.length === 0) return undefined;
  return leaves.filter((s) => numberOf(s) !== ttl).map((s) => replaceScalar(doc, s, typeof s.value === 'number' ? ttl : String(ttl)));
}

/** Rewrites the record's value where it was written, touching only its literal text. */
export function setValueEdits(doc: ParsedDocument, record: Route53Record, value: string): TextEdit[] | undefined {
  const written = record.value?.written;
  if (!written || !record.value) return undefined;
  const source = rewrite(written, record.value.text, value);
  return source === undefined ? undefined : [replaceString(doc, written.scalar, source)];
}

/** Retypes the record's set, unless a record set of that type already has the name (Route53 would refuse a second). */
export function setTypeEdits(doc: ParsedDocument, zone: ZoneRecords, record: Route53Record, type: string): TextEdit[] | undefined {
  const typeNode = literal(get(record.set.map, 'Type'));
  const key = nameKey(record.owner);
  if (!typeNode || zone.sets.some((s) => s !== record.set && s.type === type && s.name !== undefined && nameKey(s.name) === key)) return undefined;
  return [replaceScalar(doc, typeNode, type)];
}

/**
 * Takes the record out: its `ResourceRecords` item; when it is the only one, the whole record set
 * (an item of a group's `RecordSets`, or a RecordSet resource nothing else in the text names).
 */
export function removeEdits(template: Template, record: Route53Record): TextEdit[] | undefined {
  const { doc } = template;
  const { set, item } = record;
  if (!item || !set.values) return undefined;
  if (set.values.items.length > 1) return wrap(removeItem(doc, set.values, item));
  if (set.inGroup) return wrap(removeItem(doc, set.inGroup.list, set.inGroup.item));
  const id = set.resource.logicalId;
  const mentions = doc.text.match(new RegExp(`\\b${id}\\b`, 'g'))?.length ?? 0;
  const pair = getPair(asMap(get(template.root, 'Resources')), id);
  return mentions === 1 && pair ? wrap(removePair(doc, pair)) : undefined;
}

function wrap(edit: TextEdit | null): TextEdit[] | undefined {
  return edit ? [edit] : undefined;
}
