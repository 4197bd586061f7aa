import { liveRule } from '../../scan/model';
import { TABLE_KIND, type TableState } from './tables';

export const dynamodbDeletionProtectionOffLive = liveRule<TableState>('dynamodb-deletion-protection-off', TABLE_KIND, (state) => {
  if (state.deletionProtection !== false) return [];
  return [
    {
      message: `Table ${state.ref.name} does not enable deletion protection, so a deleted stack, a replacement or a stray DeleteTable call removes the table and all its data.`,
      evidence: { DeletionProtectionEnabled: false },
    },
  ];
});
