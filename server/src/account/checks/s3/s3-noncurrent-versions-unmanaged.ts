import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';

export const s3NoncurrentVersionsUnmanagedLive = liveRule<BucketState>('s3-noncurrent-versions-unmanaged', BUCKET, ({ ref, versioning, lifecycle }) => {
  if (versioning?.status !== 'Enabled' || lifecycle === null) return [];
  // As in templates: only an enabled rule that sets the days expires noncurrent versions.
  if (lifecycle !== 'none' && lifecycle.some((rule) => rule.status === 'Enabled' && rule.noncurrentDays !== null)) return [];
  return [
    {
      message: `Bucket ${ref.name} is versioned but has no enabled lifecycle rule expiring noncurrent versions, so old versions pile up and are billed indefinitely.`,
      evidence: {
        'GetBucketVersioning.Status': versioning.status,
        GetBucketLifecycleConfiguration: lifecycle === 'none' ? 'NoSuchLifecycleConfiguration' : { Rules: lifecycle.map((r) => ({ ID: r.id, Status: r.status, NoncurrentDays: r.noncurrentDays })) },
      },
    },
  ];
});
