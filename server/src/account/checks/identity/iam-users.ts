// IAM users with console passwords, from the credential report: one report call instead of a
// login-profile and MFA-device call per user. IAM builds the report asynchronously, so the
// collector asks for it, waits while IAM says it is being built (a bounded number of times, and
// no longer than the scan), then reads it.
import { setTimeout as delay } from 'node:timers/promises';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { credentialReportRows, MAX_REPORT_BYTES } from './credential-report';

/** Kind `iam-user`: one IAM user's row of the credential report. */
export interface UserState extends LiveState {
  /** `password_enabled`: the user has a console password; null when the report says neither true nor false. */
  readonly passwordEnabled: boolean | null;
  /** `mfa_active`: an MFA device is assigned; null likewise. */
  readonly mfaActive: boolean | null;
  /** `password_last_used` as the report writes it (a date, `no_information`, `N/A`). */
  readonly passwordLastUsed: string | null;
}

export const CONSOLE_MFA_RULE = 'iam-user-console-without-mfa';

/** How the collector waits for IAM to build the report: injectable so tests never sleep. */
export interface ReportWait {
  /** Calls of GenerateCredentialReport before giving up. */
  readonly tries: number;
  /** Waits `ms`, ending early (with an error) when `signal` aborts. */
  readonly pause: (ms: number, signal: AbortSignal) => Promise<unknown>;
  readonly intervalMs: number;
}

/** IAM usually builds a report within seconds; half a minute covers a large account. */
export const DEFAULT_REPORT_WAIT: ReportWait = { tries: 15, intervalMs: 2000, pause: (ms, signal) => delay(ms, undefined, { signal }) };

/** The collector's own failure when IAM never finished the report: the scanner reports it as not checked. */
export class CredentialReportNotReady extends Error {
  override readonly name = 'CredentialReportNotReady';
}

function flag(value: string | undefined): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

/** Asks IAM for a current report until it is COMPLETE; false when a call failed (already reported). */
async function reportReady(ctx: ScanContext, iam: IAMClient, resource: string, wait: ReportWait): Promise<boolean> {
  for (let attempt = 1; attempt <= wait.tries; attempt++) {
    const read = await ctx.read('iam:GenerateCredentialReport', resource, (o) => iam.send(new GenerateCredentialReportCommand({}), o));
    if (read.state !== 'ok') return false;
    if (read.value.State === 'COMPLETE') return true;
    if (attempt < wait.tries) await wait.pause(wait.intervalMs, ctx.signal);
  }
  throw new CredentialReportNotReady(`IAM had not finished the credential report after ${wait.tries} requests`);
}

async function collectUsers(ctx: ScanContext, wait: ReportWait): Promise<void> {
  const iam = ctx.client(IAMClient, 'IAM');
  // The report is the account's: a failure names the account, as the policy shows it (iam:GetCredentialReport on `*`).
  const resource = `arn:${ctx.partition}:iam::${ctx.account}:root`;
  if (!(await reportReady(ctx, iam, resource, wait))) return;
  const read = await ctx.read('iam:GetCredentialReport', resource, (o) => iam.send(new GetCredentialReportCommand({}), o));
  if (read.state !== 'ok' || !read.value.Content) return;
  const content = read.value.Content;
  if (content.byteLength > MAX_REPORT_BYTES) throw new Error(`the credential report is larger than ${MAX_REPORT_BYTES} bytes`);
  for (const row of credentialReportRows(new TextDecoder().decode(content))) {
    const name = row.user ?? '';
    // The root user's row says `not_supported` for its password; its MFA is iam-root-mfa-off's.
    if (name === '' || name === '<root_account>') continue;
    const state: UserState = {
      ref: { arn: row.arn || `arn:${ctx.partition}:iam::${ctx.account}:user/${name}`, name, region: 'global' },
      passwordEnabled: flag(row.password_enabled),
      mfaActive: flag(row.mfa_active),
      passwordLastUsed: row.password_last_used || null,
    };
    ctx.evaluate('iam-user', state);
  }
}

/** The users collector, with its own way of waiting for the report (tests pass one that does not sleep). */
export function iamUsersCollector(wait: ReportWait = DEFAULT_REPORT_WAIT): Collector {
  return { title: 'IAM users', scope: 'global', rules: [CONSOLE_MFA_RULE], collect: (ctx) => collectUsers(ctx, wait) };
}
