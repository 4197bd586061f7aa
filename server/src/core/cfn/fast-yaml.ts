// A fast reader for the YAML that templates are written in: block and flow collections, plain,
// quoted and block scalars, short-form tags and comments. It builds the same model as the full
// `yaml` package does, several times faster, and hands anything else back (anchors and aliases
// other than block values, explicit keys, directives, multi-line plain scalars, several documents,
// and every error) by returning `undefined`, so the full parser decides and words the error message.
import type { MapNode, Node, Pair, ScalarNode, ScalarValue, SeqNode } from './model';

/** Thrown inside the reader when the text needs the full parser; never escapes this module. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;

interface Tag {
  readonly name: string;
  readonly start: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads a YAML template, or returns undefined when the full parser must. */
export function fastYaml(text: string, maxDepth: number): Node | null | undefined {
  try {
    return new Reader(text, maxDepth).document();
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
}

function bail(): never {
  throw UNSUPPORTED;
}

/** A tag followed by no value, ending where the value would have started. */
function emptyTagged(tag: Tag, at: number): ScalarNode {
  return { kind: 'scalar', value: '', style: 'plain', start: tag.start, end: at, tag: tag.name };
}

/** The value of an untagged plain scalar under the YAML 1.2 core schema, as the `yaml` package reads it. */
export function resolvePlain(s: string): ScalarValue {
  const c = s.charCodeAt(0);
  // Fast path: most plain scalars start with a letter that no null, bool or number can start with.
  if (!(c >= 48 && c <= 57) && c !== 43 && c !== 45 && c !== 46 && c !== 126 && c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70 && s !== '') return s;
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Aliases the fast reader takes: more go to the full parser, whose alias budget words any error. */
const MAX_ALIASES = 100;

class Reader {
  private pos = 0;
  private flowLevel = 0;
  private readonly len: number;
  /** The anchors defined so far: an alias to any other is an error, the full parser's to word. */
  private readonly anchors = new Set<string>();
  private aliases = 0;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
  ) {
    this.len = src.length;
  }

  document(): Node | null {
    const { src } = this;
    // A byte-order mark, or a carriage return that does not end a line, goes to the full parser.
    if (src.charCodeAt(0) === 0xfeff || /\r(?!\n)/.test(src)) bail();
    let indent = this.nextContentLine();
    if (indent === 0 && src.charCodeAt(this.pos) === 37 /* % */) bail();
    if (indent === 0 && this.marker('---')) {
      this.pos += 3;
      this.finishLine();
      indent = this.nextContentLine();
    }
    // A document without content goes to the full parser, which knows what it holds.
    if (indent < 0 || (indent === 0 && this.marker('...'))) bail();
    this.pos += indent;
    const root = this.blockNodeAt(indent, -1, 0, undefined);
    indent = this.nextContentLine();
    if (indent === 0 && this.marker('...')) {
      this.pos += 3;
      this.finishLine();
      indent = this.nextContentLine();
    }
    if (indent !== -1) bail();
    return root;
  }

  private atMarker(): boolean {
    return this.marker('---') || this.marker('...');
  }

  /** A document marker (`---` or `...`) at the current line start. */
  private marker(m: string): boolean {
    const { src, pos } = this;
    if (!src.startsWith(m, pos)) return false;
    const c = src.charCodeAt(pos + 3);
    return Number.isNaN(c) || c === SPACE || c === TAB || c === LF || c === CR;
  }

  /**
   * From a line start, skips blank and comment-only lines. Leaves `pos` at the start of the next
   * line with content and returns its indentation, or -1 at the end of the text.
   */
  private nextContentLine(): number {
    const { src, len } = this;
    let p = this.pos;
    while (p < len) {
      let i = p;
      while (src.charCodeAt(i) === SPACE) i++;
      let c = src.charCodeAt(i);
      if (c === TAB) {
        // Tabs may separate but never indent: a tab before content goes to the full parser.
        let j = i;
        while (src.charCodeAt(j) === TAB || src.charCodeAt(j) === SPACE) j++;
        c = src.charCodeAt(j);
        if (c !== LF && c !== CR && c !== HASH && j < len) bail();
        i = j;
      }
      if (i >= len) {
        p = len;
        break;
      }
      if (c === HASH || c === LF || c === CR) {
        const nl = src.indexOf('\n', i);
        if (nl < 0) {
          if (c === CR) bail();
          p = len;
          break;
        }
        if (c === CR && nl !== i + 1) bail();
        p = nl + 1;
        continue;
      }
      this.pos = p;
      return i - p;
    }
    this.pos = p;
    return -1;
  }

  /** After a value: optional spaces and a comment, then the line end. Moves to the next line. */
  private finishLine(): void {
    const { src } = this;
    let p = this.pos;
    let spaced = false;
    while (src.charCodeAt(p) === SPACE || src.charCodeAt(p) === TAB) {
      p++;
      spaced = true;
    }
    const c = src.charCodeAt(p);
    if (c === HASH) {
      if (!spaced) bail();
      const nl = src.indexOf('\n', p);
      this.pos = nl < 0 ? this.len : nl + 1;
      return;
    }
    if (p >= this.len) {
      this.pos = p;
      return;
    }
    if (c === LF) {
      this.pos = p + 1;
      return;
    }
    if (c === CR && src.charCodeAt(p + 1) === LF) {
      this.pos = p + 2;
      return;
    }
    bail();
  }

  private isBlank(c: number): boolean {
    return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
  }

  /** A block node whose first character is at `pos`, in column `col`, below a parent at `parentIndent`. */
  private blockNodeAt(col: number, parentIndent: number, depth: number, tag: Tag | undefined): Node | null {
    const { src, pos } = this;
    if (src.charCodeAt(pos) === DASH && this.isBlank(src.charCodeAt(pos + 1))) return this.blockSeq(col, depth + 1, tag);
    if (this.scanKey(pos)) return this.blockMap(col, depth + 1, tag);
    return this.inlineValue(parentIndent, depth, tag);
  }

  /**
   * The node on the lines after a `key:` or `-` that ended its line: more indented than the parent,
   * or, for a map value, a sequence at the key's own indentation. Null when there is none.
   */
  private nodeOnNextLines(parentIndent: number, depth: number, tag: Tag | undefined, mapValue: boolean): Node | null {
    const indent = this.nextContentLine();
    if (indent < 0) return null;
    if (indent > parentIndent) {
      this.pos += indent;
      return this.blockNodeAt(indent, parentIndent, depth, tag);
    }
    if (mapValue && indent === parentIndent) {
      const at = this.pos + indent;
      if (this.src.charCodeAt(at) === DASH && this.isBlank(this.src.charCodeAt(at + 1))) {
        this.pos = at;
        return this.blockSeq(indent, depth + 1, tag);
      }
    }
    return null;
  }

  /** The end of a block collection: past the line on which its last value ends. */
  private blockEnd(lastEnd: number): number {
    if (lastEnd > 0 && this.src.charCodeAt(lastEnd - 1) === LF) return lastEnd;
    const nl = this.src.indexOf('\n', lastEnd);
    return nl < 0 ? this.len : nl + 1;
  }

  private blockMap(col: number, depth: number, tag: Tag | undefined): MapNode {
    if (depth > this.maxDepth) bail();
    const pairs: Pair[] = [];
    const map: Mutable<MapNode> = { kind: 'map', flow: false, pairs, start: tag ? tag.start : this.pos, end: 0 };
    if (tag) map.tag = tag.name;
    // Most maps hold a few keys: they are compared directly, and a set is made only for a larger map.
    let keys: Set<string> | undefined;
    let lastEnd = 0;
    for (;;) {
      const key = this.scanKey(this.pos);
      if (!key) bail();
      if (keys ? keys.has(key.key) : pairs.some((pair) => pair.key === key.key)) bail();
      if (keys) keys.add(key.key);
      else if (pairs.length >= 8) keys = new Set([...pairs.map((pair) => pair.key), key.key]);
      this.pos = key.after;
      const value = this.valueAfterIndicator(col, depth, true);
      pairs.push({ key: key.key, keyStart: key.start, keyEnd: key.end, value, parent: map });
      lastEnd = value ? value.end : key.end;
      const indent = this.nextContentLine();
      if (indent < col || (indent === 0 && this.atMarker())) break;
      if (indent > col) bail();
      this.pos += indent;
    }
    map.end = this.blockEnd(lastEnd);
    return map;
  }

  private blockSeq(col: number, depth: number, tag: Tag | undefined): SeqNode {
    if (depth > this.maxDepth) bail();
    const { src } = this;
    const items: Node[] = [];
    const seq: Mutable<SeqNode> = { kind: 'seq', flow: false, items, start: tag ? tag.start : this.pos, end: 0 };
    if (tag) seq.tag = tag.name;
    for (;;) {
      const dash = this.pos;
      this.pos++;
      let p = this.pos;
      while (src.charCodeAt(p) === SPACE) p++;
      const c = src.charCodeAt(p);
      let item: Node | null;
      if (c === TAB) bail();
      if (p >= this.len || c === LF || c === CR || c === HASH) {
        this.finishLine();
        item = this.nodeOnNextLines(col, depth, undefined, false);
      } else {
        this.pos = p;
        const itemCol = col + (p - dash);
        if (c === DASH && this.isBlank(src.charCodeAt(p + 1))) item = this.blockSeq(itemCol, depth + 1, undefined);
        else if (this.scanKey(p)) item = this.blockMap(itemCol, depth + 1, undefined);
        else item = this.inlineValue(col, depth, undefined);
      }
      if (!item) bail();
      items.push(item);
      const indent = this.nextContentLine();
      if (indent < col || (indent === 0 && this.atMarker())) break;
      if (indent > col) bail();
      const at = this.pos + indent;
      if (!(src.charCodeAt(at) === DASH && this.isBlank(src.charCodeAt(at + 1)))) break;
      this.pos = at;
    }
    seq.end = this.blockEnd(items[items.length - 1]!.end);
    return seq;
  }

  /**
   * An implicit block key at `p`: a plain or single-line quoted scalar followed by `:` and a
   * space or the line end. Undefined when the line is not a key.
   */
  /** The last key scanned: a block node's first key is scanned to decide it is a map, then read again by the map. */
  private scannedAt = -1;
  private scanned: { key: string; start: number; end: number; after: number } | undefined;

  private scanKey(p: number): { key: string; start: number; end: number; after: number } | undefined {
    if (p !== this.scannedAt) {
      this.scanned = this.readKey(p);
      this.scannedAt = p;
    }
    return this.scanned;
  }

  private readKey(p: number): { key: string; start: number; end: number; after: number } | undefined {
    const { src } = this;
    const c = src.charCodeAt(p);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const q = this.quotedOnLine(p);
      if (!q) return undefined;
      let i = q.end;
      while (src.charCodeAt(i) === SPACE) i++;
      if (src.charCodeAt(i) !== COLON || !this.isBlank(src.charCodeAt(i + 1))) return undefined;
      return { key: q.value, start: p, end: q.end, after: i + 1 };
    }
    if (!this.canStartPlain(p, false)) return undefined;
    let i = p;
    for (;;) {
      const ch = src.charCodeAt(i);
      if (ch === LF || ch === CR || Number.isNaN(ch)) return undefined;
      if (ch === COLON && this.isBlank(src.charCodeAt(i + 1))) break;
      if (ch === HASH && (src.charCodeAt(i - 1) === SPACE || src.charCodeAt(i - 1) === TAB)) return undefined;
      i++;
    }
    let end = i;
    while (src.charCodeAt(end - 1) === SPACE || src.charCodeAt(end - 1) === TAB) end--;
    const raw = src.slice(p, end);
    return { key: String(resolvePlain(raw)), start: p, end, after: i + 1 };
  }

  /** Whether a plain scalar may start at `p` (no indicator character in the way). */
  private canStartPlain(p: number, flow: boolean): boolean {
    const { src } = this;
    const c = src.charCodeAt(p);
    switch (c) {
      case DASH:
      case 63: // ?
      case COLON: {
        const n = src.charCodeAt(p + 1);
        return !(this.isBlank(n) || (flow && (n === COMMA || n === 91 || n === 93 || n === 123 || n === 125)));
      }
      case COMMA:
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case HASH:
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case 39: // '
      case 34: // "
      case 37: // %
      case 64: // @
      case 96: // `
        return false;
      default:
        return !this.isBlank(c);
    }
  }

  /** After `key:` or `- `: the value on this line, or on the lines below. Moves past its last line. */
  private valueAfterIndicator(parentIndent: number, depth: number, mapValue: boolean): Node | null {
    const { src } = this;
    let p = this.pos;
    while (src.charCodeAt(p) === SPACE || src.charCodeAt(p) === TAB) p++;
    const c = src.charCodeAt(p);
    if (p >= this.len || c === LF || c === CR || c === HASH) {
      this.finishLine();
      return this.nodeOnNextLines(parentIndent, depth, undefined, mapValue);
    }
    this.pos = p;
    return this.inlineValue(parentIndent, depth, undefined, mapValue);
  }

  /** An anchor or alias name after `&` or `*` at `p`: up to a blank; flow indicators go to the full parser. */
  private anchorName(p: number): { name: string; end: number } {
    const { src } = this;
    let end = p + 1;
    while (end < this.len && !this.isBlank(src.charCodeAt(end))) {
      const ch = src.charCodeAt(end);
      if (ch === COMMA || ch === 91 || ch === 93 || ch === 123 || ch === 125) bail();
      end++;
    }
    if (end === p + 1) bail();
    return { name: src.slice(p + 1, end), end };
  }

  /**
   * `*name` as a block value. The model, as the full parser's conversion builds it, does not
   * resolve aliases: an alias is an empty value where it is written, so no alias bomb can grow.
   */
  private alias(): Node {
    const start = this.pos;
    const { name, end } = this.anchorName(start);
    if (!this.anchors.has(name) || ++this.aliases > MAX_ALIASES) bail();
    this.pos = end;
    this.finishLine();
    return { kind: 'scalar', value: null, style: 'plain', start, end };
  }

  /** `&name` before a block value: the value, remembered under that name. */
  private anchored(parentIndent: number, depth: number, mapValue: boolean): Node {
    const { src } = this;
    const { name, end } = this.anchorName(this.pos);
    let p = end;
    while (src.charCodeAt(p) === SPACE || src.charCodeAt(p) === TAB) p++;
    const c = src.charCodeAt(p);
    // A tag or a second property beside the anchor, or an anchored key, is the full parser's.
    if (c === 33 || c === 38 || c === 42 || c === 124 || c === 62) bail();
    let node: Node | null;
    if (p >= this.len || c === LF || c === CR || c === HASH) {
      this.pos = end;
      this.finishLine();
      node = this.nodeOnNextLines(parentIndent, depth, undefined, mapValue);
    } else {
      if (this.scanKey(p)) bail();
      this.pos = p;
      node = this.inlineValue(parentIndent, depth, undefined, mapValue);
    }
    if (!node) bail();
    this.anchors.add(name);
    return node;
  }

  /** A value starting at `pos` on the current line (a tag may push it to the next lines). */
  private inlineValue(parentIndent: number, depth: number, tag: Tag | undefined, mapValue = false): Node | null {
    const { src } = this;
    let c = src.charCodeAt(this.pos);
    if (!tag && this.flowLevel === 0 && c === 42 /* * */) return this.alias();
    if (!tag && this.flowLevel === 0 && c === 38 /* & */) return this.anchored(parentIndent, depth, mapValue);
    if (c === 33 /* ! */) {
      if (tag) bail();
      tag = this.readTag();
      let p = this.pos;
      while (src.charCodeAt(p) === SPACE || src.charCodeAt(p) === TAB) p++;
      c = src.charCodeAt(p);
      if (p >= this.len || c === LF || c === CR || c === HASH) {
        this.finishLine();
        // A tag with nothing below it tags an empty string (`!GetAZs` alone).
        const below = this.nodeOnNextLines(parentIndent, depth, tag, mapValue);
        // A comment between a tag and the node below it moves where the full parser starts that node: its case.
        if (below && c === HASH) bail();
        return below ?? emptyTagged(tag, p);
      }
      this.pos = p;
    }
    let node: Node;
    switch (c) {
      case 124: // |
      case 62: // >
        return this.blockScalar(parentIndent, tag);
      case 91: // [
      case 123: // {
        node = this.flowCollection(parentIndent, depth + 1, tag);
        break;
      case 34: // "
      case 39: // '
        node = this.quoted(parentIndent, tag);
        break;
      default:
        node = this.plainInBlock(parentIndent, tag);
    }
    this.finishLine();
    return node;
  }

  private readTag(): Tag {
    const { src } = this;
    const start = this.pos;
    let p = start + 1;
    for (;;) {
      const ch = src.charCodeAt(p);
      // Letters, digits and the punctuation of CloudFormation's tags; `!!` and verbatim tags go to the full parser.
      if ((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 58 || ch === 46 || ch === 95 || ch === DASH) p++;
      else break;
    }
    const next = src.charCodeAt(p);
    if (p === start + 1 || !(this.isBlank(next) || (this.flowLevel > 0 && (next === COMMA || next === 93 || next === 125)))) bail();
    this.pos = p;
    return { name: src.slice(start + 1, p), start };
  }

  /** A plain scalar in block context; lines indented past the parent continue it, folded. */
  private plainInBlock(parentIndent: number, tag: Tag | undefined): ScalarNode {
    const { src } = this;
    const start = this.pos;
    if (!this.canStartPlain(start, false)) bail();
    let end = this.plainLineEnd(start, true);
    let raw = src.slice(start, end);
    // Continuation lines: more indented than the parent, not comments, separated by blank lines at most.
    let p = end;
    while (src.charCodeAt(p) === SPACE || src.charCodeAt(p) === TAB) p++;
    if (src.charCodeAt(p) !== HASH) {
      let breaks = 0;
      for (;;) {
        const c = src.charCodeAt(p);
        if (c === CR) p++;
        if (src.charCodeAt(p) !== LF) break;
        p++;
        let indent = 0;
        while (src.charCodeAt(p + indent) === SPACE) indent++;
        let q = p + indent;
        while (src.charCodeAt(q) === SPACE || src.charCodeAt(q) === TAB) q++;
        const n = src.charCodeAt(q);
        if (n === LF || n === CR) {
          breaks++;
          p = q;
          continue;
        }
        if (Number.isNaN(n) || n === HASH || indent <= parentIndent) break;
        if (src.charCodeAt(p + indent) === TAB) bail();
        if (indent === 0 && (src.startsWith('---', q) || src.startsWith('...', q))) break;
        const lineEnd = this.plainLineEnd(q, false);
        raw += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + src.slice(q, lineEnd);
        end = lineEnd;
        breaks = 0;
        p = lineEnd;
        while (src.charCodeAt(p) === SPACE || src.charCodeAt(p) === TAB) p++;
        if (src.charCodeAt(p) === HASH) break;
      }
    }
    this.pos = end;
    return this.scalar(raw, 'plain', start, end, tag);
  }

  /** Where the plain text on this line ends (before a comment and trailing blanks). */
  private plainLineEnd(start: number, first: boolean): number {
    const { src } = this;
    let i = start;
    for (;;) {
      const ch = src.charCodeAt(i);
      if (ch === LF || ch === CR || Number.isNaN(ch)) break;
      if (ch === COLON && this.isBlank(src.charCodeAt(i + 1))) bail(); // a mapping in a compact value
      if (ch === HASH && (i === start ? !first : src.charCodeAt(i - 1) === SPACE || src.charCodeAt(i - 1) === TAB)) break;
      i++;
    }
    let end = i;
    while (src.charCodeAt(end - 1) === SPACE || src.charCodeAt(end - 1) === TAB) end--;
    return end;
  }

  private scalar(raw: string, style: ScalarNode['style'], start: number, end: number, tag: Tag | undefined): ScalarNode {
    if (tag) return { kind: 'scalar', value: raw, style, start: tag.start, end, tag: tag.name };
    return { kind: 'scalar', value: style === 'plain' ? resolvePlain(raw) : raw, style, start, end };
  }

  /**
   * The double-quoted escape whose backslash is at `i`: its text and where reading goes on.
   * Undefined for an escape the fast reader does not take (unknown, a line break, the text's end).
   */
  private escapeAt(i: number): { text: string; next: number } | undefined {
    const { src } = this;
    const e = src[i + 1];
    if (e === undefined) return undefined;
    const hex = HEX_LENGTH[e];
    if (hex) {
      const digits = src.slice(i + 2, i + 2 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) bail();
      return { text: String.fromCodePoint(parseInt(digits, 16)), next: i + 2 + hex };
    }
    const text = ESCAPES[e];
    return text === undefined ? undefined : { text, next: i + 2 };
  }

  /** A quoted scalar that opens and closes on the line at `p`; undefined when it does not close there. */
  private quotedOnLine(p: number): { value: string; end: number } | undefined {
    const { src } = this;
    const quote = src.charCodeAt(p);
    let i = p + 1;
    let value = '';
    let from = i;
    for (;;) {
      const ch = src.charCodeAt(i);
      if (Number.isNaN(ch) || ch === LF || ch === CR) return undefined;
      if (ch === quote) {
        if (quote === 39 && src.charCodeAt(i + 1) === 39) {
          value += src.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        value += src.slice(from, i);
        return { value, end: i + 1 };
      }
      if (quote === 34 && ch === 92 /* \ */) {
        value += src.slice(from, i);
        const escape = this.escapeAt(i);
        if (!escape) return undefined;
        value += escape.text;
        i = escape.next;
        from = i;
        continue;
      }
      i++;
    }
  }

  /** A quoted scalar at `pos`, folded over lines when it spans them. */
  private quoted(parentIndent: number, tag: Tag | undefined): ScalarNode {
    const start = this.pos;
    const style = this.src.charCodeAt(start) === 34 ? 'double' : 'single';
    const one = this.quotedOnLine(start);
    if (one) {
      this.pos = one.end;
      return this.scalar(one.value, style, start, one.end, tag);
    }
    const multi = this.quotedLines(start, parentIndent);
    this.pos = multi.end;
    return this.scalar(multi.value, style, start, multi.end, tag);
  }

  /** A quoted scalar over several lines: line breaks fold to spaces, empty lines to newlines. */
  private quotedLines(start: number, parentIndent: number): { value: string; end: number } {
    const { src } = this;
    const quote = src.charCodeAt(start);
    let value = '';
    let i = start + 1;
    for (;;) {
      // One line's worth of content, up to the closing quote or the line end.
      let from = i;
      let closed = false;
      for (;;) {
        const ch = src.charCodeAt(i);
        if (Number.isNaN(ch)) bail();
        if (ch === LF || ch === CR) break;
        if (ch === quote) {
          if (quote === 39 && src.charCodeAt(i + 1) === 39) {
            value += src.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          value += src.slice(from, i);
          closed = true;
          break;
        }
        if (quote === 34 && ch === 92) {
          value += src.slice(from, i);
          // An escaped line break or an unknown escape goes to the full parser.
          const escape = this.escapeAt(i) ?? bail();
          value += escape.text;
          i = escape.next;
          from = i;
          continue;
        }
        i++;
      }
      if (closed) return { value, end: i + 1 };
      // Fold the line break: trailing blanks go, empty lines become newlines, else one space.
      value += src.slice(from, i).replace(/[ \t]+$/, '');
      let breaks = 0;
      for (;;) {
        if (src.charCodeAt(i) === CR) {
          if (src.charCodeAt(i + 1) !== LF) bail();
          i++;
        }
        i++; // the line feed
        let indent = 0;
        while (src.charCodeAt(i) === SPACE) {
          i++;
          indent++;
        }
        while (src.charCodeAt(i) === TAB || src.charCodeAt(i) === SPACE) i++;
        const ch = src.charCodeAt(i);
        if (ch === LF || ch === CR) {
          breaks++;
          continue;
        }
        if (Number.isNaN(ch) || indent <= parentIndent) bail();
        if (indent === 0 && (src.startsWith('---', i) || src.startsWith('...', i))) bail();
        break;
      }
      value += breaks === 0 ? ' ' : '\n'.repeat(breaks);
    }
  }

  /** A block scalar (`|` or `>`, with chomping) whose content is indented past `parentIndent`. */
  private blockScalar(parentIndent: number, tag: Tag | undefined): ScalarNode {
    const { src, len } = this;
    const start = this.pos;
    const folded = src.charCodeAt(start) === 62;
    let p = start + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const h = src.charCodeAt(p);
    if (h === DASH) {
      chomp = 'strip';
      p++;
    } else if (h === 43 /* + */) {
      chomp = 'keep';
      p++;
    }
    const n = src.charCodeAt(p);
    if (n >= 48 && n <= 57) bail(); // an explicit indentation indicator
    if (!this.isBlank(n) && n !== HASH) bail();
    this.pos = p;
    this.finishLine();
    if (src.charCodeAt(this.pos - 1) !== LF) bail(); // a header at the end of the text
    // The lines up to the first one indented less than the content: [leading spaces, content end].
    let indent = -1;
    const lines: Array<[number, number]> = [];
    const starts: number[] = [];
    let q = this.pos;
    let lastContent = -1; // index of the last non-empty line
    while (q < len) {
      let i = q;
      while (src.charCodeAt(i) === SPACE) i++;
      let nl = src.indexOf('\n', i);
      if (nl < 0) nl = len;
      let contentEnd = nl;
      if (src.charCodeAt(contentEnd - 1) === CR) contentEnd--;
      const ws = i - q;
      const empty = i >= contentEnd;
      if (!empty && src.charCodeAt(i) === TAB && (indent < 0 || ws < indent)) bail();
      if (!empty) {
        if (indent < 0) {
          if (ws <= parentIndent) break; // an empty block scalar
          indent = ws;
          // Leading empty lines may not be more indented than the first content line.
          for (const [w] of lines) if (w > indent) bail();
        } else if (ws < indent) break;
        lastContent = lines.length;
      }
      lines.push([ws, contentEnd]);
      starts.push(q);
      q = nl < len ? nl + 1 : len;
    }
    if (indent < 0 || lastContent < 0) bail();
    // Whitespace-only lines after the content, and spaces past the indentation on empty lines, go to the full parser.
    for (let k = lastContent + 1; k < lines.length; k++) if (lines[k]![0] > 0) bail();
    // Folding as the `yaml` package does it: leading empty lines kept, text lines joined by a space,
    // more-indented lines and the empty lines around them kept as line breaks.
    let value = '';
    let k = 0;
    for (; k <= lastContent && starts[k]! + lines[k]![0] >= lines[k]![1]; k++) value += '\n';
    let sep = '';
    let prevMoreIndented = false;
    for (; k <= lastContent; k++) {
      const [ws, contentEnd] = lines[k]!;
      const lineStart = starts[k]!;
      const empty = lineStart + ws >= contentEnd;
      const content = ws > indent || !empty ? src.slice(lineStart + indent, contentEnd) : '';
      if (!folded) {
        value += sep + content;
        sep = '\n';
      } else if (ws > indent || content.charCodeAt(0) === TAB) {
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + content;
        sep = '\n';
        prevMoreIndented = true;
      } else if (empty) {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + content;
        sep = ' ';
        prevMoreIndented = false;
      }
    }
    const trailing = lines.length - 1 - lastContent;
    let end: number;
    if (chomp === 'keep') {
      if (q >= len) bail(); // kept line breaks at the end of the text
      value += '\n'.repeat(trailing + 1);
      end = q;
    } else {
      if (chomp === 'clip') value += '\n';
      const lastStart = starts[lastContent]!;
      const nl = src.indexOf('\n', lastStart);
      end = nl < 0 ? len : nl + 1;
    }
    this.pos = end;
    return this.scalar(value, 'block', start, end, tag);
  }

  /** A flow collection at `pos`; its lines must be indented past `parentIndent`. */
  private flowCollection(parentIndent: number, depth: number, tag: Tag | undefined): Node {
    if (depth > this.maxDepth) bail();
    const { src } = this;
    const start = this.pos;
    const isMap = src.charCodeAt(start) === 123;
    const close = isMap ? 125 : 93;
    this.pos++;
    this.flowLevel++;
    this.flowSpace(parentIndent);
    if (isMap) {
      const pairs: Pair[] = [];
      const map: Mutable<MapNode> = { kind: 'map', flow: true, pairs, start: tag ? tag.start : start, end: 0 };
      if (tag) map.tag = tag.name;
      const keys = new Set<string>();
      while (src.charCodeAt(this.pos) !== close) {
        const keyStart = this.pos;
        let key: string;
        let keyEnd: number;
        const c = src.charCodeAt(keyStart);
        if (c === 34 || c === 39) {
          const q = this.quotedOnLine(keyStart);
          if (!q) bail();
          key = q.value;
          keyEnd = q.end;
          this.pos = keyEnd;
        } else {
          const plain = this.plainInFlow(undefined);
          key = String(plain.value);
          keyEnd = plain.end;
        }
        while (src.charCodeAt(this.pos) === SPACE || src.charCodeAt(this.pos) === TAB) this.pos++;
        if (src.charCodeAt(this.pos) !== COLON) bail();
        this.pos++;
        this.flowSpace(parentIndent);
        const vc = src.charCodeAt(this.pos);
        if (vc === COMMA || vc === close) bail();
        if (keys.has(key)) bail();
        keys.add(key);
        const value = this.flowValue(parentIndent, depth);
        pairs.push({ key, keyStart, keyEnd, value, parent: map });
        if (!this.flowNext(parentIndent, close)) break;
      }
      this.pos++;
      this.flowLevel--;
      map.end = this.pos;
      return map;
    }
    const items: Node[] = [];
    const seq: Mutable<SeqNode> = { kind: 'seq', flow: true, items, start: tag ? tag.start : start, end: 0 };
    if (tag) seq.tag = tag.name;
    while (src.charCodeAt(this.pos) !== close) {
      items.push(this.flowSeqEntry(parentIndent, depth));
      if (!this.flowNext(parentIndent, close)) break;
    }
    this.pos++;
    this.flowLevel--;
    seq.end = this.pos;
    return seq;
  }

  /** After a flow entry: a comma (maybe trailing) or the closing bracket. False at the bracket. */
  private flowNext(parentIndent: number, close: number): boolean {
    this.flowSpace(parentIndent);
    const c = this.src.charCodeAt(this.pos);
    if (c === COMMA) {
      this.pos++;
      this.flowSpace(parentIndent);
      return this.src.charCodeAt(this.pos) !== close;
    }
    if (c === close) return false;
    return bail();
  }

  /** Spaces, line breaks and comments inside a flow collection; new lines must be indented past the parent. */
  private flowSpace(parentIndent: number): void {
    const { src } = this;
    let p = this.pos;
    let spaced = p > 0 && this.isBlank(src.charCodeAt(p - 1));
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === SPACE || c === TAB) {
        p++;
        spaced = true;
      } else if (c === HASH && spaced) {
        const nl = src.indexOf('\n', p);
        if (nl < 0) bail();
        p = nl;
      } else if (c === LF || (c === CR && src.charCodeAt(p + 1) === LF)) {
        p += c === CR ? 2 : 1;
        let indent = 0;
        while (src.charCodeAt(p + indent) === SPACE) indent++;
        const n = src.charCodeAt(p + indent);
        // Lines inside a flow collection are indented past its parent; comment lines and the
        // outermost closing bracket at the parent's own indentation are let through, as `yaml` does.
        if (n !== LF && n !== CR && n !== TAB && n !== HASH && indent <= parentIndent) {
          if (!(indent === parentIndent && this.flowLevel === 1 && (n === 93 || n === 125))) bail();
        }
        if (indent === 0 && (src.startsWith('---', p) || src.startsWith('...', p))) bail();
        p += indent;
        spaced = true;
      } else if (Number.isNaN(c)) {
        bail();
      } else {
        break;
      }
    }
    this.pos = p;
  }

  /** An entry of a flow sequence: a value, or a single `key: value` pair that makes a one-pair map. */
  private flowSeqEntry(parentIndent: number, depth: number): Node {
    const { src } = this;
    const start = this.pos;
    const c = src.charCodeAt(start);
    if (c === 33 || c === 91 || c === 123) return this.flowValue(parentIndent, depth);
    const key = c === 34 || c === 39 ? this.quoted(parentIndent, undefined) : this.plainInFlow(undefined);
    if (src.charCodeAt(this.pos) !== COLON) return key;
    if (key.end !== this.pos || (key.style === 'plain' && !this.isBlank(src.charCodeAt(this.pos + 1)))) bail();
    if (src.slice(start, key.end).includes('\n')) bail();
    this.pos++;
    while (src.charCodeAt(this.pos) === SPACE) this.pos++;
    const n = src.charCodeAt(this.pos);
    if (n === COMMA || n === 93 || n === LF || n === CR || n === HASH || n === TAB) bail();
    const value = this.flowValue(parentIndent, depth + 1);
    const pairs: Pair[] = [];
    const map: MapNode = { kind: 'map', flow: true, pairs, start, end: value.end };
    pairs.push({ key: String(key.value), keyStart: key.start, keyEnd: key.end, value, parent: map });
    return map;
  }

  private flowValue(parentIndent: number, depth: number): Node {
    const { src } = this;
    let tag: Tag | undefined;
    let c = src.charCodeAt(this.pos);
    if (c === 33) {
      tag = this.readTag();
      while (src.charCodeAt(this.pos) === SPACE) this.pos++;
      c = src.charCodeAt(this.pos);
      if (c === LF || c === CR || c === TAB || c === HASH) bail();
      if (c === COMMA || c === 93 || c === 125) return emptyTagged(tag, this.pos);
    }
    if (c === 91 || c === 123) return this.flowCollection(parentIndent, depth + 1, tag);
    if (c === 34 || c === 39) {
      const node = this.quoted(parentIndent, tag);
      return node;
    }
    return this.plainInFlow(tag);
  }

  /** A plain scalar inside a flow collection, on one line. */
  private plainInFlow(tag: Tag | undefined): ScalarNode {
    const { src } = this;
    const start = this.pos;
    if (!this.canStartPlain(start, true)) bail();
    let i = start;
    for (;;) {
      const ch = src.charCodeAt(i);
      if (ch === LF || ch === CR || Number.isNaN(ch) || ch === COMMA || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === COLON) {
        const n = src.charCodeAt(i + 1);
        if (this.isBlank(n) || n === COMMA || n === 91 || n === 93 || n === 123 || n === 125) break;
      }
      if (ch === HASH && (src.charCodeAt(i - 1) === SPACE || src.charCodeAt(i - 1) === TAB)) break;
      i++;
    }
    let end = i;
    while (src.charCodeAt(end - 1) === SPACE || src.charCodeAt(end - 1) === TAB) end--;
    if (end === start) bail();
    // A plain scalar that goes on to the next line goes to the full parser.
    const c = src.charCodeAt(i);
    if (c === LF || c === CR || (c === HASH && end < i)) {
      let p = i;
      for (;;) {
        const ch = src.charCodeAt(p);
        if (ch === SPACE || ch === TAB || ch === LF || ch === CR) p++;
        else if (ch === HASH) {
          const nl = src.indexOf('\n', p);
          if (nl < 0) bail();
          p = nl;
        } else break;
      }
      const n = src.charCodeAt(p);
      if (n !== COMMA && n !== 93 && n !== 125) bail();
    }
    this.pos = end;
    return this.scalar(src.slice(start, end), 'plain', start, end, tag);
  }
}
