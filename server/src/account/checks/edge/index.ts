// CloudFront and Route53 in a live account: distributions with the template rules' CloudFront
// checks, and public hosted zones with query logging, DNSSEC and every DNS rule over their records.
import { cloudfrontHttpRedirectLive } from './cloudfront-http-redirect';
import { cloudfrontOriginInsecureLive } from './cloudfront-origin-insecure';
import { cloudfrontSecurityHeadersMissingLive } from './cloudfront-security-headers-missing';
import { cloudfrontTlsOutdatedLive } from './cloudfront-tls-outdated';
import { cloudfrontViewerHttpAllowedLive } from './cloudfront-viewer-http-allowed';
import { distributionsCollector } from './distributions';
import { dnsLiveRules } from './dns-rules';
import { route53DnssecOffLive } from './route53-dnssec-off';
import { route53QueryLoggingOffLive } from './route53-query-logging-off';
import { zonesCollector } from './zones';

export const edgeChecks = {
  collectors: [distributionsCollector, zonesCollector],
  rules: [
    cloudfrontViewerHttpAllowedLive,
    cloudfrontHttpRedirectLive,
    cloudfrontTlsOutdatedLive,
    cloudfrontOriginInsecureLive,
    cloudfrontSecurityHeadersMissingLive,
    route53QueryLoggingOffLive,
    route53DnssecOffLive,
    ...dnsLiveRules,
  ],
};
