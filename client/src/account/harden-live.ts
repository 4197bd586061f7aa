// Harden This Bucket on a live bucket: pick the profile and the bucket, ask the server for the plan
// (reads only), show it read-only in the Markdown preview, and only after a modal confirmation ask
// the server to apply it; then show what was applied and verified, and scan the profile again.
// `awsHardening.account.allowChanges` off shows the plan and stops there.
import * as vscode from 'vscode';
import {
  ACCOUNT_BUCKETS_REQUEST,
  ACCOUNT_HARDEN_APPLY_REQUEST,
  ACCOUNT_HARDEN_PLAN_REQUEST,
  type AccountBucketsParams,
  type AccountBucketsResult,
  type AccountHardenApplyParams,
  type AccountHardenPlanParams,
  type HardenPlan,
  type HardenResult,
  type HardenStep,
} from '../../../server/src/protocol';
import { fenced } from '../../../server/src/account/report/markdown';
import type { Accounts } from './accounts';
import { MarkdownDocuments } from './markdown-documents';
import { accountSettings } from './model';
import { readProfiles } from './scan';
import { messageOf, requireClient } from './server';

export const HARDEN_SCHEME = 'aws-hardening-harden';

export interface LiveOptions {
  /** `true` answers the modal confirmation yes, for tests; only ever from the command's argument. */
  readonly confirm?: boolean;
}

export interface LiveOutcome {
  readonly mode: 'live';
  readonly plan: HardenPlan | undefined;
  readonly result: HardenResult | undefined;
  /** The Markdown documents shown: the plan, and the result when applied. */
  readonly shown: readonly vscode.Uri[];
}

let documents: MarkdownDocuments | undefined;

/** Registers the plan documents' provider; the extension owns the disposable. */
export function hardenDocuments(): MarkdownDocuments {
  documents ??= new MarkdownDocuments(HARDEN_SCHEME, 20, 'This plan is no longer kept: run Harden This Bucket again.');
  return documents;
}

/** JSON from the account, in a fence no line of it can close. */
function json(value: unknown): string {
  return fenced('json', JSON.stringify(value ?? null, null, 2));
}

function stepMarkdown(step: HardenStep, n: number): string {
  return [`### ${n}. ${step.title}`, '', `\`${step.action}\``, '', '**Before**', '', json(step.before), '', '**After**', '', json(step.after), '', '**AWS CLI**', '', fenced('sh', step.cli)].join('\n');
}

export function planMarkdown(plan: HardenPlan, allowChanges: boolean): string {
  const out = [`# Harden bucket ${plan.bucket}`, '', `Account ${plan.account}, region ${plan.region}, profile \`${plan.profile}\`.`, ''];
  if (plan.steps.length === 0) out.push('Nothing to change: the bucket is already hardened.', '');
  else {
    out.push(`## ${plan.steps.length} change${plan.steps.length === 1 ? '' : 's'}, in this order`, '');
    plan.steps.forEach((step, i) => out.push(stepMarkdown(step, i + 1), ''));
  }
  if (plan.inPlace.length > 0) out.push('## Already in place', '', ...plan.inPlace.map((s) => `- ${s}`), '');
  if (plan.notes.length > 0) out.push('## Notes', '', ...plan.notes.map((s) => `- ${s}`), '');
  if (!allowChanges && plan.steps.length > 0) out.push('> Changes to live buckets are turned off (`awsHardening.account.allowChanges`): nothing will be applied.', '');
  return out.join('\n');
}

export function resultMarkdown(plan: HardenPlan, result: HardenResult): string {
  const out = [`# Bucket ${plan.bucket}: hardening result`, '', `Account ${plan.account}, region ${plan.region}, profile \`${plan.profile}\`.`, ''];
  out.push('## Applied', '', ...(result.applied.length ? result.applied.map((s) => `- ${s.title} (\`${s.action}\`)`) : ['- nothing']), '');
  if (result.failed) out.push('## Failed', '', `- ${result.failed.step.title} (\`${result.failed.step.action}\`): ${result.failed.error}`, '');
  if (result.notAttempted.length > 0) out.push('## Not attempted', '', ...result.notAttempted.map((s) => `- ${s.title} (\`${s.action}\`)`), '');
  out.push('## Verified by reading the bucket back', '', ...result.verified.inPlace.map((s) => `- in place: ${s}`), ...result.verified.missing.map((s) => `- missing: ${s}`), '');
  return out.join('\n');
}

async function pickProfile(accounts: Accounts): Promise<string | undefined> {
  const chosen = accounts.model.chosen();
  if (chosen.length === 1) return chosen[0];
  if (chosen.length > 1) return vscode.window.showQuickPick([...chosen], { title: 'Harden a bucket of which profile?' });
  if (!(await readProfiles(accounts.model, accounts.source))) return undefined;
  const all = accounts.model.allProfiles().map((p) => p.name);
  return all.length ? vscode.window.showQuickPick(all, { title: 'Harden a bucket of which profile?' }) : undefined;
}

async function pickBucket(accounts: Accounts, profile: string): Promise<string | undefined> {
  const client = requireClient(accounts.source);
  const { buckets } = await client.sendRequest<AccountBucketsResult>(ACCOUNT_BUCKETS_REQUEST, { profile } satisfies AccountBucketsParams);
  if (buckets.length === 0) {
    void vscode.window.showInformationMessage(`AWS Hardening: profile ${profile}'s account has no buckets.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    buckets.map((b) => ({ label: b.name, description: b.region })),
    { title: `Harden which bucket of ${profile}?` },
  );
  return picked?.label;
}

export async function hardenLiveBucket(accounts: Accounts, target: { profile?: string; bucket?: string }, options: LiveOptions): Promise<LiveOutcome | undefined> {
  const shown: vscode.Uri[] = [];
  try {
    const profile = target.profile ?? (await pickProfile(accounts));
    if (!profile) return undefined;
    const bucket = target.bucket ?? (await pickBucket(accounts, profile));
    if (!bucket) return undefined;
    const client = requireClient(accounts.source);
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AWS Hardening: reading bucket ${bucket}…` },
      () => client.sendRequest<HardenPlan>(ACCOUNT_HARDEN_PLAN_REQUEST, { profile, bucket } satisfies AccountHardenPlanParams),
    );
    const allowChanges = accountSettings().get<boolean>('allowChanges', true) !== false;
    shown.push(await hardenDocuments().show(`${profile} ${bucket} plan`, planMarkdown(plan, allowChanges)));
    if (plan.steps.length === 0) {
      void vscode.window.showInformationMessage(`AWS Hardening: bucket ${bucket} is already hardened.`);
      return { mode: 'live', plan, result: undefined, shown };
    }
    if (!allowChanges) {
      void vscode.window.showInformationMessage('AWS Hardening: changes to live buckets are turned off (awsHardening.account.allowChanges); the plan is shown and nothing was changed.');
      return { mode: 'live', plan, result: undefined, shown };
    }
    const question = `Apply ${plan.steps.length} change${plan.steps.length === 1 ? '' : 's'} to bucket ${bucket} in account ${plan.account}?`;
    const yes = options.confirm === true || (await vscode.window.showWarningMessage(question, { modal: true, detail: 'The plan is shown beside. Each change is applied in order and the first failure stops the rest.' }, 'Apply')) === 'Apply';
    if (!yes) return { mode: 'live', plan, result: undefined, shown };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AWS Hardening: hardening bucket ${bucket}…` },
      () => client.sendRequest<HardenResult>(ACCOUNT_HARDEN_APPLY_REQUEST, { plan } satisfies AccountHardenApplyParams),
    );
    shown.push(await hardenDocuments().show(`${profile} ${bucket} result`, resultMarkdown(plan, result)));
    if (result.failed) void vscode.window.showErrorMessage(`AWS Hardening: ${result.failed.step.action} failed on bucket ${bucket}: ${result.failed.error}. ${result.applied.length} change(s) applied, ${result.notAttempted.length} not attempted.`);
    else void vscode.window.showInformationMessage(`AWS Hardening: bucket ${bucket} hardened: ${result.applied.length} change(s) applied and verified.`);
    await accounts.refreshProfile(profile);
    return { mode: 'live', plan, result, shown };
  } catch (err) {
    void vscode.window.showErrorMessage(`AWS Hardening: the bucket could not be hardened: ${messageOf(err)}`);
    return { mode: 'live', plan: undefined, result: undefined, shown };
  }
}
