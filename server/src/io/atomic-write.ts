// Rewrites a file so that it is either wholly old or wholly new: the new bytes go to a temporary
// file beside it (same folder, so the rename stays on one file system), created exclusively with
// the original's mode, and only a complete, flushed copy is renamed over the original. A write that
// fails midway (disk full, a file-size limit) leaves the original as it was and no temporary file.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a file is not rewritten: reported as is, after "cannot write '<file>': ". */
export class AtomicWriteError extends Error {}

/**
 * Writes `data` over `path`, which must be a regular file (a symlink's target, not the link); with
 * `createMode`, a path with no file yet is created with that mode (less the umask), the same way.
 */
export function writeFileAtomic(path: string, data: Uint8Array, options: { readonly createMode?: number } = {}): void {
  const original = existing(path, options.createMode);
  // A rename gives the path a new file; the other names of a hard-linked file would keep the old one.
  if (original.nlink > 1) throw new AtomicWriteError(`it has ${original.nlink} hard links, which a rewrite would split`);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    try {
      for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
      fchmodSync(fd, original.mode & 0o7777);
      if (process.getuid?.() === 0 && original.uid >= 0) fchownSync(fd, original.uid, original.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (err) {
    try {
      unlinkSync(temporary);
    } catch {
      // The temporary file is already gone: nothing is left behind.
    }
    throw err;
  }
}

/** The file's mode, owner and links; for a file still to be made, the mode asked for and no owner to keep. */
function existing(path: string, createMode: number | undefined): { mode: number; uid: number; gid: number; nlink: number } {
  try {
    return statSync(path);
  } catch (err) {
    if (createMode === undefined || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return { mode: createMode & ~process.umask(), uid: -1, gid: -1, nlink: 1 };
  }
}
