import { liveRule } from '../../scan/model';
import { BUCKET, type BucketState } from './buckets';

/** The grantee groups that mean people outside the account, by the end of their URI. */
const GROUPS: ReadonlyArray<{ readonly suffix: string; readonly name: string; readonly who: string }> = [
  { suffix: '/groups/global/AllUsers', name: 'AllUsers', who: 'anyone on the internet' },
  { suffix: '/groups/global/AuthenticatedUsers', name: 'AuthenticatedUsers', who: 'any AWS account holder' },
];

/** What each bucket permission lets the grantee do. */
const CAN: Readonly<Record<string, string>> = {
  READ: 'list its objects',
  WRITE: 'add, overwrite and delete objects in it',
  READ_ACP: 'read its ACL',
  WRITE_ACP: 'rewrite its ACL and so give itself any other right',
  FULL_CONTROL: 'list, add, overwrite and delete its objects and rewrite its ACL',
};

export const s3PublicAclLive = liveRule<BucketState>('s3-public-acl', BUCKET, ({ ref, aclGrants }) => {
  if (!aclGrants) return [];
  return GROUPS.flatMap((group) => {
    const permissions = [...new Set(aclGrants.filter((g) => g.type === 'Group' && g.grantee.endsWith(group.suffix)).map((g) => g.permission))];
    if (permissions.length === 0) return [];
    const can = permissions.map((p) => CAN[p] ?? `use ${p}`);
    return [
      {
        message: `Bucket ${ref.name} has an ACL granting ${permissions.join(', ')} to ${group.name}, so ${group.who} can ${can.length > 1 ? `${can.slice(0, -1).join(', ')}, and ${can.at(-1)}` : can[0]}.`,
        evidence: { grantee: group.name, permissions },
      },
    ];
  });
});
