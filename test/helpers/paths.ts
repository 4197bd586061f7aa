import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from wherever the bundled test runs. */
export const repoRoot = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'server'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repository root not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

export const fixturesDir = join(repoRoot, 'test', 'fixtures');

/** Snapshots are rewritten, not compared, when this is set. */
export const updating = process.env.UPDATE_SNAPSHOTS === '1';
