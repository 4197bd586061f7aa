// The `aws-hardening` command. Output goes through callbacks so tests can run main() in-process.
import { mainAsync } from './cli/main';

// A reader that stops early (`aws-hardening lint … | head`) is not an error of ours.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// Reports arrive a line at a time; they are written in batches of about 64 KB, so a long report
// costs neither one write per line nor one string the size of the whole report.
const BATCH = 64 * 1024;
let pending: string[] = [];
let pendingLength = 0;
function flush(): void {
  if (pending.length === 0) return;
  process.stdout.write(pending.join(''));
  pending = [];
  pendingLength = 0;
}

// Ctrl-C cancels a scan cleanly (in-flight calls are aborted); a second one ends the process.
const cancel = new AbortController();
process.once('SIGINT', () => {
  cancel.abort();
  process.once('SIGINT', () => process.exit(130));
});

// A progress line for people, only when standard error is a terminal: rewritten in place.
let progressShown = false;
const progress = process.stderr.isTTY
  ? (text: string): void => {
      const width = Math.max(20, (process.stderr.columns ?? 80) - 1);
      process.stderr.write(`\r\x1b[K${text.slice(0, width)}`);
      progressShown = text !== '';
    }
  : undefined;

void mainAsync(process.argv.slice(2), {
  out: (text) => {
    pending.push(text, '\n');
    pendingLength += text.length + 1;
    if (pendingLength >= BATCH) flush();
  },
  err: (text) => {
    if (progressShown) progress?.('');
    process.stderr.write(`${text}\n`);
  },
  signal: cancel.signal,
  ...(progress ? { progress } : {}),
}).then(
  (code) => {
    flush();
    process.exitCode = code;
  },
  (err: unknown) => {
    flush();
    process.stderr.write(`aws-hardening: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
