// Minimal, style-keeping edits to a template: insert keys into a map, set a scalar, or create a
// path of keys. New text follows the document's own indentation, flow/block style and line ends.
import { detectEol, indentOfLine, lineEndOf, lineStartOf, type TextEdit } from '../text';
import { getPair, type MapNode, type Node, type Pair, type ScalarNode } from './model';
import type { ParsedDocument } from './parse';

/** A short-form intrinsic to write, e.g. `new Intrinsic('Ref', 'AWS::AccountId')`. */
export class Intrinsic {
  constructor(
    readonly name: 'Ref' | 'GetAtt' | 'Sub' | 'Join' | 'If' | 'Equals' | 'Not',
    readonly arg: InsertValue,
  ) {}
}

export type InsertValue = string | number | boolean | Intrinsic | readonly InsertValue[] | { readonly [key: string]: InsertValue };

export interface Style {
  readonly json: boolean;
  /** One level of indentation: spaces or a tab; empty for single-line JSON. */
  readonly indentUnit: string;
  readonly eol: string;
}

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN_SAFE = /^[A-Za-z_/$][\w./:@$*+=,()-]*$/;

/** Enough maps looked at to tell the indentation; a document with no line structure stops here. */
const MAX_STYLE_VISITS = 2000;

export function detectStyle(doc: ParsedDocument): Style {
  const { text } = doc;
  const counts = new Map<string, number>();
  // Keys are visited in text order, so line starts are found by one forward scan that goes no
  // further than the last key looked at: on minified one-line JSON a scan back to the line start
  // per key would read the whole line again for every key, and indexing every line of a large
  // template costs more than the few hundred keys looked at.
  let scanned = 0;
  let lineStart = 0;
  const lineStartAt = (offset: number): number => {
    if (offset < scanned) return lineStartOf(text, offset);
    for (; scanned < offset; scanned++) {
      const c = text.charCodeAt(scanned);
      if (c === 10 || c === 13) lineStart = scanned + 1;
    }
    return lineStart;
  };
  const indentAt = (offset: number): { start: number; indent: string } => {
    const start = lineStartAt(offset);
    let i = start;
    while (i < offset && (text[i] === ' ' || text[i] === '\t')) i++;
    return { start, indent: text.slice(start, i) };
  };
  let samples = 0;
  let visits = 0;
  const visit = (node: Node | null, depth: number): void => {
    if (!node || samples > 200 || visits > MAX_STYLE_VISITS || depth > 8) return;
    if (node.kind === 'seq') node.items.forEach((n) => visit(n, depth + 1));
    if (node.kind !== 'map') return;
    for (const pair of node.pairs) {
      if (++visits > MAX_STYLE_VISITS) return;
      const child = pair.value;
      if (child?.kind === 'map' && child.pairs.length > 0) {
        const parentIndent = indentAt(pair.keyStart).indent;
        const childKey = child.pairs[0]!.keyStart;
        const { start: childLine, indent: childIndent } = indentAt(childKey);
        const own = childLine + childIndent.length === childKey;
        if (own && childIndent.length > parentIndent.length && childIndent.startsWith(parentIndent)) {
          const unit = childIndent.slice(parentIndent.length);
          counts.set(unit, (counts.get(unit) ?? 0) + 1);
          samples++;
        }
      }
      visit(child, depth + 1);
    }
  };
  visit(doc.root, 0);
  let unit = '';
  let best = 0;
  for (const [candidate, n] of counts) {
    if (n > best || (n === best && candidate.length < unit.length)) [unit, best] = [candidate, n];
  }
  if (!unit && !(doc.json && !text.trim().includes('\n'))) unit = '  ';
  return { json: doc.json, indentUnit: unit, eol: detectEol(text) };
}

export function isPlainObject(v: InsertValue): v is { readonly [key: string]: InsertValue } {
  return typeof v === 'object' && v !== null && !(v instanceof Intrinsic) && !Array.isArray(v);
}

export function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  if (PLAIN_SAFE.test(v) && !RESERVED.test(v) && !v.endsWith(':')) return v;
  return `'${v.replace(/'/g, "''")}'`;
}

/** The value as JSON data, with intrinsics in their long form (`{"Ref": …}`, `{"Fn::GetAtt": …}`). */
export function toJson(v: InsertValue): unknown {
  if (v instanceof Intrinsic) return { [v.name === 'Ref' ? 'Ref' : `Fn::${v.name}`]: toJson(v.arg) };
  if (Array.isArray(v)) return v.map(toJson);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** JSON on one line with a space after each colon and comma, as hand-written one-line JSON reads. */
export function jsonInline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonInline).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const body = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonInline(x)}`);
    return body.length > 0 ? `{ ${body.join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}

/** JSON text for a value, pretty at `indent` when the file is pretty, compact otherwise. */
function renderJson(v: InsertValue, indent: string, style: Style): string {
  if (!style.indentUnit) return JSON.stringify(toJson(v));
  return JSON.stringify(toJson(v), null, style.indentUnit).split('\n').join(style.eol + indent);
}

export function renderYamlFlow(v: InsertValue): string {
  if (v instanceof Intrinsic) {
    const arg = v.arg;
    if (v.name === 'GetAtt' && Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return `!GetAtt ${arg.join('.')}`;
    return `!${v.name} ${renderYamlFlow(arg)}`;
  }
  if (Array.isArray(v)) return `[${v.map(renderYamlFlow).join(', ')}]`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${yamlScalar(k)}: ${renderYamlFlow(x)}`).join(', ')}}`;
  return yamlScalar(v as string | number | boolean);
}

/** Block YAML lines for `entries` at `indent`, each line ending with the document's line break. */
export function renderYamlBlock(entries: ReadonlyArray<readonly [string, InsertValue]>, indent: string, style: Style): string {
  const { eol, indentUnit: unit } = style;
  let out = '';
  for (const [key, v] of entries) {
    const k = yamlScalar(key);
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      out += `${indent}${k}:${eol}${renderYamlBlock(Object.entries(v), indent + unit, style)}`;
    } else if (Array.isArray(v) && v.length > 0) {
      out += `${indent}${k}:${eol}`;
      const itemIndent = indent + unit;
      for (const item of v as readonly InsertValue[]) {
        if (isPlainObject(item) && Object.keys(item).length > 0) {
          // Render the map two columns in, then put the dash on its first line.
          const lines = renderYamlBlock(Object.entries(item), `${itemIndent}  `, style);
          out += `${itemIndent}- ${lines.slice(itemIndent.length + 2)}`;
        } else {
          out += `${itemIndent}- ${renderYamlFlow(item)}${eol}`;
        }
      }
    } else {
      out += `${indent}${k}: ${renderYamlFlow(v)}${eol}`;
    }
  }
  return out;
}

function keyColumnIndent(text: string, keyStart: number): string {
  const prefix = text.slice(lineStartOf(text, keyStart), keyStart);
  return /^[ \t]*$/.test(prefix) ? prefix : ' '.repeat(prefix.length);
}

/** Inserts `entries` as new keys of `map`, after its last key, in the map's own style. */
export function insertPairs(doc: ParsedDocument, style: Style, map: MapNode, entries: ReadonlyArray<readonly [string, InsertValue]>): TextEdit {
  const { text } = doc;
  if (!map.flow && map.pairs.length > 0) {
    const indent = keyColumnIndent(text, map.pairs[0]!.keyStart);
    const last = map.pairs[map.pairs.length - 1]!;
    const end = last.value ? last.value.end : last.keyEnd;
    const block = renderYamlBlock(entries, indent, style);
    if (end > 0 && text[end - 1] === '\n') return { start: end, end, newText: block };
    const at = lineEndOf(text, end);
    return { start: at, end: at, newText: style.eol + block.slice(0, -style.eol.length) };
  }
  const render = (k: string, v: InsertValue, indent: string): string =>
    style.json ? `${JSON.stringify(k)}: ${renderJson(v, indent, style)}` : `${yamlScalar(k)}: ${renderYamlFlow(v)}`;
  const last = map.pairs[map.pairs.length - 1];
  if (!last) {
    // `{}` (or `{ }`): write the keys between the braces, on lines of their own in pretty JSON.
    const open = map.start + text.slice(map.start).indexOf('{') + 1;
    const close = map.end - 1;
    const multiLine = style.json && style.indentUnit !== '';
    const outer = indentOfLine(text, map.start);
    const inner = outer + style.indentUnit;
    const body = entries.map(([k, v]) => render(k, v, multiLine ? inner : ''));
    const newText = multiLine
      ? `${style.eol}${body.map((b) => inner + b).join(`,${style.eol}`)}${style.eol}${outer}`
      : body.join(', ');
    return { start: open, end: close, newText };
  }
  // After the last key: on a line of its own when the map spans lines, else inline.
  const at = last.value ? last.value.end : last.keyEnd;
  const multiLine = text.slice(map.pairs[0]!.keyStart, at).includes('\n') || text.slice(map.start, map.pairs[0]!.keyStart).includes('\n');
  if (multiLine) {
    const indent = keyColumnIndent(text, last.keyStart);
    return { start: at, end: at, newText: entries.map(([k, v]) => `,${style.eol}${indent}${render(k, v, indent)}`).join('') };
  }
  return { start: at, end: at, newText: entries.map(([k, v]) => `, ${render(k, v, '')}`).join('') };
}

/** Whether the pairs of a block map around the one at `index` are set apart by blank lines. */
export function blankLinesAround(text: string, map: MapNode, index: number): boolean {
  const blankBetween = (i: number): boolean | undefined => {
    const a = map.pairs[i];
    const b = map.pairs[i + 1];
    if (!a || !b) return undefined;
    // The whole lines between the end of a's value (a flow value ends before its line break) and b's key.
    let from = a.value ? a.value.end : a.keyEnd;
    if (from === 0 || (text[from - 1] !== '\n' && text[from - 1] !== '\r')) {
      from = lineEndOf(text, from);
      from += text.startsWith('\r\n', from) ? 2 : 1;
    }
    const lines = text.slice(from, lineStartOf(text, b.keyStart)).split(/\r\n|\r|\n/);
    return lines.slice(0, -1).some((line) => /^[ \t]*$/.test(line));
  };
  return blankBetween(index) ?? blankBetween(index - 1) ?? false;
}

/**
 * Inserts `entries` as new keys of `map` right after the pair at `index`, in the map's own style.
 * Where the block map's pairs around it are set apart by blank lines (as resources often are),
 * each new pair is set apart the same way, before and after.
 */
export function insertPairsAfter(doc: ParsedDocument, style: Style, map: MapNode, index: number, entries: ReadonlyArray<readonly [string, InsertValue]>): TextEdit {
  const { text } = doc;
  const upTo: MapNode = { ...map, pairs: map.pairs.slice(0, index + 1) };
  if (map.flow || !blankLinesAround(text, map, index)) return insertPairs(doc, style, upTo, entries);
  const { eol } = style;
  const indent = keyColumnIndent(text, map.pairs[0]!.keyStart);
  const anchor = map.pairs[index]!;
  const end = anchor.value ? anchor.value.end : anchor.keyEnd;
  const blocks = entries.map((entry) => renderYamlBlock([entry], indent, style));
  // The blank line after the anchor stays where it is, now after the last new pair.
  if (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) return { start: end, end, newText: blocks.map((b) => eol + b).join('') };
  const at = lineEndOf(text, end);
  return { start: at, end: at, newText: blocks.map((b) => eol + eol + b.slice(0, -eol.length)).join('') };
}

/** Writes `entries` as the value of a key that has none (`Properties:` and nothing after it). */
function fillEmptyPair(doc: ParsedDocument, style: Style, pair: Pair, entries: ReadonlyArray<readonly [string, InsertValue]>): TextEdit {
  const { text } = doc;
  if (pair.parent.flow) {
    const value = Object.fromEntries(entries);
    const newText = style.json ? renderJson(value, '', style) : renderYamlFlow(value);
    const colon = text.indexOf(':', pair.keyEnd);
    return { start: colon + 1, end: colon + 1, newText: ` ${newText}` };
  }
  const indent = keyColumnIndent(text, pair.keyStart) + style.indentUnit;
  const at = lineEndOf(text, pair.keyEnd);
  const block = renderYamlBlock(entries, indent, style);
  return { start: at, end: at, newText: style.eol + block.slice(0, -style.eol.length) };
}

/** Replaces a scalar with another value, keeping its quoting where it had one. */
export function replaceScalar(doc: ParsedDocument, node: ScalarNode, v: string | number | boolean): TextEdit {
  let newText: string;
  if (doc.json) newText = node.style === 'double' && typeof v !== 'string' ? `"${v}"` : JSON.stringify(v);
  else if (node.style === 'single') newText = `'${String(v).replace(/'/g, "''")}'`;
  else if (node.style === 'double') newText = JSON.stringify(String(v));
  else newText = yamlScalar(v);
  return { start: node.start, end: node.end, newText };
}

function nest(path: readonly string[], value: InsertValue): InsertValue {
  return path.reduceRight<InsertValue>((acc, key) => ({ [key]: acc }), value);
}

function sameScalar(node: Node, v: string | number | boolean): boolean {
  return node.kind === 'scalar' && !node.tag && node.value !== null && String(node.value) === String(v);
}

/**
 * Makes `map.path` equal `value`, creating missing keys. Returns null when nothing needs to change
 * (so applying a fix twice changes nothing) or when an intrinsic is in the way (no safe edit).
 */
export function ensurePath(doc: ParsedDocument, style: Style, map: MapNode, path: readonly string[], value: InsertValue): TextEdit | null {
  let current = map;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const pair = getPair(current, key);
    const rest = nest(path.slice(i + 1), value);
    if (!pair) return insertPairs(doc, style, current, [[key, rest]]);
    const node = pair.value;
    if (!node) {
      if (isPlainObject(rest)) return fillEmptyPair(doc, style, pair, Object.entries(rest));
      const colon = doc.text.indexOf(':', pair.keyEnd);
      const newText = doc.json ? renderJson(rest, '', style) : renderYamlFlow(rest);
      return { start: colon + 1, end: colon + 1, newText: ` ${newText}` };
    }
    if (i === path.length - 1) {
      if (typeof value === 'object') return null;
      if (sameScalar(node, value)) return null;
      return node.kind === 'scalar' && !node.tag ? replaceScalar(doc, node, value) : null;
    }
    if (node.kind === 'scalar' && !node.tag && node.value === null) {
      const newText = doc.json ? renderJson(rest, indentOfLine(doc.text, pair.keyStart), style) : renderYamlFlow(rest);
      return { start: node.start, end: node.end, newText };
    }
    if (node.kind !== 'map' || node.tag || (node.pairs.length === 1 && /^(Ref|Condition|Fn::)/.test(node.pairs[0]!.key))) return null;
    current = node;
  }
  return null;
}

