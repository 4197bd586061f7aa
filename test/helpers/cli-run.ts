// Runs the CLI two ways: `main()` in-process, with every output call recorded, and the built
// `dist/cli.js` as a child process, for what only a process has (a file-size limit, a FIFO that
// would block, an exit status).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli/main';
import { repoRoot } from './paths';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** Every text main() handed to `out`, in order: the report's chunks. */
  readonly chunks: readonly string[];
}

export function runCli(args: readonly string[]): CliRun {
  const chunks: string[] = [];
  let err = '';
  const code = main(args, { out: (t) => void chunks.push(t), err: (t) => (err += `${t}\n`) });
  return { code, out: chunks.map((c) => `${c}\n`).join(''), err, chunks };
}

export const cliPath = join(repoRoot, 'dist', 'cli.js');

export interface ProcessRun {
  /** The exit status; null when the process was killed (it ran past the timeout). */
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `node dist/cli.js args…` in `cwd`, after `shellPrefix` (e.g. `ulimit -f 1`) when given;
 * killed after `timeoutMs`, so a CLI that blocks fails the test instead of hanging it.
 */
export function runCliProcess(args: readonly string[], options: { cwd?: string; shellPrefix?: string; timeoutMs?: number } = {}): ProcessRun {
  const command = options.shellPrefix
    ? { file: 'bash', args: ['-c', `${options.shellPrefix}; exec "$0" "$@"`, process.execPath, cliPath, ...args] }
    : { file: process.execPath, args: [cliPath, ...args] };
  const r = spawnSync(command.file, command.args, { cwd: options.cwd ?? repoRoot, encoding: 'utf8', timeout: options.timeoutMs ?? 30_000 });
  return { status: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

/**
 * Runs `node dist/cli.js args…` as `runCliProcess` does, without blocking this process: needed
 * when the CLI talks to a server this process runs or reads (moto, whose log pipe this process
 * drains; while a synchronous spawn waits, the pipe fills and moto stops answering).
 */
export function runCliProcessAsync(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code, out, err });
    });
  });
}

/** Runs `body` with a fresh temporary folder, removed afterwards whatever happens. */
export function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-cli-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A finding as `lint --format json` prints it. */
export interface JsonFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly severity: string;
  readonly range: { start: { line: number; character: number } };
  readonly message: string;
}

export function findingsOf(out: string): JsonFinding[] {
  return (JSON.parse(out) as { findings: JsonFinding[] }).findings;
}
