// Turns the paths on the command line into files to lint, keeping each path as the user gave it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isZoneFile } from '../io/zone-includes';

/** Extensions the CLI looks at inside folders; a file named explicitly is always read. */
const LINTABLE = /\.(ya?ml|json|template|cfn|zone|dns|pem|crt|cer)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);

export class InputError extends Error {}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(`cannot read folder '${dir}': ${describe(err)}`);
  }
  for (const name of names) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue; // A dangling link inside a folder is not the user's question.
    }
    if (stat.isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) walk(path, out);
    } else if (stat.isFile() && (LINTABLE.test(name) || isZoneFile(name))) {
      out.push(path);
    }
  }
}

export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (err) {
      throw new InputError(`cannot read '${path}': ${describe(err)}`);
    }
    if (stat.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return [...new Set(out)];
}

/** Certificate files, linted as PEM bundles when they hold PEM text (a `.cer` or `.crt` is often binary DER). */
export function isPemFile(path: string): boolean {
  return /\.(pem|crt|cer)$/i.test(path);
}

export function readError(path: string, err: unknown): InputError {
  return new InputError(`cannot read '${path}': ${describe(err)}`);
}
