// The extension is packaged from an allow-list (.vscodeignore): every file its bundles load at run
// time must be on it, or an installed copy fails where the development one works. The account
// bundle is loaded on first use, so nothing at start would show it missing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/paths';

/** What the bundles load at run time: the client, the server and its worker, the CLI, the account bundle they load lazily, and the resource-type index. */
const RUNTIME_FILES = ['dist/client.js', 'dist/server.js', 'dist/analysis-worker.js', 'dist/cli.js', 'dist/account.js', 'dist/cfn-index.json.gz'];

test('every file the bundles load at run time is built and shipped', () => {
  const allowed = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).trim());
  for (const file of RUNTIME_FILES) {
    assert.ok(existsSync(join(repoRoot, file)), `the build writes ${file}`);
    assert.ok(allowed.includes(file), `.vscodeignore ships ${file}`);
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
  for (const entry of [manifest.main, ...Object.values(manifest.bin)]) assert.ok(RUNTIME_FILES.includes(entry.replace(/^\.\//, '')), `${entry} is among the run-time files`);
});
