// Offsets are the currency of the core; line/character positions are made once, at the edge.

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** A text replacement in offsets of the original text. */
export interface TextEdit extends OffsetRange {
  readonly newText: string;
}

export interface Position {
  readonly line: number;
  /** UTF-16 code units from the line start, as LSP counts by default. */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/**
 * Maps offsets to 0-based line/character positions. Lines are found as far into the text as asked
 * for: the CLI asks about a hundred findings of a 40 MB zone, most near its top.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Every line break before this offset is known. */
  private scanned = 0;
  private readonly lfOnly: boolean;

  constructor(private readonly text: string) {
    this.lfOnly = !text.includes('\r');
  }

  /** The next line break (LF, or a CR not before LF) at or after `from`, or -1. */
  private nextBreak(from: number): number {
    const { text } = this;
    // Most text breaks lines with LF alone: indexOf finds them much faster than a loop over every character.
    if (this.lfOnly) return text.indexOf('\n', from);
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) return i;
    }
    return -1;
  }

  /** Learns the line breaks before `offset`, or until line `line` starts. */
  private scan(offset: number, line = Infinity): void {
    const end = Math.min(offset, this.text.length);
    while (this.scanned < end && this.lineStarts.length <= line) {
      const at = this.nextBreak(this.scanned);
      if (at < 0 || at >= end) {
        this.scanned = at < 0 ? this.text.length : end;
        return;
      }
      this.lineStarts.push(at + 1);
      this.scanned = at + 1;
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    this.scan(clamped);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo]! };
  }

  offsetAt(position: Position): number {
    this.scan(Infinity, position.line);
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)]!;
    return Math.min(start + Math.max(0, position.character), this.text.length);
  }

  range(r: OffsetRange): Range {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }
}

/**
 * Applies non-overlapping edits in one pass: sorted once by position, the untouched slices and the
 * new texts are joined, so the cost is linear in the text and the edits. Inserts at one offset land
 * in reverse order of the list, and before a replacement starting there.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const order = edits.map((_, i) => i);
  order.sort((i, j) => edits[i]!.start - edits[j]!.start || edits[i]!.end - edits[j]!.end || j - i);
  const parts: string[] = [];
  let from = 0;
  for (const i of order) {
    const e = edits[i]!;
    if (e.start < from) throw new Error('overlapping edits');
    parts.push(text.slice(from, e.start), e.newText);
    from = e.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The offset of the line break ending the line that holds `offset` (or the text length). */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The leading white space of the line holding `offset`. */
export function indentOfLine(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

/**
 * The text's line break, so inserted lines match it: a lone CR only when the text has no LF at all
 * (a stray CR inside a line of an LF file is not a line break); otherwise as its first line ends.
 */
export function detectEol(text: string): string {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr >= 0 && lf < 0) return '\r';
  return cr >= 0 && cr === lf - 1 ? '\r\n' : '\n';
}

/**
 * Where text really ends before `end`: block collections run on to the start of the next line,
 * which a finding should not cover and an edit should not swallow. Never goes below `floor`.
 */
export function contentEnd(text: string, end: number, floor = 0): number {
  let i = end;
  while (i > floor && /\s/.test(text[i - 1]!)) i--;
  return i;
}
