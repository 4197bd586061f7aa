import { liveRule } from '../../scan/model';
import { ROOT_MFA_RULE, type RootUserState } from './iam-account';

export const iamRootMfaOffLive = liveRule<RootUserState>(ROOT_MFA_RULE, 'iam-root-user', (state) => {
  if (state.mfaEnabled !== false) return [];
  return [
    {
      message:
        `The ${state.ref.name} has no MFA device (AccountMFAEnabled 0), so its password alone opens the account ` +
        'with every permission no policy can take away: closing it, deleting every backup, locking everyone else out.',
      evidence: { AccountMFAEnabled: 0 },
    },
  ];
});
