// RFC 1035 §5 master files: entries over parentheses, quoted strings and escapes, `@` and
// inherited owners, TTL and class in either order, `$ORIGIN`, `$TTL` (RFC 2308), `$INCLUDE`
// (relative to the including file, cycle-safe) and BIND's `$GENERATE`. Each error is one entry in
// `errors` at its exact position, worded like named-checkzone; reading goes on at the next entry.
import { cut, MAX_INCLUDED_EXCERPT, quote, withExcerptLimit } from './excerpt';
import { absoluteName, isAbsolute, isAtOrBelow } from './names';
import { parseRdata, RdataError, typeOf, type RdataToken } from './rdata';
import { hashOfName, hashPower, ZoneRecords, type NameAt, type Source } from './store';
import { CR, LF, lineBreakFrom, loneCr, quotedEnd, SPACE, TAB, wordEnd } from './tokens';
import { looksLikeTtl, MAX_TTL, parseTtl } from './ttl';

export type { ZoneRecord } from './store';

export interface ZoneError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface Directive {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly args: readonly RdataToken[];
}

export interface ParsedZone {
  readonly text: string;
  /** The origin the file starts with (its first `$ORIGIN` or the given/inferred one). */
  readonly origin: string;
  readonly records: ZoneRecords;
  readonly errors: readonly ZoneError[];
  readonly directives: readonly Directive[];
  /**
   * Where the reader was every so many entries, so the zone can be read again after an edit from
   * the last one before it (`options.previous`). Only for a zone that is one file, with no
   * `$INCLUDE` or `$GENERATE`.
   */
  readonly checkpoints?: readonly Checkpoint[];
}

/** The reader between two entries of the top file: its place, how much it had read, and its state. */
export interface Checkpoint {
  readonly pos: number;
  readonly records: number;
  readonly errors: number;
  readonly directives: number;
  readonly origins: number;
  readonly names: number;
  readonly originId: number;
  readonly defaultTtl: number | undefined;
  readonly lastTtl: number | undefined;
  readonly lastName: NameAt | undefined;
  readonly lastNameRef: number;
  readonly lastHash: number;
  readonly lastOutOfZone: boolean;
}

/** Records in one zone at most, unless the options say otherwise. */
const MAX_RECORDS = 5_000_000;

/** Entries between two checkpoints. */
const CHECKPOINT_EVERY = 1024;

/** What reading an `$INCLUDE` target gave: its text and real path, or why it was refused. */
export type IncludeRead = { readonly text: string; readonly path: string } | { readonly refused: string };

/** Reads an `$INCLUDE` target: the path as written and the including file's path. Undefined when there is no such file. */
export interface ReadInclude {
  (path: string, from: string | undefined): IncludeRead | undefined;
  /**
   * The real path of a file (symlinks resolved), when the reader can tell: the top file's path is
   * compared by it, so an include that comes back to it through a symlink is seen as a cycle.
   */
  readonly realPath?: (path: string) => string | undefined;
}

/**
 * At most this many `$INCLUDE` reads in one zone, and this much included text (in characters,
 * bytes for ASCII zones): a tree of files each including the next twice doubles the work per level,
 * and real zones include a handful of files (keys, host lists).
 */
export const MAX_INCLUDE_READS = 1000;
export const MAX_INCLUDED_CHARS = 16 * 1024 * 1024;

export interface ZoneParseOptions {
  /** The zone's origin when the file does not say; absolute. Default: inferred, else the root. */
  readonly origin?: string;
  /** Path of this file, for `$INCLUDE` resolution. */
  readonly file?: string;
  readonly readInclude?: ReadInclude;
  /** At most this many records (a `$GENERATE` bomb is an error, not a hang). */
  readonly maxRecords?: number;
  /**
   * The same file as read before an edit, read with the same options: the entries before the
   * edit and those after it, where the reader comes back into step, are taken from it.
   */
  readonly previous?: ParsedZone;
  /** Entries between two checkpoints (default 1,024); small in tests, so edits meet many. */
  readonly checkpointEvery?: number;
}

/** How often reading again after an edit started from a checkpoint, and came back into step: tests read it. */
export const rereads = { resumed: 0, inStep: 0 };

/**
 * At most this many records made by `$GENERATE` in one zone, all directives together. A range
 * states its count, so a bigger one is refused before anything is made: real zones generate a few
 * thousand reverse or host names, and 100,000 records still read in well under a second.
 */
export const MAX_GENERATED_RECORDS = 100_000;

interface Entry {
  readonly tokens: RdataToken[];
  /** The line began with white space: the owner is the previous one. */
  readonly blankOwner: boolean;
  readonly start: number;
  readonly end: number;
}

const CLASSES = new Set(['IN', 'CH', 'CHAOS', 'HS', 'HESIOD', 'CS', 'NONE', 'ANY']);

/** Answers for the short tokens met so far (types, mostly, asked after every owner): at most 256 of them. */
const classAnswers = new Map<string, boolean>();

function isClass(token: string): boolean {
  if (token === 'IN') return true;
  const known = classAnswers.get(token);
  if (known !== undefined) return known;
  const upper = token.toUpperCase();
  const answer = CLASSES.has(upper) || /^CLASS\d+$/.test(upper);
  if (token.length <= 12 && classAnswers.size < 256) classAnswers.set(token, answer);
  return answer;
}

function canonicalClass(token: string): string {
  if (token === 'IN') return token;
  const upper = token.toUpperCase();
  if (upper === 'CHAOS') return 'CH';
  if (upper === 'HESIOD') return 'HS';
  if (upper === 'CLASS1') return 'IN';
  if (upper === 'CLASS3') return 'CH';
  if (upper === 'CLASS4') return 'HS';
  return upper;
}

export { tokensBetween } from './tokens';

/** The line-end position an unbalanced-quote error stops at: not past the text, not over a CR. */
function unclosedEnd(src: string, start: number, p: number): number {
  return p > start + 1 && src.charCodeAt(p - 1) === CR ? p - 1 : p;
}

/** Splits a master file into entries: one line, or several joined by parentheses. */
class Lexer {
  pos = 0;
  constructor(
    private readonly src: string,
    private readonly errors: ZoneError[],
  ) {}

  next(): Entry | undefined {
    const { src } = this;
    const len = src.length;
    while (this.pos < len) {
      const lineStart = this.pos;
      const first = src.charCodeAt(lineStart);
      const blankOwner = first === SPACE || first === TAB;
      const tokens: RdataToken[] = [];
      let depth = 0;
      let parenAt = -1;
      let p = lineStart;
      let end = lineStart;
      let broken = false;
      for (;;) {
        if (p >= len) {
          if (depth > 0) {
            this.error(parenAt, parenAt + 1, 'unbalanced parentheses');
            broken = true;
          }
          break;
        }
        const c = src.charCodeAt(p);
        if (c === SPACE || c === TAB || (c === CR && !loneCr(src, p))) {
          p++;
        } else if (c === LF || c === CR) {
          // LF, or a CR alone: RFC 1035 master files are lines, whatever ends them.
          p++;
          if (depth === 0) break;
        } else if (c === 59 /* ; */) {
          p = lineBreakFrom(src, p, len);
        } else if (c === 40 /* ( */) {
          if (depth === 0) parenAt = p;
          depth++;
          p++;
          end = p;
        } else if (c === 41 /* ) */) {
          if (depth === 0) {
            this.error(p, p + 1, 'unbalanced parentheses');
            broken = true;
          } else depth--;
          p++;
          end = p;
        } else if (c === 34 /* " */) {
          const start = p;
          const close = quotedEnd(src, p, len);
          if (close < 0) {
            p = -close;
            this.error(start, unclosedEnd(src, start, p), 'unbalanced quotes');
            broken = true;
            continue;
          }
          tokens.push({ text: src.slice(start + 1, close - 1), quoted: true, start, end: close });
          p = close;
          end = p;
        } else {
          const start = p;
          const close = wordEnd(src, p, len);
          if (close < 0) {
            p = -close;
            const quote = src.indexOf('="', start) + 1;
            this.error(quote, unclosedEnd(src, quote, p), 'unbalanced quotes');
            broken = true;
            continue;
          }
          p = close;
          tokens.push({ text: src.slice(start, p), quoted: false, start, end: p });
          end = p;
        }
      }
      this.pos = p;
      if (broken) {
        // The entry is dropped: its error is reported and reading goes on at the next line.
        continue;
      }
      if (tokens.length === 0) continue;
      return { tokens, blankOwner, start: tokens[0]!.start, end };
    }
    return undefined;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message, severity: 'error' });
  }
}

/** What a zone file's name says its origin is: `example.com.zone`, `db.example.com`, `example.com`. */
export function originFromFileName(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const base = path.split(/[\\/]/).pop() ?? '';
  let name = base.replace(/\.(zone|dns|db|hosts?)$/i, '');
  if (/^db\./i.test(name)) name = name.slice(3);
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(name) || /^\d+(\.\d+)*$/.test(name) && !/in-addr$/.test(name)) return undefined;
  return `${name}.`;
}

/** Reads a master file. */
export function parseZone(text: string, options: ZoneParseOptions = {}): ParsedZone {
  if (options.previous) {
    const again = reread(options.previous, text, options);
    if (again) return again;
  }
  const errors: ZoneError[] = [];
  const directives: Directive[] = [];
  const startOrigin = startOriginOf(text, options);
  const sources: Source[] = [];
  const origins: string[] = [startOrigin];
  const records = new ZoneRecords(sources, origins, expectedRecords(text, options));
  const state = readerState(options, sources, origins, records, errors, directives, []);
  readFile(text, state, undefined);
  return withCheckpoints({ text, origin: startOrigin, records, errors, directives }, state);
}

/** The origin a zone starts with: the given one, its first `$ORIGIN`, its file's name, or the root. */
function startOriginOf(text: string, options: ZoneParseOptions): string {
  return options.origin ?? firstOriginDirective(text) ?? originFromFileName(options.file) ?? '.';
}

/** Room for the records of `text` at first: about one a line of 40 characters; room not written to costs no memory. */
function expectedRecords(text: string, options: ZoneParseOptions): number {
  return Math.min(options.maxRecords ?? MAX_RECORDS, Math.ceil(text.length / 40) + 16);
}

/** A reader's state at the start of a file, or as it was at checkpoint `at` of an earlier reading. */
function readerState(options: ZoneParseOptions, sources: Source[], origins: string[], records: ZoneRecords, errors: ZoneError[], directives: Directive[], checkpoints: Checkpoint[], at?: Checkpoint): State {
  const originId = at?.originId ?? 0;
  return {
    origin: origins[originId]!,
    originId,
    origins,
    sources,
    defaultTtl: at?.defaultTtl,
    lastTtl: at?.lastTtl,
    lastName: at?.lastName,
    lastNameRef: at?.lastNameRef ?? 0,
    lastHash: at?.lastHash ?? 0,
    lastOutOfZone: at?.lastOutOfZone ?? false,
    originsInZone: origins.map((o) => isAtOrBelow(o, origins[0]!)),
    originWire: origins.map(wireLength),
    originHash: origins.map(hashOfName),
    originPower: origins.map((o) => hashPower(o.length)),
    records,
    errors,
    directives,
    options,
    includeStack: options.file ? [options.readInclude?.realPath?.(options.file) ?? options.file] : [],
    maxRecords: options.maxRecords ?? MAX_RECORDS,
    generated: 0,
    generateRefused: false,
    includeReads: 0,
    includedChars: 0,
    includeRefused: false,
    checkpoints,
  };
}

/** The zone with its checkpoints, when it can be read again in part: one file, nothing generated. */
function withCheckpoints(zone: ParsedZone, state: State): ParsedZone {
  const whole = state.sources.length === 1 && !zone.directives.some((d) => d.name === '$INCLUDE' || d.name === '$GENERATE');
  return whole ? { ...zone, checkpoints: state.checkpoints } : zone;
}

/** The first `$ORIGIN` if it comes before any record, so relative owners read as the author meant. */
export function firstOriginDirective(text: string): string | undefined {
  const m = /^\$ORIGIN[ \t]+(\S+)/im.exec(text.slice(0, 4096));
  if (!m || !m[1]!.endsWith('.')) return undefined;
  // Only blank lines, comments and other directives may come before it.
  if (text.slice(0, m.index).split(/\r\n|\r|\n/).some((line) => !/^(\s*(;[^]*)?|\$[^]*)$/.test(line))) return undefined;
  return m[1];
}

interface State {
  origin: string;
  /** The origin's place in `origins`, where each origin the file sets is kept once it is used. */
  originId: number;
  readonly origins: string[];
  readonly sources: Source[];
  defaultTtl: number | undefined;
  lastTtl: number | undefined;
  /** Where the current owner was written, its hash, and whether it is outside the zone, for the records that inherit it. */
  lastName: NameAt | undefined;
  /** Its place among the names the records keep, 0 until a record needs it there. */
  lastNameRef: number;
  lastHash: number;
  lastOutOfZone: boolean;
  /** For each origin in `origins`: whether it is at or below the first (the zone's), its wire length (-1 when not a plain name), its hash, and P to its length. */
  readonly originsInZone: boolean[];
  readonly originWire: number[];
  readonly originHash: number[];
  readonly originPower: number[];
  readonly records: ZoneRecords;
  readonly errors: ZoneError[];
  readonly directives: Directive[];
  readonly options: ZoneParseOptions;
  readonly includeStack: string[];
  readonly maxRecords: number;
  /** Records made by `$GENERATE` so far, against `MAX_GENERATED_RECORDS`. */
  generated: number;
  /** A `$GENERATE` went past the limit: it was reported, and later ones are not expanded either. */
  generateRefused: boolean;
  /** `$INCLUDE` reads and included text so far, against `MAX_INCLUDE_READS` and `MAX_INCLUDED_CHARS`. */
  includeReads: number;
  includedChars: number;
  /** An include went past a limit: it was reported, and later ones are not read either. */
  includeRefused: boolean;
  readonly checkpoints: Checkpoint[];
}

/**
 * Reads one file's entries into `state`. `via` is the `$INCLUDE` directive's range in the top
 * file when reading an included one: its records and errors point there.
 */
function readFile(text: string, state: State, via: { start: number; end: number; label: string } | undefined, resume?: { from: number; inStep: (pos: number) => boolean }): void {
  const localErrors: ZoneError[] = via ? [] : state.errors;
  const lexer = new Lexer(text, localErrors);
  if (!resume) state.sources.push({ text, includedBy: via ? { start: via.start, end: via.end } : undefined });
  const source = via ? state.sources.length - 1 : 0;
  if (resume) lexer.pos = resume.from;
  const every = state.options.checkpointEvery ?? CHECKPOINT_EVERY;
  let entries = every;
  for (;;) {
    if (!via) {
      // Read again after an edit: once back in step with the earlier reading, the rest is taken from it.
      if (resume?.inStep(lexer.pos)) return;
      if (entries++ >= every) {
        checkpoint(state, lexer.pos);
        entries = 1;
      }
    }
    const entry = lexer.next();
    if (!entry) break;
    if (state.records.length >= state.maxRecords) {
      error(localErrors, entry.start, entry.end, `too many records (more than ${state.maxRecords}): the rest is not read`);
      break;
    }
    const first = entry.tokens[0]!;
    if (!entry.blankOwner && first.text.startsWith('$') && !first.quoted) {
      directive(entry, state, localErrors, via, source);
      continue;
    }
    record(entry, state, localErrors, source);
  }
  if (via) {
    for (const e of localErrors) state.errors.push({ start: via.start, end: via.end, message: `${via.label}: ${e.message}`, severity: e.severity });
  }
}

function checkpoint(state: State, pos: number): void {
  state.checkpoints.push({
    pos,
    records: state.records.length,
    errors: state.errors.length,
    directives: state.directives.length,
    origins: state.origins.length,
    names: state.records.namesKept,
    originId: state.originId,
    defaultTtl: state.defaultTtl,
    lastTtl: state.lastTtl,
    lastName: state.lastName,
    lastNameRef: state.lastNameRef,
    lastHash: state.lastHash,
    lastOutOfZone: state.lastOutOfZone,
  });
}

function error(errors: ZoneError[], start: number, end: number, message: string, severity: 'error' | 'warning' = 'error'): void {
  errors.push({ start, end, message, severity });
}

function directive(entry: Entry, state: State, errors: ZoneError[], via: { start: number; end: number; label: string } | undefined, source: number): void {
  const [name, ...args] = entry.tokens;
  const upper = name!.text.toUpperCase();
  if (!via) state.directives.push({ name: upper, start: entry.start, end: entry.end, args });
  switch (upper) {
    case '$ORIGIN': {
      const arg = args[0];
      if (!arg) return error(errors, name!.start, name!.end, 'unexpected end of input');
      if (args.length > 1) return error(errors, args[1]!.start, entry.end, 'extra input text');
      const r = absoluteName(arg.text, state.origin);
      if ('error' in r) return error(errors, arg.start, arg.end, `bad origin ${quote(arg.text)}: ${r.error}`);
      setOrigin(state, r.name);
      return;
    }
    case '$TTL': {
      const arg = args[0];
      if (!arg) return error(errors, name!.start, name!.end, 'unexpected end of input');
      if (args.length > 1) return error(errors, args[1]!.start, entry.end, 'extra input text');
      const ttl = parseTtl(arg.text);
      if (ttl === undefined) return error(errors, arg.start, arg.end, 'bad ttl');
      if (ttl > MAX_TTL) error(errors, arg.start, arg.end, `TTL ${ttl} exceeds the maximum 2147483647 (RFC 2181); read as 0`, 'warning');
      state.defaultTtl = ttl > MAX_TTL ? 0 : ttl;
      return;
    }
    case '$INCLUDE':
      return include(entry, state, errors, via);
    case '$GENERATE':
      return generate(entry, state, errors, source);
    default:
      return error(errors, name!.start, name!.end, `unknown $ directive ${quote(name!.text)}`);
  }
}

function include(entry: Entry, state: State, errors: ZoneError[], via: { start: number; end: number; label: string } | undefined): void {
  const [name, file, originToken, extra] = entry.tokens;
  if (!file) return error(errors, name!.start, name!.end, 'unexpected end of input');
  if (extra) return error(errors, extra.start, entry.end, 'extra input text');
  const read = state.options.readInclude;
  const from = state.includeStack[state.includeStack.length - 1];
  if (state.includeRefused) return;
  if (state.includeReads >= MAX_INCLUDE_READS) {
    state.includeRefused = true;
    return error(errors, file.start, file.end, `$INCLUDE ${quote(file.text)}: the zone already read ${MAX_INCLUDE_READS} includes, the limit per zone, so this and any later $INCLUDE are not read`);
  }
  state.includeReads++;
  const loaded = read?.(file.text, from);
  if (!loaded) return error(errors, file.start, file.end, `$INCLUDE ${quote(file.text)}: file not found`);
  if ('refused' in loaded) return error(errors, file.start, file.end, `$INCLUDE ${quote(file.text)}: ${loaded.refused}`);
  if (state.includeStack.includes(loaded.path)) return error(errors, file.start, file.end, `$INCLUDE ${quote(file.text)}: includes itself (a cycle)`);
  if (state.includeStack.length > 20) return error(errors, file.start, file.end, `$INCLUDE ${quote(file.text)}: nested too deeply`);
  if (state.includedChars + loaded.text.length > MAX_INCLUDED_CHARS) {
    state.includeRefused = true;
    return error(errors, file.start, file.end, `$INCLUDE ${quote(file.text)}: it would take the included text past ${MAX_INCLUDED_CHARS / 1024 / 1024} MiB, the limit per zone, so this and any later $INCLUDE are not read`);
  }
  state.includedChars += loaded.text.length;
  const savedOrigin = state.origin;
  const savedOriginId = state.originId;
  const savedName = state.lastName;
  const savedNameRef = state.lastNameRef;
  const savedHash = state.lastHash;
  const savedOutOfZone = state.lastOutOfZone;
  if (originToken) {
    const r = absoluteName(originToken.text, state.origin);
    if ('error' in r) return error(errors, originToken.start, originToken.end, `bad origin ${quote(originToken.text)}: ${r.error}`);
    setOrigin(state, r.name);
  }
  state.includeStack.push(loaded.path);
  const at = via ?? { start: entry.start, end: entry.end, label: '' };
  // The label names the file as the including text wrote it, cut like any quote; what the included
  // file says is quoted at most `MAX_INCLUDED_EXCERPT` characters at a time.
  const label = `${via ? `${via.label} → ` : ''}${cut(file.text)}`;
  withExcerptLimit(MAX_INCLUDED_EXCERPT, () => readFile(loaded.text, state, { start: at.start, end: at.end, label }));
  state.includeStack.pop();
  // RFC 1035 §5.1: the origin (and with it the current owner) is restored after an include.
  state.origin = savedOrigin;
  state.originId = savedOriginId;
  state.lastName = savedName;
  state.lastNameRef = savedNameRef;
  state.lastHash = savedHash;
  state.lastOutOfZone = savedOutOfZone;
}

/** The wire length of an absolute name with no escapes and only ASCII; -1 for any other. */
function wireLength(name: string): number {
  if (name === '.') return 1;
  let wire = 1;
  let label = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 92 || c > 127) return -1;
    if (c === 46) {
      wire += label + 1;
      label = 0;
    } else label++;
  }
  return label === 0 ? wire : -1;
}

/**
 * The hash of a plain relative name's key (the part before the origin) when `text` is one: only
 * ASCII, no escapes, labels of 1 to 63 characters, and the whole name, joined to an origin of
 * wire length `originWire`, within 255; unsigned, so -1 when it is not (`@`, absolute, escaped…): then the
 * reader joins and checks it the careful way.
 */
function plainRelative(text: string, origin: string, originWire: number): number {
  if (originWire < 0 || origin === '.') return -1;
  let h = 0;
  let label = 0;
  let wire = 0;
  const n = text.length;
  if (n === 0) return -1;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c === 92 || c > 127) return -1;
    if (c === 46) {
      if (label === 0) return -1;
      wire += label + 1;
      label = 0;
    } else if (++label > 63) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = (Math.imul(h, 0x01000193) + c) | 0;
  }
  // A trailing dot makes the name absolute, `@` is the origin itself.
  if (label === 0 || (n === 1 && text === '@')) return -1;
  wire += label + 1;
  if (wire + originWire > 255) return -1;
  return h >>> 0;
}

/** The hash of `text.origin` from the hash of the relative part: continued over the dot, then the origin. */
function joinHash(relative: number, state: State, originId: number): number {
  const dot = (Math.imul(relative, 0x01000193) + 46) | 0;
  return (Math.imul(dot, state.originPower[originId]!) + state.originHash[originId]!) >>> 0;
}

/** Makes `origin` the current one; the records read from now on refer to it by its place in `origins`. */
function setOrigin(state: State, origin: string): void {
  if (origin === state.origin) return;
  state.origin = origin;
  state.originId = state.origins.length;
  state.origins.push(origin);
  state.originsInZone.push(isAtOrBelow(origin, state.origins[0]!));
  state.originWire.push(wireLength(origin));
  state.originHash.push(hashOfName(origin));
  state.originPower.push(hashPower(origin.length));
}

function record(entry: Entry, state: State, errors: ZoneError[], source: number, generated = false): void {
  const tokens = entry.tokens;
  let i = 0;
  let name: NameAt | undefined;
  /** What the records keep of the name: 0 for the record's own plain token, else its place among the names kept. */
  let nameRef = 0;
  let hash: number;
  let outOfZone: boolean;
  let ownerStart = entry.start;
  let ownerEnd = entry.start;
  if (entry.blankOwner) {
    if (!state.lastName) return error(errors, entry.start, tokens[0]!.end, 'no current owner name');
    const inherited = state.lastName;
    name = inherited;
    hash = state.lastHash;
    outOfZone = state.lastOutOfZone;
    // The records that inherit an owner share one entry for where it was written.
    nameRef = state.lastNameRef ||= state.records.nameOf(inherited);
  } else {
    const t = tokens[i++]!;
    ownerStart = t.start;
    ownerEnd = t.end;
    const originId = state.originId;
    const origin = state.origins[originId]!;
    // Most owners are a plain name relative to the origin: checked and hashed from the token alone,
    // without joining it to the origin.
    const plain = generated ? -1 : plainRelative(t.text, origin, state.originWire[originId]!);
    if (plain >= 0) {
      hash = joinHash(plain, state, originId);
      outOfZone = !state.originsInZone[originId]!;
    } else {
      const r = absoluteName(t.text, origin);
      if ('error' in r) return error(errors, t.start, t.end, `bad owner name ${quote(t.text)}: ${r.error}`);
      hash = hashOfName(r.name);
      // A relative name (or `@`) is in the zone when its origin is; an absolute one is compared.
      const relative = t.text === '@' || !isAbsolute(t.text);
      outOfZone = relative ? !state.originsInZone[originId]! : !isAtOrBelow(r.name, state.origins[0]!);
      if (generated) name = { generated: r.name };
    }
    // Where the name's text is: inside the quotes of a quoted token.
    if (name) nameRef = state.records.nameOf(name);
    else if (t.quoted) nameRef = state.records.nameOf((name = { source, start: t.start + 1, end: t.end - 1, origin: originId }));
    else name = { source, start: t.start, end: t.end, origin: originId };
  }
  if (name !== state.lastName) state.lastNameRef = nameRef;
  state.lastName = name;
  state.lastHash = hash;
  state.lastOutOfZone = outOfZone;
  let ttl: number | undefined;
  // The TTL token's range; -1 when the record writes none.
  let ttlStart = -1;
  let ttlEnd = 0;
  let cls: string | undefined;
  for (let k = 0; k < 2 && i < tokens.length; k++) {
    const t = tokens[i]!;
    if (ttl === undefined && looksLikeTtl(t.text) && !t.quoted) {
      const n = parseTtl(t.text);
      if (n === undefined) return error(errors, t.start, t.end, 'bad ttl');
      ttl = n;
      ttlStart = t.start;
      ttlEnd = t.end;
      i++;
    } else if (cls === undefined && isClass(t.text) && !t.quoted) {
      cls = canonicalClass(t.text);
      i++;
    } else break;
  }
  const typeToken = tokens[i++];
  if (!typeToken) return error(errors, entry.start, entry.end, 'unexpected end of input');
  const typed = typeOf(typeToken.text);
  if ('error' in typed) return error(errors, typeToken.start, typeToken.end, typed.error);
  const type = typed.type;
  if (cls !== undefined && cls !== 'IN') return error(errors, entry.start, entry.end, `class ${quote(cls)} does not match zone class 'IN'`);
  const rdataTokens = tokens.slice(i);
  let rdata;
  try {
    rdata = parseRdata(type, rdataTokens, state.origin);
  } catch (err) {
    if (!(err instanceof RdataError)) throw err;
    const at = err.token !== undefined ? rdataTokens[err.token] : undefined;
    const start = at?.start ?? (rdataTokens.length > 0 ? rdataTokens[0]!.start : typeToken.start);
    const end = at?.end ?? (rdataTokens.length > 0 ? rdataTokens[rdataTokens.length - 1]!.end : typeToken.end);
    return error(errors, start, end, `${type}: ${err.message}`);
  }
  if (ttl !== undefined && ttl > MAX_TTL) {
    error(errors, ttlStart, ttlEnd, `TTL ${ttl} exceeds the maximum 2147483647 (RFC 2181); read as 0`, 'warning');
    ttl = 0;
  }
  if (ttl === undefined) {
    if (state.defaultTtl !== undefined) ttl = state.defaultTtl;
    else if (state.lastTtl !== undefined) ttl = state.lastTtl;
    else if (rdata.kind === 'SOA') {
      ttl = rdata.minimum;
      error(errors, entry.start, entry.end, 'no TTL specified; using SOA MINTTL instead', 'warning');
    } else return error(errors, typeToken.start, typeToken.end, 'no TTL specified');
  }
  state.lastTtl = ttl;
  // The RDATA is read again from the text when asked for; a generated record's tokens are not the text's.
  state.records.add(
    entry.start,
    entry.end,
    ownerEnd,
    typeToken.start,
    typeToken.end,
    ttlStart,
    ttlEnd,
    ttl,
    type,
    source,
    state.originId,
    nameRef,
    hash,
    outOfZone,
    generated ? { tokens: rdataTokens, ownerStart } : undefined,
  );
}

/** BIND's `$GENERATE range lhs [ttl] [class] type rhs`, with `$`, `${offset,width,base}` and `\$`. */
function generate(entry: Entry, state: State, errors: ZoneError[], source: number): void {
  const [name, rangeToken, ...rest] = entry.tokens;
  if (!rangeToken || rest.length < 3) return error(errors, name!.start, entry.end, '$GENERATE: unexpected end of input');
  const range = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(rangeToken.text);
  if (!range) return error(errors, rangeToken.start, rangeToken.end, `$GENERATE: bad range ${quote(rangeToken.text)}`);
  const from = Number(range[1]);
  const to = Number(range[2]);
  const step = range[3] !== undefined ? Number(range[3]) : 1;
  if (from > to || step < 1 || to > 0xffffffff) return error(errors, rangeToken.start, rangeToken.end, `$GENERATE: bad range ${quote(rangeToken.text)}`);
  const count = Math.floor((to - from) / step) + 1;
  if (state.generateRefused) return;
  if (state.generated + count > MAX_GENERATED_RECORDS) {
    state.generateRefused = true;
    const before = state.generated > 0 ? ` after the ${state.generated} already generated` : '';
    return error(errors, rangeToken.start, rangeToken.end, `$GENERATE: ${count} records${before} would pass the limit of ${MAX_GENERATED_RECORDS} generated records per zone, so this and any later $GENERATE are not expanded`);
  }
  if (state.records.length + count > state.maxRecords) return error(errors, rangeToken.start, rangeToken.end, `$GENERATE: ${count} records is more than the limit`);
  const lhs = rest[0]!;
  const middle = rest.slice(1, -1);
  const rhs = rest[rest.length - 1]!;
  const typeIndex = middle.findIndex((t) => !looksLikeTtl(t.text) && !isClass(t.text));
  if (typeIndex < 0) return error(errors, rhs.start, rhs.end, '$GENERATE: unexpected end of input');
  const typed = typeOf(middle[typeIndex]!.text);
  if ('error' in typed) return error(errors, middle[typeIndex]!.start, middle[typeIndex]!.end, typed.error);
  // BIND generates only the types whose RDATA is a name or an address.
  if (!['A', 'AAAA', 'CNAME', 'DNAME', 'NS', 'PTR'].includes(typed.type)) {
    return error(errors, middle[typeIndex]!.start, middle[typeIndex]!.end, `$GENERATE: type ${quote(typed.type)} is not supported`);
  }
  const substitute = (template: string, n: number): string | undefined => {
    let out = '';
    for (let k = 0; k < template.length; k++) {
      const c = template[k]!;
      if (c === '\\' && template[k + 1] === '$') {
        out += '$';
        k++;
      } else if (c === '\\' && k + 1 < template.length) {
        // Any other escape is copied whole (BIND's genname), so `\\$` is a backslash and the number.
        out += template.slice(k, k + 2);
        k++;
      } else if (c === '$') {
        if (template[k + 1] === '{') {
          const close = template.indexOf('}', k);
          if (close < 0) return undefined;
          const m = /^([-+]?\d+)(?:,(\d+)(?:,([doxXnN]))?)?$/.exec(template.slice(k + 2, close));
          if (!m) return undefined;
          const value = Math.abs(n + Number(m[1]));
          const base = m[3] ?? 'd';
          const width = Number(m[2] ?? 0);
          // BIND formats into 128 characters; a wider field is an error, not a huge string.
          if (width > 127) return undefined;
          if (base === 'n' || base === 'N') out += nibbles(value, width, base === 'N');
          else {
            const digits = base === 'o' ? value.toString(8) : base === 'x' ? value.toString(16) : base === 'X' ? value.toString(16).toUpperCase() : String(value);
            out += digits.padStart(width, '0');
          }
          k = close;
        } else out += String(n);
      } else out += c;
    }
    return out;
  };
  // BIND leaves the current owner alone: a blank owner after `$GENERATE` is the one before it.
  const savedName = state.lastName;
  const savedNameRef = state.lastNameRef;
  const savedHash = state.lastHash;
  const savedOutOfZone = state.lastOutOfZone;
  for (let n = from; n <= to; n += step) {
    const owner = substitute(lhs.text, n);
    const target = substitute(rhs.text, n);
    if (owner === undefined || target === undefined) {
      error(errors, lhs.start, rhs.end, '$GENERATE: bad modifier');
      break;
    }
    const tokens: RdataToken[] = [
      { ...lhs, text: owner },
      ...middle,
      { ...rhs, text: target },
    ];
    const before = state.records.length;
    record({ tokens, blankOwner: false, start: entry.start, end: entry.end }, state, errors, source, true);
    // Like BIND, a $GENERATE stops at its first bad record: one error, not one per iteration.
    if (state.records.length === before) break;
    state.generated++;
  }
  state.lastName = savedName;
  state.lastNameRef = savedNameRef;
  state.lastHash = savedHash;
  state.lastOutOfZone = savedOutOfZone;
}

/**
 * BIND's nibble mode (`${offset,width,n}`): hex digits least significant first, dot-separated;
 * `width` counts the characters written, dots included, and is filled with zero nibbles.
 */
function nibbles(value: number, width: number, upper: boolean): string {
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = '';
  let rest = value;
  let left = width;
  do {
    out += hex[rest % 16];
    rest = Math.floor(rest / 16);
    if (left > 0) left--;
    if (left > 0 || rest !== 0) {
      out += '.';
      if (left > 0) left--;
    }
  } while (rest !== 0 || left > 0);
  return out;
}

/** The earlier reading cannot be reused after all (it disagrees with itself): the text is read in full. */
class NotInStep extends Error {}

/**
 * Reads `text` again from `previous`, the same file before an edit: the records, errors and
 * directives before the edit are kept, the reader starts again at the last checkpoint before it,
 * and once it is past the edit at a checkpoint of the earlier reading in the same state, the rest
 * is the earlier reading's, moved by the length the edit added. Undefined when that cannot be done
 * (no checkpoints, another origin), and the caller reads the text in full.
 */
function reread(previous: ParsedZone, text: string, options: ZoneParseOptions): ParsedZone | undefined {
  const marks = previous.checkpoints;
  // A reading that stopped at the records limit is not whole, so its rest cannot be taken.
  if (!marks || marks.length === 0 || previous.records.length >= (options.maxRecords ?? MAX_RECORDS)) return undefined;
  const startOrigin = startOriginOf(text, options);
  if (startOrigin !== previous.origin) return undefined;
  const old = previous.text;
  if (old === text) return previous;
  // The edit: the text before `a` and the last `same` characters are as they were.
  const shorter = Math.min(old.length, text.length);
  let a = 0;
  while (a < shorter && old.charCodeAt(a) === text.charCodeAt(a)) a++;
  let same = 0;
  while (same < shorter - a && old.charCodeAt(old.length - 1 - same) === text.charCodeAt(text.length - 1 - same)) same++;
  const delta = text.length - old.length;
  const editEnd = text.length - same;
  // The last checkpoint strictly before the edit: its line start, and the character there, are unchanged.
  let r = -1;
  for (let lo = 0, hi = marks.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]!.pos < a) {
      r = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (r < 0) return undefined;
  const from = marks[r]!;
  rereads.resumed++;
  try {
    return readFrom(previous, text, options, from, marks.slice(0, r), delta, editEnd);
  } catch (err) {
    if (err instanceof NotInStep) return undefined;
    throw err;
  }
}

function readFrom(previous: ParsedZone, text: string, options: ZoneParseOptions, from: Checkpoint, kept: Checkpoint[], delta: number, editEnd: number): ParsedZone {
  const oldRecords = previous.records;
  const sources: Source[] = [{ text, includedBy: undefined }];
  const origins = oldRecords.origins.slice(0, from.origins);
  const records = oldRecords.prefix(from.records, from.names, sources, origins, expectedRecords(text, options));
  const state = readerState(options, sources, origins, records, previous.errors.slice(0, from.errors), previous.directives.slice(0, from.directives), kept, from);
  const marks = previous.checkpoints!;
  const inStep = (pos: number): boolean => {
    if (pos < editEnd) return false;
    const oldPos = pos - delta;
    let lo = 0;
    let hi = marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]!.pos < oldPos) lo = mid + 1;
      else hi = mid;
    }
    const mark = marks[lo];
    if (!mark || mark.pos !== oldPos || !sameState(state, text, mark, previous)) return false;
    takeRest(state, previous, mark, delta, pos);
    rereads.inStep++;
    return true;
  };
  readFile(text, state, undefined, { from: from.pos, inStep });
  const zone: ParsedZone = { text, origin: previous.origin, records, errors: state.errors, directives: state.directives };
  return withCheckpoints(zone, state);
}

/** The owner name a reader's state holds, as written, for comparing two readings. */
function ownerText(name: NameAt | undefined, text: string, origins: readonly string[]): string | undefined {
  if (!name) return undefined;
  if ('generated' in name) return `\0${name.generated}`;
  const r = absoluteName(text.slice(name.start, name.end), origins[name.origin]!);
  return 'name' in r ? r.name : undefined;
}

/** Whether the reader now is where the earlier reading was at `mark`: all it carries to the next entry. */
function sameState(state: State, text: string, mark: Checkpoint, previous: ParsedZone): boolean {
  const oldOrigins = previous.records.origins;
  return (
    state.origin === oldOrigins[mark.originId] &&
    state.defaultTtl === mark.defaultTtl &&
    state.lastTtl === mark.lastTtl &&
    state.lastHash === mark.lastHash &&
    state.lastOutOfZone === mark.lastOutOfZone &&
    ownerText(state.lastName, text, state.origins) === ownerText(mark.lastName, previous.text, oldOrigins)
  );
}

/**
 * Appends the earlier reading's records, errors, directives and checkpoints from `mark` on, moved
 * by `delta` and renumbered: origins set after `mark` follow this reading's; kept names written
 * after it are kept again, moved; the one name inherited across it is this reading's.
 */
function takeRest(state: State, previous: ParsedZone, mark: Checkpoint, delta: number, pos: number): void {
  const old = previous.records;
  // Past the records limit, reading anew would have stopped somewhere in the rest.
  if (state.records.length + old.length - mark.records > state.maxRecords) throw new NotInStep();
  const oldOrigins = old.origins;
  const base = state.origins.length;
  for (let id = mark.origins; id < oldOrigins.length; id++) state.origins.push(oldOrigins[id]!);
  const origin = (id: number): number => {
    if (id === mark.originId) return state.originId;
    if (id >= mark.origins) return base + (id - mark.origins);
    throw new NotInStep();
  };
  const oldPos = pos - delta;
  const names = new Map<number, number>();
  const name = (ref: number): number => {
    let mapped = names.get(ref);
    if (mapped !== undefined) return mapped;
    const at = old.nameAt(ref);
    if ('generated' in at) throw new NotInStep();
    if (at.start >= oldPos) mapped = state.records.nameOf({ source: 0, start: at.start + delta, end: at.end + delta, origin: origin(at.origin) });
    else {
      // Written before the point the readings met: the name both inherit there.
      if (!state.lastName) throw new NotInStep();
      mapped = state.lastNameRef ||= state.records.nameOf(state.lastName);
    }
    names.set(ref, mapped);
    return mapped;
  };
  state.records.appendShifted(old, mark.records, delta, origin, name);
  const moved = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start + delta, end: x.end + delta });
  for (const e of previous.errors.slice(mark.errors)) state.errors.push(moved(e));
  for (const d of previous.directives.slice(mark.directives)) state.directives.push({ ...moved(d), args: d.args.map(moved) });
  const records = state.records.length - old.length;
  const errors = state.errors.length - previous.errors.length;
  const directives = state.directives.length - previous.directives.length;
  for (const m of previous.checkpoints!) {
    if (m.pos < oldPos) continue;
    const lastName = !m.lastName || 'generated' in m.lastName ? m.lastName : m.lastName.start >= oldPos ? { ...m.lastName, start: m.lastName.start + delta, end: m.lastName.end + delta, origin: origin(m.lastName.origin) } : state.lastName;
    state.checkpoints.push({
      ...m,
      pos: m.pos + delta,
      records: m.records + records,
      errors: m.errors + errors,
      directives: m.directives + directives,
      origins: m.origins - mark.origins + base,
      names: state.records.namesKept,
      originId: origin(m.originId),
      lastName,
      lastNameRef: m.lastNameRef === 0 ? 0 : name(m.lastNameRef),
    });
  }
}
