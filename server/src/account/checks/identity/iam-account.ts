// The account's own IAM settings: whether the root user has MFA (`GetAccountSummary`) and the
// password policy IAM users' console passwords must meet (`GetAccountPasswordPolicy`).
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

/** Kind `iam-root-user`: the account's root user. */
export interface RootUserState extends LiveState {
  /** `SummaryMap.AccountMFAEnabled` is 1; null when the summary could not be read or lacks it. */
  readonly mfaEnabled: boolean | null;
}

/** The parts of a password policy the rules judge, as `GetAccountPasswordPolicy` gives them. */
export interface PasswordPolicy {
  readonly minimumPasswordLength: number | null;
  /** How many earlier passwords cannot be reused; null when the policy does not say (no prevention). */
  readonly passwordReusePrevention: number | null;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly maxPasswordAge: number | null;
}

/** Kind `iam-password-policy`: the account's password policy. */
export interface PasswordPolicyState extends LiveState {
  /** `none` when the account has no policy (NoSuchEntity); null when it could not be read. */
  readonly policy: PasswordPolicy | 'none' | null;
}

export const ROOT_MFA_RULE = 'iam-root-mfa-off';
export const PASSWORD_POLICY_RULE = 'iam-password-policy-weak';

async function rootUser(ctx: ScanContext, iam: IAMClient): Promise<void> {
  const arn = `arn:${ctx.partition}:iam::${ctx.account}:root`;
  const read = await ctx.read('iam:GetAccountSummary', arn, (o) => iam.send(new GetAccountSummaryCommand({}), o));
  const flag = read.state === 'ok' ? read.value.SummaryMap?.AccountMFAEnabled : undefined;
  const state: RootUserState = { ref: { arn, name: `root user of ${ctx.account}`, region: 'global' }, mfaEnabled: flag === undefined ? null : flag === 1 };
  ctx.evaluate('iam-root-user', state);
}

async function passwordPolicy(ctx: ScanContext, iam: IAMClient): Promise<void> {
  const read = await ctx.read('iam:GetAccountPasswordPolicy', ctx.account, (o) => iam.send(new GetAccountPasswordPolicyCommand({}), o), ['NoSuchEntity', 'NoSuchEntityException']);
  let policy: PasswordPolicyState['policy'] = null;
  if (read.state === 'absent') policy = 'none';
  else if (read.state === 'ok' && read.value.PasswordPolicy) {
    const p = read.value.PasswordPolicy;
    policy = {
      minimumPasswordLength: p.MinimumPasswordLength ?? null,
      passwordReusePrevention: p.PasswordReusePrevention ?? null,
      requireSymbols: p.RequireSymbols === true,
      requireNumbers: p.RequireNumbers === true,
      requireUppercaseCharacters: p.RequireUppercaseCharacters === true,
      requireLowercaseCharacters: p.RequireLowercaseCharacters === true,
      maxPasswordAge: p.MaxPasswordAge ?? null,
    };
  }
  const state: PasswordPolicyState = { ref: { arn: ctx.account, name: ctx.account, region: 'global' }, policy };
  ctx.evaluate('iam-password-policy', state);
}

export const iamAccountCollector: Collector = {
  title: 'IAM account settings',
  scope: 'global',
  rules: [ROOT_MFA_RULE, PASSWORD_POLICY_RULE],
  async collect(ctx) {
    // IAM is global: any region of the partition reaches it, and the home region keeps the partition right.
    const iam = ctx.client(IAMClient, 'IAM');
    await Promise.all([ctx.wants(ROOT_MFA_RULE) ? rootUser(ctx, iam) : undefined, ctx.wants(PASSWORD_POLICY_RULE) ? passwordPolicy(ctx, iam) : undefined]);
  },
};
