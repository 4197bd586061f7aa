import { liveRule } from '../../scan/model';
import { PASSWORD_POLICY_RULE, type PasswordPolicyState } from './iam-account';

/** The guidance's minimum length for passwords used without a second factor everywhere. */
export const MIN_PASSWORD_LENGTH = 14;

export const iamPasswordPolicyWeakLive = liveRule<PasswordPolicyState>(PASSWORD_POLICY_RULE, 'iam-password-policy', (state) => {
  const { policy } = state;
  if (policy === null) return [];
  if (policy === 'none') {
    return [
      {
        message:
          `Account ${state.ref.name} has no IAM password policy, so IAM users may set any password IAM accepts, ` +
          'eight characters reused from another site included.',
        evidence: { GetAccountPasswordPolicy: 'NoSuchEntity' },
      },
    ];
  }
  const weak: string[] = [];
  const length = policy.minimumPasswordLength;
  if (length === null || length < MIN_PASSWORD_LENGTH) weak.push(`allows passwords of ${length ?? 'any length IAM accepts, down to 6'} characters (fewer than ${MIN_PASSWORD_LENGTH})`);
  if (!policy.passwordReusePrevention) weak.push('lets users reuse their previous passwords (no PasswordReusePrevention)');
  if (weak.length === 0) return [];
  return [
    {
      message: `The IAM password policy of account ${state.ref.name} ${weak.join(' and ')}, so a short or already leaked password is accepted for console sign-in.`,
      evidence: { MinimumPasswordLength: length, PasswordReusePrevention: policy.passwordReusePrevention },
    },
  ];
});
