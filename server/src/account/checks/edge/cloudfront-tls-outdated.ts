// A live distribution whose viewers may use TLS below the 2021 policy: the default certificate, or
// a certificate of its own with an outdated minimum. The table of outdated policies is the
// template rule's, so both views agree on what is old.
import { DEFAULT_ADVICE, OUTDATED, TARGET } from '../../../core/rules/edge/cloudfront-tls-outdated';
import { liveRule, type LiveCheckFinding } from '../../scan/model';
import { distributionName, DISTRIBUTION, type DistributionState } from './distributions';

export const cloudfrontTlsOutdatedLive = liveRule<DistributionState>('cloudfront-tls-outdated', DISTRIBUTION, (state): LiveCheckFinding[] => {
  const vc = state.viewerCertificate;
  if (!vc) return [];
  const name = distributionName(state);
  const evidence = {
    distributionId: state.id,
    CloudFrontDefaultCertificate: vc.cloudFrontDefaultCertificate,
    MinimumProtocolVersion: vc.minimumProtocolVersion,
    ...(vc.acmCertificateArn ? { ACMCertificateArn: vc.acmCertificateArn } : {}),
    ...(vc.iamCertificateId ? { IAMCertificateId: vc.iamCertificateId } : {}),
  };
  const custom = vc.acmCertificateArn !== null || vc.iamCertificateId !== null;
  if (!custom) {
    // Neither the default certificate nor one of its own: nothing the rule can judge.
    if (!vc.cloudFrontDefaultCertificate) return [];
    return [{ message: `${capital(name)} uses the default certificate (CloudFrontDefaultCertificate: true): ${DEFAULT_ADVICE}`, evidence }];
  }
  const minimum = vc.minimumProtocolVersion;
  if (minimum === null) {
    return [
      {
        message: `${capital(name)} has a custom certificate but no MinimumProtocolVersion, so CloudFront accepts TLS 1.0 and TLS 1.1 (its default is TLSv1); require ${TARGET}.`,
        evidence,
      },
    ];
  }
  const allows = OUTDATED.get(minimum);
  // Newer policies, and names we do not know, pass.
  if (allows === undefined) return [];
  return [{ message: `${capital(name)} accepts ${allows} from viewers (MinimumProtocolVersion: ${minimum}); require ${TARGET} or newer.`, evidence }];
});

function capital(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}
