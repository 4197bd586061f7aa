import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';

// Advisory: only the root user can turn MFA Delete on, so the finding is information, for versioned buckets only.
export const s3MfaDeleteOffLive = liveRule<BucketState>('s3-mfa-delete-off', BUCKET, ({ ref, versioning }) => {
  if (versioning?.status !== 'Enabled' || versioning.mfaDelete === 'Enabled') return [];
  return [
    {
      message: `Bucket ${ref.name} is versioned without MFA Delete, so stolen access keys alone can permanently delete its object versions or suspend versioning.`,
      evidence: { 'GetBucketVersioning.Status': versioning.status, 'GetBucketVersioning.MFADelete': versioning.mfaDelete },
    },
  ];
});
