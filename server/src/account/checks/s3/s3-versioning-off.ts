import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';

export const s3VersioningOffLive = liveRule<BucketState>('s3-versioning-off', BUCKET, ({ ref, versioning }) => {
  if (!versioning || versioning.status === 'Enabled') return [];
  return [
    {
      message: versioning.status
        ? `Bucket ${ref.name} has versioning ${versioning.status}, so an overwritten or deleted object cannot be recovered.`
        : `Bucket ${ref.name} does not enable versioning, so an overwritten or deleted object cannot be recovered.`,
      evidence: { 'GetBucketVersioning.Status': versioning.status },
    },
  ];
});
