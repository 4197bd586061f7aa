#!/usr/bin/env node
// Installs the VS Code server that ships inside the npm package code-server, offline.
// The package's own postinstall downloads ripgrep from GitHub, which a machine without
// internet cannot do, so this script repeats its steps by hand and takes rg from Debian.
// It is idempotent: a stamp file records the lockfile hash and the Node ABI, and a second
// run with the same inputs returns at once.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, lstatSync, writeFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const codeServerDir = join(here, 'node_modules', 'code-server');
export const vscodeDir = join(codeServerDir, 'lib', 'vscode');
export const serverMain = join(vscodeDir, 'out', 'server-main.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// A git worktree may link node_modules to another checkout's install: the stamp read is the one
// beside the linked folder, and nothing is installed through the link (`npm ci` would empty the
// install every checkout linking to it shares).
const linkedInstall = (() => {
  try {
    return lstatSync(join(here, 'node_modules')).isSymbolicLink() ? dirname(realpathSync(join(here, 'node_modules'))) : undefined;
  } catch {
    return undefined;
  }
})();
const stampFile = join(linkedInstall ?? here, '.state', 'install-stamp.json');
// Bump when the steps below change, so older installs are redone.
const STEPS_VERSION = 1;

// The native modules the VS Code server loads, with the file each build must produce.
// @parcel/watcher is not here: it loads a prebuilt binary from an optional npm package.
const NATIVE = [
  ['node-pty', 'build/Release/pty.node'],
  ['@vscode/spdlog', 'build/Release/spdlog.node'],
  ['native-watchdog', 'build/Release/watchdog.node'],
  ['kerberos', 'build/Release/kerberos.node'],
];

function log(message) {
  console.log(`[vscode-server] ${message}`);
}

/** Thrown for a missing prerequisite, so callers can print it without a stack trace. */
export class InstallError extends Error {}

// A parent `npm run` exports the project it runs in (npm_config_local_prefix, npm_package_*)
// and its lifecycle; a child npm working in another folder must not inherit those. The
// rest of npm_config_* (cache, registry, user config) is the user's setup and stays.
function cleanNpmEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(config_local_prefix|package_|lifecycle_|command$)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

function run(cmd, args, cwd, extraEnv = {}) {
  const started = Date.now();
  log(`$ (cd ${cwd.replace(here, 'test/vscode-server')} && ${cmd} ${args.join(' ')})`);
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: cleanNpmEnv(extraEnv), encoding: 'utf8' });
  if (result.error) throw new InstallError(`could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new InstallError(`${cmd} ${args.join(' ')} failed with exit code ${result.status} in ${cwd}:\n${output}`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function findOnPath(name) {
  for (const dir of (process.env.PATH || '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function ripgrepPath() {
  return existsSync('/usr/bin/rg') ? '/usr/bin/rg' : findOnPath('rg');
}

function checkPrerequisites(requireChromium) {
  const missing = [];
  if (!ripgrepPath()) missing.push('rg (Debian package "ripgrep"): VS Code search uses it');
  if (requireChromium && !existsSync(chromiumPath)) {
    missing.push(`${chromiumPath} (Debian package "chromium"): the tests drive it as the VS Code window`);
  }
  if (missing.length > 0) {
    throw new InstallError(`missing prerequisites:\n  - ${missing.join('\n  - ')}\n` +
      'Install them with: apt-get install -y chromium ripgrep libkrb5-dev');
  }
}

function fingerprint() {
  const lock = readFileSync(join(here, 'package-lock.json'));
  return {
    lockfile: createHash('sha256').update(lock).digest('hex'),
    // Native modules are built for one Node ABI; a Node upgrade needs a rebuild.
    modules: process.versions.modules,
    platform: `${process.platform}-${process.arch}`,
    steps: STEPS_VERSION,
  };
}

function symlinkForce(target, path) {
  try {
    if (lstatSync(path).isSymbolicLink() && readlinkSync(path) === target) return;
  } catch {
    // The link does not exist yet.
  }
  rmSync(path, { recursive: true, force: true });
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

/** True when the stamp matches the current inputs and the key files are in place. */
export function isInstalled() {
  if (!existsSync(stampFile) || !existsSync(serverMain)) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const expected = fingerprint();
    const rg = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    return Object.keys(expected).every((k) => stamp[k] === expected[k]) && existsSync(rg);
  } catch {
    return false;
  }
}

/**
 * Makes sure the VS Code server is installed; returns the path of its server-main.js.
 * requireChromium is false for `npm start`, where the user brings their own browser.
 */
export function ensureVsCodeServer({ requireChromium = true, force = false } = {}) {
  checkPrerequisites(requireChromium);
  if (!force && isInstalled()) return serverMain;

  if (linkedInstall) {
    throw new InstallError(`test/vscode-server/node_modules links to ${linkedInstall}, whose install is missing or out of date: ` +
      `run \`npm run vscode-server:install\` in the checkout that holds it (nothing is installed through the link).`);
  }
  const started = Date.now();
  log('installing the VS Code server from code-server (offline: no downloads besides npm)');
  rmSync(stampFile, { force: true });

  // 1. code-server itself, without its postinstall (which would fetch ripgrep).
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], here);

  // 2. The VS Code server's dependencies, pinned by its npm-shrinkwrap.json.
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir);

  // 3. Native modules. Naming them to `npm rebuild` runs their build scripts despite
  // npm 11's install-script approvals; node-pty's script calls `npx node-gyp`, which
  // must not stop to ask for confirmation, hence npm_config_yes.
  try {
    run('npm', ['rebuild', ...NATIVE.map(([name]) => name)], vscodeDir, { npm_config_yes: 'true' });
  } catch (error) {
    throw new InstallError(`${error.message}\nBuilding the native modules needs python3, make, g++ and ` +
      'Debian\'s libkrb5-dev (for kerberos).');
  }
  const unbuilt = NATIVE.filter(([name, file]) => !existsSync(join(vscodeDir, 'node_modules', name, file)));
  if (unbuilt.length > 0) {
    throw new InstallError(`npm rebuild did not build: ${unbuilt.map(([n, f]) => `${n}/${f}`).join(', ')}. ` +
      'If npm skipped their scripts, approve them or run node-gyp rebuild in those folders.');
  }

  // 4. What the original postinstall sets up: Debian's rg in place of the downloaded one,
  // the node_modules.asar alias that VS Code and built-in extensions look files up in,
  // and the `code` CLI scripts for the integrated terminal.
  symlinkForce(ripgrepPath(), join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  symlinkForce('node_modules', join(vscodeDir, 'node_modules.asar'));
  symlinkForce('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlinkForce('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  // 5. The built-in extensions' shared dependency (TypeScript), trimmed as upstream does.
  const extensionsDir = join(vscodeDir, 'extensions');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], extensionsDir);
  if (existsSync(join(extensionsDir, 'postinstall.mjs'))) run(process.execPath, ['postinstall.mjs'], extensionsDir);

  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ ...fingerprint(), installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return serverMain;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const force = process.argv.includes('--force');
    const requireChromium = !process.argv.includes('--no-chromium');
    if (!force && isInstalled()) {
      checkPrerequisites(requireChromium);
      log('already installed (stamp matches package-lock.json); use --force to reinstall');
    } else {
      ensureVsCodeServer({ requireChromium, force });
    }
  } catch (error) {
    console.error(`[vscode-server] error: ${error instanceof InstallError ? error.message : error?.stack ?? error}`);
    process.exit(1);
  }
}
