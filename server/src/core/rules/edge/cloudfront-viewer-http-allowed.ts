import type { CfnRule, CheckFinding } from '../types';
import { subject, viewerPolicyHits } from './cloudfront';
import { distributionExample, pairSpan, replaceFix } from './util';

export const cloudfrontViewerHttpAllowed: CfnRule = {
  meta: {
    id: 'cloudfront-viewer-http-allowed',
    title: 'CloudFront cache behaviour serving plain HTTP',
    severity: 'error',
    fix: 'safe',
    e8: ['+TLS'],
    anchors: ['CKV_AWS_34', 'CloudFront.3'],
    language: 'cloudformation',
    docs: {
      what:
        'A cache behaviour of an `AWS::CloudFront::Distribution` (the `DefaultCacheBehavior` or any item of `CacheBehaviors`) ' +
        'with `ViewerProtocolPolicy: allow-all`, which answers plain-HTTP requests with content instead of steering them to HTTPS.',
      why:
        'Anything served over plain HTTP can be read and changed by whoever sits on the path: a hotel or café network, a ' +
        'compromised router, an ISP injecting content. Session cookies and tokens sent over it can be stolen and replayed, and ' +
        'scripts can be swapped for malicious ones. Browsers also mark such pages "Not secure" and withhold modern features from them.',
      fix:
        'Set `ViewerProtocolPolicy` to `redirect-to-https` or `https-only`. The preferred quick fix writes `redirect-to-https`: ' +
        'visitors who type or follow an `http://` link are sent to the same URL over HTTPS, so nothing that works today ' +
        'breaks; it is safe and runs in "Fix all". A second, unsafe quick fix writes `https-only`, which CloudFront answers ' +
        'with 403 Forbidden on plain HTTP: stricter, but old bookmarks, hard-coded `http://` URLs and clients that do not follow ' +
        'redirects stop working. `cloudfront-http-redirect` then reminds you where the redirect is still used.',
      bad: distributionExample('DefaultCacheBehavior:\n  TargetOriginId: site\n  ViewerProtocolPolicy: allow-all'),
      good: distributionExample(
        'DefaultCacheBehavior:\n  TargetOriginId: site\n  ViewerProtocolPolicy: redirect-to-https',
      ),
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const hit of viewerPolicyHits(template, 'allow-all')) {
      const where = subject(hit);
      const scalar = hit.scalar;
      out.push({
        ruleId: 'cloudfront-viewer-http-allowed',
        ...pairSpan(template.doc.text, hit.pair),
        message:
          `${subject(hit, true)} serves plain HTTP (ViewerProtocolPolicy: allow-all${scalar ? '' : ' in every branch'}), ` +
          'so pages, cookies and tokens can be read or altered on the way to the visitor.',
        resource: hit.distribution.resource.logicalId,
        ...(scalar
          ? {
              fix: replaceFix(template.doc, scalar, 'redirect-to-https', `Redirect HTTP to HTTPS in ${where}`, 'safe'),
              alternatives: [
                replaceFix(template.doc, scalar, 'https-only', `Serve only HTTPS in ${where} (plain-HTTP requests get 403)`, 'unsafe'),
              ],
            }
          : {}),
      });
    }
    return out;
  },
};
