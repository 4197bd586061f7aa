// Reads one input file for the CLI without trusting what the path names: only regular files are
// read (a FIFO would block, `/dev/zero` never ends), and only up to a size a template, zone or
// bundle could sensibly have. The file is opened without blocking and checked again through the
// open descriptor, so a path swapped for a FIFO after the first check is still not read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The largest file read: far above CloudFormation's 1 MB and any real zone or bundle. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export type InputRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: string };

/** An errno error as the user should read it, after "cannot read '<path>': ". */
export function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links (a link loop?)';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  if (code === 'EFBIG') return 'file too large (a file-size limit was reached)';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EROFS') return 'read-only file system';
  return err instanceof Error ? err.message : String(err);
}

/** What a path is when it is not a regular file, in words. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refusal(stat: Stats, limit: number): string | undefined {
  if (!stat.isFile()) return `${kindOf(stat)}, not a regular file, so it was not read`;
  if (stat.size > limit) return `larger than ${limit / 1024 / 1024} MB (${(stat.size / 1024 / 1024).toFixed(1)} MB), so it was not read`;
  return undefined;
}

/**
 * The file's bytes, at most `max` of them from the start (`Infinity`: all, when the file is no
 * larger than `limit`).
 */
export function readInput(path: string, max = Infinity, limit = MAX_INPUT_BYTES): InputRead {
  let fd: number;
  try {
    const refused = refusal(statSync(path), max === Infinity ? limit : Infinity);
    if (refused) return { ok: false, reason: refused };
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, reason: describeError(err) };
  }
  try {
    const stat = fstatSync(fd);
    const refused = refusal(stat, max === Infinity ? limit : Infinity);
    if (refused) return { ok: false, reason: refused };
    // Every byte handed back is read from the file, so the buffer need not be zeroed first.
    const bytes = Buffer.allocUnsafeSlow(Math.min(stat.size, max));
    let length = 0;
    while (length < bytes.length) {
      const n = readSync(fd, bytes, length, bytes.length - length, length);
      if (n === 0) break; // The file shrank since it was measured.
      length += n;
    }
    return { ok: true, bytes: bytes.subarray(0, length) };
  } catch (err) {
    return { ok: false, reason: describeError(err) };
  } finally {
    closeSync(fd);
  }
}
