// An AWS account to scan in tests: moto started on a free port, a temporary HOME whose AWS config
// has a profile `emu` pointing at it (and whatever profiles a test adds), and SDK clients for
// seeding the emulator. Each test file runs in its own process, so the environment is its own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, type TestContext } from 'node:test';
import { liveCollectors, liveRules } from '../../server/src/account/checks';
import { scan, type ScanOptions, type ScanResult } from '../../server/src/account/scan/scanner';
import { AccountSession } from '../../server/src/account/session';
import { startMoto, type Moto } from './moto';

export const EMU_REGION = 'eu-west-1';
export const EMU_ACCOUNT = '123456789012';

export interface EmulatedAccount {
  readonly moto: Moto;
  readonly home: string;
  /** What seeding clients are built with: moto's endpoint, its region, any keys. */
  readonly client: { readonly endpoint: string; readonly region: string; readonly credentials: { accessKeyId: string; secretAccessKey: string }; readonly forcePathStyle: true };
  /** Rewrites the AWS config: `emu` plus the given extra lines (other profiles, sessions). */
  writeConfig(extra?: readonly string[]): void;
  /** Scans with every live check (or those given) through a fresh session. */
  scan(options?: Partial<Omit<ScanOptions, 'session'>>): Promise<ScanResult>;
  stop(): Promise<void>;
}

/**
 * Starts moto for one test file, or says why not. Under CI=true an emulator that cannot be
 * started is a failure (CI machines have moto); elsewhere the caller skips with the reason.
 */
export async function emulatedAccount(env: NodeJS.ProcessEnv = {}): Promise<EmulatedAccount | { readonly unavailable: string }> {
  const started = await startMoto(env);
  if ('unavailable' in started) {
    if (process.env.CI === 'true') throw new Error(`no AWS emulator in CI: ${started.unavailable}`);
    return started;
  }
  const moto = started;
  const home = mkdtempSync(join(tmpdir(), 'aws-hardening-account-'));
  mkdirSync(join(home, '.aws'), { recursive: true });
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, '.aws', 'credentials');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const writeConfig = (extra: readonly string[] = []): void => {
    writeFileSync(process.env.AWS_CONFIG_FILE!, ['[profile emu]', `region = ${EMU_REGION}`, `endpoint_url = ${moto.url}`, 'aws_access_key_id = testing', 'aws_secret_access_key = testing', ...extra, ''].join('\n'));
  };
  writeConfig();
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
  return {
    moto,
    home,
    client: { endpoint: moto.url, region: EMU_REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, forcePathStyle: true },
    writeConfig,
    async scan(options = {}) {
      const session = await AccountSession.open();
      return scan({ session, profiles: ['emu'], collectors: liveCollectors, rules: liveRules, ...options });
    },
    async stop() {
      await moto.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * One emulated account for a whole test file: started before its first test (and handed to
 * `started`), stopped after its last. `skip(t)` skips a test with the reason where no emulator
 * could be started; under CI=true that already failed the file.
 */
export function emulatorForFile(started: (acct: EmulatedAccount) => void): { skip(t: TestContext): void } {
  let acct: EmulatedAccount | undefined;
  let unavailable = '';
  before(async () => {
    const result = await emulatedAccount();
    if ('unavailable' in result) unavailable = result.unavailable;
    else started((acct = result));
  });
  after(async () => {
    await acct?.stop();
  });
  return { skip: (t) => t.skip(`no AWS emulator: ${unavailable}`) };
}
