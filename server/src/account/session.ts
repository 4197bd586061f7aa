// One view of the user's AWS accounts: the shared config read once, one memoised credential
// provider per profile, and for each client the settings that make it that profile's own (region,
// credentials, endpoint), so that several profiles can be used side by side in one process.
import { fromIni } from '@aws-sdk/credential-providers';
import { endpointFor, profilesOf, readSharedConfig, type AwsProfile, type SharedConfig } from './profiles';

/** What a client calls for credentials. */
export type AwsCredentialIdentityProvider = ReturnType<typeof fromIni>;
type Credentials = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Credentials this close to expiring are resolved again. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** What every SDK client of one profile is built with. */
export interface ClientSettings {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly endpoint?: string;
  /** Set where the profile has no endpoint: no other profile's (AWS_PROFILE's) may leak in. */
  readonly ignoreConfiguredEndpointUrls?: true;
  /** S3 with an endpoint of its own: a `localhost` endpoint cannot take the bucket in the host name. */
  readonly forcePathStyle?: true;
  /** S3 Control with an endpoint of its own: the SDK would put the account id in its host name. */
  readonly endpointProvider?: () => { url: URL };
}

/** The region a profile without one is scanned in, unless the user names regions. */
export const FALLBACK_REGION = 'us-east-1';

export class AccountSession {
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();
  readonly profiles: readonly AwsProfile[];

  private constructor(
    readonly config: SharedConfig,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.profiles = profilesOf(config);
  }

  /** Reads the config files afresh, so a profile added since the last session is there. */
  static async open(env: NodeJS.ProcessEnv = process.env): Promise<AccountSession> {
    // The SDK warns once per process about Node 20 support; a command-line report is no place for it.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    return new AccountSession(await readSharedConfig(), env);
  }

  profile(name: string): AwsProfile | undefined {
    return this.profiles.find((p) => p.name === name);
  }

  /** The profile AWS_PROFILE names, else `default` when there is one. */
  defaultProfile(): AwsProfile | undefined {
    return this.profile(this.env.AWS_PROFILE ?? 'default');
  }

  /**
   * One provider per profile for the whole session: credentials are resolved (and SSO tokens read)
   * once, and again only when they are within five minutes of expiring or the last try failed.
   */
  credentials(profile: AwsProfile): AwsCredentialIdentityProvider {
    let provider = this.providers.get(profile.name);
    if (!provider) {
      const resolve = fromIni({ profile: profile.name });
      let held: Credentials | undefined;
      let pending: Promise<Credentials> | undefined;
      provider = () => {
        if (held && (held.expiration === undefined || held.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return Promise.resolve(held);
        pending ??= resolve().then(
          (value) => {
            held = value;
            pending = undefined;
            return value;
          },
          (err: unknown) => {
            pending = undefined; // A failure is not kept: the user may sign in and try again.
            throw err;
          },
        );
        return pending;
      };
      this.providers.set(profile.name, provider);
    }
    return provider;
  }

  /** The settings of a client of `serviceId` (the SDK's id: `STS`, `IAM`, `S3`, `Route 53`…) for a profile and region. */
  clientSettings(profile: AwsProfile, serviceId: string, region: string = profile.region ?? FALLBACK_REGION): ClientSettings {
    const endpoint = endpointFor(this.config, profile.name, serviceId, this.env);
    if (!endpoint) return { region, credentials: this.credentials(profile), ignoreConfiguredEndpointUrls: true };
    return {
      region,
      credentials: this.credentials(profile),
      endpoint,
      ...(serviceId === 'S3' ? { forcePathStyle: true } : {}),
      ...(serviceId === 'S3 Control' ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
    };
  }
}
