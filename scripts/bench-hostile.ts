// The "hostile inputs" table of `npm run bench` (issue 11): each input that once stalled the CLI or
// froze the editor, at the size it was found at, must finish within about a second or stop with a
// clear "too large / too many" finding. Measured two ways:
// - the CLI as a whole process (`lint --format json`), median of three runs, with its peak RSS;
// - a language server with the input open: how long until its diagnostics arrive, and how long a
//   the slowest of the hovers on another, small document sent while the input is analysed (the
//   server must keep answering other documents meanwhile).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { hostileInputs, selfIssuedPem, writeHostile, type HostileInput } from '../test/helpers/hostile';
import { median } from './bench-util';

/** A run slower than this is stopped: the row then says so instead of holding up the bench. */
const TIMEOUT_MS = 20_000;
const TARGET_MS = 1000;
/** How often the LSP row asks for a hover on another document while the input is analysed. */
const HOVER_EVERY_MS = 25;

interface CliResult {
  readonly ms: number | undefined;
  readonly peakKb: number | undefined;
  readonly outcome: string;
}

/** Loaded before the CLI with `--require`: writes the process's peak RSS to stderr as it exits. */
const PEAK_PRELOAD = "process.on('exit', () => process.stderr.write(`\\npeak-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n";

/** What the JSON report says: the findings that name a limit, else the count of findings. */
function outcomeOf(stdout: string, stderr: string, status: number | null): string {
  let findings: Array<{ ruleId: string; message: string }>;
  try {
    findings = (JSON.parse(stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings;
  } catch {
    const last = stderr.trim().split('\n').filter((l) => !l.startsWith('peak-rss-kb')).pop() ?? '';
    return `no report (exit ${status}): ${last.slice(0, 80)}`;
  }
  const limit = findings.find((f) => /too (large|many|deep|much)|limit|nested deeper|not read|refused|outside|exceeded/i.test(f.message));
  if (limit) return `${limit.ruleId}: ${limit.message.slice(0, 90)}${limit.message.length > 90 ? '…' : ''}`;
  return `${findings.length} findings`;
}

function cliRuns(cli: string, preload: string, entry: string): CliResult {
  const times: number[] = [];
  let peakKb: number | undefined;
  let outcome = '';
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', preload, cli, 'lint', '--format', 'json', entry], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.error || r.signal) return { ms: undefined, peakKb: undefined, outcome: `stopped after ${(TIMEOUT_MS / 1000).toFixed(0)} s${r.signal ? ` (${r.signal})` : ''}` };
    times.push(ms);
    const peak = /peak-rss-kb (\d+)/.exec(r.stderr)?.[1];
    if (peak) peakKb = Math.max(peakKb ?? 0, Number(peak));
    outcome = outcomeOf(r.stdout, r.stderr, r.status);
    // One slow run says enough; three are for the ones that are meant to be quick.
    if (ms > 5 * TARGET_MS) break;
  }
  return { ms: median(times), peakKb, outcome };
}

interface LspResult {
  readonly diagnosticsMs: number | undefined;
  readonly otherMs: number | undefined;
}

/** One server per input, so a stalled one cannot spoil the next row. */
async function lspRun(server: string, input: HostileInput, entry: string, text: string): Promise<LspResult> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published = new Map<string, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => published.get(p.uri)?.());
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.listen();
  const folder = pathToFileURL(join(entry, '..')).href;
  const stop = (): void => {
    connection.dispose();
    child.kill('SIGKILL');
  };
  // A server that dies leaves its promises pending: the timer, not the pipes, ends the wait then.
  const within = <T>(promise: Promise<T>): Promise<T | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), TIMEOUT_MS)));
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'hostile' }], capabilities: {} });
    await connection.sendNotification('initialized', {});
    const small = 'file:///bench/small.yaml';
    const smallReady = new Promise<void>((resolve) => published.set(small, resolve));
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: small, languageId: 'yaml', version: 1, text: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' } });
    await within(smallReady);
    const uri = pathToFileURL(entry).href;
    const start = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - start) / 1e6;
    const diagnostics = new Promise<number>((resolve) => published.set(uri, () => resolve(elapsed())));
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: input.languageId, version: 1, text } });
    // Hovers on the small document, one after another until the input's diagnostics arrive: the
    // slowest answer is how long the server stopped answering other documents.
    let done = false;
    const hovers = (async (): Promise<number> => {
      let worst = 0;
      do {
        const sent = process.hrtime.bigint();
        await connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 2, character: 12 } });
        worst = Math.max(worst, Number(process.hrtime.bigint() - sent) / 1e6);
        await new Promise((resolve) => setTimeout(resolve, HOVER_EVERY_MS));
      } while (!done);
      return worst;
    })();
    const diagnosticsMs = await within(diagnostics);
    done = true;
    const otherMs = await within(hovers);
    return { diagnosticsMs, otherMs };
  } finally {
    stop();
  }
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return `> ${(TIMEOUT_MS / 1000).toFixed(0)} s`;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export async function hostileBench(dist: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'aws-hardening-hostile-'));
  try {
    const preload = join(scratch, 'peak.js');
    writeFileSync(preload, PEAK_PRELOAD);
    const inputs = hostileInputs(1, selfIssuedPem(scratch));
    console.log(`\nhostile inputs (issue 11): each ≤ ${TARGET_MS} ms or a clear limit finding; CLI = whole process, median of 3`);
    console.log('| input | what | CLI | CLI peak RSS | outcome | LSP diagnostics | LSP slowest hover on another document |');
    console.log('|---|---|---|---|---|---|---|');
    for (const input of inputs) {
      const written = writeHostile(input);
      try {
        const cli = cliRuns(join(dist, 'cli.js'), preload, written.entry);
        const lsp = await lspRun(join(dist, 'server.js'), input, written.entry, readFileSync(written.entry, 'utf8'));
        const peak = cli.peakKb === undefined ? 'n/a' : `${(cli.peakKb / 1024).toFixed(0)} MiB`;
        console.log(`| ${input.name} | ${input.what} | ${seconds(cli.ms)} | ${peak} | ${cli.outcome.replace(/\|/g, '\\|')} | ${seconds(lsp.diagnosticsMs)} | ${seconds(lsp.otherMs)} |`);
      } finally {
        written.dispose();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
