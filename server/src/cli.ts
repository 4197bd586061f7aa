// The `aws-hardening` command. Output goes through callbacks so tests can run main() in-process.
import { main } from './cli/main';

const code = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
process.exitCode = code;
