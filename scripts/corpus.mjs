// `npm run corpus`: lints the shared corpus of real templates (../shared/corpus, when present)
// and prints findings per rule, syntax errors by expected verdict, and the time taken.
// A crash of the CLI (exit 2 or a stack trace) fails the run. With cfn-lint on PATH, it then
// compares the schema and reference checks with cfn-lint's (scripts/corpus-cfn-lint.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareWithCfnLint } from './corpus-cfn-lint.mjs';
import { root } from './ensure.mjs';

// CORPUS names another folder, e.g. from a git worktree that is not beside the shared one.
const corpus = process.env.CORPUS ? resolve(process.env.CORPUS) : join(root, '..', 'shared', 'corpus');
if (!existsSync(join(corpus, 'cfn'))) {
  console.log(`no corpus at ${corpus}: nothing to do`);
  process.exit(0);
}
const started = Date.now();
const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'lint', join(corpus, 'cfn'), '--format', 'json'], {
  encoding: 'utf8',
  maxBuffer: 512 * 1024 * 1024,
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (run.status === 2 || run.status === null || /\n\s+at /.test(run.stderr)) {
  console.error(`the CLI failed (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const { findings } = JSON.parse(run.stdout);
const manifest = readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter(([path]) => path);
const expected = new Map(manifest.map(([path, , , , , verdict]) => [join(corpus, path), verdict]));
const perRule = new Map();
const files = new Map();
for (const f of findings) {
  perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  const set = files.get(f.ruleId) ?? new Set();
  set.add(f.file);
  files.set(f.ruleId, set);
}
console.log(`${findings.length} findings in ${seconds} s`);
for (const [rule, count] of [...perRule].sort((a, b) => b[1] - a[1])) {
  console.log(`${rule.padEnd(36)} ${String(count).padStart(5)} findings in ${String(files.get(rule).size).padStart(4)} files`);
}
for (const f of findings.filter((x) => x.ruleId === 'cfn-syntax')) {
  console.log(`syntax (${expected.get(f.file) ?? 'not in manifest'}): ${f.file.slice(corpus.length + 1)}: ${f.message}`);
}

await compareWithCfnLint({
  corpus,
  templates: manifest.map(([path]) => path).filter((path) => path.startsWith('cfn/')),
  findings,
  cacheDir: join(root, 'node_modules', '.cache', 'aws-hardening'),
  expected: new Map(manifest.map(([path, , , , , verdict]) => [path, verdict])),
});
