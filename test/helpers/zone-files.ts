// Zone files held in memory for `$INCLUDE` tests: paths are POSIX, and a relative include is read
// from the including file's folder, as the CLI and the editor read them from disk.
import { posix } from 'node:path';

/** A reader of `$INCLUDE` targets among `files` (absolute path → text); the top file is `/z/top.zone`. */
export function memoryIncludes(files: Readonly<Record<string, string>>): (path: string, from: string | undefined) => { text: string; path: string } | undefined {
  return (path, from) => {
    const full = path.startsWith('/') ? path : posix.join(posix.dirname(from ?? '/z/top.zone'), path);
    const text = files[full];
    return text === undefined ? undefined : { text, path: full };
  };
}
