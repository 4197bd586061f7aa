// A table whose continuous backups do not include point-in-time recovery. `ENABLING` is taken as
// on: it has been asked for and AWS is switching it on.
import { liveRule } from '../../scan/model';
import { TABLE_KIND, type TableState } from './tables';

const ON = new Set(['ENABLED', 'ENABLING']);

export const dynamodbPitrOffLive = liveRule<TableState>('dynamodb-pitr-off', TABLE_KIND, (state) => {
  if (state.pointInTimeRecovery === null || ON.has(state.pointInTimeRecovery)) return [];
  return [
    {
      message: `Table ${state.ref.name} does not enable point-in-time recovery, so items deleted or overwritten by mistake cannot be restored to an earlier moment.`,
      evidence: { PointInTimeRecoveryStatus: state.pointInTimeRecovery },
    },
  ];
});
