// Parses YAML (with CloudFormation's short-form tags) and JSON into the position-keeping model.
// Fast readers take the common shapes of templates; the `yaml` package reads everything else and
// words every error (JSON is a subset of YAML 1.2 as far as templates go).
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node as YNode } from 'yaml';
import { fastJson } from './fast-json';
import { fastYaml } from './fast-yaml';
import { nestingTooDeep } from './nesting';
import type { MapNode, Node, Pair, ScalarNode, SeqNode } from './model';

export interface ParseError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface ParsedDocument {
  readonly text: string;
  readonly json: boolean;
  /** The document; also set beside an error that loses nothing (duplicate keys: the last one wins). */
  readonly root: Node | null;
  /** At most one error: the first, where the parser lost track; later ones would only cascade. */
  readonly error?: ParseError;
}

/** Guards against alias bombs and pathological nesting: beyond these the document is not analysed. */
const MAX_DEPTH = 200;
const MAX_NODES = 2_000_000;

class TooComplex extends Error {}

function tooDeepMessage(): string {
  return `The document is nested deeper than ${MAX_DEPTH} levels, so it was not analysed.`;
}

export function isJsonText(text: string): boolean {
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '{' || first[0] === '[');
}

export function parseText(text: string): ParsedDocument {
  const json = isJsonText(text);
  // The fast readers stop at MAX_DEPTH themselves; the full parser recurses as deep as the text
  // goes, so before it one linear pass over the text finds nesting too deep to read.
  const fast = json ? fastJson(text, MAX_DEPTH) : fastYaml(text, MAX_DEPTH);
  if (fast !== undefined) return { text, json, root: fast };
  const deep = nestingTooDeep(text, json, MAX_DEPTH);
  if (deep) return { text, json, root: null, error: { start: deep.at, end: deep.at + 1, message: tooDeepMessage() } };
  return parseFully(text, json);
}

/** The `yaml` package's reading, converted to the model; the reference the fast readers match. */
export function parseFully(text: string, json = isJsonText(text)): ParsedDocument {
  let doc;
  try {
    // The package's own duplicate-key check compares every key of a map with every other; the
    // conversion below keeps a set of keys per map instead.
    doc = parseDocument(text, { prettyErrors: false, keepSourceTokens: false, strict: false, uniqueKeys: false });
  } catch (err) {
    return { text, json, root: null, error: { start: 0, end: 0, message: `cannot parse: ${String(err)}` } };
  }
  const first = doc.errors[0];
  if (first) {
    const [start, end] = first.pos;
    return { text, json, root: null, error: { start, end: Math.max(end, start), message: first.message.replace(/\s+at line \d+, column \d+.*$/s, '') } };
  }
  try {
    const budget: Budget = { nodes: 0, duplicateAt: -1 };
    const root = doc.contents ? convert(doc.contents as YNode, text, 0, budget, new Map()) : null;
    // Duplicate keys lose nothing else: the document is still read, so its findings stay in view.
    const error = budget.duplicateAt >= 0 ? duplicateKeyError(text, budget.duplicateAt) : undefined;
    return { text, json, root, ...(error ? { error } : {}) };
  } catch (err) {
    if (err instanceof TooComplex) {
      return { text, json, root: null, error: { start: 0, end: 0, message: err.message } };
    }
    throw err;
  }
}

function tagOf(node: YNode): string | undefined {
  const tag = node.tag;
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  return tag.slice(1);
}

/** The node's start including a preceding `!Tag` written before it. */
function startWithTag(text: string, start: number, tag: string | undefined): number {
  if (!tag) return start;
  const needle = `!${tag}`;
  const at = text.lastIndexOf(needle, start);
  return at >= 0 && text.slice(at + needle.length, start).trim() === '' ? at : start;
}

function scalarStyle(type: Scalar['type']): ScalarNode['style'] {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

interface Budget {
  nodes: number;
  /** Where the first duplicate key in document order starts, or -1. */
  duplicateAt: number;
}

function convert(node: YNode, text: string, depth: number, budget: Budget, seen: Map<YNode, Node>): Node {
  if (depth > MAX_DEPTH) throw new TooComplex(tooDeepMessage());
  if (++budget.nodes > MAX_NODES) throw new TooComplex(`document has more than ${MAX_NODES} nodes: not analysed`);
  if (isAlias(node)) {
    // Aliases share the converted anchor node instead of copying it, so an alias bomb stays small.
    const target = seen.get(node.source as unknown as YNode);
    if (target) return target;
    const [start, end] = node.range ?? [0, 0];
    return { kind: 'scalar', value: null, style: 'plain', start, end };
  }
  const range = node.range ?? [0, 0, 0];
  const tag = tagOf(node);
  const start = startWithTag(text, range[0], tag);
  const end = range[1];
  let out: Node;
  if (isMap(node)) {
    const pairs: Pair[] = [];
    const map: MapNode = { kind: 'map', flow: node.flow === true, pairs, start, end, ...(tag ? { tag } : {}) };
    seen.set(node, map);
    const keys = new Set<string>();
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const keyNode = item.key as YNode | null;
      const keyRange = keyNode?.range ?? [start, start, start];
      const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
      if (keys.has(key)) {
        if (budget.duplicateAt < 0 || keyRange[0] < budget.duplicateAt) budget.duplicateAt = keyRange[0];
      } else keys.add(key);
      const valueNode = item.value as YNode | null;
      const value = valueNode ? convert(valueNode, text, depth + 1, budget, seen) : null;
      const emptyValue = value && value.kind === 'scalar' && value.value === null && value.start === value.end;
      pairs.push({ key, keyStart: keyRange[0], keyEnd: keyRange[1], value: emptyValue ? null : value, parent: map });
    }
    if (!map.flow && pairs.length > 0) {
      const last = pairs[pairs.length - 1]!;
      (map as { end: number }).end = blockEnd(text, last.value ? last.value.end : last.keyEnd);
    }
    out = map;
  } else if (isSeq(node)) {
    const items: Node[] = [];
    const seq: SeqNode = { kind: 'seq', flow: node.flow === true, items, start, end, ...(tag ? { tag } : {}) };
    seen.set(node, seq);
    for (const item of node.items) {
      if (item && typeof item === 'object' && 'range' in (item as object)) {
        items.push(convert(item as YNode, text, depth + 1, budget, seen));
      }
    }
    if (!seq.flow && items.length > 0) (seq as { end: number }).end = blockEnd(text, items[items.length - 1]!.end);
    out = seq;
  } else if (isScalar(node)) {
    const v = node.value;
    const value = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    out = { kind: 'scalar', value, style: scalarStyle(node.type), start, end, ...(tag ? { tag } : {}) };
    seen.set(node, out);
  } else {
    out = { kind: 'scalar', value: null, style: 'plain', start, end };
  }
  return out;
}

/**
 * The end of a block collection: past the line on which its last value ends. (The `yaml` package
 * also counts comment lines that follow; the model leaves them to whatever comes next.)
 */
function blockEnd(text: string, lastEnd: number): number {
  if (lastEnd > 0 && text.charCodeAt(lastEnd - 1) === 10) return lastEnd;
  const nl = text.indexOf('\n', lastEnd);
  return nl < 0 ? text.length : nl + 1;
}

/** The duplicate key at `start`, named in the message and underlined whole. */
function duplicateKeyError(text: string, start: number): ParseError {
  const quote = text[start];
  let end = start;
  if (quote === '"' || quote === "'") {
    end = text.indexOf(quote, start + 1);
    end = end < 0 ? start + 1 : end + 1;
  } else {
    while (end < text.length && !/[:\r\n]/.test(text[end]!)) end++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
  }
  const key = text.slice(start, end);
  return { start, end: Math.max(end, start + 1), message: `Duplicate key ${key}: keys in a mapping must be unique (the last one is the one used).` };
}
