// DynamoDB and RDS rules, in catalogue order.
import type { CfnRule } from '../types';
import { dynamodbDeletionProtectionOff } from './dynamodb-deletion-protection-off';
import { dynamodbPitrOff } from './dynamodb-pitr-off';
import { rdsBackupsOff } from './rds-backups-off';
import { rdsCaOutdated } from './rds-ca-outdated';
import { rdsPlaintextPassword } from './rds-plaintext-password';
import { rdsPubliclyAccessible } from './rds-publicly-accessible';
import { rdsStorageUnencrypted } from './rds-storage-unencrypted';

export const dataRules: readonly CfnRule[] = [
  dynamodbPitrOff,
  dynamodbDeletionProtectionOff,
  rdsCaOutdated,
  rdsPubliclyAccessible,
  rdsStorageUnencrypted,
  rdsBackupsOff,
  rdsPlaintextPassword,
];
