// Reads `$INCLUDE` targets from disk for the CLI and the language server: relative to the
// including file, regular files only, and never more than a zone file could sensibly be.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isZoneFileName } from '../core/detect';

const MAX_INCLUDE_BYTES = 64 * 1024 * 1024;

export function readIncludeFromDisk(path: string, from: string | undefined): { text: string; path: string } | undefined {
  const full = isAbsolute(path) ? path : resolve(from ? dirname(from) : process.cwd(), path);
  try {
    const stat = statSync(full);
    if (!stat.isFile() || stat.size > MAX_INCLUDE_BYTES) return undefined;
    return { text: readFileSync(full, 'utf8'), path: full };
  } catch {
    return undefined;
  }
}

/**
 * Which documents are zone files: the editor's language id when it names one; for documents the
 * editor has no language for (plain text), the file's name.
 */
export function isZoneFile(path: string | undefined, languageId?: string): boolean {
  if (languageId && ['dns-zone', 'zone', 'bind', 'dns'].includes(languageId)) return true;
  if (languageId && languageId !== 'plaintext') return false;
  return path !== undefined && isZoneFileName(path);
}
