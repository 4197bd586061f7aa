#!/usr/bin/env node
// `npm start`: builds the extension and opens a copy of examples/ in a real VS Code, in the
// browser, with the extension loaded from this working tree. Offline: the VS Code server comes
// from the npm package code-server (test/vscode-server/install.mjs installs it once).
//
// Usage: npm start [-- --port N] [-- --verbose]     (env PORT works too; default 8080)
// The workspace is a fresh copy of examples/ in the system's temporary folder, made again at
// every start (scripts/demo-workspace.mjs), so edits and fixes made in the browser never change
// the repository. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDemoWorkspace } from './demo-workspace.mjs';
import { ensureVsCodeServer, here as serverHome, InstallError } from '../test/vscode-server/install.mjs';
import { startServer, workbenchUrl } from '../test/vscode-server/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function log(message) {
  console.log(`[start] ${message}`);
}

function requestedPort() {
  const index = process.argv.indexOf('--port');
  const raw = index >= 0 ? process.argv[index + 1] : process.env.PORT;
  const port = raw === undefined || raw === '' ? 8080 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port number: ${raw}`);
  return port;
}

/** True when nothing listens on 127.0.0.1:port yet. */
function portIsFree(port) {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise(true)));
  });
}

function run(cmd, args) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit code ${result.status})`);
}

// npm records what it installed in node_modules/.package-lock.json; a newer lockfile
// means someone changed the dependencies since.
function dependenciesAreStale() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

async function main() {
  if (dependenciesAreStale()) run('npm', ['install', '--no-audit', '--no-fund']);
  run(process.execPath, ['scripts/build.mjs']);
  ensureVsCodeServer({ requireChromium: false });
  const workspace = prepareDemoWorkspace(root);
  log(`copied examples/ to ${workspace} (a fresh copy at every start; the repository is not changed)`);

  let port = requestedPort();
  if (port !== 0 && !(await portIsFree(port))) {
    log(`port ${port} is busy; letting the server pick a free one`);
    port = 0;
  }
  // State kept between runs (open editors, extension storage), in a git-ignored folder.
  const server = await startServer({ port, stateDir: join(serverHome, '.state', 'start'), echo: process.argv.includes('--verbose') });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the VS Code server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  server.exit.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`[start] the VS Code server exited (code ${code}, signal ${signal}). Its last lines:\n${server.logTail(30)}`);
    process.exit(1);
  });

  const url = workbenchUrl({ port: server.port, folder: workspace, extensionDevelopmentPath: root });
  console.log('');
  console.log(`Open ${url} in your browser`);
  console.log('');
  log(`VS Code server on 127.0.0.1:${server.port} with the extension from ${root}, workspace ${workspace}`);
  log('after a rebuild (npm run build), run "Developer: Reload Window" in the browser. Ctrl-C stops the server.');
}

main().catch((error) => {
  console.error(`[start] error: ${error instanceof InstallError ? error.message : error instanceof Error ? error.message : error}`);
  process.exit(1);
});
