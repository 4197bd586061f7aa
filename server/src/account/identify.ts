// Who a profile is: its account, ARN and account alias (`sts:GetCallerIdentity`, then
// `iam:ListAccountAliases` when readable), or why the profile cannot be used, in words that name
// the way out. Every IAM Identity Center failure reaches us from the SDK as the same
// `CredentialsProviderError`, so the token cache is read to tell signed out from expired from
// unreachable, and the portal's own answers (a role not assigned) are told apart by name.
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { signInCommand, ssoTokenState, type AwsProfile } from './profiles';
import type { AccountSession } from './session';

export interface Identity {
  readonly profile: string;
  readonly account: string;
  readonly arn: string;
  /** The account alias, when the profile may read it. */
  readonly alias?: string;
}

/** The partition an ARN is in (`aws`, `aws-cn`, `aws-us-gov`…), `aws` when it says none. */
export function arnPartition(arn: string): string {
  return /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';
}

/** A profile that cannot be used, with the reason and what to do, ready to show. */
export class ProfileUnusable extends Error {
  constructor(
    readonly profile: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProfileUnusable';
  }
}

export async function identify(session: AccountSession, profile: AwsProfile, signal?: AbortSignal): Promise<Identity> {
  if (profile.kind === 'incomplete') throw new ProfileUnusable(profile.name, `Profile ${profile.name} cannot be used: ${profile.problem}.`);
  const sts = new STSClient(session.clientSettings(profile, 'STS'));
  const iam = new IAMClient(session.clientSettings(profile, 'IAM', 'us-east-1'));
  try {
    let who;
    try {
      who = await sts.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {});
    } catch (err) {
      throw new ProfileUnusable(profile.name, await explainCredentialError(profile, err));
    }
    let alias: string | undefined;
    try {
      alias = (await iam.send(new ListAccountAliasesCommand({}), signal ? { abortSignal: signal } : {})).AccountAliases?.[0];
    } catch {
      // The alias is a courtesy: a profile that may not read it is still usable.
    }
    return { profile: profile.name, account: who.Account ?? '', arn: who.Arn ?? '', ...(alias ? { alias } : {}) };
  } finally {
    sts.destroy();
    iam.destroy();
  }
}

const NETWORK = /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/;
const REJECTED_KEYS = new Set(['InvalidClientTokenId', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'ExpiredToken', 'ExpiredTokenException']);

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'Error';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why a profile's first call failed, and what to do, in one or two sentences. */
export async function explainCredentialError(profile: AwsProfile, err: unknown, now: Date = new Date()): Promise<string> {
  const name = errorName(err);
  const text = errorText(err);
  const network = NETWORK.exec(text)?.[1] ?? NETWORK.exec(String((err as { code?: unknown }).code ?? ''))?.[1];
  if (profile.kind === 'sso' || profile.kind === 'sso-legacy') {
    const token = await ssoTokenState(profile, now);
    const signIn = `run \`${signInCommand(profile)}\``;
    if (token?.state === 'signed-out') return `Profile ${profile.name} is signed out of IAM Identity Center (no token for ${profile.ssoStartUrl}): ${signIn}.`;
    if (token?.state === 'unreadable') return `Profile ${profile.name}: the IAM Identity Center token cache ${token.file} cannot be read (${token.why}): ${signIn}.`;
    if (token?.state === 'expired' && !token.refreshable) return `The IAM Identity Center sign-in of profile ${profile.name} expired at ${token.expiresAt.toISOString()}: ${signIn}.`;
    if (token?.state === 'expired') {
      return `The IAM Identity Center sign-in of profile ${profile.name} expired at ${token.expiresAt.toISOString()} and could not be renewed${network ? ` (${network}: IAM Identity Center in ${profile.ssoRegion} is unreachable)` : ''}: ${signIn}.`;
    }
    if (/ForbiddenException|No access/.test(`${name} ${text}`)) return `Profile ${profile.name} is signed in, but its role is not assigned to you in that account (IAM Identity Center refused: ${text}).`;
    if (/UnauthorizedException|Session token not found or invalid/.test(`${name} ${text}`)) return `IAM Identity Center did not accept the sign-in of profile ${profile.name}: ${signIn}.`;
    // With a valid token, a credential error that names a network failure came from the portal, not from the service called.
    if (network && token?.state === 'valid' && name === 'CredentialsProviderError') {
      return `Profile ${profile.name}: IAM Identity Center in ${profile.ssoRegion} could not be reached for the role's credentials (${network}); the sign-in itself is valid until ${token.expiresAt.toISOString()}: check the network or proxy.`;
    }
  }
  if (network) return `Profile ${profile.name}: the network did not let the call through (${network}): ${text}`;
  const code = (err as { Code?: unknown }).Code;
  const awsName = typeof code === 'string' ? code : name;
  if (REJECTED_KEYS.has(awsName)) return `AWS rejected the credentials of profile ${profile.name} (${awsName}): ${text}`;
  if (awsName === 'AccessDenied' || awsName === 'AccessDeniedException') return `Profile ${profile.name} is not permitted to call sts:GetCallerIdentity (${awsName}): ${text}`;
  return `Profile ${profile.name} cannot be used: ${awsName}: ${text}`;
}
