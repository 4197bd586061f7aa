// Judged per instance: every instance, in a cluster or not, has its own endpoint and says whether
// it resolves to a public address.
import { liveRule } from '../../scan/model';
import { DB_INSTANCE_KIND, type DbInstanceState } from './db-instances';

export const rdsPubliclyAccessibleLive = liveRule<DbInstanceState>('rds-publicly-accessible', DB_INSTANCE_KIND, (state) => {
  if (!state.publiclyAccessible) return [];
  return [
    {
      message: `DB instance ${state.ref.name} is publicly accessible, so its endpoint can be reached from the internet wherever its security groups allow.`,
      evidence: { PubliclyAccessible: true, Engine: state.engine },
    },
  ];
});
