import { liveRule } from '../../scan/model';
import { S3_ACCOUNT, type S3AccountState } from './account';
import { offFlags } from './public-access-block';

export const s3AccountPublicAccessNotBlockedLive = liveRule<S3AccountState>('s3-account-public-access-not-blocked', S3_ACCOUNT, ({ ref, publicAccessBlock }) => {
  if (publicAccessBlock === null) return [];
  if (publicAccessBlock === 'none') {
    return [
      {
        message: `Account ${ref.name} does not block S3 public access account-wide, so each bucket is only as safe as its own settings and one mistaken policy or ACL makes its objects public.`,
        evidence: { GetPublicAccessBlock: 'NoSuchPublicAccessBlockConfiguration' },
      },
    ];
  }
  const off = offFlags(publicAccessBlock);
  if (off.length === 0) return [];
  return [
    {
      message: `Account ${ref.name} leaves ${off.join(', ')} off in its S3 public access block, so a bucket's own ACL or policy can still make its objects public.`,
      evidence: { GetPublicAccessBlock: publicAccessBlock },
    },
  ];
});
