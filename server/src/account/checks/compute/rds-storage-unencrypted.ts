// Storage encryption belongs to the cluster where there is one: an instance in a cluster is not
// reported, so an Aurora database shows once. A read replica's own storage is reported like any
// instance's: it is a copy of the data, readable without a key.
import { liveRule } from '../../scan/model';
import { DB_CLUSTER_KIND, type DbClusterState } from './db-clusters';
import { DB_INSTANCE_KIND, type DbInstanceState } from './db-instances';

const ID = 'rds-storage-unencrypted';

function finding(kind: string, name: string, engine: string) {
  return {
    message: `${kind} ${name} does not encrypt its storage, so its data, backups and snapshots are readable without a KMS key.`,
    evidence: { StorageEncrypted: false, Engine: engine },
  };
}

export const rdsStorageUnencryptedInstance = liveRule<DbInstanceState>(ID, DB_INSTANCE_KIND, (state) =>
  state.storageEncrypted || state.cluster !== undefined ? [] : [finding('DB instance', state.ref.name, state.engine)],
);

export const rdsStorageUnencryptedCluster = liveRule<DbClusterState>(ID, DB_CLUSTER_KIND, (state) =>
  state.storageEncrypted ? [] : [finding('DB cluster', state.ref.name, state.engine)],
);
