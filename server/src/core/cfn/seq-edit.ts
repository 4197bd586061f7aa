// Style-keeping edits on sequences and pairs: appending an item to an existing sequence (block
// or flow YAML, JSON; keeping a `-   ` content column and one-line lists on one line) and
// removing a key with its value.
import { isPlainObject, jsonInline, renderYamlBlock, renderYamlFlow, toJson, type InsertValue, type Style } from './edit';
import type { Pair, SeqNode } from './model';
import type { ParsedDocument } from './parse';
import { indentOfLine, lineEndOf, lineStartOf, type TextEdit } from '../text';

/** A value as it is written inside a flow collection: pretty JSON at `indent` when `multiLine`. */
function renderFlowValue(v: InsertValue, indent: string, style: Style, multiLine: boolean): string {
  if (!style.json) return renderYamlFlow(v);
  if (!style.indentUnit) return JSON.stringify(toJson(v));
  if (!multiLine) return jsonInline(toJson(v));
  return JSON.stringify(toJson(v), null, style.indentUnit).split('\n').join(style.eol + indent);
}

/** The white space before `offset` on its line, or as many spaces when other text precedes it. */
function columnIndent(text: string, offset: number): string {
  const prefix = text.slice(lineStartOf(text, offset), offset);
  return /^[ \t]*$/.test(prefix) ? prefix : ' '.repeat(prefix.length);
}

/** Block YAML lines for one sequence item whose dash sits at `dashIndent`, content at `contentIndent`. */
function blockItem(v: InsertValue, dashIndent: string, contentIndent: string, style: Style): string {
  const gap = ' '.repeat(Math.max(1, contentIndent.length - dashIndent.length - 1));
  if (isPlainObject(v) && Object.keys(v).length > 0) {
    const lines = renderYamlBlock(Object.entries(v), contentIndent, style);
    return `${dashIndent}-${gap}${lines.slice(contentIndent.length)}`;
  }
  return `${dashIndent}-${gap}${renderYamlFlow(v)}${style.eol}`;
}

/**
 * Appends `value` as the last item of `seq`, in the sequence's own style: a new `- ` entry lined up
 * with the existing dashes in block YAML, or `, item` (on its own line when the list spans lines)
 * in flow YAML and JSON. Existing items and comments are left as they are.
 */
export function appendItem(doc: ParsedDocument, style: Style, seq: SeqNode, value: InsertValue): TextEdit {
  const { text } = doc;
  const last = seq.items[seq.items.length - 1];
  if (!seq.flow && last) {
    const dashIndent = columnIndent(text, seq.start);
    // Items written on the dash's line keep their column, so `-   Key:` lists stay aligned.
    const onDashLine = dashAt(text, last.start) !== last.start;
    const contentIndent = onDashLine ? columnIndent(text, last.start) : `${dashIndent}  `;
    const block = blockItem(value, dashIndent, contentIndent, style);
    if (last.end > 0 && text[last.end - 1] === '\n') return { start: last.end, end: last.end, newText: block };
    const at = lineEndOf(text, last.end);
    return { start: at, end: at, newText: style.eol + block.slice(0, -style.eol.length) };
  }
  const open = seq.start + text.slice(seq.start).indexOf('[');
  if (!last) {
    // Pretty JSON spreads the new item over lines, unless the empty list sits inside one-line JSON.
    const rest = text.slice(seq.end, lineEndOf(text, seq.end));
    const multiLine = style.json && style.indentUnit !== '' && /^\s*,?\s*$/.test(rest);
    if (!multiLine) return { start: open + 1, end: seq.end - 1, newText: renderFlowValue(value, '', style, false) };
    const outer = indentOfLine(text, seq.start);
    const inner = outer + style.indentUnit;
    const body = renderFlowValue(value, inner, style, true);
    return { start: open + 1, end: seq.end - 1, newText: `${style.eol}${inner}${body}${style.eol}${outer}` };
  }
  const multiLine = text.slice(open, last.start).includes('\n');
  if (multiLine) {
    const indent = columnIndent(text, last.start);
    return { start: last.end, end: last.end, newText: `,${style.eol}${indent}${renderFlowValue(value, indent, style, true)}` };
  }
  const comma = style.json && !style.indentUnit ? ',' : ', ';
  return { start: last.end, end: last.end, newText: `${comma}${renderFlowValue(value, '', style, false)}` };
}

/** The offset of the dash before a block sequence item on the same line, or `itemStart` when there is none. */
function dashAt(text: string, itemStart: number): number {
  let i = itemStart - 1;
  while (i > 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '-' ? i : itemStart;
}


function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function endOfPair(pair: Pair): number {
  return pair.value ? pair.value.end : pair.keyEnd;
}

/**
 * Removes a key and its value. Block YAML loses the whole line(s) of the pair; flow YAML and JSON
 * lose the pair and one adjoining comma, so the rest of the map stays well formed. Returns null
 * when the key shares its line with other text in block YAML (`- Key: v` as a list item's first
 * key), where deleting lines would break the structure.
 */
export function removePair(doc: ParsedDocument, pair: Pair): TextEdit | null {
  const { text } = doc;
  const map = pair.parent;
  const end = endOfPair(pair);
  if (!map.flow) {
    const lineStart = lineStartOf(text, pair.keyStart);
    if (!/^[ \t]*$/.test(text.slice(lineStart, pair.keyStart))) return null;
    if (end > 0 && text[end - 1] === '\n') return { start: lineStart, end, newText: '' };
    const lineEnd = lineEndOf(text, end);
    const next = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : Math.min(lineEnd + 1, text.length);
    return { start: lineStart, end: next, newText: '' };
  }
  const index = map.pairs.indexOf(pair);
  if (map.pairs.length === 1) {
    // The only pair: leave an empty `{}` behind.
    const open = map.start + text.slice(map.start).indexOf('{');
    return { start: open + 1, end: map.end - 1, newText: '' };
  }
  if (index < map.pairs.length - 1) {
    const comma = skipSpaces(text, end);
    if (text[comma] !== ',') return null;
    const lineStart = lineStartOf(text, pair.keyStart);
    const afterComma = lineEndOf(text, comma + 1);
    const ownLine = /^[ \t]*$/.test(text.slice(lineStart, pair.keyStart)) && /^[ \t]*$/.test(text.slice(comma + 1, afterComma));
    if (ownLine && afterComma < text.length) {
      const next = text.startsWith('\r\n', afterComma) ? afterComma + 2 : afterComma + 1;
      return { start: lineStart, end: next, newText: '' };
    }
    let stop = comma + 1;
    while (text[stop] === ' ' || text[stop] === '\t') stop++;
    return { start: pair.keyStart, end: stop, newText: '' };
  }
  // The last pair: take the comma that follows the previous value with it.
  const previous = map.pairs[index - 1]!;
  const comma = text.indexOf(',', endOfPair(previous));
  if (comma < 0 || comma > pair.keyStart) return null;
  return { start: comma, end, newText: '' };
}
