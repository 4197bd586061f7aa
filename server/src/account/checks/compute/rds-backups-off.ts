// Backups belong to the cluster where there is one, and a read replica relies on its source's (0
// is its usual value), as in the template rule. Clusters cannot be set to 0 on AWS; one that
// reports it anyway is reported.
import { liveRule } from '../../scan/model';
import { DB_CLUSTER_KIND, type DbClusterState } from './db-clusters';
import { DB_INSTANCE_KIND, type DbInstanceState } from './db-instances';

const ID = 'rds-backups-off';

function finding(kind: string, name: string) {
  return {
    message: `${kind} ${name} keeps no automated backups (retention 0 days), so data lost by mistake or to an attack cannot be restored.`,
    evidence: { BackupRetentionPeriod: 0 },
  };
}

export const rdsBackupsOffInstance = liveRule<DbInstanceState>(ID, DB_INSTANCE_KIND, (state) =>
  state.backupRetentionPeriod !== 0 || state.cluster !== undefined || state.replicaOf !== undefined ? [] : [finding('DB instance', state.ref.name)],
);

export const rdsBackupsOffCluster = liveRule<DbClusterState>(ID, DB_CLUSTER_KIND, (state) => (state.backupRetentionPeriod !== 0 ? [] : [finding('DB cluster', state.ref.name)]));
