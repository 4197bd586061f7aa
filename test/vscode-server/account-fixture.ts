// The AWS side of the extension-host suite, set up by the harness before VS Code starts (the
// language server inherits its environment then, and an IAM Identity Center portal's endpoint
// can only come from the environment): moto with a weak account, a stand-in for the portal and
// SSO-OIDC, and a HOME whose AWS config has two profiles:
// - `emu`, keys, straight to moto;
// - `dev`, IAM Identity Center (sso-session `corp`), whose token in the CLI's cache has expired:
//   the suite writes the valid token it is given here into that file to sign it in.
// The suite reads where everything is from AWS_HARDENING_TEST_ACCOUNT (JSON).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startFakeSso } from '../helpers/fake-sso';
import { startMoto } from '../helpers/moto';

export const ACCOUNT_ENV = 'AWS_HARDENING_TEST_ACCOUNT';

export interface AccountFixtureInfo {
  readonly account: string;
  /** The `dev` profile's token cache file, expired at the start. */
  readonly ssoCacheFile: string;
  /** A token the portal accepts, as the CLI writes it: what signs `dev` in. */
  readonly validToken: Readonly<Record<string, string>>;
  /** The weak table CloudFormation "made": stack `shop`, logical id `OrdersTable`. */
  readonly stackTable: { readonly arn: string; readonly stack: string; readonly logicalId: string };
}

const ACCOUNT = '123456789012';
const START_URL = 'https://corp.awsapps.com/start';

export async function startAccountFixture(dir: string): Promise<{ env: Record<string, string>; stop(): Promise<void> } | { unavailable: string }> {
  const moto = await startMoto();
  if ('unavailable' in moto) return moto;
  const sso = await startFakeSso();
  sso.assign(ACCOUNT, 'ReadOnly');
  // A sign-in from the view is confirmed at its first poll, as if the user had entered the code.
  sso.autoApproveAfter = 1;
  const home = join(dir, 'aws-home');
  const cache = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  const config = join(home, '.aws', 'config');
  writeFileSync(
    config,
    [
      '[profile emu]',
      'region = eu-west-1',
      `endpoint_url = ${moto.url}`,
      'aws_access_key_id = testing',
      'aws_secret_access_key = testing',
      '[profile dev]',
      'sso_session = corp',
      `sso_account_id = ${ACCOUNT}`,
      'sso_role_name = ReadOnly',
      'region = eu-west-1',
      `endpoint_url = ${moto.url}`,
      '[sso-session corp]',
      `sso_start_url = ${START_URL}`,
      'sso_region = eu-west-1',
      '',
    ].join('\n'),
  );
  writeFileSync(join(home, '.aws', 'credentials'), '');
  const ssoCacheFile = join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`);
  writeFileSync(ssoCacheFile, JSON.stringify({ startUrl: START_URL, region: 'eu-west-1', accessToken: 'expired-token', expiresAt: '2026-01-01T00:00:00Z' }), { mode: 0o600 });
  const issued = sso.issueTokens(sso.registerClient().clientId);
  const validToken = { startUrl: START_URL, region: 'eu-west-1', accessToken: issued.accessToken, expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') };

  // A weak account: a bucket without versioning, and a table without point-in-time recovery that a
  // stack made (moto keeps the CloudFormation tags on a table; S3 refuses them from a requester).
  const client = { region: 'eu-west-1', endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const s3 = new S3Client({ ...client, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'weak-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  s3.destroy();
  const dynamodb = new DynamoDBClient(client);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      Tags: [
        { Key: 'aws:cloudformation:stack-name', Value: 'shop' },
        { Key: 'aws:cloudformation:logical-id', Value: 'OrdersTable' },
      ],
    }),
  );
  dynamodb.destroy();

  const info: AccountFixtureInfo = {
    account: ACCOUNT,
    ssoCacheFile,
    validToken,
    stackTable: { arn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`, stack: 'shop', logicalId: 'OrdersTable' },
  };
  return {
    env: {
      HOME: home,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_ENDPOINT_URL_SSO: sso.url,
      AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [ACCOUNT_ENV]: JSON.stringify(info),
    },
    async stop() {
      await sso.close();
      await moto.stop();
    },
  };
}
