// Reads `$INCLUDE` targets from disk for the CLI and the language server: relative to the
// including file, regular files only, and never more than a zone file could sensibly be.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

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

/** BIND's `db.<domain>` names, for top-level domains zone files commonly serve; never `db.test.ts`. */
const DB_FILE = /^db\.([a-z0-9-]+\.)*(arpa|com|net|org|edu|gov|int|io|internal|uk|au|ca|de|eu|nz|local|lan|home|example|invalid)$/i;
const STOCK_FILES = new Set(['db.local', 'db.127', 'db.0', 'db.255', 'db.empty', 'db.root', 'named.root']);

/**
 * Which documents are zone files: the editor's language id when it names one; for documents the
 * editor has no language for (plain text), the file's name.
 */
export function isZoneFile(path: string | undefined, languageId?: string): boolean {
  if (languageId && ['dns-zone', 'zone', 'bind', 'dns'].includes(languageId)) return true;
  if (languageId && languageId !== 'plaintext') return false;
  if (!path) return false;
  const base = path.split(/[\\/]/).pop() ?? '';
  return /\.(zone|dns)$/i.test(base) || DB_FILE.test(base) || STOCK_FILES.has(base);
}
