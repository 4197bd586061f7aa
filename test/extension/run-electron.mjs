#!/usr/bin/env node
// Runs the extension-host suite in a desktop VS Code through @vscode/test-electron, for a
// developer laptop or a hosted CI with internet. It downloads VS Code, so it cannot work
// offline: test/vscode-server/run-tests.mjs runs the same suite in the VS Code server there.
//
// Usage: npm run test:electron
// Env:   VSCODE_EXECUTABLE=/path/to/code   use an installed VS Code instead of downloading
//        VSCODE_TEST_VERSION=1.100.3        the version to download (default: the server's)
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const testsPath = join(root, 'dist', 'test', 'index.js');
const fixtureWorkspace = join(root, 'test', 'fixtures', 'workspace');
// The same VS Code as the offline path (code-server 4.100.3 bundles 1.100.3), so both agree.
const version = process.env.VSCODE_TEST_VERSION || '1.100.3';

async function executable() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    return await downloadAndUnzipVSCode(version);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not download VS Code ${version} (${reason}).\n` +
        'This path needs internet access. Offline, run `node test/vscode-server/run-tests.mjs` ' +
        '(the same suite in the VS Code server), or set VSCODE_EXECUTABLE to an installed VS Code.',
    );
  }
}

async function main() {
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: run \`npm run build\` first`);
  const scratch = mkdtempSync(join(tmpdir(), 'aws-hardening-electron-'));
  const workspace = join(scratch, 'workspace');
  const resultsFile = join(scratch, 'results.json');
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  let summary = { passed: 0, failed: 1 };
  try {
    const vscodeExecutablePath = await executable();
    let exitCode = 0;
    try {
      exitCode = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: root,
        extensionTestsPath: testsPath,
        // Reaches the extension host, where the suite reads it.
        extensionTestsEnv: { AWS_HARDENING_TEST_RESULTS: resultsFile },
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      });
    } catch (error) {
      // runTests rejects when VS Code exits non-zero, which a failing suite causes; the
      // results file, when written, says which tests failed.
      console.log(`[electron] VS Code exited with an error: ${error instanceof Error ? error.message : error}`);
      exitCode = 1;
    }
    if (existsSync(resultsFile)) {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
      for (const t of results.tests) {
        if (t.ok) console.log(`ok - ${t.name} (${t.ms} ms)`);
        else console.log(`not ok - ${t.name}: ${String(t.error).split('\n').join('\n    ')}`);
      }
      summary = { passed: results.passed, failed: results.failed };
    } else {
      console.log('[electron] the suite wrote no results (did dist/test/index.js load?)');
    }
    if (exitCode !== 0 && summary.failed === 0) summary = { ...summary, failed: 1 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return summary;
}

let summary = { passed: 0, failed: 1 };
try {
  summary = await main();
} catch (error) {
  console.error(`[electron] error: ${error instanceof Error ? error.message : error}`);
}
console.log(`extension-host: ${summary.passed} passed, ${summary.failed} failed`);
process.exit(summary.failed === 0 && summary.passed > 0 ? 0 : 1);
