// `aws-hardening scan [--profile P]… [--region R|all]… [--format text|json|sarif|csv|markdown]
// [--output FILE] [--concurrency N]`: the live account scan from the command line, in-process.
// Exit codes as `lint`: 0 no error-severity finding, 1 errors found, 2 usage problems or no
// profile could be scanned (with the reason); 130 when cancelled.
import { liveCollectors, liveRules } from '../account/checks';
import { formatScan, type ScanFormat } from '../account/report/formats';
import { CancelledError } from '../account/scan/limiter';
import { DEFAULT_CONCURRENCY, scan } from '../account/scan/scanner';
import { ScanUsageError } from './account-help';
import { AccountSession } from '../account/session';
import { escapeControls } from '../core/escape';
import { AtomicWriteError, writeFileAtomic } from '../io/atomic-write';
import { describeError } from '../io/read-input';

export interface ScanIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** A progress line that replaces the last one, when standard error is a terminal. */
  readonly progress?: (text: string) => void;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
}

interface ScanArgs {
  readonly profiles: string[];
  readonly regions: string[] | 'all';
  readonly format: ScanFormat;
  readonly output?: string;
  readonly concurrency: number;
}

const FORMATS: readonly ScanFormat[] = ['text', 'json', 'sarif', 'csv', 'markdown'];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const PROFILE = /^[A-Za-z0-9_.@+=,/-]{1,128}$/;

export function parseScanArgs(args: readonly string[]): ScanArgs {
  const profiles: string[] = [];
  let regions: string[] | 'all' = [];
  let format: ScanFormat = 'text';
  let output: string | undefined;
  let concurrency = DEFAULT_CONCURRENCY;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new ScanUsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--profile': {
        const p = value();
        if (!PROFILE.test(p)) throw new ScanUsageError(`'${escapeControls(p)}' is not a profile name`);
        profiles.push(p);
        break;
      }
      case '--region': {
        const r = value();
        if (r === 'all') regions = 'all';
        else if (!REGION.test(r)) throw new ScanUsageError(`--region takes a region name such as eu-west-1, or all; not '${escapeControls(r)}'`);
        else if (regions !== 'all') regions.push(r);
        break;
      }
      case '--format': {
        const f = value();
        if (!FORMATS.includes(f as ScanFormat)) throw new ScanUsageError(`--format takes ${FORMATS.join(', ')}; not '${escapeControls(f)}'`);
        format = f as ScanFormat;
        break;
      }
      case '--output':
        output = value();
        break;
      case '--concurrency': {
        const c = value();
        if (!/^\d{1,3}$/.test(c) || Number(c) < 1 || Number(c) > 64) throw new ScanUsageError(`--concurrency takes a whole number from 1 to 64; not '${escapeControls(c)}'`);
        concurrency = Number(c);
        break;
      }
      default:
        throw new ScanUsageError(arg.startsWith('-') ? `unknown option '${escapeControls(arg)}'` : `scan takes no file or folder ('${escapeControls(arg)}'); use --profile`);
    }
  }
  return { profiles, regions, format, concurrency, ...(output !== undefined ? { output } : {}) };
}

export async function scanCommand(args: readonly string[], io: ScanIo): Promise<number> {
  const options = parseScanArgs(args);
  const session = await AccountSession.open();
  if (session.profiles.length === 0) {
    io.err(`aws-hardening: no AWS profiles found in ${process.env.AWS_CONFIG_FILE ?? '~/.aws/config'} or ${process.env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}; configure one with 'aws configure sso' or 'aws configure'.`);
    return 2;
  }
  const now = new Date();
  let result;
  try {
    result = await scan({
      session,
      profiles: options.profiles,
      regions: options.regions === 'all' ? 'all' : options.regions,
      collectors: liveCollectors,
      rules: liveRules,
      concurrency: options.concurrency,
      now,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.progress ? { onProgress: (p) => io.progress!(`${p.done}/${p.total} ${p.message} · ${p.calls} calls`) } : {}),
    });
  } catch (err) {
    if (err instanceof CancelledError) {
      io.err('aws-hardening: scan cancelled; nothing was reported.');
      return 130;
    }
    throw err;
  } finally {
    io.progress?.('');
  }
  for (const p of result.profiles) {
    for (const note of p.notes) io.err(`aws-hardening: note: ${escapeControls(note)}`);
    if (p.error) io.err(`aws-hardening: ${escapeControls(p.error)}`);
  }
  // Every report ends with one line break: CSV brings its own (CRLF), the others get one.
  const formatted = formatScan(result, options.format, now);
  const report = formatted.endsWith('\n') ? formatted : `${formatted}\n`;
  if (options.output !== undefined) {
    try {
      writeFileAtomic(options.output, Buffer.from(report, 'utf8'), { createMode: 0o666 });
    } catch (err) {
      io.err(`aws-hardening: cannot write '${escapeControls(options.output)}': ${err instanceof AtomicWriteError ? err.message : describeError(err)}`);
      return 2;
    }
  } else io.out(report.slice(0, -1)); // The writer adds the last line break.
  if (result.profiles.every((p) => !p.identity)) return 2;
  return result.profiles.some((p) => p.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}
