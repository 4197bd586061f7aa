// Reads the `-----BEGIN <label>-----` … `-----END <label>-----` blocks of a PEM text (RFC 7468),
// with offsets for every boundary, and decodes the base64 of certificate blocks strictly, so a
// damaged line is reported where it is rather than as an unreadable certificate.
import type { OffsetRange } from '../text';

export interface PemBlock {
  /** The label between `BEGIN ` and the dashes: `CERTIFICATE`, `PRIVATE KEY`, … */
  readonly label: string;
  /** The BEGIN line, without surrounding blanks or its line break. */
  readonly begin: OffsetRange;
  /** The END line, likewise. */
  readonly end: OffsetRange;
  /**
   * The decoded body of a `CERTIFICATE` block; undefined for other labels, which are not read,
   * and for a certificate block whose base64 is damaged (an error says where).
   */
  readonly der?: Uint8Array;
}

/** Something the reader rejects, on the line at fault. */
export interface PemError extends OffsetRange {
  readonly message: string;
}

export interface PemBlocks {
  /** The balanced blocks, in text order. */
  readonly blocks: readonly PemBlock[];
  readonly errors: readonly PemError[];
}

export const CERTIFICATE_LABEL = 'CERTIFICATE';

/** A label is printable ASCII without hyphens, words joined by one space or hyphen (RFC 7468 §3). */
const BOUNDARY = /^-----(BEGIN|END) ([!-,.-~]+(?:[ -][!-,.-~]+)*)-----$/;
const BOUNDARY_LIKE = /^-----(BEGIN|END)\b/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

interface Line extends OffsetRange {
  readonly text: string;
  /** Blanks before the text: OpenSSL does not take an indented line for a boundary. */
  readonly indented: boolean;
}

/** Each line with its blanks trimmed, the range covering what is left. */
function* lines(text: string): Generator<Line> {
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (;;) {
    const m = breaks.exec(text);
    const end = m ? m.index : text.length;
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    yield { start: start + lead, end: start + lead + trimmed.length, text: trimmed, indented: lead > 0 && trimmed !== '' };
    if (!m) return;
    start = m.index + m[0].length;
  }
}

interface Open {
  readonly label: string;
  readonly begin: Line;
  readonly body: Line[];
}

export function readPemBlocks(text: string): PemBlocks {
  const blocks: PemBlock[] = [];
  const errors: PemError[] = [];
  const error = (at: OffsetRange, message: string): void => {
    errors.push({ start: at.start, end: at.end, message });
  };
  let open: Open | undefined;
  for (const line of lines(text)) {
    if (!BOUNDARY_LIKE.test(line.text)) {
      open?.body.push(line);
      continue;
    }
    const m = BOUNDARY.exec(line.text);
    if (!m) {
      error(line, `Malformed PEM boundary '${line.text}': a boundary is -----BEGIN <LABEL>----- or -----END <LABEL>----- alone on its line.`);
      continue;
    }
    const [, kind, label] = m as unknown as [string, 'BEGIN' | 'END', string];
    // The block is still read, so its certificate shows, but one error says OpenSSL will not see it.
    if (line.indented && (kind === 'BEGIN' || (open && !open.begin.indented && label === open.label))) {
      error(line, `${line.text} is indented: OpenSSL takes a boundary only at the start of a line, so it skips this block.`);
    }
    if (kind === 'BEGIN') {
      if (open) error(open.begin, `-----BEGIN ${open.label}----- has no END line before the next BEGIN.`);
      open = { label, begin: line, body: [] };
    } else if (!open) {
      error(line, `-----END ${label}----- has no BEGIN line before it.`);
    } else if (label !== open.label) {
      error(line, `-----END ${label}----- does not match -----BEGIN ${open.label}-----; the block is not read.`);
      open = undefined;
    } else {
      const block: PemBlock = { label, begin: span(open.begin), end: span(line) };
      if (label === CERTIFICATE_LABEL) {
        const der = decodeBody(open, errors);
        blocks.push(der ? { ...block, der } : block);
      } else {
        blocks.push(block);
      }
      open = undefined;
    }
  }
  if (open) error(open.begin, `-----BEGIN ${open.label}----- has no END line.`);
  return { blocks, errors };
}

function span(line: Line): OffsetRange {
  return { start: line.start, end: line.end };
}

/**
 * Strict base64 line by line, as OpenSSL reads it: Node's decoder skips what it does not
 * understand, so a stray or missing character would otherwise surface only as an unreadable
 * certificate with no position.
 */
function decodeBody(open: Open, errors: PemError[]): Uint8Array | undefined {
  // One blank line straight after BEGIN is an empty header section, which OpenSSL accepts.
  const body = open.body[0]?.text === '' ? open.body.slice(1) : open.body;
  if (body.every((l) => l.text === '')) {
    errors.push({ ...span(open.begin), message: `-----BEGIN ${open.label}----- holds no data.` });
    return undefined;
  }
  let data = '';
  for (const [i, line] of body.entries()) {
    if (line.text === '') {
      // RFC 1421 put headers before a blank line, and OpenSSL still reads it that way.
      errors.push({ ...span(line), message: 'A blank line inside the certificate block: OpenSSL takes the lines above it for headers and cannot read the certificate.' });
      return undefined;
    }
    const bad = /[^A-Za-z0-9+/=]/.exec(line.text);
    if (bad) {
      const what = line.text.includes(':') && i === 0 ? 'a header line, which certificates do not have' : `'${bad[0]}', which is not base64`;
      errors.push({ ...span(line), message: `This line of the certificate block holds ${what}.` });
      return undefined;
    }
    if (!BASE64_LINE.test(line.text) || (line.text.includes('=') && i !== body.length - 1)) {
      errors.push({ ...span(line), message: 'Base64 padding (=) may only end the last line of the certificate block.' });
      return undefined;
    }
    data += line.text;
  }
  if (data.length % 4 !== 0) {
    const last = body[body.length - 1]!;
    errors.push({ ...span(last), message: `The certificate's base64 stops partway through a group (${data.length} characters): a character or line is missing.` });
    return undefined;
  }
  return Buffer.from(data, 'base64');
}
