// Signing a profile in to IAM Identity Center without the AWS CLI: the SSO-OIDC device
// authorization flow (register a public client, start a device authorization, show the code, poll
// for the token), then the token written to the cache the AWS CLI and the SDK share, in the CLI's
// own format, so that `fromIni`, the AWS CLI and boto3 all use it and the SDK can refresh it.
// No `vscode` import: the extension and the command line both sign in through this.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { getSSOTokenFilepath } from '@smithy/core/config';
import { endpointFor, profilesOf, type AwsProfile, type SharedConfig } from './profiles';
import type { AccountSession } from './session';

/** What the user is shown: open the page, check that it shows the code, confirm. */
export interface DeviceCode {
  readonly userCode: string;
  readonly verificationUri: string;
  /** The page with the code already filled in; the plain page when the service gives none. */
  readonly verificationUriComplete: string;
  /** When the code stops being accepted. */
  readonly expiresAt: Date;
}

export interface SignInOptions {
  /** Ends a pending sign-in: the wait between polls and any call in flight. */
  readonly signal?: AbortSignal;
  /** Called once the code is known; the sign-in then waits for the user to confirm it. */
  onCode(code: DeviceCode): void | Promise<void>;
  /** The clock the token's times are written with. */
  readonly now?: () => Date;
  /** Where `AWS_ENDPOINT_URL_SSO_OIDC` and friends are read from. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface SignedIn {
  readonly profile: string;
  readonly startUrl: string;
  readonly expiresAt: Date;
  /** The token cache file written. */
  readonly file: string;
}

/** Why a sign-in ended without a token, as `reason`, and a message ready to show. */
export type SignInFailure = 'no-profile' | 'incomplete' | 'not-sso' | 'cancelled' | 'refused' | 'expired' | 'failed';

export class SignInError extends Error {
  constructor(
    readonly reason: SignInFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The scope an sso-session registers for when `sso_registration_scopes` names none, as the AWS CLI does. */
const DEFAULT_SCOPES = ['sso:account:access'];

/** RFC 8628's wait between polls when the service names none, and what a `slow_down` adds to it. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What the profile signs in to, read from the profile or its `[sso-session]`. */
interface Target {
  readonly profile: AwsProfile;
  readonly startUrl: string;
  readonly region: string;
  /** The session name for sso-session profiles: the client name and the cache key. */
  readonly session?: string;
  readonly scopes?: readonly string[];
}

function describeKind(profile: AwsProfile): string {
  switch (profile.kind) {
    case 'role':
      return profile.sourceProfile ? `assumes a role with the credentials of profile ${profile.sourceProfile}` : 'assumes a role with credentials from its credential_source';
    case 'keys':
      return 'uses access keys';
    case 'web-identity':
      return 'uses a web identity token';
    case 'process':
      return 'gets its credentials from a credential_process';
    default:
      return `is a profile of kind ${profile.kind}`;
  }
}

function targetOf(config: SharedConfig, profiles: readonly AwsProfile[], name: string): Target {
  const profile = profiles.find((p) => p.name === name);
  if (!profile) {
    const known = profiles.map((p) => p.name);
    throw new SignInError('no-profile', `No profile named ${name} in the AWS config (${known.length ? `profiles: ${known.join(', ')}` : 'no profiles found'}).`);
  }
  if (profile.kind === 'sso') {
    const sessionName = profile.ssoCacheKey!;
    const section = config.configFile[`sso-session.${sessionName}`] ?? {};
    const scopes = (section.sso_registration_scopes ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    return { profile, startUrl: profile.ssoStartUrl!, region: profile.ssoRegion!, session: sessionName, scopes: scopes.length > 0 ? scopes : DEFAULT_SCOPES };
  }
  if (profile.kind === 'sso-legacy') return { profile, startUrl: profile.ssoStartUrl!, region: profile.ssoRegion! };
  if (profile.kind === 'incomplete') throw new SignInError('incomplete', `Profile ${name} cannot be used: ${profile.problem}.`);
  // A role assumed with an SSO profile's credentials signs in through that profile.
  const source = profile.sourceProfile ? profiles.find((p) => p.name === profile.sourceProfile) : undefined;
  const hint = source && (source.kind === 'sso' || source.kind === 'sso-legacy') ? ` Sign in profile ${source.name} instead.` : '';
  throw new SignInError('not-sso', `Profile ${name} ${describeKind(profile)}, not IAM Identity Center: there is nothing to sign in to.${hint}`);
}

/** The CLI writes times to the second, in UTC. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || errorName(err) === 'AbortError';
}

/**
 * Signs `profileName` in to IAM Identity Center through the device flow and writes the token where
 * the AWS CLI keeps it. Rejects with a `SignInError` naming why not: no such profile, not an
 * IAM Identity Center profile, cancelled, refused, the code expired, or the service failed.
 */
export async function signIn(source: AccountSession | SharedConfig, profileName: string, options: SignInOptions): Promise<SignedIn> {
  const config = 'configFile' in source ? source : source.config;
  const profiles = 'configFile' in source ? profilesOf(source) : source.profiles;
  const target = targetOf(config, profiles, profileName);
  const now = options.now ?? (() => new Date());
  const { signal } = options;
  const cancelled = (): SignInError => new SignInError('cancelled', `The sign-in of profile ${profileName} was cancelled; no token was written.`);
  if (signal?.aborted) throw cancelled();
  const endpoint = endpointFor(config, profileName, 'SSO OIDC', options.env ?? process.env);
  // The OIDC calls are unsigned: no credentials are looked up, so none can leak in from elsewhere.
  const oidc = new SSOOIDCClient({ region: target.region, ...(endpoint ? { endpoint } : { ignoreConfiguredEndpointUrls: true }) });
  const send = signal ? { abortSignal: signal } : {};
  const where = `IAM Identity Center ${target.startUrl}`;
  try {
    let registration;
    let authorization;
    try {
      registration = await oidc.send(
        new RegisterClientCommand({ clientName: `aws-hardening-${target.session ?? target.profile.name}`, clientType: 'public', ...(target.scopes ? { scopes: [...target.scopes] } : {}) }),
        send,
      );
      authorization = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: registration.clientId!, clientSecret: registration.clientSecret!, startUrl: target.startUrl }), send);
    } catch (err) {
      if (isAbort(err, signal)) throw cancelled();
      throw new SignInError('failed', `${where} (in ${target.region}) did not start a sign-in for profile ${profileName}: ${errorName(err)}: ${(err as Error).message}`);
    }
    const issued = now();
    const expiresIn = authorization.expiresIn ?? 600;
    const code: DeviceCode = {
      userCode: authorization.userCode ?? '',
      verificationUri: authorization.verificationUri ?? '',
      verificationUriComplete: authorization.verificationUriComplete ?? authorization.verificationUri ?? '',
      expiresAt: new Date(issued.getTime() + expiresIn * 1000),
    };
    await options.onCode(code);
    const token = await poll(oidc, { clientId: registration.clientId!, clientSecret: registration.clientSecret!, deviceCode: authorization.deviceCode! }, {
      intervalS: authorization.interval ?? DEFAULT_INTERVAL_S,
      // The service ends an unconfirmed code itself; this bound only keeps a silent one from polling forever.
      deadline: Date.now() + expiresIn * 1000,
      signal,
      cancelled,
      describe: (what) => `The sign-in of profile ${profileName} at ${where} ${what}`,
      code,
    });
    if (signal?.aborted) throw cancelled();
    if (!token.accessToken || !token.expiresIn) throw new SignInError('failed', `${where} confirmed the sign-in of profile ${profileName} but answered without a token and its lifetime; no token was written.`);
    const expiresAt = new Date(now().getTime() + token.expiresIn * 1000);
    const file = getSSOTokenFilepath(target.session ?? target.startUrl);
    const cached: Record<string, string> = { startUrl: target.startUrl, region: target.region, accessToken: token.accessToken, expiresAt: isoSeconds(expiresAt) };
    // Only an sso-session token can be refreshed by the SDK, and only with the client it was issued to.
    if (target.session) {
      cached.clientId = registration.clientId!;
      cached.clientSecret = registration.clientSecret!;
      if (registration.clientSecretExpiresAt) cached.registrationExpiresAt = isoSeconds(new Date(registration.clientSecretExpiresAt * 1000));
      if (token.refreshToken) cached.refreshToken = token.refreshToken;
    }
    try {
      await writeTokenFile(file, JSON.stringify(cached));
    } catch (err) {
      throw new SignInError('failed', `Profile ${profileName} signed in, but the token cache ${file} could not be written (${(err as NodeJS.ErrnoException).code ?? errorName(err)}); the previous token, if any, is unchanged.`);
    }
    return { profile: profileName, startUrl: target.startUrl, expiresAt, file };
  } finally {
    oidc.destroy();
  }
}

interface PollSettings {
  readonly intervalS: number;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly cancelled: () => SignInError;
  readonly describe: (what: string) => string;
  readonly code: DeviceCode;
}

/** Asks for the token every interval until the user confirms, refuses, or the code expires. */
async function poll(oidc: SSOOIDCClient, client: { clientId: string; clientSecret: string; deviceCode: string }, settings: PollSettings): Promise<CreateTokenCommandOutput> {
  const { signal } = settings;
  let intervalS = settings.intervalS;
  const expired = (): SignInError =>
    new SignInError('expired', settings.describe(`was not confirmed before the code ${settings.code.userCode} expired at ${settings.code.expiresAt.toISOString()}: sign in again.`));
  for (;;) {
    try {
      await wait(intervalS * 1000, undefined, signal ? { signal } : {});
    } catch (err) {
      if (isAbort(err, signal)) throw settings.cancelled();
      throw err;
    }
    if (Date.now() > settings.deadline) throw expired();
    try {
      return await oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT }), signal ? { abortSignal: signal } : {});
    } catch (err) {
      if (isAbort(err, signal)) throw settings.cancelled();
      const name = errorName(err);
      if (name === 'AuthorizationPendingException') continue;
      if (name === 'SlowDownException') {
        intervalS += SLOW_DOWN_S;
        continue;
      }
      if (name === 'ExpiredTokenException') throw expired();
      if (name === 'AccessDeniedException') throw new SignInError('refused', settings.describe('was refused: the request was denied in the browser or by the administrator.'));
      throw new SignInError('failed', settings.describe(`failed: ${name}: ${(err as Error).message}`));
    }
  }
}

/**
 * Writes the token as the AWS CLI does (folders 0700, file 0600) but through a temporary file
 * renamed over the old one, so a write that fails midway leaves the previous token as it was.
 */
async function writeTokenFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}
