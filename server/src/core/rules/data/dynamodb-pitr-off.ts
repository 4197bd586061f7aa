import type { CfnRule } from '../types';
import { checkDynamoFlag } from './dynamodb-flag';

const PATH = ['PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'] as const;

export const dynamodbPitrOff: CfnRule = {
  meta: {
    id: 'dynamodb-pitr-off',
    title: 'DynamoDB table without point-in-time recovery',
    severity: 'warning',
    fix: 'safe',
    e8: ['BK'],
    anchors: ['CKV_AWS_28', 'CKV_AWS_165', 'W78', 'DYNAMODB_PITR_ENABLED', 'DynamoDB.2'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::DynamoDB::Table` whose `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled` is not true, or a replica ' +
        'of an `AWS::DynamoDB::GlobalTable` without it (global tables set it per replica, and the finding sits on that replica).',
      why:
        'Point-in-time recovery keeps continuous backups of a table, so it can be restored to any second of the last 35 days ' +
        '(or a shorter period you choose). Without it, items deleted or overwritten by a bug, a bad migration script or an ' +
        'attacker are gone unless an on-demand backup happens to be recent enough.',
      fix:
        'Set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` on the table, or on each replica of a global ' +
        'table. The quick fix adds it (or turns `false` into `true`); it is safe and runs in "Fix all": enabling it does not ' +
        'interrupt reads or writes. It adds a storage charge based on the table size.',
      bad: 'Orders:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST',
      good:
        'Orders:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST\n' +
        '    PointInTimeRecoverySpecification:\n      PointInTimeRecoveryEnabled: true',
    },
  },
  check(ctx) {
    return checkDynamoFlag(ctx, {
      ruleId: 'dynamodb-pitr-off',
      tablePath: PATH,
      replicaPath: PATH,
      feature: 'point-in-time recovery',
      consequence: 'so items deleted or overwritten by mistake cannot be restored to an earlier moment',
    });
  },
};
