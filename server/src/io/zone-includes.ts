// Reads `$INCLUDE` targets from disk for the CLI and the language server. A zone file is input
// like any other: its includes may name any path (`/proc/self/environ`, `../../.aws/credentials`,
// a symlink out), so a target is read only when its real path, symlinks resolved, lies inside one
// of the roots the caller allows (the linted file's folder; the workspace folder in the editor),
// is a regular file and is no larger than a zone may include in all. It also gives real paths, so
// the reader's cycle check sees a file coming back to itself through a symlink.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { isZoneFileName, ZONE_LANGUAGE_IDS } from '../core/detect';
import { MAX_INCLUDED_CHARS, type IncludeRead, type ReadInclude } from '../core/dns/parse';
import { readInput } from './read-input';

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/**
 * A reader confined to `roots`: a relative target is resolved from the including file's folder
 * (the first root for the top file when it has no path), and the answer is the text with the
 * target's real path (so cycle checks compare real files), a refusal saying why, or undefined when
 * there is no such file.
 */
export function zoneIncludeReader(roots: readonly string[]): ReadInclude {
  // Resolved at the first include, so a reader made for every look at a zone costs nothing until used.
  let resolved: string[] | undefined;
  const read = (path: string, from: string | undefined): IncludeRead | undefined => {
    const realRoots = (resolved ??= roots.map(realOrUndefined).filter((r): r is string => r !== undefined));
    const base = from ? dirname(from) : (roots[0] ?? process.cwd());
    const real = realOrUndefined(isAbsolute(path) ? path : resolve(base, path));
    if (real === undefined) return undefined;
    if (!realRoots.some((root) => inside(real, root))) return { refused: 'outside the folders AWS Hardening reads includes from (the zone file’s folder, or the workspace folder in the editor), so it was not read' };
    // Read as the CLI reads its inputs: a regular file only, checked again once open, so a FIFO
    // put in its place meanwhile cannot block the reader.
    const input = readInput(real, Infinity, MAX_INCLUDED_CHARS);
    if (!input.ok) return { refused: input.reason };
    return { text: new TextDecoder().decode(input.bytes), path: real };
  };
  return Object.assign(read, { realPath: realOrUndefined });
}

/**
 * Which documents are zone files: the editor's language id when it names one; for documents the
 * editor has no language for (plain text), the file's name.
 */
export function isZoneFile(path: string | undefined, languageId?: string): boolean {
  if (languageId && ZONE_LANGUAGE_IDS.has(languageId)) return true;
  if (languageId && languageId !== 'plaintext') return false;
  return path !== undefined && isZoneFileName(path);
}
