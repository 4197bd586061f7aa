#!/usr/bin/env node
// Makes the two packages from a copy of the checkout: the extension's .vsix (`vsce package`, which
// runs `vscode:prepublish`) and the npm package's tarball (`npm pack`, which runs `prepack`). Both
// scripts rebuild dist/ for production, so working on a copy leaves the development build the
// tests run from as it is. Used by the package tests and the .vsix smoke test; users run
// `npm run package` and `npm pack` in the checkout itself.
//
// Usage: node scripts/pack.mjs [--vsix] [--npm] --out DIR
// Prints one line of JSON: {"vsix": path, "tarball": path} for the packages asked for.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(fileURLToPath(import.meta.url), '..', '..');

/** Left out of the copy: installed packages, builds, git's and the test harness's state. */
const SKIPPED = new Set(['node_modules', 'dist', 'out', '.git', '.state', '.vscode-test', 'scratch']);

// A parent `npm run` exports the project it runs in (npm_config_local_prefix, npm_package_*); an
// npm started in the copy must not inherit those, or it would work on the checkout instead.
export function cleanNpmEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(config_local_prefix|package_|lifecycle_|command$)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Copies the checkout into a new folder under `parent` (its node_modules linked) and returns it. */
export function stageCheckout(parent = tmpdir()) {
  const stage = mkdtempSync(join(parent, 'aws-hardening-stage-'));
  cpSync(root, stage, {
    recursive: true,
    filter: (source) => {
      const rel = relative(root, source);
      if (rel === '') return true;
      if (rel.split(sep).some((part) => SKIPPED.has(part))) return false;
      return !/^[^/]*\.(vsix|tgz)$/.test(rel);
    },
  });
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'));
  return stage;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env: cleanNpmEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status} in ${cwd}:\n${output}`);
  }
  return result.stdout;
}

function manifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** `vsce package` in `stage`, as `npm run package` does; returns the .vsix written into outDir. */
export function packageVsix(stage, outDir) {
  const { name, version } = manifest(stage);
  const vsix = join(outDir, `${name}-${version}.vsix`);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], stage);
  if (!existsSync(vsix)) throw new Error(`vsce package wrote no ${vsix}`);
  return vsix;
}

/** `npm pack` in `stage`; returns the tarball written into outDir. */
export function packNpm(stage, outDir) {
  const stdout = run('npm', ['pack', '--json', '--pack-destination', outDir], stage);
  // Lifecycle scripts print to stdout too; the JSON report is the last thing printed.
  const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1));
  const tarball = join(outDir, report[0].filename);
  if (!existsSync(tarball)) throw new Error(`npm pack wrote no ${tarball}`);
  return tarball;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? resolve(process.argv[outIndex + 1] ?? '.') : process.cwd();
  const wantVsix = process.argv.includes('--vsix');
  const wantNpm = process.argv.includes('--npm');
  if (!wantVsix && !wantNpm) {
    process.stderr.write('usage: node scripts/pack.mjs [--vsix] [--npm] --out DIR\n');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  const stage = stageCheckout();
  try {
    const result = {};
    if (wantNpm) result.tarball = packNpm(stage, out);
    if (wantVsix) result.vsix = packageVsix(stage, out);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exitCode = 1;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
