// The device sign-in's own decisions, with the SSO-OIDC client mocked and the clock mocked where
// it waits: how long it waits between polls (and after a slow-down), which answers end it and
// how, what it registers, the exact token file it writes, and what a failed write leaves behind.
// The end-to-end path over HTTP is in account-sso.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
// `promises` is the module object itself (a namespace import would be a bundler's copy), so a mocked method reaches login.ts.
import { existsSync, mkdirSync, mkdtempSync, promises as fsPromises, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, mock, test } from 'node:test';
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientMetadataException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { mockClient } from 'aws-sdk-client-mock';
import { signIn, SignInError, type SignInFailure } from '../../server/src/account/login';
import type { SharedConfig } from '../../server/src/account/profiles';

const CONFIG: SharedConfig = {
  configFile: {
    dev: { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'ReadOnly', region: 'ap-southeast-2' },
    'sso-session.corp': { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'ap-southeast-2', sso_registration_scopes: 'sso:account:access, codewhisperer:completions' },
    legacy: { sso_start_url: 'https://legacy.awsapps.com/start', sso_region: 'us-east-1', sso_account_id: '444455556666', sso_role_name: 'Audit' },
    chained: { role_arn: 'arn:aws:iam::111122223333:role/Scanner', source_profile: 'dev' },
    tool: { credential_process: '/usr/local/bin/get-creds' },
    half: { sso_start_url: 'https://half.awsapps.com/start' },
  },
  credentialsFile: { keys: { aws_access_key_id: 'AKIDEXAMPLE', aws_secret_access_key: 'not-a-secret' } },
};

const NOW = new Date('2026-12-05T12:00:00.250Z');
const SECRET = 'client-secret-value';
const oidc = mockClient(SSOOIDCClient);
let home = '';
const saved = { HOME: process.env.HOME, warning: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED };

before(() => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-sso-flow-'));
  process.env.HOME = home;
  // AccountSession.open() silences the SDK's Node version notice; these tests build no session.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});

after(() => {
  oidc.restore();
  process.env.HOME = saved.HOME;
  if (saved.warning === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = saved.warning;
  rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
  oidc.reset();
  rmSync(join(home, '.aws'), { recursive: true, force: true });
  oidc.on(RegisterClientCommand).resolves({ clientId: 'client-1', clientSecret: SECRET, clientIdIssuedAt: 1_796_472_000, clientSecretExpiresAt: 1_804_248_000 });
  oidc.on(StartDeviceAuthorizationCommand).resolves({
    deviceCode: 'device-1',
    userCode: 'ABCD-EFGH',
    verificationUri: 'https://device.sso.ap-southeast-2.amazonaws.com/',
    verificationUriComplete: 'https://device.sso.ap-southeast-2.amazonaws.com/?user_code=ABCD-EFGH',
    expiresIn: 600,
    interval: 0,
  });
});

afterEach(() => {
  mock.timers.reset();
  mock.restoreAll();
});

const meta = { $metadata: { httpStatusCode: 400 } };
const TOKEN = { accessToken: 'access-1', tokenType: 'Bearer', expiresIn: 28_800, refreshToken: 'refresh-1' };

function cacheFile(key: string): string {
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);
}

async function failure(promise: Promise<unknown>, reason: SignInFailure, message: RegExp | string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof SignInError, String(err));
    assert.equal(err.reason, reason);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    assert.ok(!err.message.includes(SECRET));
    return true;
  });
}

test('the token file has the AWS CLI fields in its order, times in UTC to the second, the registration scopes and client name of the session', async () => {
  oidc.on(CreateTokenCommand).resolves(TOKEN);
  const shown: unknown[] = [];
  const signedIn = await signIn(CONFIG, 'dev', { now: () => NOW, onCode: (code) => void shown.push(code) });
  assert.deepEqual(shown, [
    {
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.sso.ap-southeast-2.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.ap-southeast-2.amazonaws.com/?user_code=ABCD-EFGH',
      expiresAt: new Date('2026-12-05T12:10:00.250Z'),
    },
  ]);
  assert.deepEqual(oidc.commandCalls(RegisterClientCommand)[0]!.args[0].input, { clientName: 'aws-hardening-corp', clientType: 'public', scopes: ['sso:account:access', 'codewhisperer:completions'] });
  assert.deepEqual(oidc.commandCalls(StartDeviceAuthorizationCommand)[0]!.args[0].input, { clientId: 'client-1', clientSecret: SECRET, startUrl: 'https://corp.awsapps.com/start' });
  assert.deepEqual(oidc.commandCalls(CreateTokenCommand)[0]!.args[0].input, { clientId: 'client-1', clientSecret: SECRET, deviceCode: 'device-1', grantType: 'urn:ietf:params:oauth:grant-type:device_code' });
  assert.deepEqual(signedIn, { profile: 'dev', startUrl: 'https://corp.awsapps.com/start', expiresAt: new Date('2026-12-05T20:00:00.250Z'), file: cacheFile('corp') });
  assert.equal(
    readFileSync(cacheFile('corp'), 'utf8'),
    '{"startUrl":"https://corp.awsapps.com/start","region":"ap-southeast-2","accessToken":"access-1","expiresAt":"2026-12-05T20:00:00Z",' +
      '"clientId":"client-1","clientSecret":"client-secret-value","registrationExpiresAt":"2027-03-05T12:00:00Z","refreshToken":"refresh-1"}',
  );
});

test('a legacy profile registers without scopes under its profile name and keeps no refresh fields', async () => {
  oidc.on(CreateTokenCommand).resolves(TOKEN);
  await signIn(CONFIG, 'legacy', { now: () => NOW, onCode: () => undefined });
  assert.deepEqual(oidc.commandCalls(RegisterClientCommand)[0]!.args[0].input, { clientName: 'aws-hardening-legacy', clientType: 'public' });
  assert.equal(readFileSync(cacheFile('https://legacy.awsapps.com/start'), 'utf8'), '{"startUrl":"https://legacy.awsapps.com/start","region":"us-east-1","accessToken":"access-1","expiresAt":"2026-12-05T20:00:00Z"}');
});

test('it polls every interval while the confirmation is pending, and five seconds slower after each slow-down', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: NOW.getTime() });
  oidc.on(StartDeviceAuthorizationCommand).resolves({ deviceCode: 'device-1', userCode: 'ABCD-EFGH', verificationUri: 'https://device.example/', expiresIn: 600, interval: 2 });
  const polledAt: number[] = [];
  const answers = [new AuthorizationPendingException({ ...meta, message: 'pending' }), new SlowDownException({ ...meta, message: 'slow down' }), new AuthorizationPendingException({ ...meta, message: 'pending' })];
  oidc.on(CreateTokenCommand).callsFake(() => {
    polledAt.push(Date.now() - NOW.getTime());
    const answer = answers.shift();
    return answer ? Promise.reject(answer) : Promise.resolve(TOKEN);
  });
  let done = false;
  const signing = signIn(CONFIG, 'dev', { onCode: () => undefined }).finally(() => (done = true));
  // The clock moves a second at a time, each step once the sign-in has had its turn.
  for (let second = 0; second < 60 && !done; second++) {
    await new Promise((resolve) => setImmediate(resolve));
    mock.timers.tick(1000);
  }
  const signedIn = await signing;
  assert.deepEqual(polledAt, [2000, 4000, 11_000, 18_000]);
  assert.equal(signedIn.expiresAt.getTime(), NOW.getTime() + 18_000 + 28_800_000);
});

test('a code that expires, a refusal, an answer without a token, or a failed registration ends the sign-in with the reason, and writes nothing', async () => {
  oidc.on(CreateTokenCommand).rejects(new ExpiredTokenException({ ...meta, message: 'expired' }));
  await failure(
    signIn(CONFIG, 'dev', { onCode: () => undefined, now: () => NOW }),
    'expired',
    'The sign-in of profile dev at IAM Identity Center https://corp.awsapps.com/start was not confirmed before the code ABCD-EFGH expired at 2026-12-05T12:10:00.250Z: sign in again.',
  );
  oidc.on(CreateTokenCommand).rejects(new AccessDeniedException({ ...meta, message: 'denied' }));
  await failure(signIn(CONFIG, 'dev', { onCode: () => undefined }), 'refused', /^The sign-in of profile dev at IAM Identity Center https:\/\/corp\.awsapps\.com\/start was refused/);
  oidc.on(CreateTokenCommand).resolves({ tokenType: 'Bearer' });
  await failure(signIn(CONFIG, 'dev', { onCode: () => undefined }), 'failed', 'IAM Identity Center https://corp.awsapps.com/start confirmed the sign-in of profile dev but answered without a token and its lifetime; no token was written.');
  oidc.on(RegisterClientCommand).rejects(new InvalidClientMetadataException({ ...meta, message: 'bad metadata' }));
  await failure(signIn(CONFIG, 'dev', { onCode: () => undefined }), 'failed', 'IAM Identity Center https://corp.awsapps.com/start (in ap-southeast-2) did not start a sign-in for profile dev: InvalidClientMetadataException: bad metadata');
  assert.equal(existsSync(join(home, '.aws')), false);
});

test('profiles that do not sign in to IAM Identity Center are refused before any call, saying what they are', async () => {
  const onCode = (): void => assert.fail('no code for a profile that cannot sign in');
  await failure(signIn(CONFIG, 'keys', { onCode }), 'not-sso', 'Profile keys uses access keys, not IAM Identity Center: there is nothing to sign in to.');
  await failure(signIn(CONFIG, 'tool', { onCode }), 'not-sso', 'Profile tool gets its credentials from a credential_process, not IAM Identity Center: there is nothing to sign in to.');
  await failure(
    signIn(CONFIG, 'chained', { onCode }),
    'not-sso',
    'Profile chained assumes a role with the credentials of profile dev, not IAM Identity Center: there is nothing to sign in to. Sign in profile dev instead.',
  );
  await failure(signIn(CONFIG, 'half', { onCode }), 'incomplete', 'Profile half cannot be used: IAM Identity Center profile without sso_region, sso_account_id, sso_role_name.');
  await failure(signIn(CONFIG, 'nope', { onCode }), 'no-profile', 'No profile named nope in the AWS config (profiles: chained, dev, half, keys, legacy, tool).');
  assert.equal(oidc.calls().length, 0);
});

test('a sign-in cancelled before it starts makes no call', async () => {
  const controller = new AbortController();
  controller.abort();
  await failure(signIn(CONFIG, 'dev', { signal: controller.signal, onCode: () => undefined }), 'cancelled', 'The sign-in of profile dev was cancelled; no token was written.');
  assert.equal(oidc.calls().length, 0);
});

test('a token file that cannot be replaced leaves the old token and no temporary file', async () => {
  oidc.on(CreateTokenCommand).resolves(TOKEN);
  const file = cacheFile('corp');
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(file, '{"accessToken":"old"}');
  mock.method(fsPromises, 'rename', () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })));
  await failure(
    signIn(CONFIG, 'dev', { onCode: () => undefined }),
    'failed',
    `Profile dev signed in, but the token cache ${file} could not be written (ENOSPC); the previous token, if any, is unchanged.`,
  );
  assert.equal(readFileSync(file, 'utf8'), '{"accessToken":"old"}');
  assert.deepEqual(readdirSync(join(home, '.aws', 'sso', 'cache')), [`${createHash('sha1').update('corp').digest('hex')}.json`]);
});
