// Edits the shared engine (cfn/edit.ts) does not make yet: appending an item to a sequence in its
// own style (YAML block or flow, compact or pretty JSON), and joining insertions that land on the
// same offset so their order in the text does not depend on how an editor applies them.
import { Intrinsic, renderYamlBlock, renderYamlFlow, type InsertValue, type Style } from '../../cfn/edit';
import { getPair, type MapNode, type SeqNode } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import { lineEndOf, lineStartOf, type TextEdit } from '../../text';

function isPlainObject(v: InsertValue): v is { readonly [key: string]: InsertValue } {
  return typeof v === 'object' && v !== null && !(v instanceof Intrinsic) && !Array.isArray(v);
}

/** The value as JSON data, with intrinsics in their long form (`{"Ref": …}`, `{"Fn::GetAtt": …}`). */
function jsonData(v: InsertValue): unknown {
  if (v instanceof Intrinsic) return { [v.name === 'Ref' ? 'Ref' : `Fn::${v.name}`]: jsonData(v.arg) };
  if (Array.isArray(v)) return v.map(jsonData);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonData(x)]));
  return v;
}

/** One-line JSON with a space after each colon and comma, as hand-written one-line JSON reads. */
function jsonInline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonInline).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const body = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonInline(x)}`);
    return body.length > 0 ? `{ ${body.join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}

/**
 * Adds a key to a JSON object written on one line, keeping it on one line. The shared insertPairs
 * writes pretty JSON there when the file is pretty, which breaks the line in the middle. Undefined
 * when the map is not such an object or already has the key.
 */
export function inlineJsonPair(doc: ParsedDocument, map: MapNode, key: string, v: InsertValue): TextEdit | undefined {
  const last = map.pairs[map.pairs.length - 1];
  if (!doc.json || !last?.value || getPair(map, key) || doc.text.slice(map.start, map.end).includes('\n')) return undefined;
  const at = last.value.end;
  return { start: at, end: at, newText: `, ${JSON.stringify(key)}: ${jsonInline(jsonData(v))}` };
}

/** JSON text for a value: pretty, continuing at `indent`, when the file is pretty; compact otherwise. */
function jsonText(v: InsertValue, indent: string, style: Style): string {
  if (!style.indentUnit) return JSON.stringify(jsonData(v));
  return JSON.stringify(jsonData(v), null, style.indentUnit).split('\n').join(style.eol + indent);
}

/** The indentation of a column: the line's own white space, or spaces when text precedes it. */
function columnIndent(text: string, offset: number): string {
  const prefix = text.slice(lineStartOf(text, offset), offset);
  return /^[ \t]*$/.test(prefix) ? prefix : ' '.repeat(prefix.length);
}

/** The offset of the `-` introducing a block sequence item that starts at `itemStart`. */
function dashBefore(text: string, itemStart: number): number {
  let i = itemStart - 1;
  while (i > 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i--;
  return i;
}

/** A block sequence item for `v`, its dash at `dashIndent` and its map keys at `contentIndent`. */
function blockItem(v: InsertValue, dashIndent: string, contentIndent: string, style: Style): string {
  if (isPlainObject(v) && Object.keys(v).length > 0) {
    const lines = renderYamlBlock(Object.entries(v), contentIndent, style);
    const gap = ' '.repeat(Math.max(1, contentIndent.length - dashIndent.length - 1));
    return `${dashIndent}-${gap}${lines.slice(contentIndent.length)}`;
  }
  return `${dashIndent}- ${renderYamlFlow(v)}${style.eol}`;
}

/** Appends `v` as the last item of `seq`, in the sequence's own style. */
export function appendSeqItem(doc: ParsedDocument, style: Style, seq: SeqNode, v: InsertValue): TextEdit {
  const { text } = doc;
  const first = seq.items[0];
  const last = seq.items[seq.items.length - 1];
  if (!seq.flow && first && last) {
    const dash = dashBefore(text, first.start);
    const dashIndent = columnIndent(text, dash);
    // Keys of a map item line up with those of the first item when it sits on the dash's line.
    const sameLine = lineStartOf(text, first.start) === lineStartOf(text, dash);
    const contentIndent = sameLine ? ' '.repeat(first.start - lineStartOf(text, first.start)) : `${dashIndent}  `;
    const item = blockItem(v, dashIndent, contentIndent, style);
    if (last.end > 0 && text[last.end - 1] === '\n') return { start: last.end, end: last.end, newText: item };
    const at = lineEndOf(text, last.end);
    return { start: at, end: at, newText: style.eol + item.slice(0, -style.eol.length) };
  }
  // Pretty JSON only where the list already spans lines; a one-line list stays on one line.
  const multiLine = text.slice(seq.start, seq.end).includes('\n');
  const render = (indent: string): string => {
    if (!style.json) return renderYamlFlow(v);
    return multiLine ? jsonText(v, indent, style) : jsonInline(jsonData(v));
  };
  if (!first || !last) {
    const open = seq.start + text.slice(seq.start).indexOf('[') + 1;
    return { start: open, end: seq.end - 1, newText: render('') };
  }
  if (multiLine) {
    const indent = columnIndent(text, last.start);
    return { start: last.end, end: last.end, newText: `,${style.eol}${indent}${render(indent)}` };
  }
  return { start: last.end, end: last.end, newText: `, ${render('')}` };
}

/**
 * Joins insertions at the same offset into one edit, in the order given (so the caller decides,
 * for example, that a property of the last resource comes before a new resource after it).
 */
export function joinInserts(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const i = out.findIndex((e) => e.start === e.end && edit.start === edit.end && e.start === edit.start);
    if (i >= 0) out[i] = { ...out[i]!, newText: out[i]!.newText + edit.newText };
    else out.push(edit);
  }
  return out;
}
