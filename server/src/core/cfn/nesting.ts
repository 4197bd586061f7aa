// A cheap look at how deeply a document nests, before any parser recurses into it: one pass over
// the text, counting open flow collections (`[`, `{`) outside strings and comments and, in YAML,
// the block levels opened by deeper indentation or by compact `- ` entries. A document past the
// limit gets one clear error at the place it goes too deep, instead of a stack overflow (10^5
// levels) or seconds of parsing and a gigabyte of memory (10^6) before the converter refuses it.

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export interface TooDeep {
  /** Offset of the bracket or line where the depth first exceeds the limit. */
  readonly at: number;
}

/** Where `text` first nests deeper than `limit` levels, or undefined when it never does. */
export function nestingTooDeep(text: string, json: boolean, limit: number): TooDeep | undefined {
  return json ? jsonDepth(text, limit) : yamlDepth(text, limit);
}

function jsonDepth(text: string, limit: number): TooDeep | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return { at: i };
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

function yamlDepth(text: string, limit: number): TooDeep | undefined {
  /** Columns of the open block levels, innermost last. */
  const blocks: number[] = [];
  let flow = 0;
  /** The indentation of the line on which the outermost open flow collection started. */
  let flowIndent = 0;
  /** Lines indented deeper than this belong to a block scalar (`|`, `>`) and are skipped; -1 when none. */
  let scalarIndent = -1;
  let i = 0;
  while (i < text.length) {
    // Line start: indentation.
    const lineStart = i;
    while (i < text.length && text.charCodeAt(i) === SPACE) i++;
    const indent = i - lineStart;
    const first = text.charCodeAt(i);
    const blank = i >= text.length || first === LF || first === CR || first === 35;
    if (scalarIndent >= 0 && (blank || indent > scalarIndent)) {
      i = lineEnd(text, i);
      continue;
    }
    scalarIndent = -1;
    if (blank) {
      i = lineEnd(text, i);
      continue;
    }
    // A line no deeper than where a flow collection opened cannot continue it: an unclosed bracket
    // in a plain scalar does not add up over the rest of the file.
    if (flow > 0 && indent <= flowIndent) flow = 0;
    if (flow === 0) {
      while (blocks.length > 0 && blocks[blocks.length - 1]! >= indent) blocks.pop();
      blocks.push(indent);
      // Compact entries, `- - - x`, each open a level on the same line.
      while (text.charCodeAt(i) === 45 && (text.charCodeAt(i + 1) === SPACE || text.charCodeAt(i + 1) === TAB)) {
        i += 2;
        while (text.charCodeAt(i) === SPACE) i++;
        blocks.push(i - lineStart);
      }
      if (blocks.length > limit) return { at: lineStart + indent };
    }
    // The rest of the line: strings, comments and flow brackets.
    let last = -1;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) break;
      if (c === 35 && (i === lineStart || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) {
        i = lineEnd(text, i);
        break;
      }
      // A quote opens a string where a scalar starts, not inside a plain one (`it's`).
      if ((c === 34 || c === 39) && (i === lineStart || /[\s[{,:]/.test(text[i - 1]!))) {
        const close = closingQuote(text, i);
        if (close < 0) break;
        i = close;
        last = c;
        continue;
      }
      if (c === 91 || c === 123) {
        if (flow === 0) flowIndent = indent;
        if (++flow + blocks.length > limit) return { at: i };
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      if (c !== SPACE && c !== TAB) last = c;
    }
    // `key: |` or `- >-`: the lines below, indented deeper, are the scalar's text.
    if (flow === 0 && (last === 124 || last === 62 || isBlockHeader(text, lineStart, i))) scalarIndent = indent;
    i = lineEnd(text, i);
  }
  return undefined;
}

/** True when the line ends with a block scalar header such as `|-`, `>+` or `|2`. */
function isBlockHeader(text: string, lineStart: number, end: number): boolean {
  let j = end;
  while (j > lineStart && /[ \t]/.test(text[j - 1]!)) j--;
  const tail = text.slice(Math.max(lineStart, j - 4), j);
  return /(^|[\s:-])[|>][-+0-9]{0,2}$/.test(tail);
}

/** The offset of the quote closing the one at `open` (YAML: `\\` escapes in "…", `''` in '…'), or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let j = open + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote === 34 && c === 92) j++;
    else if (c === quote) {
      if (quote === 39 && text.charCodeAt(j + 1) === 39) j++;
      else return j;
    }
  }
  return -1;
}

/** The offset just past the line break ending the line that holds `i`. */
function lineEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text.charCodeAt(j) !== LF && text.charCodeAt(j) !== CR) j++;
  if (text.charCodeAt(j) === CR) j++;
  if (text.charCodeAt(j) === LF) j++;
  return j;
}
