// Master-file tokens: words, quoted strings and `key="value"` pairs, with the line breaks (LF,
// CRLF or a lone CR) and comments between them. The reader splits entries with these; a record's
// RDATA tokens are read again with them from the text when asked for.
import type { RdataToken } from './rdata';

export const SPACE = 32;
export const TAB = 9;
export const LF = 10;
export const CR = 13;

/** Whether a CR at `p` ends a line by itself (old Mac line ends), not as the start of a CRLF. */
export function loneCr(src: string, p: number): boolean {
  return src.charCodeAt(p) === CR && src.charCodeAt(p + 1) !== LF;
}

/** Where the line holding `p` breaks (its LF, or a lone CR), or the text's length. */
export function lineBreakFrom(src: string, p: number, len: number): number {
  for (let i = p; i < len; i++) {
    const c = src.charCodeAt(i);
    if (c === LF || (c === CR && src.charCodeAt(i + 1) !== LF)) return i;
  }
  return len;
}

/**
 * The end of a quoted token opening at `p` (past its closing quote), or the negated end of the
 * line when it does not close there.
 */
export function quotedEnd(src: string, p: number, len: number): number {
  let i = p + 1;
  while (i < len) {
    const q = src.charCodeAt(i);
    if (q === 92 /* \ */) i += 2;
    else if (q === 34) return i + 1;
    else if (q === LF || loneCr(src, i)) break;
    else i++;
  }
  return -Math.min(i, len);
}

/**
 * The end of an unquoted token starting at `p`; `key="value"` (SVCB parameters) is one token.
 * Negated (the line's end) when such a quoted value does not close.
 */
export function wordEnd(src: string, p: number, len: number): number {
  let i = p;
  while (i < len) {
    const q = src.charCodeAt(i);
    if (q === 92) {
      i += 2;
      continue;
    }
    if (q === 34 && src.charCodeAt(i - 1) === 61 /* = */) {
      const end = quotedEnd(src, i, len);
      if (end < 0) return end;
      i = end;
      continue;
    }
    if (q === SPACE || q === TAB || q === LF || q === CR || q === 59 || q === 40 || q === 41 || q === 34) break;
    i++;
  }
  return Math.min(i, len);
}

/** The tokens of `src` between two offsets of one entry (parentheses, line breaks and comments skipped). */
export function tokensBetween(src: string, from: number, to: number): RdataToken[] {
  const tokens: RdataToken[] = [];
  let p = from;
  while (p < to) {
    const c = src.charCodeAt(p);
    if (c === SPACE || c === TAB || c === CR || c === LF || c === 40 || c === 41) p++;
    else if (c === 59) {
      p = lineBreakFrom(src, p, to);
    } else if (c === 34) {
      const end = quotedEnd(src, p, to);
      if (end < 0) break;
      tokens.push({ text: src.slice(p + 1, end - 1), quoted: true, start: p, end });
      p = end;
    } else {
      const end = wordEnd(src, p, to);
      if (end < 0) break;
      tokens.push({ text: src.slice(p, end), quoted: false, start: p, end });
      p = end;
    }
  }
  return tokens;
}
