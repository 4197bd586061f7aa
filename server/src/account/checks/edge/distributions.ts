// CloudFront distributions as the live rules read them: the viewer protocol and response headers of
// each cache behaviour, the viewer certificate and the custom origins. The listing's items cannot
// be trusted to carry the configuration (moto's are stubs), so each distribution's configuration is
// read on its own with GetDistributionConfig.
import { CloudFrontClient, GetDistributionConfigCommand, ListDistributionsCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

export const DISTRIBUTION = 'cloudfront-distribution';

export interface BehaviourState {
  /** `null` for the default cache behaviour. */
  readonly pathPattern: string | null;
  readonly viewerProtocolPolicy: string | null;
  /** `null` when none is set (the API may answer an empty string for that). */
  readonly responseHeadersPolicyId: string | null;
  /** The event types of its Lambda@Edge and CloudFront function associations. */
  readonly functionEvents: readonly string[];
}

export interface ViewerCertificateState {
  readonly cloudFrontDefaultCertificate: boolean;
  readonly acmCertificateArn: string | null;
  readonly iamCertificateId: string | null;
  readonly minimumProtocolVersion: string | null;
}

export interface OriginState {
  readonly id: string;
  readonly domainName: string;
  /** `null` for an S3 (or other non-custom) origin, which CloudFront always reaches over HTTPS. */
  readonly custom: { readonly protocolPolicy: string | null; readonly sslProtocols: readonly string[] } | null;
}

export interface DistributionState extends LiveState {
  readonly id: string;
  /** `d111111abcdef8.cloudfront.net`; `null` when the listing did not say. */
  readonly domainName: string | null;
  readonly aliases: readonly string[];
  readonly enabled: boolean;
  /** The default cache behaviour first, then the others in order. */
  readonly behaviours: readonly BehaviourState[];
  /** `null` when the configuration has none (the API always sends one; a missing one is not guessed at). */
  readonly viewerCertificate: ViewerCertificateState | null;
  readonly origins: readonly OriginState[];
}

/** `distribution E2EXAMPLE (www.example.com)`: the id, and the name people know it by. */
export function distributionName(state: DistributionState): string {
  const known = state.aliases[0] ?? state.domainName;
  return `distribution ${state.id}${known ? ` (${known})` : ''}`;
}

/** "the default cache behaviour" or `the cache behaviour for "/api/*"`, as the template rules say it. */
export function behaviourLabel(behaviour: BehaviourState, capital = false): string {
  const text = behaviour.pathPattern === null ? 'the default cache behaviour' : `the cache behaviour for "${behaviour.pathPattern}"`;
  return capital ? `${text[0]!.toUpperCase()}${text.slice(1)}` : text;
}

/** The evidence every behaviour finding carries. */
export function behaviourEvidence(state: DistributionState, behaviour: BehaviourState): Record<string, unknown> {
  return { distributionId: state.id, behaviour: behaviour.pathPattern ?? 'default', ViewerProtocolPolicy: behaviour.viewerProtocolPolicy };
}

interface Associations {
  readonly LambdaFunctionAssociations?: { readonly Items?: ReadonlyArray<{ readonly EventType?: string | undefined }> | undefined } | undefined;
  readonly FunctionAssociations?: { readonly Items?: ReadonlyArray<{ readonly EventType?: string | undefined }> | undefined } | undefined;
}

function behaviour(
  pathPattern: string | null,
  b: Associations & { readonly ViewerProtocolPolicy?: string | undefined; readonly ResponseHeadersPolicyId?: string | undefined },
): BehaviourState {
  const events = [...(b.LambdaFunctionAssociations?.Items ?? []), ...(b.FunctionAssociations?.Items ?? [])].map((a) => a.EventType ?? '').filter((e) => e !== '');
  return {
    pathPattern,
    viewerProtocolPolicy: b.ViewerProtocolPolicy ?? null,
    responseHeadersPolicyId: b.ResponseHeadersPolicyId ? b.ResponseHeadersPolicyId : null,
    functionEvents: events,
  };
}

/** The state of one distribution from its configuration. */
export function distributionState(ref: LiveState['ref'], id: string, domainName: string | null, config: DistributionConfig): DistributionState {
  const behaviours: BehaviourState[] = [];
  if (config.DefaultCacheBehavior) behaviours.push(behaviour(null, config.DefaultCacheBehavior));
  for (const b of config.CacheBehaviors?.Items ?? []) behaviours.push(behaviour(b.PathPattern ?? '', b));
  const vc = config.ViewerCertificate;
  return {
    ref,
    id,
    domainName,
    aliases: config.Aliases?.Items ?? [],
    enabled: config.Enabled ?? false,
    behaviours,
    viewerCertificate: vc
      ? {
          cloudFrontDefaultCertificate: vc.CloudFrontDefaultCertificate === true,
          acmCertificateArn: vc.ACMCertificateArn || null,
          iamCertificateId: vc.IAMCertificateId || null,
          minimumProtocolVersion: vc.MinimumProtocolVersion ?? null,
        }
      : null,
    origins: (config.Origins?.Items ?? []).map((o) => ({
      id: o.Id ?? '',
      domainName: o.DomainName ?? '',
      custom: o.CustomOriginConfig
        ? { protocolPolicy: o.CustomOriginConfig.OriginProtocolPolicy ?? null, sslProtocols: o.CustomOriginConfig.OriginSslProtocols?.Items ?? [] }
        : null,
    })),
  };
}

const RULES = ['cloudfront-viewer-http-allowed', 'cloudfront-http-redirect', 'cloudfront-tls-outdated', 'cloudfront-origin-insecure', 'cloudfront-security-headers-missing'];

export const distributionsCollector: Collector = {
  title: 'CloudFront distributions',
  scope: 'global',
  rules: RULES,
  async collect(ctx: ScanContext) {
    // CloudFront is global and answers in us-east-1 only.
    const client = ctx.client(CloudFrontClient, 'CloudFront', 'us-east-1');
    const pages = ctx.pages(
      'cloudfront:ListDistributions',
      `CloudFront distributions of account ${ctx.account}`,
      (marker, o) => client.send(new ListDistributionsCommand(marker ? { Marker: marker } : {}), o),
      (page) => (page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker || undefined : undefined),
    );
    const reads: Array<Promise<void>> = [];
    for await (const page of pages) {
      for (const item of page.DistributionList?.Items ?? []) {
        const id = item.Id;
        if (!id) continue;
        const arn = `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${id}`;
        reads.push(
          (async () => {
            const read = await ctx.read('cloudfront:GetDistributionConfig', arn, (o) => client.send(new GetDistributionConfigCommand({ Id: id }), o));
            // Without its configuration there is nothing to decide; the failure is already a finding.
            if (read.state !== 'ok' || !read.value.DistributionConfig) return;
            ctx.evaluate(DISTRIBUTION, distributionState({ arn, name: id, region: 'global' }, id, item.DomainName || null, read.value.DistributionConfig));
          })(),
        );
      }
    }
    await Promise.all(reads);
  },
};
