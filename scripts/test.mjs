// `npm test`: installs what is missing, builds, and runs every test level in order:
// type check, core unit tests, language-server tests over stdio, and the extension-host suite
// inside a real VS Code (then one smoke test of the extension installed from its packaged .vsix). Ends with one line "N passed, N failed" summing all levels.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureDebianPackages, ensureNodeModules, root } from './ensure.mjs';

const LEVELS = ['typecheck', 'unit', 'lsp', 'extension-host'];
const args = process.argv.slice(2);
const levelArg = args.find((a) => a.startsWith('--level='))?.slice('--level='.length);
const selected = levelArg ? levelArg.split(',') : LEVELS;
for (const level of selected) {
  if (!LEVELS.includes(level)) {
    process.stderr.write(`unknown level '${level}'; levels: ${LEVELS.join(', ')}\n`);
    process.exit(2);
  }
}

/** Runs a command, echoing its output, and resolves with its exit code and captured stdout. */
function run(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
    child.on('error', (err) => resolve({ code: 1, out: String(err) }));
  });
}

function nodeTestFiles(folder) {
  const dir = join(root, 'out', 'test', folder);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js')).map((f) => join(dir, f)) : [];
}

/** Counts from node's TAP reporter ("# pass N", "# fail N"). */
function tapCounts(out, code) {
  const pass = Number(/^# pass (\d+)$/m.exec(out)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)$/m.exec(out)?.[1] ?? 0);
  // A crash before any summary still counts as a failure.
  return { passed: pass, failed: fail === 0 && code !== 0 ? 1 : fail };
}

const runners = {
  async typecheck() {
    const { code } = await run('npm', ['run', '-s', 'typecheck']);
    return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  },
  async unit() {
    const files = nodeTestFiles('unit');
    if (files.length === 0) return { passed: 0, failed: 1 };
    const r = await run(process.execPath, ['--test', '--test-reporter=tap', ...files]);
    return tapCounts(r.out, r.code);
  },
  async lsp() {
    const files = nodeTestFiles('lsp');
    if (files.length === 0) return { passed: 0, failed: 1 };
    const r = await run(process.execPath, ['--test', '--test-reporter=tap', ...files]);
    return tapCounts(r.out, r.code);
  },
  async 'extension-host'() {
    const missing = ensureDebianPackages();
    if (missing.length > 0) {
      process.stdout.write(`extension-host: cannot run without ${missing.join(', ')}\n`);
      return { passed: 0, failed: 1 };
    }
    // The suite against the development build, then the smoke test against the extension
    // installed from its packaged .vsix; each ends with a line of counts.
    const counts = { passed: 0, failed: 0 };
    for (const [script, label] of [['run-tests.mjs', 'extension-host'], ['run-vsix-smoke.mjs', 'vsix-smoke']]) {
      const r = await run(process.execPath, [join(root, 'test', 'vscode-server', script)]);
      const m = new RegExp(`^${label}: (\\d+) passed, (\\d+) failed$`, 'm').exec(r.out);
      const passed = m ? Number(m[1]) : 0;
      const failed = m ? Number(m[2]) : 0;
      counts.passed += passed;
      counts.failed += failed === 0 && (r.code !== 0 || !m) ? 1 : failed;
    }
    return counts;
  },
};

ensureNodeModules();
build();
let passed = 0;
let failed = 0;
const summary = [];
for (const level of selected) {
  process.stdout.write(`\n=== ${level} ===\n`);
  const started = Date.now();
  const counts = await runners[level]();
  passed += counts.passed;
  failed += counts.failed;
  summary.push(`${level.padEnd(15)} ${counts.passed} passed, ${counts.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
process.stdout.write(`\n${summary.join('\n')}\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
