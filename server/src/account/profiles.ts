// The user's AWS profiles, read as the AWS CLI and the SDK read them: `AWS_CONFIG_FILE` and
// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/config` and `~/.aws/credentials`), parsed by the
// SDK's own loader so that `[profile x]`, `[sso-session x]` and `[services x]` mean here what they
// mean to the clients that will use them. No `vscode` import: the language server and the CLI
// share this.
//
// Three things the SDK does not give in a usable form are worked out here:
// - what kind of credentials a profile has, in the order the SDK's INI provider tries them, so a
//   profile that cannot work is said to be incomplete before any call;
// - the endpoint of each profile for each service: the SDK applies a profile's `endpoint_url` and
//   `[services]` only to the profile named by `AWS_PROFILE` (and leaks that one into clients built
//   for other profiles), so a view of several profiles passes each client its endpoint itself;
// - the state of an SSO profile's token in the cache the AWS CLI shares, since every SSO failure
//   reaches the caller from the SDK as the same `CredentialsProviderError`.
import { readFile } from 'node:fs/promises';
import { getSSOTokenFilepath, loadSharedConfigFiles } from '@smithy/core/config';

/** One section of a shared config file, keys as written (nested `[services]` keys as `s3.endpoint_url`). */
export type IniSection = Readonly<Record<string, string | undefined>>;

export interface SharedConfig {
  /** `[profile x]` as `x`, `[default]` as `default`, `[sso-session x]` as `sso-session.x`, `[services x]` as `services.x`. */
  readonly configFile: Readonly<Record<string, IniSection>>;
  readonly credentialsFile: Readonly<Record<string, IniSection>>;
}

/**
 * How a profile gets credentials, in the order the SDK's INI provider tries them: a role assumed
 * from another profile, keys, a web identity token, a credential process, IAM Identity Center
 * (through an `[sso-session]` or the legacy `sso_start_url` keys). `incomplete` says why not.
 */
export type ProfileKind = 'role' | 'keys' | 'web-identity' | 'process' | 'sso' | 'sso-legacy' | 'incomplete';

export interface AwsProfile {
  readonly name: string;
  readonly kind: ProfileKind;
  /** The profile's region, when it has one; the caller needs a fallback (or the user's choice) otherwise. */
  readonly region?: string;
  /** For a role: the profile whose credentials assume it, when that is another profile. */
  readonly sourceProfile?: string;
  /** For IAM Identity Center: the session name or start URL that names the token cache file. */
  readonly ssoCacheKey?: string;
  readonly ssoStartUrl?: string;
  readonly ssoRegion?: string;
  /** For an incomplete profile: what is missing, in words. */
  readonly problem?: string;
}

/**
 * Reads both files afresh (`ignoreCache`): the SDK caches them per process, so without it a profile
 * added by `aws configure sso` while the editor runs would stay unknown.
 */
export async function readSharedConfig(): Promise<SharedConfig> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return { configFile, credentialsFile };
}

/** The sections of a config file that are not profiles. */
const NOT_A_PROFILE = /^(sso-session|services)\./;

/** Every profile of either file, by name; the credentials file's keys win, as in the SDK. */
export function profilesOf(config: SharedConfig): AwsProfile[] {
  const names = new Set<string>();
  for (const name of Object.keys(config.configFile)) if (!NOT_A_PROFILE.test(name)) names.add(name);
  for (const name of Object.keys(config.credentialsFile)) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b)).map((name) => describeProfile(config, name));
}

function settingsOf(config: SharedConfig, name: string): IniSection {
  return { ...config.configFile[name], ...config.credentialsFile[name] };
}

function describeProfile(config: SharedConfig, name: string): AwsProfile {
  const p = settingsOf(config, name);
  const base = { name, ...(p.region ? { region: p.region } : {}) };
  if (p.role_arn) {
    if (p.source_profile) return { ...base, kind: 'role', sourceProfile: p.source_profile };
    if (p.credential_source) return { ...base, kind: 'role' };
    if (!p.web_identity_token_file) return { ...base, kind: 'incomplete', problem: 'role_arn without source_profile, credential_source or web_identity_token_file' };
  }
  if (p.aws_access_key_id && p.aws_secret_access_key) return { ...base, kind: 'keys' };
  if (p.web_identity_token_file && p.role_arn) return { ...base, kind: 'web-identity' };
  if (p.credential_process) return { ...base, kind: 'process' };
  if (p.sso_session) {
    const session = config.configFile[`sso-session.${p.sso_session}`];
    if (!session) return { ...base, kind: 'incomplete', problem: `sso_session '${p.sso_session}' names no [sso-session ${p.sso_session}] section` };
    const missing = ['sso_start_url', 'sso_region'].filter((k) => !session[k]);
    const missingHere = ['sso_account_id', 'sso_role_name'].filter((k) => !p[k]);
    if (missing.length + missingHere.length > 0) {
      return { ...base, kind: 'incomplete', problem: `IAM Identity Center profile without ${[...missing.map((k) => `${k} (in [sso-session ${p.sso_session}])`), ...missingHere].join(', ')}` };
    }
    return { ...base, kind: 'sso', ssoCacheKey: p.sso_session, ssoStartUrl: session.sso_start_url!, ssoRegion: session.sso_region! };
  }
  if (p.sso_start_url) {
    const missing = ['sso_region', 'sso_account_id', 'sso_role_name'].filter((k) => !p[k]);
    if (missing.length > 0) return { ...base, kind: 'incomplete', problem: `IAM Identity Center profile without ${missing.join(', ')}` };
    return { ...base, kind: 'sso-legacy', ssoCacheKey: p.sso_start_url, ssoStartUrl: p.sso_start_url, ssoRegion: p.sso_region! };
  }
  if (p.aws_access_key_id) return { ...base, kind: 'incomplete', problem: 'aws_access_key_id without aws_secret_access_key' };
  return { ...base, kind: 'incomplete', problem: 'no credentials: none of role_arn, aws_access_key_id, credential_process, sso_session or sso_start_url' };
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/**
 * The endpoint a client for `serviceId` (the SDK's service id: `S3`, `STS`, `Route 53`,
 * `S3 Control`, `SSO OIDC`…) must be given for `profile`, or undefined for the service's own; in
 * the SDK's order: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `[services]`
 * section, its `endpoint_url`; none at all when configured endpoints are to be ignored. A caller
 * passes undefined on as `ignoreConfiguredEndpointUrls: true`, so no other profile's endpoint
 * leaks in.
 */
export function endpointFor(config: SharedConfig, profile: string, serviceId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = settingsOf(config, profile);
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(p.ignore_configured_endpoint_urls)) return undefined;
  const words = serviceId.trim().split(/\s+/);
  const fromServiceEnv = env[`AWS_ENDPOINT_URL_${words.map((w) => w.toUpperCase()).join('_')}`];
  const services = p.services ? config.configFile[`services.${p.services}`] : undefined;
  const fromServices = services?.[`${words.map((w) => w.toLowerCase()).join('_')}.endpoint_url`];
  return fromServiceEnv || env.AWS_ENDPOINT_URL || fromServices || p.endpoint_url || undefined;
}

/** The command that signs a profile in, for messages. */
export function signInCommand(profile: AwsProfile): string {
  return `aws sso login --profile ${profile.name}`;
}

export type SsoTokenState =
  | { readonly state: 'signed-out'; readonly file: string }
  | { readonly state: 'unreadable'; readonly file: string; readonly why: string }
  | { readonly state: 'expired'; readonly file: string; readonly expiresAt: Date; readonly refreshable: boolean }
  | { readonly state: 'valid'; readonly file: string; readonly expiresAt: Date; readonly refreshable: boolean };

/**
 * The state of an IAM Identity Center profile's token in the cache the AWS CLI writes
 * (`~/.aws/sso/cache/<sha1 of the session name or start URL>.json`). Only sso-session profiles
 * can be refreshed (the SDK does it through SSO-OIDC), and only with the client registration and
 * refresh token in the file; an expired token that cannot be refreshed needs a new sign-in.
 */
export async function ssoTokenState(profile: AwsProfile, now: Date = new Date()): Promise<SsoTokenState | undefined> {
  if (profile.ssoCacheKey === undefined) return undefined;
  const file = getSSOTokenFilepath(profile.ssoCacheKey);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'signed-out', file };
    return { state: 'unreadable', file, why: (err as Error).message };
  }
  let token: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    token = parsed as Record<string, unknown>;
  } catch (err) {
    return { state: 'unreadable', file, why: `not a token cache file: ${(err as Error).message}` };
  }
  const expiresAt = typeof token.expiresAt === 'string' ? new Date(token.expiresAt) : undefined;
  if (typeof token.accessToken !== 'string' || !expiresAt || Number.isNaN(expiresAt.getTime())) {
    return { state: 'unreadable', file, why: 'not a token cache file: no accessToken and expiresAt' };
  }
  const refreshable = profile.kind === 'sso' && ['clientId', 'clientSecret', 'refreshToken'].every((k) => typeof token[k] === 'string' && token[k] !== '');
  return { state: expiresAt.getTime() > now.getTime() ? 'valid' : 'expired', file, expiresAt, refreshable };
}
