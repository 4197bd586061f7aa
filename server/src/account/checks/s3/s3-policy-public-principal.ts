import { conditionKeys, statements } from '../../../core/cfn/policy';
import { publicAllow } from '../../../core/rules/s3/bucket-policy';
import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';
import { policyNode, sidOf } from './policy-json';

export const s3PolicyPublicPrincipalLive = liveRule<BucketState>('s3-policy-public-principal', BUCKET, ({ ref, policy }) => {
  if (policy === null || policy === 'none') return [];
  const open = statements(policyNode(policy)).filter((s) => publicAllow(s) === 'yes');
  if (open.length === 0) return [];
  // One finding per bucket, naming every action opened to everyone, however many statements do it.
  const actions = new Set<string>();
  let unnamed = false;
  for (const statement of open) {
    if (statement.actions?.length) for (const action of statement.actions) actions.add(action);
    else unnamed = true;
  }
  const what = actions.size > 0 && !unnamed ? [...actions].join(', ') : actions.size > 0 ? `${[...actions].join(', ')} and more` : 'the listed actions';
  return [
    {
      message: `The bucket policy of ${ref.name} lets anyone on the internet call ${what}, with no condition narrowing who, so the bucket is public.`,
      evidence: {
        'GetBucketPolicy.Statement': open.map((s) => ({
          Sid: sidOf(s),
          Action: s.actions ?? null,
          NotAction: s.notActions?.length ? s.notActions : null,
          ConditionKeys: [...conditionKeys(s)],
        })),
      },
    },
  ];
});
