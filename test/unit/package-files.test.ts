// The extension and the npm package are made from one allow-list, package.json's `files` (vsce and
// npm both read it): every file the bundles load at run time must be on it, or an installed copy
// fails where the development one works. The account bundle is loaded on first use, so nothing at
// start would show it missing. The packages themselves are made from a copy of the checkout
// (scripts/pack.mjs) and their contents checked; the npm package must run with npx, offline, from
// an empty folder, since the bundles hold every dependency.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { isShipped, shippedEntries } from '../helpers/package-files';
import { repoRoot } from '../helpers/paths';

/** What the bundles load at run time: the client, the server and its worker, the CLI, the account bundle they load lazily, and the resource-type index. */
const RUNTIME_FILES = ['dist/client.js', 'dist/server.js', 'dist/analysis-worker.js', 'dist/cli.js', 'dist/account.js', 'dist/cfn-index.json.gz'];

/** Every file both packages hold, by its path in the checkout. */
const PACKAGED = [
  ...RUNTIME_FILES,
  'dist/cfn-index.LICENSE',
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'NOTICE',
  'media/activity-bar.svg',
  ...['snippets', 'syntaxes', 'language-configuration'].flatMap((dir) => readdirSync(join(repoRoot, dir)).map((f) => `${dir}/${f}`)),
].sort();

const run = promisify(execFile);

/** The environment of an npm started here, without what a parent `npm test` exported about this checkout. */
function npmEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(config_local_prefix|package_|lifecycle_|command$)/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

test('every file the bundles load at run time is built and shipped', () => {
  for (const file of RUNTIME_FILES) {
    assert.ok(existsSync(join(repoRoot, file)), `the build writes ${file}`);
    assert.ok(isShipped(file), `package.json's files ship ${file}`);
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    main: string;
    bin: Record<string, string>;
    dependencies?: Record<string, string>;
    scripts: Record<string, string>;
  };
  for (const entry of [manifest.main, ...Object.values(manifest.bin)]) assert.ok(RUNTIME_FILES.includes(entry.replace(/^\.\//, '')), `${entry} is among the run-time files`);
  // The bundles hold their dependencies: an installed package needs none.
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
  assert.equal(existsSync(join(repoRoot, '.vscodeignore')), false, 'vsce refuses a .vscodeignore beside `files`');
  assert.match(manifest.scripts['vscode:prepublish'], /build\.mjs --production/);
  assert.match(manifest.scripts.prepack, /build\.mjs --production/);
  for (const entry of shippedEntries()) assert.ok(existsSync(join(repoRoot, entry)) || entry.startsWith('dist/'), `${entry} exists`);
});

let work = '';
let packages: { vsix: string; tarball: string } = { vsix: '', tarball: '' };

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'aws-hardening-pack-'));
  const { stdout } = await run(process.execPath, [join(repoRoot, 'scripts', 'pack.mjs'), '--vsix', '--npm', '--out', join(work, 'out')], {
    env: npmEnv({}),
    maxBuffer: 16 * 1024 * 1024,
  });
  packages = JSON.parse(stdout.trim().split('\n').pop()!) as typeof packages;
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Paths with nothing a package must not hold: source maps, sources, tests, installed packages. */
function assertOnlyWhatRuns(files: string[]): void {
  for (const file of files) {
    assert.doesNotMatch(file, /\.map$/, `${file}: no source map`);
    assert.doesNotMatch(file, /(^|\/)(node_modules|src|test|out|scripts|docs|examples)\//, `${file}: nothing but what runs`);
    assert.doesNotMatch(file, /\.ts$/, `${file}: no TypeScript`);
  }
}

test('the .vsix holds only what runs: the production bundles, the index, the manifest and its documents', () => {
  const entries = execFileSync('unzip', ['-Z1', packages.vsix], { encoding: 'utf8' }).trim().split('\n');
  assertOnlyWhatRuns(entries);
  const renamed: Record<string, string> = { 'readme.md': 'README.md', 'changelog.md': 'CHANGELOG.md', 'LICENSE.txt': 'LICENSE' };
  const files = entries
    .filter((e) => e.startsWith('extension/'))
    .map((e) => e.slice('extension/'.length))
    .map((f) => renamed[f] ?? f)
    .sort();
  assert.deepEqual(files, PACKAGED);
  assert.deepEqual(entries.filter((e) => !e.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  // The production build: minified, and pointing at no source map.
  const client = execFileSync('unzip', ['-p', packages.vsix, 'extension/dist/client.js'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.doesNotMatch(client, /sourceMappingURL/);
  assert.ok(client.split('\n').length < 200, `dist/client.js is minified (${client.split('\n').length} lines)`);
});

test('the npm package holds the same files as the .vsix', () => {
  const entries = execFileSync('tar', ['-tzf', packages.tarball], { encoding: 'utf8' }).trim().split('\n');
  assertOnlyWhatRuns(entries);
  assert.deepEqual(entries.map((e) => e.replace(/^package\//, '')).sort(), PACKAGED);
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  assert.equal(basename(packages.tarball), `${name}-${version}.tgz`);
});

test('npx runs the packed CLI from an empty folder, with no registry to reach', async () => {
  const empty = join(work, 'empty');
  mkdirSync(empty);
  copyFileSync(packages.tarball, join(empty, basename(packages.tarball)));
  const template = join(work, 'template.yaml');
  copyFileSync(join(repoRoot, 'test', 'fixtures', 'workspace', 'versioning-bad.yaml'), template);
  // A registry on a closed port and a cache of its own: anything npx fetched would fail the run.
  const env = npmEnv({ npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false' });
  let outcome: { code: number; stdout: string; stderr: string };
  try {
    const { stdout, stderr } = await run('npx', ['--yes', `./${basename(packages.tarball)}`, 'lint', template], { cwd: empty, env });
    outcome = { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    outcome = { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
  // Warnings only, so exit status 0, and the bucket's finding named.
  assert.equal(outcome.code, 0, `npx exited with ${outcome.code}:\n${outcome.stdout}\n${outcome.stderr}`);
  assert.match(outcome.stdout, /template\.yaml:4:3: warning s3-versioning-off: Bucket LogsBucket does not enable versioning/);
  assert.match(outcome.stdout, /findings in 1 file/);
  // npx installed it into its own cache, not into the folder.
  assert.deepEqual(readdirSync(empty), [basename(packages.tarball)]);
});
