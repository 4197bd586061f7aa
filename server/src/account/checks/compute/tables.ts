// DynamoDB tables of one region: the listing, then per table its description (deletion protection)
// and its continuous backups (point-in-time recovery). A table deleted between the listing and
// the per-table calls is skipped rather than reported as unreadable.
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

export const TABLE_KIND = 'dynamodb-table';

export interface TableState extends LiveState {
  /** `DescribeTable.Table.DeletionProtectionEnabled` (absent means false); null when not read. */
  readonly deletionProtection: boolean | null;
  /** `PointInTimeRecoveryDescription.PointInTimeRecoveryStatus` (`ENABLED`, `DISABLED`…); null when not read. */
  readonly pointInTimeRecovery: string | null;
}

const PITR = 'dynamodb-pitr-off';
const DELETION = 'dynamodb-deletion-protection-off';
/** A table that is gone by the time it is described: nothing to judge. */
const GONE = ['ResourceNotFoundException', 'TableNotFoundException'];

async function collect(ctx: ScanContext): Promise<void> {
  const client = ctx.client(DynamoDBClient, 'DynamoDB');
  const names: string[] = [];
  const listing = ctx.pages(
    'dynamodb:ListTables',
    `DynamoDB tables in ${ctx.region}`,
    (token, o) => client.send(new ListTablesCommand(token ? { ExclusiveStartTableName: token } : {}), o),
    (page) => page.LastEvaluatedTableName,
  );
  for await (const page of listing) names.push(...(page.TableNames ?? []));
  await Promise.all(names.map((name) => table(ctx, client, name)));
}

async function table(ctx: ScanContext, client: DynamoDBClient, name: string): Promise<void> {
  const built = `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.account}:table/${name}`;
  let arn = built;
  let deletionProtection: boolean | null = null;
  // The description also gives the ARN, but the ARN can be built: skip it when no rule needs it.
  if (ctx.wants(DELETION)) {
    const described = await ctx.read('dynamodb:DescribeTable', built, (o) => client.send(new DescribeTableCommand({ TableName: name }), o), GONE);
    if (described.state === 'absent') return;
    if (described.state === 'ok') {
      arn = described.value.Table?.TableArn ?? built;
      deletionProtection = described.value.Table?.DeletionProtectionEnabled === true;
    }
  }
  let pointInTimeRecovery: string | null = null;
  if (ctx.wants(PITR)) {
    const backups = await ctx.read('dynamodb:DescribeContinuousBackups', arn, (o) => client.send(new DescribeContinuousBackupsCommand({ TableName: name }), o), GONE);
    if (backups.state === 'absent') return;
    if (backups.state === 'ok') pointInTimeRecovery = backups.value.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ?? 'DISABLED';
  }
  const state: TableState = { ref: { arn, name, region: ctx.region }, deletionProtection, pointInTimeRecovery };
  ctx.evaluate(TABLE_KIND, state);
}

export const tablesCollector: Collector = {
  title: 'DynamoDB tables',
  scope: 'regional',
  rules: [PITR, DELETION],
  collect,
};
