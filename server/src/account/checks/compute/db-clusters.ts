// RDS DB clusters of one region (Aurora, Multi-AZ DB clusters, and the DocumentDB and Neptune
// clusters the same API lists): storage encryption and backups belong to the cluster, not to
// the instances in it.
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { tagRecord } from '../../scan/tags';

export const DB_CLUSTER_KIND = 'rds-cluster';

export interface DbClusterState extends LiveState {
  readonly engine: string;
  readonly storageEncrypted: boolean;
  /** Days of automated backups (at least 1 on AWS); null when the API did not say. */
  readonly backupRetentionPeriod: number | null;
}

async function collect(ctx: ScanContext): Promise<void> {
  const client = ctx.client(RDSClient, 'RDS');
  const listing = ctx.pages(
    'rds:DescribeDBClusters',
    `RDS DB clusters in ${ctx.region}`,
    (token, o) => client.send(new DescribeDBClustersCommand(token ? { Marker: token } : {}), o),
    (page) => page.Marker,
  );
  for await (const page of listing) {
    for (const cluster of page.DBClusters ?? []) {
      const name = cluster.DBClusterIdentifier ?? '';
      const tags = tagRecord(cluster.TagList);
      const state: DbClusterState = {
        ref: { arn: cluster.DBClusterArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.account}:cluster:${name}`, name, region: ctx.region, tags },
        engine: cluster.Engine ?? '',
        storageEncrypted: cluster.StorageEncrypted === true,
        backupRetentionPeriod: cluster.BackupRetentionPeriod ?? null,
      };
      ctx.evaluate(DB_CLUSTER_KIND, state);
    }
  }
}

export const dbClustersCollector: Collector = {
  title: 'RDS DB clusters',
  scope: 'regional',
  rules: ['rds-storage-unencrypted', 'rds-backups-off'],
  collect,
};
