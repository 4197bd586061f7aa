// `npm start` opens a copy of examples/ outside the repository (scripts/demo-workspace.mjs), so
// the demo's fixes and edits never dirty the working tree.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/paths';

interface DemoWorkspace {
  isInside(parent: string, child: string): boolean;
  demoWorkspacePath(root: string, base?: string): string;
  prepareDemoWorkspace(root: string, options?: { base?: string }): string;
}

// The start script is plain ESM run by node itself, so it is imported at run time, not bundled.
const load = (): Promise<DemoWorkspace> => import(pathToFileURL(join(repoRoot, 'scripts', 'demo-workspace.mjs')).href) as Promise<DemoWorkspace>;

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

test('the start script opens a workspace outside the repository', async () => {
  const { demoWorkspacePath } = await load();
  const path = demoWorkspacePath(repoRoot);
  assert.ok(!inside(repoRoot, path), `${path} is inside ${repoRoot}`);
  assert.ok(inside(tmpdir(), path), `${path} is not under the temporary folder`);
  assert.notEqual(demoWorkspacePath('/some/other/checkout'), path, 'two checkouts get two copies');
});

test('the demo copy holds every example, is fresh at each start, and edits to it leave examples/ alone', async () => {
  const { prepareDemoWorkspace } = await load();
  const base = mkdtempSync(join(tmpdir(), 'awsh-demo-'));
  try {
    const copy = prepareDemoWorkspace(repoRoot, { base });
    assert.ok(!inside(repoRoot, copy));
    assert.ok(inside(base, copy));
    const examples = join(repoRoot, 'examples');
    assert.deepEqual(filesUnder(copy), filesUnder(examples));
    assert.ok(filesUnder(copy).some((f) => f.endsWith('.pem')) && filesUnder(copy).some((f) => f.endsWith('.zone')));

    // What a demo session leaves behind: an edited example and a new file.
    const zone = filesUnder(copy).find((f) => f.endsWith('.zone'))!;
    const original = readFileSync(join(examples, zone), 'utf8');
    writeFileSync(join(copy, zone), 'edited in the demo\n');
    mkdirSync(join(copy, 'scratch'));
    writeFileSync(join(copy, 'scratch', 'new.yaml'), 'Resources: {}\n');
    assert.equal(readFileSync(join(examples, zone), 'utf8'), original, 'the repository copy is untouched');

    // The next start begins again from examples/.
    assert.equal(prepareDemoWorkspace(repoRoot, { base }), copy);
    assert.equal(readFileSync(join(copy, zone), 'utf8'), original);
    assert.ok(!existsSync(join(copy, 'scratch')));
    assert.deepEqual(filesUnder(copy), filesUnder(examples));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a copy that would overlap the repository is refused before anything is deleted', async () => {
  const { prepareDemoWorkspace, isInside } = await load();
  assert.throws(() => prepareDemoWorkspace(repoRoot, { base: join(repoRoot, 'examples') }), /would overlap the repository/);
  assert.throws(() => prepareDemoWorkspace(repoRoot, { base: repoRoot }), /would overlap the repository/);
  assert.ok(existsSync(join(repoRoot, 'examples', 'dns')), 'examples/ is still there');
  assert.ok(isInside('/a/b', '/a/b/c') && isInside('/a/b', '/a/b') && !isInside('/a/b', '/a/bc') && !isInside('/a/b', '/a'));
});
