// A live distribution's cache behaviours that answer plain HTTP with content, as the template rule
// `cloudfront-viewer-http-allowed` reports them in a template.
import { liveRule } from '../../scan/model';
import { behaviourEvidence, behaviourLabel, distributionName, DISTRIBUTION, type DistributionState } from './distributions';

export const cloudfrontViewerHttpAllowedLive = liveRule<DistributionState>('cloudfront-viewer-http-allowed', DISTRIBUTION, (state) =>
  state.behaviours
    .filter((b) => b.viewerProtocolPolicy === 'allow-all')
    .map((b) => ({
      message:
        `${behaviourLabel(b, true)} of ${distributionName(state)} serves plain HTTP (ViewerProtocolPolicy: allow-all), ` +
        'so pages, cookies and tokens can be read or altered on the way to the visitor.',
      evidence: behaviourEvidence(state, b),
    })),
);
