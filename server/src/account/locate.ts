// Where a resource CloudFormation made is defined in the workspace: the template whose top-level
// `Resources` has its logical id (from the resource's `aws:cloudformation:logical-id` tag), so a
// live finding can be fixed at its source instead of drifting the stack.
//
// The CLI's walker (`cli/files.ts`) is synchronous and reads every folder it is given, which suits
// a command run once; in the language server that would block every other request on a large
// workspace. This walk is asynchronous, yields between files, stops at a number of files and
// folder entries, never follows symbolic links, and skips the folders the CLI skips. Reading a
// file reuses the CLI's guarded reader and decoder (regular files only, bounded size).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeInput, isBinary } from '../cli/decode';
import { MAX_ANALYSED_LENGTH } from '../core/analyze';
import { asMap, get, getPair } from '../core/cfn/model';
import { parseText } from '../core/cfn/parse';
import { isTemplateRoot } from '../core/cfn/template';
import { detectLanguage } from '../core/detect';
import { readInput } from '../io/read-input';

/** Folders no template worth opening lives in: dependencies, VCS data, build output with copies. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);
const TEMPLATE_FILE = /\.(ya?ml|json|template|cfn)$/i;

export interface LocateOptions {
  /** The workspace folders' paths. */
  readonly folders: readonly string[];
  /** Documents open in the editor: their text wins over what is on disk. */
  readonly openDocuments: ReadonlyArray<{ readonly uri: string; readonly text: string }>;
  /** Template files looked at, at most (default 2,000). */
  readonly maxFiles?: number;
  /** Folder entries walked past, at most (default 50,000). */
  readonly maxEntries?: number;
  /** Files larger than this are not read (default: the size the server analyses). */
  readonly maxBytes?: number;
  readonly isCancelled?: () => boolean;
}

export interface Located {
  readonly uri: string;
  readonly text: string;
  /** The logical id key's offsets in `text`. */
  readonly start: number;
  readonly end: number;
}

/** The offsets of `logicalId`'s key in the template's top-level `Resources`, if the text is a template that has it. */
export function logicalIdRange(text: string, logicalId: string, path?: string): { start: number; end: number } | undefined {
  // Cheap looks first: most files in a workspace are no template, and most templates lack the id.
  if (!text.includes(logicalId) || detectLanguage(text, path !== undefined ? { path } : {}) !== 'cloudformation') return undefined;
  // A lone CR is a line break to YAML but not to the parser; as LF it keeps every offset (as analyzeText does).
  const doc = parseText(/\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text);
  if (!isTemplateRoot(doc.root)) return undefined;
  const pair = getPair(asMap(get(doc.root, 'Resources')), logicalId);
  return pair ? { start: pair.keyStart, end: pair.keyEnd } : undefined;
}

interface Candidate {
  readonly uri: string;
  readonly name: string;
  /** Set for files on disk; open documents carry their text. */
  readonly path?: string;
  readonly text?: string;
}

/** Template-like files under the folders, breadth first (shallow files first), within the bounds. */
async function walk(folders: readonly string[], maxFiles: number, maxEntries: number, isCancelled: () => boolean): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const queue = [...folders];
  let entries = 0;
  while (queue.length > 0 && found.length < maxFiles && entries < maxEntries && !isCancelled()) {
    const dir = queue.shift()!;
    let list: Dirent[];
    try {
      list = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // A folder that cannot be read holds nothing to find.
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (++entries > maxEntries || found.length >= maxFiles) break;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) queue.push(path);
      } else if (entry.isFile() && TEMPLATE_FILE.test(entry.name)) {
        found.push({ uri: pathToFileURL(path).href, name: entry.name, path });
      }
    }
  }
  return found;
}

function uriBaseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  try {
    return basename(decodeURIComponent(path));
  } catch {
    return basename(path); // A malformed escape: the name as written.
  }
}

function textOf(candidate: Candidate, maxBytes: number): string | undefined {
  if (candidate.text !== undefined) return candidate.text;
  const read = readInput(candidate.path!, Infinity, maxBytes);
  if (!read.ok) return undefined;
  const decoded = decodeInput(read.bytes);
  if (isBinary(decoded)) return undefined;
  // The editor shows a file without its byte-order mark, so positions are counted without it.
  return decoded.text.startsWith('\ufeff') ? decoded.text.slice(1) : decoded.text;
}

/**
 * The template that defines `logicalId`: one whose file name contains the stack's name first,
 * then open documents, then the rest in walk order. Undefined when none does.
 */
export async function locateLogicalId(stack: string, logicalId: string, options: LocateOptions): Promise<Located | undefined> {
  const isCancelled = options.isCancelled ?? (() => false);
  const maxBytes = options.maxBytes ?? MAX_ANALYSED_LENGTH;
  const open = new Map(options.openDocuments.map((d) => [d.uri, d.text]));
  const opened: Candidate[] = options.openDocuments.map((d) => ({ uri: d.uri, name: uriBaseName(d.uri), text: d.text }));
  const onDisk = (await walk(options.folders, options.maxFiles ?? 2000, options.maxEntries ?? 50_000, isCancelled)).filter((c) => !open.has(c.uri));
  const wanted = stack.toLowerCase();
  const named = (c: Candidate): boolean => wanted !== '' && basename(c.name, extname(c.name)).toLowerCase().includes(wanted);
  const all = [...opened, ...onDisk];
  const ordered = [...all.filter(named), ...all.filter((c) => !named(c))];
  for (const candidate of ordered) {
    if (isCancelled()) return undefined;
    const text = textOf(candidate, maxBytes);
    if (text === undefined) continue;
    const range = logicalIdRange(text, logicalId, candidate.path ?? candidate.name);
    if (range) return { uri: candidate.uri, text, ...range };
    // Parsing is synchronous: let other requests through between files.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return undefined;
}
