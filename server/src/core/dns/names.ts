// Domain names in master-file presentation form (RFC 1035 §5.1): relative or absolute, `@`,
// `\X` and `\DDD` escapes; checked for label and name length, compared case-insensitively.

/** The labels of a name as written (escapes kept), and their wire lengths. */
export function splitLabels(text: string): { labels: string[]; lengths: number[] } | string {
  const labels: string[] = [];
  const lengths: number[] = [];
  let label = '';
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const digits = /^\d{3}/.exec(text.slice(i + 1, i + 4));
      if (digits) {
        if (Number(digits[0]) > 255) return 'bad escape';
        label += text.slice(i, i + 4);
        i += 3;
      } else {
        // `\DDD` needs all three digits (RFC 1035 §5.1): `\1` or `\12` is a broken escape.
        if (i + 1 >= text.length || /\d/.test(text[i + 1]!)) return 'bad escape';
        label += text.slice(i, i + 2);
        i += 1;
      }
      length++;
    } else if (c === '.') {
      if (length === 0) return 'empty label';
      labels.push(label);
      lengths.push(length);
      label = '';
      length = 0;
    } else {
      // Lengths are in wire bytes: a character beyond ASCII is its UTF-8 bytes.
      const cp = text.codePointAt(i)!;
      const units = cp > 0xffff ? 2 : 1;
      label += text.slice(i, i + units);
      i += units - 1;
      length += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
  }
  if (length > 0) {
    labels.push(label);
    lengths.push(length);
  }
  return { labels, lengths };
}

export function isAbsolute(text: string): boolean {
  if (!text.endsWith('.')) return false;
  // An escaped final dot (`a\.`) is part of the label, not the root.
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The absolute form of a name written relative to `origin` (itself absolute), or an error message. */
/**
 * Checks a name with no escapes and only ASCII: label lengths and the total, in one pass.
 * True when it is fine, false when the careful path must look (escapes, Unicode, a bad length).
 */
function plainNameOk(name: string): boolean {
  let label = 0;
  let wire = 1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 92 || c > 127) return false;
    if (c === 46) {
      if (label === 0) return false;
      wire += label + 1;
      label = 0;
    } else if (++label > 63) return false;
  }
  wire += label > 0 ? label + 1 : 0;
  return wire <= 255;
}

export function absoluteName(text: string, origin: string): { name: string } | { error: string } {
  if (text === '@') return { name: origin };
  if (text === '.') return { name: '.' };
  // Most names have no escapes: the join and one pass over the characters settle them.
  if (text.indexOf('\\') < 0) {
    const joined = text.charCodeAt(text.length - 1) === 46 ? text : origin === '.' ? `${text}.` : `${text}.${origin}`;
    if (plainNameOk(joined)) return { name: joined };
  }
  // A relative name ending in a lone `\` would escape the dot that joins it to the origin.
  if (!isAbsolute(text) && /(^|[^\\])(\\\\)*\\$/.test(text)) return { error: 'bad escape' };
  const name = isAbsolute(text) ? text : origin === '.' ? `${text}.` : `${text}.${origin}`;
  const parts = splitLabels(name === '.' ? '' : name);
  if (typeof parts === 'string') return { error: parts };
  if (parts.lengths.some((l) => l > 63)) return { error: 'label too long' };
  const wire = parts.lengths.reduce((sum, l) => sum + l + 1, 1);
  if (wire > 255) return { error: 'name too long' };
  return { name };
}

/** The key two names compare equal by (DNS names are case-insensitive for ASCII). */
export function nameKey(name: string): string {
  // Most names are already lower case: keep the string itself rather than a copy of it.
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

/** Whether `name` is `zone` or below it (both absolute). */
export function isAtOrBelow(name: string, zone: string): boolean {
  const n = nameKey(name);
  const z = nameKey(zone);
  return z === '.' || n === z || n.endsWith(`.${z}`);
}

/** `name` written relative to `origin` when it is at or below it (`@` for the origin itself). */
export function relativeName(name: string, origin: string): string {
  if (nameKey(name) === nameKey(origin)) return '@';
  if (origin !== '.' && nameKey(name).endsWith(`.${nameKey(origin)}`)) return name.slice(0, name.length - origin.length - 1);
  return name;
}
