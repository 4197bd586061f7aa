// A live distribution whose default cache behaviour adds no security headers: no response headers
// policy, and no Lambda@Edge or CloudFront function on a response event that could add them.
import { RESPONSE_EVENTS } from '../../../core/rules/edge/cloudfront-security-headers-missing';
import { liveRule } from '../../scan/model';
import { distributionName, DISTRIBUTION, type DistributionState } from './distributions';

export const cloudfrontSecurityHeadersMissingLive = liveRule<DistributionState>('cloudfront-security-headers-missing', DISTRIBUTION, (state) => {
  const main = state.behaviours.find((b) => b.pathPattern === null);
  if (!main || main.responseHeadersPolicyId !== null || main.functionEvents.some((e) => RESPONSE_EVENTS.has(e))) return [];
  return [
    {
      message:
        `The default cache behaviour of ${distributionName(state)} has no ResponseHeadersPolicyId, so responses ` +
        'carry no HSTS, framing, content-type or referrer protection unless the origin adds them.',
      evidence: { distributionId: state.id, behaviour: 'default', ResponseHeadersPolicyId: null, functionEvents: main.functionEvents },
    },
  ];
});
