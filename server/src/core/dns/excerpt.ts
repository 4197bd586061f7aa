// Zone text in messages: findings reach SARIF files, CI logs and the editor, and an `$INCLUDE`
// can bring in any file of the project (a `.env`, a key), so a message never quotes zone text
// whole. It quotes a short excerpt with control and non-ASCII characters escaped as `\DDD`, the
// way RFC 1035 master files write bytes, and an ellipsis where it was cut.

/** The most a message quotes of the zone's own text, escapes included. */
export const MAX_EXCERPT = 64;
/** The most a message quotes of a file brought in by `$INCLUDE`, which may not be a zone at all. */
export const MAX_INCLUDED_EXCERPT = 12;

const encoder = new TextEncoder();

/** A character as a master file could write it: itself when printable ASCII, else `\DDD` per UTF-8 byte. */
function escaped(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code >= 0x20 && code < 0x7f) return ch;
  let out = '';
  for (const byte of encoder.encode(ch)) out += `\\${String(byte).padStart(3, '0')}`;
  return out;
}

/** At most `max` characters of `text`, escaped, with `…` when something was left out. */
export function excerpt(text: string, max: number = MAX_EXCERPT): string {
  let out = '';
  for (const ch of text) {
    const piece = escaped(ch);
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

// The reader builds messages deep inside RDATA and name parsing; while it reads an included file
// (it reads synchronously) the shorter limit is in force for all of them.
let limit = MAX_EXCERPT;

/** `text` as a message quotes it, under the limit in force. */
export function cut(text: string): string {
  return excerpt(text, limit);
}

/** `text` as a message quotes it, in single quotes, under the limit in force. */
export function quote(text: string): string {
  return `'${cut(text)}'`;
}

/** Runs `read` with messages quoting at most `max` characters. */
export function withExcerptLimit<T>(max: number, read: () => T): T {
  const saved = limit;
  limit = Math.min(limit, max);
  try {
    return read();
  } finally {
    limit = saved;
  }
}

/**
 * A message about a record read from an included file, with every word longer than the included
 * limit cut to an excerpt: the rules word their messages from the record's owner and values.
 */
export function excerptWords(message: string, max: number = MAX_INCLUDED_EXCERPT): string {
  return message.replace(/\S+/g, (word) => (word.length > max || /[^\x20-\x7e]/.test(word) ? excerpt(word, max) : word));
}
