// `aws-hardening harden-bucket BUCKET [--profile P] [--apply [--yes]] [--undelete-window-days N]`:
// prints the plan that hardens a live bucket and changes nothing; with --apply, once confirmed (a
// `y` on a terminal, or --yes), applies it, reports what was applied, what failed and what was not
// attempted, and what the bucket read back shows.
// Exit codes: 0 planned, or applied and verified, or nothing to do; 1 stopped at a failure, not
// confirmed, stale, or something missing after; 2 usage, credentials, or no such bucket.
import { createInterface } from 'node:readline';
import { applyPlan, HardenError, planBucket } from '../account/harden/harden';
import { AccountSession } from '../account/session';
import { escapeControls } from '../core/escape';
import type { HardenPlan, HardenResult, HardenStep } from '../protocol';
import { HARDEN_USAGE } from './account-help';
import type { ScanIo } from './scan';

export interface HardenIo extends ScanIo {
  /** Whether a person can answer on standard input (default: process.stdin is a terminal). */
  readonly interactive?: boolean;
  /** Asks a question and resolves with the answer line (default: read from standard input). */
  readonly ask?: (question: string) => Promise<string>;
}

interface HardenArgs {
  readonly bucket: string;
  readonly profile: string;
  readonly apply: boolean;
  readonly yes: boolean;
  readonly days?: number;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[], env: NodeJS.ProcessEnv): HardenArgs {
  const buckets: string[] = [];
  let profile: string | undefined;
  let apply = false;
  let yes = false;
  let days: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '' || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--profile') profile = value();
    else if (flag === '--apply') apply = true;
    else if (flag === '--yes' || flag === '-y') yes = true;
    else if (flag === '--undelete-window-days') {
      const v = value();
      if (!/^\d{1,5}$/.test(v) || Number(v) < 1) throw new UsageError(`--undelete-window-days takes a whole number of days from 1; not '${escapeControls(v)}'`);
      days = Number(v);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${escapeControls(arg)}'`);
    else buckets.push(arg);
  }
  if (buckets.length !== 1) throw new UsageError(buckets.length === 0 ? 'harden-bucket needs the name of a bucket' : `harden-bucket takes one bucket, not ${buckets.length}`);
  if (yes && !apply) throw new UsageError('--yes confirms --apply; without --apply nothing is changed anyway');
  return { bucket: buckets[0]!, profile: profile ?? (env.AWS_PROFILE || 'default'), apply, yes, ...(days !== undefined ? { days } : {}) };
}

function shown(value: unknown): string {
  return value === null || value === undefined ? '(none)' : escapeControls(JSON.stringify(value));
}

function stepLines(step: HardenStep, index: number): string[] {
  return [`${index + 1}. ${escapeControls(step.title)} [${step.action}]`, `   before: ${shown(step.before)}`, `   after:  ${shown(step.after)}`, `   ${escapeControls(step.cli)}`];
}

export function formatPlan(plan: HardenPlan): string[] {
  const n = plan.steps.length;
  const lines = [`Plan for bucket ${escapeControls(plan.bucket)} (account ${plan.account}, ${plan.region}, profile ${escapeControls(plan.profile)}): ${n === 0 ? 'nothing to change' : `${n} change${n === 1 ? '' : 's'}`}`];
  plan.steps.forEach((step, i) => lines.push(...stepLines(step, i)));
  if (plan.inPlace.length > 0) lines.push('Already in place:', ...plan.inPlace.map((l) => `  - ${escapeControls(l)}`));
  if (plan.notes.length > 0) lines.push('Notes:', ...plan.notes.map((l) => `  - ${escapeControls(l)}`));
  return lines;
}

export function formatResult(result: HardenResult): string[] {
  const lines = [`Applied (${result.applied.length}):`, ...result.applied.map((s) => `  done: ${escapeControls(s.title)} [${s.action}]`)];
  if (result.failed) lines.push(`Failed: ${escapeControls(result.failed.step.title)} [${result.failed.step.action}]`, `  ${escapeControls(result.failed.error)}`);
  if (result.notAttempted.length > 0) lines.push(`Not attempted (${result.notAttempted.length}):`, ...result.notAttempted.map((s) => `  - ${escapeControls(s.title)} [${s.action}]`));
  lines.push('Read back:', ...result.verified.inPlace.map((l) => `  in place: ${escapeControls(l)}`), ...result.verified.missing.map((l) => `  missing: ${escapeControls(l)}`));
  return lines;
}

/** One line from standard input, the question on standard error. */
function askOnTerminal(question: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    // Resolved before closing: closing emits 'close', which answers "no" for an input that ends unanswered.
    const done = (answer: string): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(answer);
      rl.close();
    };
    const onAbort = (): void => done('');
    signal?.addEventListener('abort', onAbort);
    rl.once('close', () => resolve(''));
    rl.question(`${question} `, done);
  });
}

function exitFor(err: HardenError): number {
  return err.kind === 'stale' ? 1 : 2;
}

export async function hardenBucketCommand(args: readonly string[], io: HardenIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const report = (message: string): void => io.err(`aws-hardening: ${escapeControls(message)}`);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HARDEN_USAGE);
    return 0;
  }
  let options: HardenArgs;
  try {
    options = parseArgs(args, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    report(err.message);
    io.err(`\n${HARDEN_USAGE}`);
    return 2;
  }
  const interactive = options.apply && !options.yes && (io.interactive ?? process.stdin.isTTY === true);
  try {
    const session = await AccountSession.open(env);
    const plan = await planBucket(session, options.profile, options.bucket, options.days !== undefined ? { undeleteWindowDays: options.days } : {});
    // cli.ts batches standard output until the end: a plan to confirm is shown where the question is.
    const show = interactive ? io.err : io.out;
    for (const line of formatPlan(plan)) show(line);
    const n = plan.steps.length;
    if (n === 0) {
      io.out(`Nothing to do: bucket ${escapeControls(plan.bucket)} has everything this plan makes.`);
      return 0;
    }
    if (!options.apply) {
      io.out(`Nothing was changed. Run again with --apply to make ${n === 1 ? 'this change' : `these ${n} changes`}.`);
      return 0;
    }
    if (!options.yes) {
      if (!interactive) {
        report('--apply needs --yes when standard input is not a terminal, so that no change is made unconfirmed; nothing was changed.');
        return 2;
      }
      const question = `Apply ${n} change${n === 1 ? '' : 's'} to bucket ${escapeControls(plan.bucket)} in account ${plan.account}? [y/N]`;
      const answer = await (io.ask ? io.ask(question) : askOnTerminal(question, io.signal));
      if (!/^\s*y(es)?\s*$/i.test(answer)) {
        report('not confirmed; nothing was changed.');
        return 1;
      }
    }
    const result = await applyPlan(session, plan);
    for (const line of formatResult(result)) io.out(line);
    if (result.failed) {
      report(`stopped at ${result.failed.step.action}: ${result.failed.error}`);
      return 1;
    }
    return result.verified.missing.length > 0 ? 1 : 0;
  } catch (err) {
    if (!(err instanceof HardenError)) throw err;
    report(err.message);
    return exitFor(err);
  }
}
