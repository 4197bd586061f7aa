// The workspace `npm start` opens: a fresh copy of examples/ outside the repository, so what the
// demo changes (quick fixes, Fix all, saved edits) never touches the working tree. The copy is
// replaced at every start.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** True when `child` is `parent` or lies under it. */
export function isInside(parent, child) {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where the copy of `root`/examples goes: a folder under `base` (the system's temporary folder
 * by default) named after a hash of `root`, so two checkouts running the demo do not share it.
 */
export function demoWorkspacePath(root, base = tmpdir()) {
  const id = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 12);
  return join(resolve(base), `aws-hardening-demo-${id}`, 'examples');
}

/**
 * Replaces the demo copy with a fresh copy of `root`/examples and returns its path. Refuses a
 * place inside the repository (or one that holds it), by name and by real path, since the old
 * copy is deleted first.
 */
export function prepareDemoWorkspace(root, { base } = {}) {
  const source = join(root, 'examples');
  const target = demoWorkspacePath(root, base);
  const refuse = () => {
    throw new Error(`the demo copy ${target} would overlap the repository ${root}; choose another folder`);
  };
  if (isInside(resolve(root), target) || isInside(target, resolve(root))) refuse();
  mkdirSync(dirname(target), { recursive: true });
  const realRoot = realpathSync(root);
  const realParent = realpathSync(dirname(target));
  if (isInside(realRoot, realParent) || isInside(realParent, realRoot)) refuse();
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return target;
}
