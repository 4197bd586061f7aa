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

/** Maps offsets to 0-based line/character positions; built once per text. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
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
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)]!;
    return Math.min(start + Math.max(0, position.character), this.text.length);
  }

  range(r: OffsetRange): Range {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }
}

/** Applies non-overlapping edits; later edits in the text are applied first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
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

/** The line break the text uses most, so inserted lines match it. */
export function detectEol(text: string): string {
  const crlf = text.indexOf('\r\n');
  return crlf >= 0 && crlf === text.indexOf('\n') - 1 ? '\r\n' : '\n';
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
