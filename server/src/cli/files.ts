// Turns the paths on the command line into files to lint, keeping each path as the user gave it.
// Folders are walked by real path: a symbolic link is followed only when its target lies inside
// one of the given roots (a folder given, or the folder of a file given), every folder is entered
// once however many links lead to it, and every real file is linted once.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { isZoneFileName } from '../core/detect';
import { describeError } from '../io/read-input';

/** Extensions the CLI looks at inside folders; other files there are kept only if their first lines say zone or PEM. */
const LINTABLE = /\.(ya?ml|json|template|cfn|zone|dns|pem|crt|cer)$/i;
/**
 * Names that say nothing but that zone files are often given (`corp`, `db.corp`, `corp.db`,
 * `corp.data`, `corp.txt`): in a folder, only these are opened to look at their first lines, so a
 * walk does not read a head of every source file, image and archive it passes.
 */
const SNIFFABLE = /^[^.]+$|^db\.|\.(db|data|txt|hosts)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'cdk.out', '.aws-sam']);

export interface InputFile {
  /** The path as the user gave it, or as found under a folder they gave. */
  readonly path: string;
  /** The file's real path: what is read, what --fix rewrites, where a zone's includes may come from. */
  readonly real: string;
  /** Named on the command line (it is read whatever its name, and reported when skipped). */
  readonly explicit: boolean;
  /** Found in a folder with a name that says nothing: kept only when its content says zone or PEM. */
  readonly sniff: boolean;
  /** Why --fix must not rewrite it, when it must not. */
  readonly readOnly?: string;
}

export interface Collected {
  readonly files: InputFile[];
  /** Paths that could not be read: the run goes on, and exits 2. */
  readonly problems: string[];
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

class Collector {
  readonly files: InputFile[] = [];
  readonly problems: string[] = [];
  private readonly folders = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly roots: readonly string[]) {}

  insideRoots(real: string): boolean {
    return this.roots.some((root) => inside(real, root));
  }

  /** Lints a real file once, under the first path that reached it. */
  add(file: InputFile): void {
    if (this.seen.has(file.real)) return;
    this.seen.add(file.real);
    this.files.push(file);
  }

  walk(dir: string, realDir: string): void {
    if (this.folders.has(realDir)) return;
    this.folders.add(realDir);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      this.problems.push(`cannot read folder '${dir}': ${describeError(err)}`);
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let real = join(realDir, name);
      let stat;
      try {
        stat = lstatSync(path);
        if (stat.isSymbolicLink()) {
          real = realpathSync(path);
          // A link out of the given folders is not followed, so --fix can never reach beyond them.
          if (!this.insideRoots(real)) continue;
          stat = statSync(real);
        }
      } catch {
        continue; // A dangling or looping link inside a folder is not the user's question.
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) this.walk(path, real);
      } else if (stat.isFile()) {
        if (LINTABLE.test(name) || isZoneFileName(name)) this.add({ path, real, explicit: false, sniff: false });
        else if (SNIFFABLE.test(name)) this.add({ path, real, explicit: false, sniff: true });
      }
    }
  }
}

export function collectFiles(paths: readonly string[]): Collected {
  // Every given folder and every given file is a root: a link found in a walk may lead from one to
  // another, never elsewhere (a file's own folder is not opened up by naming the file).
  const roots: string[] = [];
  for (const path of paths) {
    try {
      const real = realpathSync(path);
      // A named link is a root as the link, not as what it points to.
      const root = statSync(real).isDirectory() ? real : join(realpathSync(dirname(path)), basename(path));
      roots.push(root);
    } catch {
      // Reported below, when the path itself is looked at.
    }
  }
  const collector = new Collector(roots);
  for (const path of paths) {
    let real: string;
    let isDirectory: boolean;
    try {
      lstatSync(path);
      real = realpathSync(path);
      isDirectory = statSync(real).isDirectory();
    } catch (err) {
      collector.problems.push(`cannot read '${path}': ${describeError(err)}`);
      continue;
    }
    if (isDirectory) {
      collector.walk(path, real);
      continue;
    }
    // A file named on the command line is linted wherever its link points, but rewritten only
    // inside the roots or the folder holding the link.
    const holder = realOrUndefined(dirname(path));
    const readOnly = collector.insideRoots(real) || (holder !== undefined && inside(real, holder)) ? undefined : `it is a symbolic link to '${real}', outside the folders given`;
    collector.add({ path, real, explicit: true, sniff: false, ...(readOnly ? { readOnly } : {}) });
  }
  return { files: collector.files, problems: collector.problems };
}
