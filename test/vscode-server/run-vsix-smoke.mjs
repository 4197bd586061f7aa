#!/usr/bin/env node
// The .vsix smoke test: packages the extension as a user does (`vsce package`, through
// scripts/pack.mjs on a copy of the checkout), installs the .vsix into the VS Code server with
// `--install-extension`, and runs one test (dist/test/vsix-smoke.js) against that installed copy:
// a template opened in the workspace gets its finding from "AWS Hardening". The development path
// of the run is an empty probe extension, so the extension under test can only be the installed one.
//
// Usage: node test/vscode-server/run-vsix-smoke.mjs [--timeout SECONDS] [--headed]
// The last line is always `vsix-smoke: N passed, N failed`; scripts/test.mjs reads it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { packageVsix, stageCheckout } from '../../scripts/pack.mjs';
import { chromiumPath, ensureVsCodeServer, serverMain } from './install.mjs';
import { CHROMIUM_ARGS, HarnessError, printFailureContext, reportHarnessError, reportResults, RESULTS_ENV, stopOnSignal, TEST_SETTINGS, waitForResults, workbenchPage } from './run-tests.mjs';
import { startServer, workbenchUrl } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const testsPath = join(root, 'dist', 'test', 'vsix-smoke.js');
const probePath = join(here, 'vsix-probe');
const fixtureWorkspace = join(root, 'test', 'fixtures', 'workspace');
/** Read by test/extension/vsix-smoke.ts to check which copy of the extension runs. */
const EXTENSIONS_DIR_ENV = 'AWS_HARDENING_VSIX_EXTENSIONS_DIR';

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}
const timeoutMs = Number(option('--timeout', process.env.AWS_HARDENING_TEST_TIMEOUT ?? '300')) * 1000;
const headed = process.argv.includes('--headed');

/** Installs the .vsix into extensionsDir with the server's own CLI, as `code --install-extension` does. */
function installVsix(vsix, extensionsDir, userDataDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(process.execPath, [
    serverMain,
    '--install-extension', vsix,
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--accept-server-license-terms',
  ], { encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new HarnessError(`installing ${vsix} failed (exit code ${result.status}):\n${output}`);
  }
  console.log(`[vsix-smoke] ${output.split('\n').pop()}`);
}

async function main() {
  let server;
  let browser;
  let scratch;
  const consoleLines = [];
  let summary = { passed: 0, failed: 0 };
  let exitCode = 1;

  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  stopOnSignal('vsix-smoke', cleanup);

  const started = Date.now();
  try {
    ensureVsCodeServer({ requireChromium: true });
    if (!existsSync(testsPath)) throw new HarnessError(`${testsPath} is missing: run \`npm run build\` first`);
    scratch = mkdtempSync(join(tmpdir(), 'aws-hardening-vsix-'));

    const stage = stageCheckout(scratch);
    let vsix;
    try {
      vsix = packageVsix(stage, scratch);
    } catch (error) {
      throw new HarnessError(`packaging the .vsix failed: ${error instanceof Error ? error.message : error}`);
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
    console.log(`[vsix-smoke] packaged ${vsix} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    // startServer keeps its extensions and user data under stateDir; the .vsix goes in first.
    const stateDir = join(scratch, 'server');
    const extensionsDir = join(stateDir, 'extensions');
    installVsix(vsix, extensionsDir, join(stateDir, 'user-data'));

    const workspace = join(scratch, 'workspace');
    cpSync(fixtureWorkspace, workspace, { recursive: true });
    const resultsFile = join(scratch, 'results', 'results.json');
    mkdirSync(dirname(resultsFile), { recursive: true });

    server = await startServer({
      stateDir,
      env: { [RESULTS_ENV]: resultsFile, [EXTENSIONS_DIR_ENV]: extensionsDir },
      settings: TEST_SETTINGS,
    });
    console.log(`[vsix-smoke] VS Code server ready on port ${server.port}`);

    browser = await chromium.launch({ executablePath: chromiumPath, headless: !headed, args: CHROMIUM_ARGS });
    const { page } = await workbenchPage(browser, consoleLines);

    const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: probePath, extensionTestsPath: testsPath });
    const hostExit = server.waitForLine(/Extension Host Process exited/);
    await page.goto(url);
    const results = await waitForResults(resultsFile, { server, hostExit, timeout: timeoutMs });
    console.log(`[vsix-smoke] finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    ({ summary, exitCode } = reportResults(results));
    if (exitCode !== 0) printFailureContext(server, consoleLines);
  } catch (error) {
    reportHarnessError('vsix-smoke', error, server, consoleLines);
    summary = { passed: summary.passed, failed: Math.max(summary.failed, 1) };
    exitCode = 1;
  } finally {
    await cleanup();
  }
  console.log(`vsix-smoke: ${summary.passed} passed, ${summary.failed} failed`);
  process.exit(exitCode);
}

await main();
