// Edge rules: CloudFront, load balancers and API Gateway, in catalogue order.
import type { CfnRule } from '../types';
import { apigwTlsOutdated } from './apigw-tls-outdated';
import { cloudfrontHttpRedirect } from './cloudfront-http-redirect';
import { cloudfrontOriginInsecure } from './cloudfront-origin-insecure';
import { cloudfrontSecurityHeadersMissing } from './cloudfront-security-headers-missing';
import { cloudfrontTlsOutdated } from './cloudfront-tls-outdated';
import { cloudfrontViewerHttpAllowed } from './cloudfront-viewer-http-allowed';
import { elbListenerHttp } from './elb-listener-http';
import { elbTlsPolicyOutdated } from './elb-tls-policy-outdated';

export const edgeRules: readonly CfnRule[] = [
  cloudfrontViewerHttpAllowed,
  cloudfrontHttpRedirect,
  cloudfrontTlsOutdated,
  cloudfrontOriginInsecure,
  cloudfrontSecurityHeadersMissing,
  elbListenerHttp,
  elbTlsPolicyOutdated,
  apigwTlsOutdated,
];
