// Starts and stops the VS Code server from code-server, and builds workbench URLs that load
// an extension under development (and optionally its tests) through the `payload` parameter.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverMain } from './install.mjs';

const READY = /Extension host agent listening on (\d+)/;

// Settings that keep the window quiet: no welcome page, tips or recommendation toasts
// covering the editor in tests and screenshots. The server reads machine settings from
// its user-data-dir, so they apply to every browser that connects.
const MACHINE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

/**
 * Starts the server on 127.0.0.1 and resolves once it prints that it listens.
 * port 0 lets the server pick a free port (it prints the port it got).
 * settings are added to the quiet machine settings above.
 * env is added to the server's environment; the server forwards its environment to the
 * extension hosts it spawns, which is how the test suite gets its settings.
 */
export async function startServer({ port = 0, env = {}, settings = {}, stateDir, readyTimeoutMs = 60_000, echo = false } = {}) {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'aws-hardening-vscode-'));
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'data', 'Machine'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'data', 'Machine', 'settings.json'), JSON.stringify({ ...MACHINE_SETTINGS, ...settings }, null, 2));

  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-workspace-trust',
  ];
  // detached puts the server in its own process group, so stop() can end it together
  // with the extension hosts and language servers it spawned, and nothing else.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines = [];
  const watchers = new Set();
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the VS Code server did not report ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > 400) lines.shift();
        if (echo) console.log(`[server] ${line}`);
        for (const watcher of watchers) watcher(line);
        const match = READY.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    exitPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited early (code ${code}, signal ${signal}):\n${lines.slice(-30).join('\n')}`));
    });
  });

  const server = {
    pid: child.pid,
    port: 0,
    dir,
    userDataDir,
    exit: exitPromise,
    get exited() {
      return exited;
    },
    /** Resolves with the match of the first line the server prints from now on that matches. */
    waitForLine(pattern) {
      return new Promise((resolve) => {
        const watcher = (line) => {
          const match = pattern.exec(line);
          if (match) {
            watchers.delete(watcher);
            resolve(match);
          }
        };
        watchers.add(watcher);
      });
    },
    /** The last lines the server printed, for error reports. */
    logTail(count = 40) {
      return lines.slice(-count).join('\n');
    },
    /** The extension host's own log files, where activation errors end up. */
    extensionHostLogs() {
      return findFiles(join(userDataDir, 'logs'), (name) => /exthost|remoteagent/i.test(name) && name.endsWith('.log'));
    },
    async stop() {
      await stopProcessGroup(child, exitPromise);
      if (!stateDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    server.port = await ready;
  } catch (error) {
    await stopProcessGroup(child, exitPromise);
    throw error;
  }
  return server;
}

async function stopProcessGroup(child, exitPromise) {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child.pid, 'SIGKILL'); // Stray extension hosts may outlive the server.
    return;
  }
  killGroup(child.pid, 'SIGTERM');
  const timedOut = await Promise.race([
    exitPromise.then(() => false),
    new Promise((resolve) => setTimeout(() => resolve(true), 5000).unref()),
  ]);
  // The group may still hold extension hosts or language servers after the server left.
  killGroup(child.pid, 'SIGKILL');
  if (timedOut) await exitPromise;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function findFiles(dir, accept) {
  const found = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, accept));
    else if (accept(name)) found.push(path);
  }
  return found;
}

/** Reads the tail of a text file, or an empty string when it cannot be read. */
export function fileTail(path, count = 40) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

/** A vscode-remote:// URI for a path on the server's machine, as the web client expects. */
export function remoteUri(port, path) {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `vscode-remote://127.0.0.1:${port}${encoded}`;
}

/**
 * The workbench URL that opens `folder` with the extension at extensionDevelopmentPath
 * loaded (and the test module at extensionTestsPath run, when given).
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, skipWelcome = true }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  if (skipWelcome) payload.push(['skipWelcome', 'true']);
  const query = [];
  // Slashes stay readable in the folder path: the URL is printed for people by `npm start`.
  if (folder) query.push(`folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`);
  if (payload.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://127.0.0.1:${port}/?${query.join('&')}`;
}
