#!/usr/bin/env node
// Runs the extension-host suite (dist/test/index.js) inside a real VS Code, offline: the
// VS Code server from code-server hosts the extension, Debian's Chromium is the window.
// The suite writes its results to a JSON file (the run ends inside the extension host,
// which the browser cannot report), and this harness waits for that file.
//
// Usage: node test/vscode-server/run-tests.mjs [--timeout SECONDS] [--headed]
// Env:   UPDATE_SCREENSHOT=1 retakes the README screenshots, media/screenshot-*.png (each is
//        taken anyway when missing; UPDATE_SCREENSHOT=0 never takes them).
// The last line is always `extension-host: N passed, N failed`; scripts/test.mjs reads it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath, ensureVsCodeServer, InstallError } from './install.mjs';
import { fileTail, startServer, workbenchUrl } from './server.mjs';
import {
  takeAccountsScreenshot,
  takeFindingsScreenshot,
  takePemScreenshot,
  takeQuickFixScreenshot,
  takeZoneScreenshot,
} from './screenshot.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const testsPath = join(root, 'dist', 'test', 'index.js');
const fixtureWorkspace = join(root, 'test', 'fixtures', 'workspace');
const screenshotPath = join(root, 'media', 'screenshot-quick-fix.png');
const accountsScreenshotPath = join(root, 'media', 'screenshot-accounts.png');
/** The README screenshots of examples/, taken after the quick fix's, each in its own window. */
const EXAMPLE_SCREENSHOTS = [
  { what: 'zone file', path: join(root, 'media', 'screenshot-zone.png'), take: takeZoneScreenshot },
  { what: 'certificate bundle', path: join(root, 'media', 'screenshot-pem.png'), take: takePemScreenshot },
  { what: 'Findings view', path: join(root, 'media', 'screenshot-findings.png'), take: takeFindingsScreenshot },
];
export const RESULTS_ENV = 'AWS_HARDENING_TEST_RESULTS';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

/** Where the suite finds the test server certificate (`server.pem`, `server.key`) for 127.0.0.1. */
const TLS_ENV = 'AWS_HARDENING_TEST_TLS';

/** A throwaway CA and a 127.0.0.1 server certificate it signed, made with openssl for this run. */
function makeTestTls(dir) {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=AWS Hardening e2e CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName = DNS:localhost, IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x01', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
  return dir;
}

const timeoutMs = Number(option('--timeout', process.env.AWS_HARDENING_TEST_TIMEOUT ?? '300')) * 1000;
const headed = process.argv.includes('--headed');

export const TEST_SETTINGS = {
  'git.enabled': false,
  // The occurrence box drawn around the word under the caret would hide its squiggle in
  // the screenshot.
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  // VS Code's own proxy support hands Node an explicit list of trusted CAs, which would leave out
  // the test CA given through NODE_EXTRA_CA_CERTS; there is no proxy here to support.
  'http.proxySupport': 'off',
};

// Browser console errors that every offline run has (no service worker in code-server's
// static files, no extension gallery), left out so the real ones stand out.
const NOISE = /Failed to load resource|Service ?Worker|open-vsx\.org|ERR_NAME_NOT_RESOLVED/i;

/** Something went wrong around the suite rather than in it. */
/**
 * A 1280×800 window for the workbench whose errors, and the suite's own lines (forwarded by the
 * extension host), are kept in `consoleLines` for a failure's context.
 */
export async function workbenchPage(browser, consoleLines) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    const text = message.text();
    if (NOISE.test(text)) return;
    if (message.type() === 'error' || text.includes('[aws-hardening-test]')) consoleLines.push(`[${message.type()}] ${text}`);
  });
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  return { context, page };
}

export class HarnessError extends Error {}

/**
 * Resolves with the parsed results once `file` appears. fs.watch reports the rename that
 * the suite's atomic write ends with; the existence check after subscribing covers a file
 * that appeared before the watcher started.
 */
export function waitForResults(file, { server, hostExit, timeout }) {
  let watcher;
  let timer;
  const cleanup = () => {
    watcher?.close();
    clearTimeout(timer);
  };
  const appeared = new Promise((resolvePromise) => {
    const check = () => {
      if (existsSync(file)) resolvePromise(JSON.parse(readFileSync(file, 'utf8')));
    };
    watcher = watch(dirname(file), check);
    check();
  });
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(
      `no results after ${timeout / 1000} s: the suite never finished (did dist/test/index.js load? ` +
      'is the extension activating?). Raise the limit with --timeout SECONDS.',
    )), timeout);
  });
  const serverDied = server.exit.then(({ code, signal }) => {
    throw new HarnessError(`the VS Code server exited during the run (code ${code}, signal ${signal})`);
  });
  // The extension host running the suite exits when run() settles or when the test module
  // fails to load; in the second case no results come, so stop waiting at once.
  const hostExited = hostExit.then(() => {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    throw new HarnessError('the extension host exited without writing results (see the browser console below)');
  });
  return Promise.race([appeared, expired, serverDied, hostExited]).finally(cleanup);
}

/** Ctrl-C or a CI cancel must not leave a server or a browser behind: `cleanup`, then exit 130. */
export function stopOnSignal(label, cleanup) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.log(`[${label}] ${signal}: stopping the server and the browser`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

/** Prints the suite's results a line a test; the run passes when every test passed and some ran. */
export function reportResults(results) {
  for (const t of results.tests) {
    if (t.ok) console.log(`ok - ${t.name} (${t.ms} ms)`);
    else console.log(`not ok - ${t.name}: ${String(t.error).split('\n').join('\n    ')}`);
  }
  return { summary: { passed: results.passed, failed: results.failed }, exitCode: results.failed === 0 && results.passed > 0 ? 0 : 1 };
}

/** Reports an error around the suite (the harness's own, or one it did not expect) with the failure's context. */
export function reportHarnessError(label, error, server, consoleLines) {
  const known = error instanceof HarnessError || error instanceof InstallError;
  console.log(`[${label}] error: ${known ? error.message : error?.stack ?? error}`);
  printFailureContext(server, consoleLines);
}

export function printFailureContext(server, consoleLines) {
  if (consoleLines.length > 0) {
    console.log('--- browser console (errors and suite output, last 40) ---');
    console.log(consoleLines.slice(-40).join('\n'));
  }
  if (server) {
    console.log('--- VS Code server output (last 40 lines) ---');
    console.log(server.logTail(40));
    for (const log of server.extensionHostLogs()) {
      const tail = fileTail(log, 30);
      if (tail) console.log(`--- ${log} (last 30 lines) ---\n${tail}`);
    }
  }
}

function shouldTakeScreenshot(path = screenshotPath) {
  if (process.env.UPDATE_SCREENSHOT === '0') return false;
  return process.env.UPDATE_SCREENSHOT === '1' || !existsSync(path);
}

async function main() {
  let server;
  let browser;
  let scratch;
  let account;
  const consoleLines = [];
  let summary = { passed: 0, failed: 0 };
  let exitCode = 1;

  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await account?.stop().catch(() => {});
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  stopOnSignal('harness', cleanup);

  const started = Date.now();
  try {
    ensureVsCodeServer({ requireChromium: true });
    if (!existsSync(testsPath)) throw new HarnessError(`${testsPath} is missing: run \`npm run build\` first`);
    if (!existsSync(fixtureWorkspace)) throw new HarnessError(`${fixtureWorkspace} is missing`);

    scratch = mkdtempSync(join(tmpdir(), 'aws-hardening-e2e-'));
    const workspace = join(scratch, 'workspace');
    cpSync(fixtureWorkspace, workspace, { recursive: true });
    const resultsFile = join(scratch, 'results', 'results.json');
    // Created now so the watcher has a folder to watch; the suite writes into it.
    mkdirSync(dirname(resultsFile), { recursive: true });

    // The server passes its environment on to the extension host, where the suite runs; the
    // extension host trusts the test CA, so the suite can serve a bundle over local HTTPS.
    const tls = makeTestTls(join(scratch, 'tls'));
    // The AWS emulator, the stand-in for IAM Identity Center and the AWS config the account view
    // reads, in the environment the server hands down to the extension host and language server.
    const { startAccountFixture } = createRequire(import.meta.url)(join(root, 'dist', 'test', 'account-fixture.js'));
    const fixture = await startAccountFixture(scratch);
    if ('unavailable' in fixture) {
      if (process.env.CI === 'true') throw new HarnessError(`no AWS emulator in CI: ${fixture.unavailable}`);
      console.log(`[harness] the account view tests will skip: ${fixture.unavailable}`);
    } else account = fixture;
    server = await startServer({
      stateDir: join(scratch, 'server'),
      env: { [RESULTS_ENV]: resultsFile, NODE_EXTRA_CA_CERTS: join(tls, 'ca.pem'), [TLS_ENV]: tls, ...(account?.env ?? {}) },
      settings: TEST_SETTINGS,
    });
    console.log(`[harness] VS Code server ready on port ${server.port} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    browser = await chromium.launch({ executablePath: chromiumPath, headless: !headed, args: CHROMIUM_ARGS });
    const { context, page } = await workbenchPage(browser, consoleLines);

    const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: root, extensionTestsPath: testsPath });
    const hostExit = server.waitForLine(/Extension Host Process exited/);
    await page.goto(url);
    const results = await waitForResults(resultsFile, { server, hostExit, timeout: timeoutMs });
    console.log(`[harness] suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    ({ summary, exitCode } = reportResults(results));
    if (results.passed + results.failed === 0) console.log('[harness] the suite ran no test');
    if (exitCode !== 0) printFailureContext(server, consoleLines);
    // The suite's window is done with; the screenshots below each open their own.
    await page.close().catch(() => {});

    if (exitCode === 0 && account && shouldTakeScreenshot(accountsScreenshotPath)) {
      try {
        await takeAccountsScreenshot({ context, server, root, scratch, output: accountsScreenshotPath });
        console.log(`[harness] screenshot saved to ${accountsScreenshotPath}`);
      } catch (error) {
        console.log(`[harness] warning: the Accounts screenshot failed: ${error instanceof Error ? error.message : error}`);
      }
    }
    if (exitCode === 0 && shouldTakeScreenshot()) {
      try {
        await takeQuickFixScreenshot({ context, server, root, scratch, output: screenshotPath });
        console.log(`[harness] screenshot saved to ${screenshotPath}`);
      } catch (error) {
        // A screenshot is cosmetic: report it, never fail the run for it.
        console.log(`[harness] warning: the screenshot failed: ${error instanceof Error ? error.message : error}`);
      }
    }
    for (const shot of EXAMPLE_SCREENSHOTS) {
      if (exitCode !== 0 || !shouldTakeScreenshot(shot.path)) continue;
      try {
        await shot.take({ context, server, root, scratch, output: shot.path });
        console.log(`[harness] screenshot saved to ${shot.path}`);
      } catch (error) {
        console.log(`[harness] warning: the ${shot.what} screenshot failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  } catch (error) {
    reportHarnessError('harness', error, server, consoleLines);
    summary = { passed: summary.passed, failed: Math.max(summary.failed, 1) };
    exitCode = 1;
  } finally {
    await cleanup();
  }
  console.log(`extension-host: ${summary.passed} passed, ${summary.failed} failed`);
  process.exit(exitCode);
}

// Run, unless imported for the functions above (by run-vsix-smoke.mjs).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
