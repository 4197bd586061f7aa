// What the .vsix and the npm package hold: package.json's `files` allow-list, which vsce and
// npm both read (there is no .vscodeignore: vsce refuses one beside `files`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The entries of package.json's `files`: a file, or a folder that ships everything under it. */
export function shippedEntries(): string[] {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] }).files;
}

/** True when `path` (relative to the repository, `./` allowed) is in the packages. */
export function isShipped(path: string): boolean {
  const file = path.replace(/^\.\//, '');
  return shippedEntries().some((entry) => entry === file || file.startsWith(`${entry.replace(/\/$/, '')}/`));
}
