// RDS DB instances of one region (the RDS API also lists DocumentDB and Neptune instances, which
// carry the same settings). One listing gives everything the rules read, tags included.
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { tagRecord } from '../../scan/tags';

export const DB_INSTANCE_KIND = 'rds-instance';

export interface DbInstanceState extends LiveState {
  readonly engine: string;
  /** The cluster the instance belongs to (Aurora, Multi-AZ DB clusters): it owns storage and backups. */
  readonly cluster?: string;
  /** The source of a read replica, an instance or a cluster: backups are the source's. */
  readonly replicaOf?: string;
  readonly caCertificateIdentifier?: string;
  /** `CertificateDetails.ValidTill`, ISO: when the instance's server certificate expires (absent on older APIs). */
  readonly certificateValidTill?: string;
  readonly publiclyAccessible: boolean;
  readonly storageEncrypted: boolean;
  /** Days of automated backups; null when the API did not say. */
  readonly backupRetentionPeriod: number | null;
}

/** Tags as a record, for the stack a resource came from; none when there are none. */
async function collect(ctx: ScanContext): Promise<void> {
  const client = ctx.client(RDSClient, 'RDS');
  const listing = ctx.pages(
    'rds:DescribeDBInstances',
    `RDS DB instances in ${ctx.region}`,
    (token, o) => client.send(new DescribeDBInstancesCommand(token ? { Marker: token } : {}), o),
    (page) => page.Marker,
  );
  for await (const page of listing) {
    for (const db of page.DBInstances ?? []) {
      const name = db.DBInstanceIdentifier ?? '';
      const tags = tagRecord(db.TagList);
      const replicaOf = db.ReadReplicaSourceDBInstanceIdentifier ?? db.ReadReplicaSourceDBClusterIdentifier;
      const validTill = db.CertificateDetails?.ValidTill;
      const state: DbInstanceState = {
        ref: { arn: db.DBInstanceArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.account}:db:${name}`, name, region: ctx.region, tags },
        engine: db.Engine ?? '',
        ...(db.DBClusterIdentifier ? { cluster: db.DBClusterIdentifier } : {}),
        ...(replicaOf ? { replicaOf } : {}),
        ...(db.CACertificateIdentifier ? { caCertificateIdentifier: db.CACertificateIdentifier } : {}),
        ...(validTill ? { certificateValidTill: validTill.toISOString() } : {}),
        publiclyAccessible: db.PubliclyAccessible === true,
        storageEncrypted: db.StorageEncrypted === true,
        backupRetentionPeriod: db.BackupRetentionPeriod ?? null,
      };
      ctx.evaluate(DB_INSTANCE_KIND, state);
    }
  }
}

export const dbInstancesCollector: Collector = {
  title: 'RDS DB instances',
  scope: 'regional',
  rules: ['rds-ca-outdated', 'rds-publicly-accessible', 'rds-storage-unencrypted', 'rds-backups-off'],
  collect,
};
