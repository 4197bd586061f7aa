import { liveRule } from '../../scan/model';
import { CONSOLE_MFA_RULE, type UserState } from './iam-users';

export const iamUserConsoleWithoutMfaLive = liveRule<UserState>(CONSOLE_MFA_RULE, 'iam-user', (state) => {
  if (state.passwordEnabled !== true || state.mfaActive !== false) return [];
  return [
    {
      message:
        `User ${state.ref.name} has a console password and no MFA device, so a phished or guessed password alone is ` +
        'enough to sign in and use everything the user may do.',
      evidence: { password_enabled: 'true', mfa_active: 'false', ...(state.passwordLastUsed ? { password_last_used: state.passwordLastUsed } : {}) },
    },
  ];
});
