// The `aws-hardening` command. Output goes through callbacks so tests can run main() in-process.
import { main } from './cli/main';

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

const code = main(process.argv.slice(2), {
  out: (text) => {
    pending.push(text, '\n');
    pendingLength += text.length + 1;
    if (pendingLength >= BATCH) flush();
  },
  err: (text) => process.stderr.write(`${text}\n`),
});
flush();
process.exitCode = code;
