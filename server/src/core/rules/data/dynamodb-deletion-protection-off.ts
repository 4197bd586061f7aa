import type { CfnRule } from '../types';
import { checkDynamoFlag } from './dynamodb-flag';

const PATH = ['DeletionProtectionEnabled'] as const;

export const dynamodbDeletionProtectionOff: CfnRule = {
  meta: {
    id: 'dynamodb-deletion-protection-off',
    title: 'DynamoDB table without deletion protection',
    severity: 'information',
    fix: 'safe',
    e8: ['BK'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::DynamoDB::Table` without `DeletionProtectionEnabled: true`, or a replica of an `AWS::DynamoDB::GlobalTable` ' +
        'without it (global tables set it per replica, and the finding sits on that replica).',
      why:
        'Deleting a table deletes its data and its point-in-time recovery history (at most one system backup of the final ' +
        'state is kept, for 35 days). A stack deleted by mistake, a change that makes CloudFormation replace the table, or ' +
        'a stray `DeleteTable` call all remove it at once. With deletion protection on, every one of those fails until ' +
        'someone turns the flag off on purpose. A `DeletionPolicy` or `UpdateReplacePolicy` of `Retain` keeps the table only ' +
        'when CloudFormation lets go of it; the table can still be deleted directly, so such tables are reported too.',
      fix:
        'Set `DeletionProtectionEnabled: true` on the table, or on each replica of a global table. The quick fix adds it (or ' +
        'turns `false` into `true`); it is safe and runs in "Fix all": the table keeps serving as before. Deleting the stack or ' +
        'replacing the table later then needs the flag set to false first, in its own deployment.',
      bad: 'Orders:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST',
      good: 'Orders:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST\n    DeletionProtectionEnabled: true',
    },
  },
  check(ctx) {
    return checkDynamoFlag(ctx, {
      ruleId: 'dynamodb-deletion-protection-off',
      tablePath: PATH,
      replicaPath: PATH,
      feature: 'deletion protection',
      consequence: 'so a deleted stack, a replacement or a stray DeleteTable call removes the table and all its data',
      retainedConsequence: (policy) =>
        `so even with ${policy} the table and all its data can still be deleted directly, from the console, through the API or by a mistaken change`,
    });
  },
};
