// What kind of document a text is: a CloudFormation template, a DNS zone file or a PEM bundle.
// One answer for the CLI and the language server, decided cheaply (names, the first lines, a
// marker search) so that a file of another kind costs no parse.
import type { DocumentLanguage } from './rules/types';

/** BIND's `db.<domain>` names, for top-level domains zone files commonly serve; never `db.test.ts`. */
const DB_FILE = /^db\.([a-z0-9-]+\.)*(arpa|com|net|org|edu|gov|int|io|internal|uk|au|ca|de|eu|nz|local|lan|home|example|invalid)$/i;
const STOCK_FILES = new Set(['db.local', 'db.127', 'db.0', 'db.255', 'db.empty', 'db.root', 'named.root']);
/** The editor language ids of zone files: ours, and those other extensions give them. */
export const ZONE_LANGUAGE_IDS: ReadonlySet<string> = new Set(['dns-zone', 'zone', 'bind', 'dns']);
const TEMPLATE_LANGUAGE_IDS = new Set(['yaml', 'json', 'jsonc']);

/** The base name of a path, either separator. */
function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** Zone files by name: `.zone`, `.dns`, `db.<domain>` and BIND's stock files. */
export function isZoneFileName(path: string): boolean {
  const base = baseName(path);
  return /\.(zone|dns)$/i.test(base) || DB_FILE.test(base) || STOCK_FILES.has(base);
}

/** Certificate files by name; a `.cer` or `.crt` is often binary DER, which the caller checks. */
export function isPemFileName(path: string): boolean {
  return /\.(pem|crt|cer)$/i.test(path);
}

/**
 * A zone file's first entry, as the editor's `firstLine` pattern reads it: `$ORIGIN`, `$TTL`, or an
 * SOA record (owner, then TTL and class in either order). Comment and blank lines before it are skipped.
 */
const ZONE_FIRST_ENTRY = /^(\$ORIGIN\b|\$TTL\b|\$INCLUDE\b|\S+[ \t]+(\d[0-9wdhmsWDHMS]*[ \t]+)?(IN[ \t]+)?(\d[0-9wdhmsWDHMS]*[ \t]+)?SOA\b)/i;

/** How far into a text the first-line checks look: a header comment is rarely longer. */
const HEAD = 4096;

/** The first line that is not blank or a comment (`;` for zones, `#` for YAML), within the head. */
function firstEntry(text: string, comment: string): string | undefined {
  const head = text.slice(0, HEAD);
  for (const line of head.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(comment)) continue;
    return line;
  }
  return undefined;
}

export function looksLikeZone(text: string): boolean {
  const first = firstEntry(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, ';');
  return first !== undefined && ZONE_FIRST_ENTRY.test(first);
}

export function looksLikePem(text: string): boolean {
  const first = firstEntry(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, '#');
  return first !== undefined && first.trimStart().startsWith('-----BEGIN ');
}

/**
 * Text that may be a template: `AWSTemplateFormatVersion`, or an `AWS::`/`Alexa::` type or
 * transform. Every document the template reader accepts has one, so one search over the text
 * decides whether parsing it is worth the time.
 */
const TEMPLATE_MARKER = /AWSTemplateFormatVersion|AWS::|Alexa::/;

export function mayBeTemplate(text: string): boolean {
  return TEMPLATE_MARKER.test(text);
}

export interface DetectInput {
  /** The file's path, when it has one. */
  readonly path?: string;
  /** The editor's language id; `plaintext` and unknown ids say nothing. */
  readonly languageId?: string;
  /** The user's choice (`--language`), which wins. */
  readonly forced?: DocumentLanguage;
}

/**
 * The document's language, or undefined when it is none of the three. The user's choice wins, then
 * the editor's language, then the file's name, then its content. A template candidate is only a
 * candidate: whether it is one is decided when it is read.
 */
export function detectLanguage(text: string, input: DetectInput = {}): DocumentLanguage | undefined {
  if (input.forced) return input.forced;
  const id = input.languageId;
  if (id && ZONE_LANGUAGE_IDS.has(id)) return 'dns-zone';
  if (id === 'pem') return 'pem';
  if (id && TEMPLATE_LANGUAGE_IDS.has(id)) return mayBeTemplate(text) ? 'cloudformation' : undefined;
  if (input.path !== undefined) {
    if (isPemFileName(input.path)) return 'pem';
    if (isZoneFileName(input.path)) return 'dns-zone';
  }
  if (looksLikePem(text)) return 'pem';
  if (looksLikeZone(text)) return 'dns-zone';
  return mayBeTemplate(text) ? 'cloudformation' : undefined;
}
