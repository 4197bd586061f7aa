// Identifying profiles against a real AWS API emulator (moto), each with its own endpoint, and the
// reasons a profile cannot be used, told apart and naming the way out. Config files and the SSO
// token cache live in a temporary HOME.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateAccountAliasCommand, IAMClient } from '@aws-sdk/client-iam';
import { identify, ProfileUnusable } from '../../server/src/account/identify';
import { AccountSession } from '../../server/src/account/session';
import { startMoto, type Moto } from '../helpers/moto';

let moto: Moto | undefined;
let unavailable = '';
let home = '';
const saved = { ...process.env };

/** A loopback port nothing listens on: the moto port's neighbour is taken after moto stops. */
let closedUrl = '';

before(async () => {
  const started = await startMoto();
  if ('unavailable' in started) {
    // CI runs on machines with moto: there, a missing emulator fails the suite instead of skipping it.
    if (process.env.CI === 'true') throw new Error(`no AWS emulator in CI: ${started.unavailable}`);
    unavailable = started.unavailable;
    return;
  }
  moto = started;
  const other = await startMoto();
  if ('unavailable' in other) throw new Error(other.unavailable);
  closedUrl = other.url;
  await other.stop();
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-identify-'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  // The profile AWS_PROFILE names points at a closed port: its endpoint must not leak into the others.
  process.env.AWS_PROFILE = 'closed';
  writeFileSync(
    process.env.AWS_CONFIG_FILE,
    [
      '[profile emu]',
      'region = eu-west-1',
      `endpoint_url = ${moto.url}`,
      '[profile closed]',
      'region = eu-west-1',
      `endpoint_url = ${closedUrl}`,
      '[profile dev]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = ReadOnly',
      'region = eu-west-1',
      `endpoint_url = ${moto.url}`,
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = eu-west-1',
      '[profile legacy]',
      'sso_start_url = https://legacy.awsapps.com/start',
      'sso_region = eu-west-1',
      'sso_account_id = 123456789012',
      'sso_role_name = Audit',
      `endpoint_url = ${moto.url}`,
      '[profile nothing]',
      'region = eu-west-1',
      '',
    ].join('\n'),
  );
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[emu]\naws_access_key_id = EMUKEY\naws_secret_access_key = emusecret\n[closed]\naws_access_key_id = CLOSEDKEY\naws_secret_access_key = closedsecret\n');
});

after(async () => {
  await moto?.stop();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  if (home) rmSync(home, { recursive: true, force: true });
});

test('a profile is identified at its own endpoint, with the account alias when readable', async (t) => {
  if (!moto) return t.skip(`no AWS emulator: ${unavailable}`);
  await moto.reset();
  const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'seed', secretAccessKey: 'seed' } });
  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'corp-prod' }));
  iam.destroy();
  const session = await AccountSession.open();
  const identity = await identify(session, session.profile('emu')!);
  assert.equal(identity.account, '123456789012');
  assert.match(identity.arn, /^arn:aws:(iam|sts)::123456789012:/);
  assert.equal(identity.alias, 'corp-prod');
  assert.equal(identity.profile, 'emu');
  assert.equal(session.defaultProfile()?.name, 'closed', 'AWS_PROFILE names the default profile');
});

test('a profile whose endpoint does not answer is said to be unreachable', async (t) => {
  if (!moto) return t.skip(`no AWS emulator: ${unavailable}`);
  const session = await AccountSession.open();
  await assert.rejects(identify(session, session.profile('closed')!), (err: unknown) => {
    assert.ok(err instanceof ProfileUnusable);
    assert.match(err.message, /^Profile closed: the network did not let the call through \(ECONNREFUSED\)/);
    return true;
  });
});

test('an IAM Identity Center profile that is signed out or expired is told so, with the command that signs it in', async (t) => {
  if (!moto) return t.skip(`no AWS emulator: ${unavailable}`);
  const session = await AccountSession.open();
  const dev = session.profile('dev')!;
  await assert.rejects(identify(session, dev), /^ProfileUnusable: Profile dev is signed out of IAM Identity Center \(no token for https:\/\/corp\.awsapps\.com\/start\): run `aws sso login --profile dev`\.$/);
  const cache = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  const legacyFile = join(cache, `${createHash('sha1').update('https://legacy.awsapps.com/start').digest('hex')}.json`);
  writeFileSync(legacyFile, JSON.stringify({ startUrl: 'https://legacy.awsapps.com/start', region: 'eu-west-1', accessToken: 'old', expiresAt: '2026-01-01T00:00:00Z' }));
  await assert.rejects(identify(session, session.profile('legacy')!), /^ProfileUnusable: The IAM Identity Center sign-in of profile legacy expired at 2026-01-01T00:00:00\.000Z: run `aws sso login --profile legacy`\.$/);
});

test('an incomplete profile is refused before any call, saying what it lacks', async (t) => {
  if (!moto) return t.skip(`no AWS emulator: ${unavailable}`);
  const session = await AccountSession.open();
  await assert.rejects(identify(session, session.profile('nothing')!), /^ProfileUnusable: Profile nothing cannot be used: no credentials: none of role_arn/);
});
