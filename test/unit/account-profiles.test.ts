// AWS profiles as the account scan will read them: kinds in the SDK's order, each profile's own
// endpoint per service, and the state of an IAM Identity Center token in the CLI's cache. Every
// file lives in a temporary HOME; nothing here reads the machine's own ~/.aws.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { endpointFor, profilesOf, readSharedConfig, signInCommand, ssoTokenState, type AwsProfile, type SharedConfig } from '../../server/src/account/profiles';
import { AccountSession } from '../../server/src/account/session';

const CONFIG = `[default]
region = eu-west-1
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = ap-southeast-2
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = ap-southeast-2
sso_registration_scopes = sso:account:access
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = Audit
[profile chained]
role_arn = arn:aws:iam::111122223333:role/Scanner
source_profile = dev
[profile tool]
credential_process = /usr/local/bin/get-creds
[profile broken-session]
sso_session = missing
sso_account_id = 1
sso_role_name = r
[profile half-legacy]
sso_start_url = https://half.awsapps.com/start
[profile emu]
region = eu-west-1
endpoint_url = http://127.0.0.1:45731
[profile svc]
services = local
endpoint_url = http://127.0.0.1:1
[services local]
s3 =
  endpoint_url = http://127.0.0.1:45732
route_53 =
  endpoint_url = http://127.0.0.1:45733
[profile nothing]
region = us-west-2
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = secret
[emu]
aws_access_key_id = EMUKEY
aws_secret_access_key = emusecret
[keyonly]
aws_access_key_id = AKIDONLY
`;

let home = '';
const saved: Record<string, string | undefined> = {};
const ENV = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];
let config: SharedConfig;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-profiles-'));
  for (const name of ENV) saved[name] = process.env[name];
  for (const name of ENV) delete process.env[name];
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, CONFIG);
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, CREDENTIALS);
  config = await readSharedConfig();
});

after(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(home, { recursive: true, force: true });
});

const byName = (name: string): AwsProfile => profilesOf(config).find((p) => p.name === name)!;

test('every profile of either file is listed once, with its kind in the order the SDK tries them', () => {
  const kinds = Object.fromEntries(profilesOf(config).map((p) => [p.name, p.kind]));
  assert.deepEqual(kinds, {
    'broken-session': 'incomplete',
    chained: 'role',
    default: 'keys',
    dev: 'sso',
    emu: 'keys',
    'half-legacy': 'incomplete',
    keyonly: 'incomplete',
    legacy: 'sso-legacy',
    nothing: 'incomplete',
    svc: 'incomplete',
    tool: 'process',
  });
  assert.deepEqual(byName('dev'), { name: 'dev', kind: 'sso', region: 'ap-southeast-2', ssoCacheKey: 'corp', ssoStartUrl: 'https://corp.awsapps.com/start', ssoRegion: 'ap-southeast-2' });
  assert.equal(byName('legacy').ssoCacheKey, 'https://legacy.awsapps.com/start');
  assert.equal(byName('chained').sourceProfile, 'dev');
  assert.equal(byName('emu').region, 'eu-west-1');
});

test('an incomplete profile says what is missing', () => {
  assert.match(byName('broken-session').problem!, /sso_session 'missing' names no \[sso-session missing\] section/);
  assert.match(byName('half-legacy').problem!, /without sso_region, sso_account_id, sso_role_name/);
  assert.match(byName('keyonly').problem!, /aws_access_key_id without aws_secret_access_key/);
  assert.match(byName('nothing').problem!, /no credentials/);
});

test("a profile's endpoint per service follows the SDK's order, and is that profile's own", () => {
  const env: NodeJS.ProcessEnv = {};
  assert.equal(endpointFor(config, 'emu', 'S3', env), 'http://127.0.0.1:45731');
  assert.equal(endpointFor(config, 'svc', 'S3', env), 'http://127.0.0.1:45732', 'the [services] section beats endpoint_url');
  assert.equal(endpointFor(config, 'svc', 'Route 53', env), 'http://127.0.0.1:45733', 'service ids of two words');
  assert.equal(endpointFor(config, 'svc', 'STS', env), 'http://127.0.0.1:1', 'a service the section leaves out takes endpoint_url');
  assert.equal(endpointFor(config, 'dev', 'S3', env), undefined, 'no endpoint of another profile leaks in');
  assert.equal(endpointFor(config, 'dev', 'S3', { AWS_PROFILE: 'emu' }), undefined, 'not even the one AWS_PROFILE names');
  assert.equal(endpointFor(config, 'emu', 'S3', { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }), 'http://127.0.0.1:9', 'the environment beats the file');
  assert.equal(endpointFor(config, 'svc', 'S3 Control', { AWS_ENDPOINT_URL_S3_CONTROL: 'http://127.0.0.1:8', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }), 'http://127.0.0.1:8');
  assert.equal(endpointFor(config, 'emu', 'S3', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }), undefined);
});

test('a profile added to the file while running is seen at the next read', async () => {
  writeFileSync(process.env.AWS_CONFIG_FILE!, `${CONFIG}[profile added]\nregion = us-east-1\ncredential_process = /bin/true\n`);
  const again = await readSharedConfig();
  assert.equal(profilesOf(again).find((p) => p.name === 'added')?.kind, 'process');
  writeFileSync(process.env.AWS_CONFIG_FILE!, CONFIG);
});

test("an IAM Identity Center token's state is read from the CLI's cache file", async () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const cache = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`);
  const write = (token: unknown): void => writeFileSync(file, JSON.stringify(token));
  const dev = byName('dev');
  assert.deepEqual(await ssoTokenState(dev, now), { state: 'signed-out', file });
  write({ startUrl: 'https://corp.awsapps.com/start', region: 'ap-southeast-2', accessToken: 'a', expiresAt: '2026-12-06T13:00:00Z' });
  assert.deepEqual(await ssoTokenState(dev, now), { state: 'valid', file, expiresAt: new Date('2026-12-06T13:00:00Z'), refreshable: false });
  write({ accessToken: 'a', expiresAt: '2026-12-06T11:00:00Z', clientId: 'c', clientSecret: 's', refreshToken: 'r' });
  assert.deepEqual(await ssoTokenState(dev, now), { state: 'expired', file, expiresAt: new Date('2026-12-06T11:00:00Z'), refreshable: true });
  writeFileSync(file, '{"accessToken": ');
  const broken = await ssoTokenState(dev, now);
  assert.equal(broken?.state, 'unreadable');
  // A legacy profile's cache is named by its start URL and is never refreshed.
  const legacy = byName('legacy');
  const legacyFile = join(cache, `${createHash('sha1').update('https://legacy.awsapps.com/start').digest('hex')}.json`);
  writeFileSync(legacyFile, JSON.stringify({ accessToken: 'a', expiresAt: '2026-12-06T11:00:00Z', clientId: 'c', clientSecret: 's', refreshToken: 'r' }));
  assert.deepEqual(await ssoTokenState(legacy, now), { state: 'expired', file: legacyFile, expiresAt: new Date('2026-12-06T11:00:00Z'), refreshable: false });
  assert.equal(await ssoTokenState(byName('emu'), now), undefined, 'a profile with keys has no token');
  assert.equal(signInCommand(dev), 'aws sso login --profile dev');
});

test("a profile's credentials are resolved once per session, and again only when about to expire", async () => {
  const counter = join(home, 'calls');
  const script = (name: string, minutes: number): string => {
    const file = join(home, `${name}.sh`);
    writeFileSync(file, `#!/bin/sh\necho ${name} >> '${counter}'\nprintf '{"Version":1,"AccessKeyId":"AKID${name}","SecretAccessKey":"s","SessionToken":"t","Expiration":"%s"}' "$(date -u -d '+${minutes} minutes' +%Y-%m-%dT%H:%M:%SZ)"\n`, { mode: 0o755 });
    return file;
  };
  writeFileSync(process.env.AWS_CONFIG_FILE!, `${CONFIG}[profile lasting]\ncredential_process = ${script('lasting', 60)}\n[profile brief]\ncredential_process = ${script('brief', 2)}\n`);
  try {
    const session = await AccountSession.open();
    for (const name of ['lasting', 'brief']) {
      const provider = session.credentials(session.profile(name)!);
      assert.equal(provider, session.credentials(session.profile(name)!), 'one provider per profile');
      const [a, b] = await Promise.all([provider(), provider()]);
      assert.equal(a.accessKeyId, `AKID${name}`);
      assert.equal(b.accessKeyId, `AKID${name}`);
      await provider();
    }
    const calls = readFileSync(counter, 'utf8').trim().split('\n');
    assert.deepEqual(calls.filter((c) => c === 'lasting'), ['lasting'], 'an hour left: resolved once for three calls');
    assert.deepEqual(calls.filter((c) => c === 'brief'), ['brief', 'brief'], 'two minutes left: resolved again on the next call (two at once share one)');
  } finally {
    writeFileSync(process.env.AWS_CONFIG_FILE!, CONFIG);
  }
});
