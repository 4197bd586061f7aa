import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';
import { offFlags } from './public-access-block';

export const s3PublicAccessNotBlockedLive = liveRule<BucketState>('s3-public-access-not-blocked', BUCKET, ({ ref, publicAccessBlock }) => {
  if (publicAccessBlock === null) return [];
  if (publicAccessBlock === 'none') {
    return [
      {
        message: `Bucket ${ref.name} does not block public access, so a later ACL or bucket policy can make its objects public.`,
        evidence: { GetPublicAccessBlock: 'NoSuchPublicAccessBlockConfiguration' },
      },
    ];
  }
  const off = offFlags(publicAccessBlock);
  if (off.length === 0) return [];
  return [
    {
      message: `Bucket ${ref.name} leaves ${off.join(', ')} off, so a later ACL or bucket policy can make its objects public.`,
      evidence: { GetPublicAccessBlock: publicAccessBlock },
    },
  ];
});
