import { knownStatements } from '../../../core/cfn/policy';
import { deniesInsecureTransport } from '../../../core/rules/s3/bucket-policy';
import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';
import { policyNode, sidOf } from './policy-json';

export const s3TlsNotEnforcedLive = liveRule<BucketState>('s3-tls-not-enforced', BUCKET, ({ ref, policy }) => {
  if (policy === null) return [];
  if (policy === 'none') {
    return [
      {
        message: `Bucket ${ref.name} has no policy denying requests without TLS, so objects and signed requests can travel in clear text.`,
        evidence: { GetBucketPolicy: 'NoSuchBucketPolicy' },
      },
    ];
  }
  const list = knownStatements(policyNode(policy));
  // A statement the template reader cannot follow might be the one that denies: unknown is never wrong.
  if (!list || list.some((s) => deniesInsecureTransport(s) !== 'no')) return [];
  return [
    {
      message: `The bucket policy of ${ref.name} does not deny requests without TLS, so objects and signed requests can travel in clear text.`,
      evidence: { 'GetBucketPolicy.Statement': list.map((s) => ({ Sid: sidOf(s), Effect: s.effect ?? null })) },
    },
  ];
});
