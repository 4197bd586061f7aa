// Where the cursor is in a template that is being written, read from the text around it: the
// path of keys from the root, whether a key, a value or a list item is being typed, the word typed
// so far and the keys its map already holds. Mid-edit text rarely parses, so nothing here needs a
// parse: YAML is read line by line upwards (block style by indentation, flow style and JSON by a
// backward walk over tokens, skipping closed collections), and every walk is capped.
import { isJsonText } from './parse';

/** One step of the path from the root: a map key, a list item, or a short-form tag (`!If`). */
export type Segment =
  | {
      readonly key: string;
      /** Scalars written beside the key in its map (a resource's `Type` beside `Properties`). */
      readonly siblings?: Map<string, string>;
      /** YAML block: the start of the key's line and its column, to read the rest of its map. */
      readonly line?: number;
      readonly col?: number;
    }
  | { readonly item: number }
  | { readonly tag: string };

export type Syntax = 'block' | 'flow' | 'json';

/** What is typed at the cursor, before the index gives it a meaning. */
export interface RawContext {
  /** key: a map key; value: the value of the path's last key or tag; item: an item of a list (in block YAML also the first key of an item map). */
  readonly position: 'key' | 'value' | 'item';
  /** From the root: for `key`, the path to the map; for `value`, ending with its key; for `item`, ending with `{ item }`. */
  readonly path: readonly Segment[];
  readonly syntax: Syntax;
  /** The word typed so far, without quotes. */
  readonly prefix: string;
  /** The whole word the cursor is in, without quotes (the prefix and what follows it). */
  readonly word: string;
  /** The text a completion replaces: the word, with its quotes when quoted. */
  readonly start: number;
  readonly end: number;
  /** The word is in quotes (JSON, or a quoted YAML scalar): its quote. */
  readonly quoted: boolean;
  readonly quote?: '"' | "'";
  /** The other keys of the map holding the cursor's key (before and after it). */
  readonly present: readonly string[];
  /** For a key: a colon follows the word already. */
  readonly colonFollows: boolean;
  /** YAML block: the column keys of the map at the cursor start at (for inserting nested lines). */
  readonly column: number;
  /** In a list: the scalars written before the cursor's item (the resource of `[Res, Att]`). */
  readonly itemsBefore: readonly string[];
  /** YAML: the word follows a colon with no space, so a value needs one first. */
  readonly needsSpace: boolean;
  /** The resource's `Type` as written beside its `Properties` (or beside the cursor's key). */
  readonly resourceTypeText?: string;
}

/** `${Name` or `${Res.Att` inside a `Fn::Sub` string. */
export interface SubContext {
  readonly position: 'sub';
  readonly prefix: string;
  readonly start: number;
  readonly end: number;
}

/** How far back the walks read: the analysis stops at 5 MB too. */
const MAX_SCAN = 5 * 1024 * 1024;
/** How far ahead the keys after the cursor are looked for. */
const MAX_AHEAD = 256 * 1024;
/** Deeper than the parser reads anyway. */
const MAX_LEVELS = 200;
/** How far back a `!Sub` is looked for, for a `${` in a multi-line string. */
const SUB_LOOKBACK = 4096;

/** The context at `offset`, or undefined where nothing can be completed (a comment, a block scalar, broken structure). */
export function completionContext(text: string, offset: number, json = isJsonText(text)): RawContext | SubContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const sub = subContext(text, offset);
  if (sub) return sub;
  return json ? jsonContext(text, offset) : yamlContext(text, offset);
}

// ---------------------------------------------------------------------------------------------
// Lines

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/** A YAML line as the block walk reads it: indentation, `- ` markers, and the key if it has one. */
interface BlockLine {
  readonly start: number;
  readonly indent: number;
  /** Columns of the `- ` markers before the content. */
  readonly dashes: readonly number[];
  /** Column of the content after the markers. */
  readonly col: number;
  /** Nothing but blanks or a comment. */
  readonly blank: boolean;
  readonly key?: string;
  /** The value after `key:` (comment removed, trimmed), or the content after the markers. */
  readonly value: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],!&*|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

function unquote(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
}

function readLine(text: string, start: number, end: number): BlockLine {
  let at = start;
  while (at < end && text[at] === ' ') at++;
  const indent = at - start;
  const dashes: number[] = [];
  while (at < end && text[at] === '-' && (at + 1 === end || text[at + 1] === ' ' || text[at + 1] === '\t')) {
    dashes.push(at - start);
    at++;
    while (at < end && (text[at] === ' ' || text[at] === '\t')) at++;
  }
  const content = text.slice(at, end);
  const blank = content.trim() === '' || content.startsWith('#');
  const m = blank ? null : KEY.exec(content);
  const rest = m ? content.slice(m[0].length) : content;
  const value = rest.replace(/(^|[ \t])#.*$/, '').trim();
  return { start, indent, dashes, col: at - start, blank: blank && dashes.length === 0, ...(m ? { key: unquote(m[1]!.trimEnd()) } : {}), value };
}

function indentOf(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && text.charCodeAt(at) === 32) at++;
  return at - start;
}

function previousLine(text: string, lineStart: number): { start: number; end: number } | undefined {
  if (lineStart === 0) return undefined;
  let end = lineStart - 1;
  if (end > 0 && text[end - 1] === '\r') end--;
  return { start: lineStart === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1, end };
}

function nextLine(text: string, lineStart: number): { start: number; end: number } | undefined {
  const newline = text.indexOf('\n', lineStart);
  if (newline < 0) return undefined;
  const start = newline + 1;
  return { start, end: lineEndOf(text, start) };
}

// ---------------------------------------------------------------------------------------------
// YAML block style

/**
 * The path from the root to the map whose keys are at `col` and which holds the line at
 * `lineStart` (that line not read), walking up: lines indented deeper are skipped, lines at `col`
 * are siblings, and the first line left of it is the parent key. A `- ` marker makes the map an
 * item of a list, whose earlier items are counted. `undefined` when the structure is broken (a
 * parent with a scalar value, a block scalar) or the walk runs past its cap.
 */
function blockPath(text: string, lineStart: number, col: number, dashes: readonly number[], siblings: Map<string, string>, present: string[] | undefined): Segment[] | undefined {
  const reversed: Segment[] = [];
  let mode: 'map' | 'seq' = 'map';
  let seqCol = 0;
  let items = 0;
  let current = siblings;
  const enterItem = (lineDashes: readonly number[]): void => {
    // `- - key:` nests lists: every marker but the first opens a list whose first item this is.
    for (let i = lineDashes.length - 1; i > 0; i--) reversed.push({ item: 0 });
    mode = 'seq';
    seqCol = lineDashes[0]!;
    items = 0;
  };
  if (dashes.length > 0) enterItem(dashes);
  if (mode === 'map' && col === 0) return [];
  let read = 0;
  for (let line = previousLine(text, lineStart); line; line = previousLine(text, line.start)) {
    read += line.end - line.start + 1;
    if (read > MAX_SCAN || reversed.length > MAX_LEVELS) return undefined;
    // Most lines are deeper than the walk's column: skipped before they are read.
    if (indentOf(text, line.start, line.end) > (mode === 'map' ? col : seqCol)) continue;
    const l = readLine(text, line.start, line.end);
    if (l.blank) continue;
    if (mode === 'map') {
      if (l.col > col && l.indent >= col) continue;
      if (l.col === col && l.indent <= col) {
        if (l.key === undefined) return undefined;
        present?.push(l.key);
        if (!current.has(l.key)) current.set(l.key, l.value);
        if (l.dashes.length > 0) enterItem(l.dashes);
        continue;
      }
      if (l.col > col) return undefined;
    } else {
      if (l.indent > seqCol) continue;
      if (l.indent === seqCol && l.dashes[0] === seqCol) {
        items++;
        continue;
      }
      reversed.push({ item: items });
      // A list may sit at its key's own column (`Tags:` then `- Key: …` under it).
      if (l.col > seqCol) return undefined;
    }
    if (l.key === undefined) {
      // `-` alone, or `- !If`, opens an item whose content is on the lines below.
      const tagOnly = /^!([A-Za-z]+)$/.exec(l.value);
      if (l.value !== '' && !tagOnly) return undefined;
      if (tagOnly) reversed.push({ tag: tagOnly[1]! });
      present = undefined;
      if (l.dashes.length > 0) enterItem(l.dashes);
      else if (tagOnly) {
        // A tag on its own line, its argument below: the key above holds both.
        col = l.col;
        mode = 'map';
      } else return undefined;
      continue;
    }
    // The parent: a key whose value is on the lines below, or a tag whose argument is.
    const tag = /^!([A-Za-z]+)$/.exec(l.value);
    if (l.value !== '' && !tag) return undefined;
    if (tag) reversed.push({ tag: tag[1]! });
    present = undefined;
    current = new Map();
    reversed.push({ key: l.key, siblings: current, line: l.start, col: l.col });
    col = l.col;
    mode = 'map';
    if (l.dashes.length > 0) enterItem(l.dashes);
    else if (col === 0) return reversed.reverse();
  }
  // The first line was reached: only the root map is there.
  return mode === 'map' && col === 0 ? reversed.reverse() : undefined;
}

/** Keys at `col` below the line at `lineStart`, of the same map (stops at a line left of it). */
function blockKeysBelow(text: string, lineStart: number, col: number, found: Map<string, string>, present: string[] | undefined): void {
  let read = 0;
  for (let line = nextLine(text, lineStart); line; line = nextLine(text, line.start)) {
    read += line.end - line.start + 1;
    if (read > MAX_AHEAD) return;
    if (indentOf(text, line.start, line.end) > col) continue;
    const l = readLine(text, line.start, line.end);
    if (l.blank) continue;
    if (l.indent < col) return;
    if (l.col === col && l.indent === col && l.key !== undefined) {
      present?.push(l.key);
      if (!found.has(l.key)) found.set(l.key, l.value);
    }
  }
}

function yamlContext(text: string, offset: number): RawContext | undefined {
  const lineStart = lineStartOf(text, offset);
  const lineEnd = lineEndOf(text, offset);
  const line = readLine(text, lineStart, offset);
  const content = lineStart + line.col;
  // In a comment: a `#` at the start or after a blank, outside quotes.
  if (/(^|[ \t])#/.test(text.slice(content, offset).replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""'))) return undefined;
  const siblings = new Map<string, string>();
  const present: string[] = [];
  const keyMatch = KEY.exec(text.slice(content, offset));
  if (!keyMatch) {
    // A bare word (or nothing) where a key goes; after `- `, also an item of a list.
    const word = text.slice(content, offset);
    const inFlow = /^(![A-Za-z]+\s+)?[[{]/.test(word) || /^!/.test(word);
    if (inFlow && line.dashes.length > 0) return flowValue(text, lineStart, content, offset, lineEnd, blockItemPath(text, lineStart, line));
    if (/[\s:#{}[\],"'!&*|>]/.test(word)) return undefined;
    const col = line.col;
    const path = blockPath(text, lineStart, col, line.dashes, siblings, present);
    if (!path) return undefined;
    const end = wordEnd(text, offset, lineEnd);
    blockKeysBelow(text, lineStart, col, siblings, present);
    const colonFollows = /^[ \t]*:/.test(text.slice(end, lineEnd));
    return {
      // After `- `, a list's item, or the first key of a map that is one.
      position: line.dashes.length > 0 ? 'item' : 'key',
      path,
      syntax: 'block',
      prefix: word,
      word: text.slice(content, end),
      start: content,
      end,
      quoted: false,
      present,
      colonFollows,
      column: col,
      itemsBefore: [],
      needsSpace: false,
      ...typeFrom(text, path, siblings),
    };
  }
  // `key: value…`: the value typed so far, which may open flow collections or carry a tag.
  const key = unquote(keyMatch[1]!.trimEnd());
  const path = blockPath(text, lineStart, line.col, line.dashes, siblings, present);
  if (!path) return undefined;
  blockKeysBelow(text, lineStart, line.col, siblings, present);
  let valueStart = content + keyMatch[0].length;
  while (valueStart < offset && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
  const keySegment: Segment = { key, siblings, line: lineStart, col: line.col };
  return flowValue(text, lineStart, valueStart, offset, lineEnd, { path: [...path, keySegment], column: line.col, present });
}

/** The path of a `- ` item on a block line (for `- [a, b]` or `- !Ref x`). */
function blockItemPath(text: string, lineStart: number, line: BlockLine): { path: Segment[]; column: number; present: string[] } | undefined {
  // The item's own marker is the last one; the walk counts the items above it.
  const dashes = line.dashes;
  const col = dashes[dashes.length - 1]!;
  const path = blockPath(text, lineStart, col + 2, dashes, new Map(), undefined);
  return path ? { path, column: col + 2, present: [] } : undefined;
}

function wordEnd(text: string, offset: number, lineEnd: number): number {
  let end = offset;
  while (end < lineEnd && !/[\s:#{}[\],"']/.test(text[end]!)) end++;
  return end;
}

/**
 * The resource's `Type` when the path is `Resources`, a logical id, and on: written beside the
 * cursor (a key of the resource itself) or beside the path's third key (`Properties`). The walk
 * up saw the keys above; in YAML block style the rest of the resource's map is read too.
 */
function typeFrom(text: string, path: readonly Segment[], atCursor: Map<string, string>): { resourceTypeText?: string } {
  const first = path[0];
  if (!first || !('key' in first) || first.key !== 'Resources' || path.length < 2) return {};
  const third = path[2];
  const inResource = path.length === 2 ? atCursor : third && 'key' in third ? third.siblings : undefined;
  if (!inResource) return {};
  if (!inResource.has('Type') && third && 'key' in third && third.line !== undefined && third.col !== undefined) blockKeysBelow(text, third.line, third.col, inResource, undefined);
  const type = inResource.get('Type');
  return type ? { resourceTypeText: unquote(type) } : {};
}

// ---------------------------------------------------------------------------------------------
// Tokens (YAML flow style and JSON)

interface Token {
  readonly t: '{' | '}' | '[' | ']' | ',' | ':' | 's' | 'tag';
  readonly start: number;
  readonly end: number;
  /** A scalar's value (unquoted) or a tag's name. */
  readonly text: string;
  readonly quoted: boolean;
  /** A quoted scalar's closing quote is on the line. */
  readonly closed: boolean;
}

function punct(t: Token['t'], at: number): Token {
  return { t, start: at, end: at + 1, text: '', quoted: false, closed: true };
}

/** The tokens of one line (JSON strings and flow collections never span lines in practice). */
function tokenize(text: string, from: number, to: number, json: boolean): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (!json && c === '#' && (i === from || /\s/.test(text[i - 1]!))) break;
    if (c === '{' || c === '}' || c === '[' || c === ']' || c === ',') {
      tokens.push(punct(c, i++));
      continue;
    }
    // `AWS::S3::Bucket` typed without quotes in JSON is one word.
    if (c === ':' && ((json && text[i + 1] !== ':') || i + 1 >= to || /[\s,[\]{}]/.test(text[i + 1]!) || tokens[tokens.length - 1]?.quoted === true)) {
      tokens.push(punct(':', i++));
      continue;
    }
    if (c === '"' || (!json && c === "'")) {
      let j = i + 1;
      while (j < to) {
        if (c === '"' && text[j] === '\\') j += 2;
        else if (c === "'" && text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === c) break;
        else j++;
      }
      const closed = j < to;
      const end = closed ? j + 1 : to;
      tokens.push({ t: 's', start: i, end, text: unquote(closed ? text.slice(i, end) : text.slice(i + 1, to)), quoted: true, closed });
      i = end;
      continue;
    }
    if (!json && c === '!') {
      let j = i + 1;
      while (j < to && !/[\s,[\]{}]/.test(text[j]!)) j++;
      tokens.push({ t: 'tag', start: i, end: j, text: text.slice(i + 1, j), quoted: false, closed: true });
      i = j;
      continue;
    }
    let j = i;
    while (j < to) {
      const d = text[j]!;
      if (d === ',' || d === '[' || d === ']' || d === '{' || d === '}') break;
      if (json && ((d === ':' && text[j + 1] !== ':' && text[j - 1] !== ':') || d === '"' || d === ' ' || d === '\t' || d === '\r')) break;
      if (!json && d === ':' && text[j - 1] !== ':' && text[j + 1] !== ':' && (j + 1 >= to || /[\s,[\]{}]/.test(text[j + 1]!))) break;
      if (!json && d === '#' && /\s/.test(text[j - 1]!)) break;
      j++;
    }
    let end = j;
    while (end > i && /\s/.test(text[end - 1]!)) end--;
    tokens.push({ t: 's', start: i, end, text: text.slice(i, end), quoted: false, closed: true });
    i = j;
  }
  return tokens;
}

/** Tokens read backwards from a point: the rest of a line, then (JSON) the lines above it. */
class Backward {
  private read = 0;
  private lineStart: number;

  constructor(
    private readonly text: string,
    private buffer: Token[],
    lineStart: number,
    private readonly json: boolean,
    private readonly floor: number,
  ) {
    this.lineStart = lineStart;
  }

  /** Set once the cap stopped the walk, so running out of tokens is no proof of the root. */
  capped = false;

  peek(): Token | undefined {
    this.fill();
    return this.buffer[this.buffer.length - 1];
  }

  next(): Token | undefined {
    this.fill();
    return this.buffer.pop();
  }

  /**
   * Consumes a closed collection whose closing bracket was just read, up to its opening one;
   * false when there is none (broken text, or the cap). Earlier lines are read for their brackets
   * alone: most of a large template is closed collections, and they need no tokens.
   */
  skipClosed(): boolean {
    let depth = 1;
    while (this.buffer.length > 0) {
      const t = this.buffer.pop()!;
      if (t.t === '}' || t.t === ']') depth++;
      else if ((t.t === '{' || t.t === '[') && --depth === 0) return true;
    }
    if (!this.json) return false;
    for (let line = previousLine(this.text, this.lineStart); line && this.lineStart > this.floor; line = previousLine(this.text, line.start)) {
      this.read += line.end - line.start + 1;
      if (this.read > MAX_SCAN) {
        this.capped = true;
        return false;
      }
      this.lineStart = line.start;
      const brackets = bracketsOf(this.text, line.start, line.end);
      for (let k = brackets.length - 1; k >= 0; k--) {
        const c = this.text.charCodeAt(brackets[k]!);
        if (c === 0x7d || c === 0x5d) depth++;
        else if (--depth === 0) {
          this.buffer = tokenize(this.text, line.start, brackets[k]!, true);
          return true;
        }
      }
    }
    return false;
  }

  private fill(): void {
    while (this.buffer.length === 0 && this.json && this.lineStart > this.floor) {
      const line = previousLine(this.text, this.lineStart);
      if (!line) return;
      this.read += line.end - line.start + 1;
      if (this.read > MAX_SCAN) {
        this.capped = true;
        return;
      }
      this.lineStart = line.start;
      this.buffer = tokenize(this.text, line.start, line.end, true);
    }
  }
}

/** Where a JSON line has brackets outside strings. */
function bracketsOf(text: string, start: number, end: number): number[] {
  const found: number[] = [];
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d) found.push(i);
  }
  return found;
}

interface FlowResult {
  readonly reversed: Segment[];
  readonly position: RawContext['position'];
  readonly present: string[];
  readonly itemsBefore: string[];
  /** The siblings of the first level (the map the cursor's key or value is in). */
  readonly siblings: Map<string, string>;
  /** Whether the walk ended at the root (JSON) or the start of the value (YAML). */
  readonly complete: boolean;
  /** The opener of the innermost collection, for the keys after the cursor. */
  readonly opener?: Token;
}

/**
 * Walks back from the word at the cursor to the outermost collection, one level at a time: what
 * precedes a node says whether it is a key's value (`key :`) or a list item (then the commas back
 * to `[` count its index); closed collections on the way are skipped by depth.
 */
function walkBack(tokens: Backward): FlowResult | undefined {
  const reversed: Segment[] = [];
  const present: string[] = [];
  let itemsBefore: string[] = [];
  let position: RawContext['position'] | undefined;
  let firstSiblings = new Map<string, string>();
  let innermost: Token | undefined;
  for (let level = 0; level < MAX_LEVELS; level++) {
    let token = tokens.peek();
    if (token?.t === 'tag') {
      reversed.push({ tag: token.text });
      tokens.next();
      token = tokens.peek();
    }
    let key: string | undefined;
    if (token?.t === ':') {
      tokens.next();
      const keyToken = tokens.next();
      if (keyToken?.t !== 's') return undefined;
      key = keyToken.text;
    }
    let commas = 0;
    const siblings = new Map<string, string>();
    const scalars: string[] = [];
    let after: Token | undefined;
    let opener: Token | undefined;
    for (let t = tokens.next(); t; t = tokens.next()) {
      if (t.t === '}' || t.t === ']') {
        // A closed collection before the node: a sibling's value, or an earlier item.
        if (!tokens.skipClosed()) return undefined;
      } else if (t.t === '{' || t.t === '[') {
        opener = t;
        break;
      } else if (t.t === ',') commas++;
      else if (t.t === ':') {
        const k = tokens.next();
        if (k?.t !== 's') return undefined;
        if (level === 0) present.push(k.text);
        if (!siblings.has(k.text)) siblings.set(k.text, after?.t === 's' ? after.text : '');
        // The scalar before a colon was a key, not an item.
        scalars.pop();
        t = k;
      } else if (t.t === 's') scalars.push(t.text);
      after = t;
    }
    if (key !== undefined) reversed.push({ key, siblings });
    if (level === 0) {
      firstSiblings = siblings;
      innermost = opener;
      itemsBefore = scalars.reverse();
      position = key !== undefined ? 'value' : opener?.t === '{' ? 'key' : opener?.t === '[' ? 'item' : 'value';
    } else if (key === undefined && opener?.t === '{') return undefined;
    if (!opener) {
      // Nothing encloses this node: it must be all there is (the start of a YAML value, or JSON's root).
      if (commas > 0 || siblings.size > 0 || tokens.capped) return undefined;
      return { reversed, position: position!, present, itemsBefore, siblings: firstSiblings, complete: true, ...(innermost ? { opener: innermost } : {}) };
    }
    if (opener.t === '[') reversed.push({ item: commas });
  }
  return undefined;
}

/** Keys after the cursor in the map it is in, up to its closing brace. */
function keysAhead(text: string, from: number, json: boolean, lineEnd: number, present: string[]): void {
  let depth = 0;
  let previous: Token | undefined;
  let start = from;
  let end = lineEnd;
  while (start - from <= MAX_AHEAD) {
    for (const t of tokenize(text, start, end, json)) {
      if (t.t === '{' || t.t === '[') depth++;
      else if (t.t === '}' || t.t === ']') {
        if (depth === 0) return;
        depth--;
      } else if (t.t === ':' && depth === 0 && previous?.t === 's') present.push(previous.text);
      previous = t;
    }
    if (!json) return;
    const line = nextLine(text, end);
    if (!line) return;
    [start, end] = [line.start, line.end];
  }
}

/** The token holding the cursor (a word being typed), and the tokens before it on the line. */
function splitAtCursor(tokens: Token[], offset: number): { word?: Token; before: Token[]; afterWord: number } | undefined {
  const before: Token[] = [];
  for (const t of tokens) {
    if (t.end < offset || (t.end === offset && t.t !== 's')) {
      before.push(t);
      continue;
    }
    if (t.start >= offset) break;
    if (t.t === 'tag') return undefined;
    if (t.t !== 's') {
      before.push(t);
      continue;
    }
    // A closed quoted scalar ends at the cursor: the value is written.
    if (t.quoted && t.closed && offset >= t.end) return undefined;
    return { word: t, before, afterWord: t.end };
  }
  return { before, afterWord: offset };
}

function jsonContext(text: string, offset: number): RawContext | undefined {
  const lineStart = lineStartOf(text, offset);
  const lineEnd = lineEndOf(text, offset);
  const split = splitAtCursor(tokenize(text, lineStart, lineEnd, true), offset);
  if (!split) return undefined;
  const walked = walkBack(new Backward(text, split.before, lineStart, true, 0));
  if (!walked) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
  return finish(text, offset, lineEnd, split, walked, { path: [], column: indent, present: [] }, 'json', true);
}

/** A YAML value from `valueStart`: a plain word, or flow collections and tags, on this line. */
function flowValue(
  text: string,
  lineStart: number,
  valueStart: number,
  offset: number,
  lineEnd: number,
  outer: { path: Segment[]; column: number; present: string[] } | undefined,
): RawContext | undefined {
  if (!outer) return undefined;
  if (/^[|>]/.test(text.slice(valueStart, offset))) return undefined;
  const split = splitAtCursor(tokenize(text, valueStart, lineEnd, false), offset);
  if (!split) return undefined;
  const walked = walkBack(new Backward(text, split.before, lineStart, false, lineStart));
  if (!walked) return undefined;
  const flow = walked.reversed.length > 0 && walked.opener !== undefined;
  return finish(text, offset, lineEnd, split, walked, outer, flow ? 'flow' : 'block', false);
}

function finish(
  text: string,
  offset: number,
  lineEnd: number,
  split: { word?: Token; afterWord: number },
  walked: FlowResult,
  outer: { readonly path: readonly Segment[]; readonly column: number; readonly present: readonly string[] },
  syntax: Syntax,
  json: boolean,
): RawContext | undefined {
  const word = split.word;
  const quoted = word?.quoted === true;
  // The typed part only: what the cursor has passed.
  const prefix = word ? (quoted ? text.slice(word.start + 1, offset) : text.slice(word.start, offset)) : '';
  if (quoted && /\\/.test(prefix)) return undefined;
  const start = word ? word.start : offset;
  const end = word ? word.end : offset;
  // Inside a collection, its keys; a block value's own line, the block map's keys.
  const present = walked.opener ? [...walked.present] : [...outer.present];
  if (walked.opener?.t === '{') keysAhead(text, split.afterWord, json, lineEnd, present);
  const path = [...outer.path, ...walked.reversed.reverse()];
  const column = outer.column;
  if (path.length > MAX_LEVELS) return undefined;
  const colonFollows = /^[ \t]*:/.test(text.slice(end, lineEnd));
  const siblings = walked.siblings;
  return {
    position: walked.position,
    path,
    syntax,
    prefix,
    word: word ? word.text : '',
    start,
    end,
    quoted,
    ...(quoted ? { quote: text[start] === "'" ? "'" : '"' } : {}),
    present,
    colonFollows,
    column,
    itemsBefore: walked.itemsBefore,
    needsSpace: !json && start > 0 && text[start - 1] === ':',
    ...typeFrom(text, path, siblings),
  };
}

// ---------------------------------------------------------------------------------------------
// Fn::Sub

/** `${` not yet closed before the cursor, in a line or string that belongs to a `Sub`. */
function subContext(text: string, offset: number): SubContext | undefined {
  const lineStart = lineStartOf(text, offset);
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf('${');
  if (open < 0) return undefined;
  const name = before.slice(open + 2);
  if (!/^[A-Za-z0-9:._-]*$/.test(name)) return undefined;
  const back = text.slice(Math.max(0, lineStart + open - SUB_LOOKBACK), lineStart + open);
  if (!/!Sub\b|Fn::Sub/.test(back)) return undefined;
  const start = lineStart + open + 2;
  let end = offset;
  while (end < text.length && /[A-Za-z0-9:._-]/.test(text[end]!)) end++;
  return { position: 'sub', prefix: name, start, end };
}
