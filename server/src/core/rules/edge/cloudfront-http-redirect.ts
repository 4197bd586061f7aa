import type { CfnRule, CheckFinding } from '../types';
import { subject, viewerPolicyHits } from './cloudfront';
import { distributionExample, pairSpan, replaceFix } from './util';

export const cloudfrontHttpRedirect: CfnRule = {
  meta: {
    id: 'cloudfront-http-redirect',
    title: 'CloudFront cache behaviour redirecting plain HTTP',
    severity: 'information',
    fix: 'unsafe',
    e8: ['+TLS'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'A cache behaviour of an `AWS::CloudFront::Distribution` with `ViewerProtocolPolicy: redirect-to-https`: CloudFront ' +
        'still accepts plain-HTTP requests and answers them with a redirect to HTTPS.',
      why:
        'The redirect is a convenience for people typing a bare address, but the first request still crosses the network in ' +
        'clear text: its path, query string and any cookie not marked `Secure` can be read, and an attacker on the path can answer ' +
        'it with a page of their own before the redirect ever arrives. The hardening guidance therefore accepts an HTTP-to-HTTPS ' +
        'redirect only for the home page that people type by hand; API paths, assets and everything linked from your own pages ' +
        'should refuse plain HTTP outright. HSTS (see `cloudfront-security-headers-missing`) narrows the gap for returning browsers.',
      fix:
        'Where nobody types the address by hand (APIs, assets, application paths), set `ViewerProtocolPolicy: https-only`. The ' +
        'quick fix does that and is unsafe: CloudFront then answers plain-HTTP requests with 403 Forbidden, so old `http://` links, ' +
        'bookmarks and clients that relied on the redirect stop working. Keep `redirect-to-https` on the behaviour serving the ' +
        'home page if people reach it by typing the bare domain, and suppress this finding there with a reason.',
      bad: distributionExample('CacheBehaviors:\n  - PathPattern: /api/*\n    TargetOriginId: api\n    ViewerProtocolPolicy: redirect-to-https'),
      good: distributionExample(
        'CacheBehaviors:\n  - PathPattern: /api/*\n    TargetOriginId: api\n    ViewerProtocolPolicy: https-only',
      ),
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const hit of viewerPolicyHits(template, 'redirect-to-https')) {
      const scalar = hit.scalar;
      out.push({
        ruleId: 'cloudfront-http-redirect',
        ...pairSpan(template.doc.text, hit.pair),
        message:
          `${subject(hit, true)} accepts plain HTTP and redirects it to HTTPS (ViewerProtocolPolicy: redirect-to-https), so ` +
          'the first request travels unencrypted; the guidance allows this redirect only for the home page that people type by ' +
          'hand, elsewhere use https-only.',
        resource: hit.distribution.resource.logicalId,
        ...(scalar
          ? { fix: replaceFix(template.doc, scalar, 'https-only', `Serve only HTTPS in ${subject(hit)} (plain-HTTP requests get 403)`, 'unsafe') }
          : {}),
      });
    }
    return out;
  },
};
