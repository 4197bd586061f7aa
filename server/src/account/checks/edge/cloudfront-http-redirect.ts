// A live distribution's cache behaviours that still accept plain HTTP to redirect it, as the
// template rule `cloudfront-http-redirect` reports them in a template.
import { liveRule } from '../../scan/model';
import { behaviourEvidence, behaviourLabel, distributionName, DISTRIBUTION, type DistributionState } from './distributions';

export const cloudfrontHttpRedirectLive = liveRule<DistributionState>('cloudfront-http-redirect', DISTRIBUTION, (state) =>
  state.behaviours
    .filter((b) => b.viewerProtocolPolicy === 'redirect-to-https')
    .map((b) => ({
      message:
        `${behaviourLabel(b, true)} of ${distributionName(state)} accepts plain HTTP and redirects it to HTTPS ` +
        '(ViewerProtocolPolicy: redirect-to-https), so the first request travels unencrypted; the guidance allows this redirect ' +
        'only for the home page that people type by hand, elsewhere use https-only.',
      evidence: behaviourEvidence(state, b),
    })),
);
