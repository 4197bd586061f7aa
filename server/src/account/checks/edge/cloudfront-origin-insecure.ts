// A live distribution's custom origins reached over plain HTTP or offered deprecated TLS versions,
// with the template rule `cloudfront-origin-insecure`'s tables and wording.
import { listed, PLAIN, WEAK } from '../../../core/rules/edge/cloudfront-origin-insecure';
import { liveRule, type LiveCheckFinding } from '../../scan/model';
import { distributionName, DISTRIBUTION, type DistributionState } from './distributions';

export const cloudfrontOriginInsecureLive = liveRule<DistributionState>('cloudfront-origin-insecure', DISTRIBUTION, (state) => {
  const out: LiveCheckFinding[] = [];
  for (const origin of state.origins) {
    const custom = origin.custom;
    if (!custom) continue;
    const where = `origin "${origin.id}" of ${distributionName(state)}`;
    const evidence = { distributionId: state.id, origin: origin.id, domainName: origin.domainName, OriginProtocolPolicy: custom.protocolPolicy, OriginSslProtocols: custom.sslProtocols };
    const how = custom.protocolPolicy === null ? undefined : PLAIN.get(custom.protocolPolicy);
    if (how !== undefined) {
      out.push({ message: `CloudFront reaches ${where} ${how} (OriginProtocolPolicy: ${custom.protocolPolicy}), so requests and responses cross that hop unencrypted.`, evidence });
    }
    const weak = custom.sslProtocols.filter((p) => WEAK.has(p));
    if (weak.length > 0) {
      out.push({ message: `CloudFront offers ${listed(weak)} to ${where} in OriginSslProtocols, so that hop can be downgraded to a deprecated protocol.`, evidence });
    }
  }
  return out;
});
