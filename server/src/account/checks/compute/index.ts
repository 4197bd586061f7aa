// DynamoDB, Lambda and RDS: regional collectors, one per kind of resource, and the live rules
// that share their ids with the template rules.
import { dbClustersCollector } from './db-clusters';
import { dbInstancesCollector } from './db-instances';
import { dynamodbDeletionProtectionOffLive } from './dynamodb-deletion-protection-off';
import { dynamodbPitrOffLive } from './dynamodb-pitr-off';
import { functionsCollector } from './functions';
import { lambdaCodeSigningOffLive } from './lambda-code-signing-off';
import { lambdaPermissionPublicLive } from './lambda-permission-public';
import { lambdaRuntimeDeprecatedLive } from './lambda-runtime-deprecated';
import { rdsBackupsOffCluster, rdsBackupsOffInstance } from './rds-backups-off';
import { rdsCaOutdatedLive } from './rds-ca-outdated';
import { rdsPubliclyAccessibleLive } from './rds-publicly-accessible';
import { rdsStorageUnencryptedCluster, rdsStorageUnencryptedInstance } from './rds-storage-unencrypted';
import { tablesCollector } from './tables';

export const computeChecks = {
  collectors: [tablesCollector, functionsCollector, dbInstancesCollector, dbClustersCollector],
  rules: [
    dynamodbPitrOffLive,
    dynamodbDeletionProtectionOffLive,
    lambdaRuntimeDeprecatedLive,
    lambdaCodeSigningOffLive,
    lambdaPermissionPublicLive,
    rdsCaOutdatedLive,
    rdsPubliclyAccessibleLive,
    rdsStorageUnencryptedInstance,
    rdsStorageUnencryptedCluster,
    rdsBackupsOffInstance,
    rdsBackupsOffCluster,
  ],
};
