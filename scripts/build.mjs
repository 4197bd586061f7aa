// The one build script: esbuild bundles the client, the server (and its analysis worker), the CLI
// and the tests.
// Type checking is separate (`npm run typecheck`), so this stays fast.
// `--production` (run by `vscode:prepublish` and `prepack`) builds only what the .vsix and the npm
// package ship, minified and without source maps, and leaves out/test alone.
import { build } from 'esbuild';
import { copyFileSync, readdirSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  // Minified names would change what `name` and stack traces say, which messages may show.
  keepNames: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

function testEntries(folder) {
  const dir = join(root, 'test', folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${folder}/${f}`);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
if (!production) rmSync(join(root, 'out', 'test'), { recursive: true, force: true });

const jobs = [
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The account scan (AWS SDK clients, several MB) is its own bundle, loaded on first use by the
  // server and the CLI, so neither pays for it at start; the two must agree on ACCOUNT_BUNDLE.
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', define: { ACCOUNT_BUNDLE: 'true' } }),
  build({ ...common, entryPoints: ['server/src/account/entry.ts'], outfile: 'dist/account.js' }),
  // The server's worker thread for large documents, loaded from beside dist/server.js.
  build({ ...common, entryPoints: ['server/src/lsp/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' }),
  build({
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    define: { ACCOUNT_BUNDLE: 'true' },
    banner: { js: '#!/usr/bin/env node' },
  }),
];
// Everything below is for development and tests, never shipped.
if (!production && existsSync(join(root, 'scripts/bench.ts'))) {
  jobs.push(build({ ...common, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' }));
}
if (!production && existsSync(join(root, 'scripts/zone-corpus.ts'))) {
  jobs.push(build({ ...common, entryPoints: ['scripts/zone-corpus.ts'], outfile: 'dist/zone-corpus.js' }));
}
if (!production && existsSync(join(root, 'test/vscode-server/account-fixture.ts'))) {
  // The AWS side of the extension-host suite, started by its harness (an .mjs) before VS Code.
  jobs.push(build({ ...common, entryPoints: ['test/vscode-server/account-fixture.ts'], outfile: 'dist/test/account-fixture.js' }));
}
if (!production && existsSync(join(root, 'test/extension/index.ts'))) {
  // The extension-host suite is loaded by VS Code itself, so `vscode` stays external.
  jobs.push(
    build({ ...common, entryPoints: ['test/extension/index.ts'], outfile: 'dist/test/index.js', external: ['vscode'] }),
    // The one test run against the extension installed from the .vsix (run-vsix-smoke.mjs).
    build({ ...common, entryPoints: ['test/extension/vsix-smoke.ts'], outfile: 'dist/test/vsix-smoke.js', external: ['vscode'] }),
  );
}
const nodeTests = [...testEntries('unit'), ...testEntries('lsp')];
if (!production && nodeTests.length > 0) {
  jobs.push(
    build({ ...common, entryPoints: nodeTests, outdir: 'out/test', outbase: 'test', sourcemap: 'inline' }),
  );
}
await Promise.all(jobs);
// The resource-type index is read at run time from beside the bundle (server/src/core/cfn-spec.ts),
// with its license.
mkdirSync(join(root, 'dist'), { recursive: true });
for (const file of ['cfn-index.json.gz', 'cfn-index.LICENSE']) copyFileSync(join(root, 'server', 'data', file), join(root, 'dist', file));
