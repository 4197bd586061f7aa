// The IAM Identity Center path end to end: profiles whose credentials come from a fake portal and
// OIDC service (test/helpers/fake-sso.ts) and are then used against moto. Each state of the token
// cache the AWS CLI shares (valid, about to expire, expired, missing) and each portal answer is
// scanned; the device sign-in writes a cache file the SDK then uses; `aws-hardening login` signs
// in in-process. The SDK tries to refresh a session at most once per 30 s per process, so only
// one test here lets it refresh `corp`, and the fake is closed only in the last test.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { signIn, SignInError } from '../../server/src/account/login';
import { AccountSession } from '../../server/src/account/session';
import { login } from '../../server/src/cli/login';
import { EMU_ACCOUNT, emulatedAccount, type EmulatedAccount } from '../helpers/account';
import { startFakeSso, type FakeSso } from '../helpers/fake-sso';

const CORP_URL = 'https://corp.awsapps.com/start';
const LEGACY_URL = 'https://legacy.awsapps.com/start';

let acct: EmulatedAccount | undefined;
let unavailable = '';
let fake: FakeSso;

before(async () => {
  const started = await emulatedAccount();
  if ('unavailable' in started) {
    unavailable = started.unavailable;
    return;
  }
  acct = started;
  fake = await startFakeSso();
  // The SDK's nested portal and OIDC clients take their endpoints from these; the profiles' own
  // endpoint_url (moto) is for every other service.
  process.env.AWS_ENDPOINT_URL_SSO = fake.url;
  process.env.AWS_ENDPOINT_URL_SSO_OIDC = fake.url;
  fake.assign(EMU_ACCOUNT, 'ReadOnly');
  fake.assign(EMU_ACCOUNT, 'Audit');
  const role = (name: string): string[] => [`sso_account_id = ${EMU_ACCOUNT}`, `sso_role_name = ${name}`, 'region = eu-west-1', `endpoint_url = ${acct!.moto.url}`];
  acct.writeConfig([
    '[profile dev]',
    'sso_session = corp',
    ...role('ReadOnly'),
    '[profile noaccess]',
    'sso_session = corp',
    ...role('Admin'),
    '[sso-session corp]',
    `sso_start_url = ${CORP_URL}`,
    'sso_region = eu-west-1',
    'sso_registration_scopes = sso:account:access',
    '[profile legacy]',
    `sso_start_url = ${LEGACY_URL}`,
    'sso_region = eu-west-1',
    ...role('Audit'),
  ]);
});

after(async () => {
  await fake?.close();
  await acct?.stop();
});

function cacheDir(): string {
  return join(acct!.home, '.aws', 'sso', 'cache');
}

/** The CLI's cache file name: the SHA-1 of the session name, or of the start URL for legacy profiles. */
function cacheFile(key: string): string {
  return join(cacheDir(), `${createHash('sha1').update(key).digest('hex')}.json`);
}

function writeToken(key: string, token: Record<string, string>): void {
  mkdirSync(cacheDir(), { recursive: true });
  writeFileSync(cacheFile(key), JSON.stringify(token));
}

function readToken(key: string): Record<string, string> {
  return JSON.parse(readFileSync(cacheFile(key), 'utf8')) as Record<string, string>;
}

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

async function scanProfile(name: string) {
  const result = await acct!.scan({ profiles: [name], collectors: [] });
  assert.equal(result.profiles.length, 1);
  return result.profiles[0]!;
}

test('a valid sso-session token gets the role credentials from the portal, which then identify the account', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const { clientId, clientSecret } = fake.registerClient();
  const { accessToken, refreshToken } = fake.issueTokens(clientId);
  writeToken('corp', { startUrl: CORP_URL, region: 'eu-west-1', accessToken, expiresAt: inMinutes(60), clientId, clientSecret, refreshToken });
  const before = fake.counts.credentials;
  const scanned = await scanProfile('dev');
  assert.equal(scanned.error, undefined);
  assert.equal(scanned.identity?.account, EMU_ACCOUNT);
  assert.match(scanned.identity?.arn ?? '', /^arn:aws:(iam|sts)::123456789012:/);
  assert.ok(fake.counts.credentials > before, 'the portal gave the credentials');
  assert.equal(fake.tokensUsed.at(-1), accessToken);
  assert.equal(fake.counts.refresh, 0, 'a token an hour from expiry is not refreshed');
});

test('a valid legacy token is used as well', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const { accessToken } = fake.issueTokens('legacy-client');
  writeToken(LEGACY_URL, { startUrl: LEGACY_URL, region: 'eu-west-1', accessToken, expiresAt: inMinutes(60) });
  const scanned = await scanProfile('legacy');
  assert.equal(scanned.error, undefined);
  assert.equal(scanned.identity?.account, EMU_ACCOUNT);
  assert.equal(fake.tokensUsed.at(-1), accessToken);
});

test('an expired token without the fields to refresh it says the sign-in expired and how to sign in again', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  writeToken('corp', { startUrl: CORP_URL, region: 'eu-west-1', accessToken: 'stale-token', expiresAt: '2026-01-01T00:00:00Z' });
  const scanned = await scanProfile('dev');
  assert.equal(scanned.identity, undefined);
  assert.equal(scanned.error, 'The IAM Identity Center sign-in of profile dev expired at 2026-01-01T00:00:00.000Z: run `aws sso login --profile dev`.');
  assert.equal(fake.counts.refresh, 0);
});

test('a profile without a token is signed out', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  rmSync(cacheFile('corp'), { force: true });
  const scanned = await scanProfile('dev');
  assert.equal(scanned.error, `Profile dev is signed out of IAM Identity Center (no token for ${CORP_URL}): run \`aws sso login --profile dev\`.`);
});

test('a token the portal does not know is not accepted', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  writeToken('corp', { startUrl: CORP_URL, region: 'eu-west-1', accessToken: 'revoked-token', expiresAt: inMinutes(60) });
  const scanned = await scanProfile('dev');
  assert.equal(scanned.error, 'IAM Identity Center did not accept the sign-in of profile dev: run `aws sso login --profile dev`.');
});

test('a role not assigned to the signed-in user is said to be so', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const { clientId } = fake.registerClient();
  const { accessToken } = fake.issueTokens(clientId);
  writeToken('corp', { startUrl: CORP_URL, region: 'eu-west-1', accessToken, expiresAt: inMinutes(60) });
  const scanned = await scanProfile('noaccess');
  assert.equal(scanned.identity, undefined);
  assert.match(scanned.error ?? '', /^Profile noaccess is signed in, but its role is not assigned to you in that account \(IAM Identity Center refused: .*No access\)\.$/);
  assert.equal((await scanProfile('dev')).error, undefined, 'the same sign-in works for an assigned role');
});

test('a token about to expire is refreshed through SSO-OIDC, rewritten in the cache, and used', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const { clientId, clientSecret } = fake.registerClient();
  const old = fake.issueTokens(clientId);
  writeToken('corp', { startUrl: CORP_URL, region: 'eu-west-1', accessToken: old.accessToken, expiresAt: inMinutes(2), clientId, clientSecret, registrationExpiresAt: inMinutes(60 * 24), refreshToken: old.refreshToken });
  const refreshes = fake.counts.refresh;
  const scanned = await scanProfile('dev');
  assert.equal(scanned.error, undefined);
  assert.equal(scanned.identity?.account, EMU_ACCOUNT);
  assert.equal(fake.counts.refresh, refreshes + 1);
  const issued = fake.lastIssued!;
  assert.notEqual(issued.accessToken, old.accessToken);
  const rewritten = readToken('corp');
  assert.equal(rewritten.accessToken, issued.accessToken);
  assert.equal(rewritten.refreshToken, issued.refreshToken);
  assert.equal(rewritten.clientId, clientId);
  assert.ok(Date.parse(rewritten.expiresAt!) > Date.now() + 60 * 60_000, 'the new token lasts hours');
  assert.equal(fake.tokensUsed.at(-1), issued.accessToken, 'the portal was called with the new token');
});

test('the device sign-in writes the token cache as the AWS CLI does, and the SDK then uses it', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  rmSync(join(acct.home, '.aws', 'sso'), { recursive: true, force: true });
  const session = await AccountSession.open();
  let shown: { userCode: string; verificationUriComplete: string } | undefined;
  const signedIn = await signIn(session, 'dev', {
    onCode: (code) => {
      shown = code;
      fake.approve(code.userCode);
    },
  });
  assert.ok(shown);
  assert.equal(shown.verificationUriComplete, `${fake.url}/device?user_code=${shown.userCode}`);
  assert.deepEqual(fake.lastRegistration, { clientName: 'aws-hardening-corp', clientType: 'public', scopes: ['sso:account:access'] });
  assert.equal(fake.counts.signedOidc, 0, 'the OIDC calls are unsigned');
  const file = cacheFile('corp');
  assert.equal(signedIn.file, file);
  assert.equal(signedIn.startUrl, CORP_URL);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(cacheDir()).mode & 0o777, 0o700);
  assert.equal(statSync(join(acct.home, '.aws', 'sso')).mode & 0o777, 0o700);
  const token = readToken('corp');
  assert.deepEqual(Object.keys(token), ['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
  assert.equal(token.startUrl, CORP_URL);
  assert.equal(token.region, 'eu-west-1');
  assert.equal(token.accessToken, fake.lastIssued!.accessToken);
  assert.equal(token.refreshToken, fake.lastIssued!.refreshToken);
  assert.equal(fake.clients.get(token.clientId!), token.clientSecret);
  assert.match(token.expiresAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(token.registrationExpiresAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(token.expiresAt, signedIn.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  assert.deepEqual(readdirSync(cacheDir()), [`${createHash('sha1').update('corp').digest('hex')}.json`], 'no temporary file is left');
  const scanned = await scanProfile('dev');
  assert.equal(scanned.error, undefined);
  assert.equal(fake.tokensUsed.at(-1), token.accessToken);
});

test('a legacy profile signs in with no scopes and its token has no refresh fields', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  fake.autoApproveAfter = 2;
  try {
    const session = await AccountSession.open();
    await signIn(session, 'legacy', { onCode: () => undefined });
  } finally {
    fake.autoApproveAfter = 0;
  }
  assert.deepEqual(fake.lastRegistration, { clientName: 'aws-hardening-legacy', clientType: 'public' });
  const token = readToken(LEGACY_URL);
  assert.deepEqual(Object.keys(token), ['startUrl', 'region', 'accessToken', 'expiresAt']);
  assert.equal(statSync(cacheFile(LEGACY_URL)).mode & 0o777, 0o600);
  assert.equal((await scanProfile('legacy')).error, undefined);
});

test('a pending sign-in ends promptly when cancelled, and writes nothing', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  rmSync(join(acct.home, '.aws', 'sso'), { recursive: true, force: true });
  fake.interval = 30;
  const controller = new AbortController();
  const polls = fake.counts.poll;
  let abortedAt = 0;
  try {
    const session = await AccountSession.open();
    await assert.rejects(
      signIn(session, 'dev', {
        signal: controller.signal,
        // Cancelled once the sign-in waits for the confirmation, as a user would.
        onCode: () => {
          setImmediate(() => {
            abortedAt = performance.now();
            controller.abort();
          });
        },
      }),
      (err: unknown) => {
        assert.ok(err instanceof SignInError);
        assert.equal(err.reason, 'cancelled');
        assert.equal(err.message, 'The sign-in of profile dev was cancelled; no token was written.');
        return true;
      },
    );
  } finally {
    fake.interval = 0;
  }
  assert.ok(performance.now() - abortedAt < 2000, 'it did not wait out the 30 s poll interval');
  assert.equal(fake.counts.poll, polls);
  assert.equal(existsSync(cacheFile('corp')), false);
  assert.deepEqual(existsSync(cacheDir()) ? readdirSync(cacheDir()) : [], []);
});

test('`aws-hardening login` shows the page and the code, waits, and says until when the token is valid', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const out: string[] = [];
  const err: string[] = [];
  fake.autoApproveAfter = 2;
  let code = '';
  const onCode = (userCode: string): void => {
    code = userCode;
  };
  fake.events.on('code', onCode);
  let status: number;
  try {
    status = await login(['--profile', 'dev'], { out: (s) => out.push(s), err: (s) => err.push(s) });
  } finally {
    fake.autoApproveAfter = 0;
    fake.events.off('code', onCode);
  }
  assert.equal(status, 0, err.join('\n'));
  const shown = err.join('\n');
  assert.ok(shown.includes(`  ${fake.url}/device?user_code=${code}\n`), shown);
  assert.match(shown, new RegExp(`shows the code ${code} before confirming \\(the code is valid until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)`));
  assert.equal(out.length, 1);
  assert.match(out[0]!, new RegExp(`^Signed in: profile dev \\(IAM Identity Center ${CORP_URL.replace(/[.]/g, '\\.')}\\), token valid until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\.$`));
  const token = readToken('corp');
  for (const secret of [token.accessToken!, token.refreshToken!, token.clientSecret!]) {
    assert.ok(![...out, ...err].some((line) => line.includes(secret)), 'no token or secret is printed');
  }
});

test('`aws-hardening login` signs in the AWS_PROFILE profile when none is named', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const out: string[] = [];
  fake.autoApproveAfter = 1;
  try {
    const status = await login([], { out: (s) => out.push(s), err: () => undefined }, { env: { ...process.env, AWS_PROFILE: 'legacy' } });
    assert.equal(status, 0);
  } finally {
    fake.autoApproveAfter = 0;
  }
  assert.match(out[0]!, /^Signed in: profile legacy \(IAM Identity Center https:\/\/legacy\.awsapps\.com\/start\)/);
});

test('`aws-hardening login` answers 2 with the reason for a refused or expired code, a profile that is not SSO, or a bad option', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const run = async (args: string[], onCode?: (userCode: string) => void): Promise<{ status: number; err: string }> => {
    const err: string[] = [];
    const listener = (userCode: string): void => onCode?.(userCode);
    fake.events.on('code', listener);
    try {
      const status = await login(args, { out: () => assert.fail('nothing on standard output'), err: (s) => err.push(s) });
      return { status, err: err.join('\n') };
    } finally {
      fake.events.off('code', listener);
    }
  };
  const before = readFileSync(cacheFile('corp'), 'utf8');
  const refused = await run(['--profile=dev'], (c) => fake.deny(c));
  assert.equal(refused.status, 2);
  assert.match(refused.err, /aws-hardening: The sign-in of profile dev at IAM Identity Center https:\/\/corp\.awsapps\.com\/start was refused/);
  const expired = await run(['--profile', 'dev'], (c) => fake.expire(c));
  assert.equal(expired.status, 2);
  assert.match(expired.err, /aws-hardening: The sign-in of profile dev at .* was not confirmed before the code \S+ expired at .*: sign in again\./);
  assert.equal(readFileSync(cacheFile('corp'), 'utf8'), before, 'a failed sign-in leaves the token as it was');
  const keys = await run(['--profile', 'emu']);
  assert.equal(keys.status, 2);
  assert.equal(keys.err, 'aws-hardening: Profile emu uses access keys, not IAM Identity Center: there is nothing to sign in to.');
  const unknown = await run(['--profile', 'nope']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.err, /^aws-hardening: No profile named nope in the AWS config \(profiles: dev, emu, legacy, noaccess\)\.$/);
  const usage = await run(['--bogus']);
  assert.equal(usage.status, 2);
  assert.match(usage.err, /^aws-hardening: unknown option '--bogus'\nUsage: aws-hardening login \[--profile <name>\]/);
});

test('with a valid token but the portal unreachable, the error says the network, not the sign-in', async (t) => {
  if (!acct) return t.skip(`no AWS emulator: ${unavailable}`);
  const { clientId } = fake.registerClient();
  const { accessToken } = fake.issueTokens(clientId);
  writeToken('corp', { startUrl: CORP_URL, region: 'eu-west-1', accessToken, expiresAt: '2099-01-01T00:00:00Z' });
  await fake.close();
  const scanned = await scanProfile('dev');
  assert.equal(scanned.identity, undefined);
  assert.equal(scanned.error, "Profile dev: IAM Identity Center in eu-west-1 could not be reached for the role's credentials (ECONNREFUSED); the sign-in itself is valid until 2099-01-01T00:00:00.000Z: check the network or proxy.");
});
