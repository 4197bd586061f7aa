// Installs what a fresh clone is missing: the npm packages (from the lockfile) and, as root on
// Debian, the system packages the real-VS-Code tests need. Shared by `npm test` and `npm start`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages: Chromium is the browser window, ripgrep replaces VS Code's downloaded rg,
 * libkrb5-dev lets the VS Code server's native `kerberos` module build. */
export const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev'];

function log(message) {
  process.stdout.write(`[ensure] ${message}\n`);
}

export function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm packages (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed');
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Returns the packages still missing (empty when all are there). */
export function ensureDebianPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) return [];
  const missing = missingDebianPackages();
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) {
    log(`missing Debian packages ${missing.join(', ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
    return missing;
  }
  log(`installing Debian packages: ${missing.join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  return missingDebianPackages();
}

export function build() {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}
