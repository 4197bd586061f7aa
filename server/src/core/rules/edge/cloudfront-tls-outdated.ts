import { ensurePath } from '../../cfn/edit';
import { asMap, getPair, type MapNode, type Node } from '../../cfn/model';
import { everyBranch } from '../../cfn/template';
import type { CfnRule, CheckFinding, Fix } from '../types';
import { distributions, type Distribution } from './cloudfront';
import { badScalar, distributionExample, idSpan, literalAt, pairSpan, replaceFix, textOf, unwritten, written } from './util';

export const TARGET = 'TLSv1.2_2021';

/**
 * Security policies below TLSv1.2_2021 and what each still lets viewers use. Newer policies
 * (TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025) and names we do not know are not reported.
 */
export const OUTDATED: ReadonlyMap<string, string> = new Map([
  ['SSLv3', 'SSLv3, TLS 1.0 and TLS 1.1'],
  ['TLSv1', 'TLS 1.0 and TLS 1.1'],
  ['TLSv1_2016', 'TLS 1.0 and TLS 1.1'],
  ['TLSv1.1_2016', 'TLS 1.1'],
  ['TLSv1.2_2018', 'TLS 1.2 with older CBC cipher suites'],
  ['TLSv1.2_2019', 'TLS 1.2 with older CBC cipher suites'],
]);

/** True when the viewer certificate names a certificate of its own (ACM or IAM), even through an intrinsic. */
function custom(certificate: MapNode): boolean {
  return written(getPair(certificate, 'AcmCertificateArn')?.value) || written(getPair(certificate, 'IamCertificateId')?.value);
}

/** A missing minimum with a custom certificate means TLSv1, CloudFront's default for it. */
function minimumOutdated(certificate: MapNode): boolean {
  return badScalar(getPair(certificate, 'MinimumProtocolVersion')?.value, (v) => v === undefined || OUTDATED.has(v));
}

/** Bad when the certificate is the default one, or a custom one with an outdated minimum; unknown otherwise. */
function outdated(node: Node | null): boolean | 'unknown' {
  if (unwritten(node)) return true;
  const certificate = asMap(node);
  if (!certificate) return 'unknown';
  if (custom(certificate)) return minimumOutdated(certificate);
  const isDefault = badScalar(getPair(certificate, 'CloudFrontDefaultCertificate')?.value, (v) => v?.toLowerCase() === 'true');
  return isDefault ? true : 'unknown';
}

export const DEFAULT_ADVICE =
  'on *.cloudfront.net CloudFront accepts TLS 1.0 and the minimum cannot be raised; serve the distribution under your own ' +
  `domain name (Aliases) with an ACM certificate and MinimumProtocolVersion ${TARGET}.`;

/** Where the finding sits and what it says, from the most specific text that is written. */
function place(text: string, dist: Distribution): { start: number; end: number; message: string } {
  const { resource, config } = dist;
  const id = resource.logicalId;
  const vcPair = getPair(config, 'ViewerCertificate');
  if (!vcPair || unwritten(vcPair.value)) {
    return { ...idSpan(resource), message: `Distribution ${id} has no ViewerCertificate, so it uses the default certificate: ${DEFAULT_ADVICE}` };
  }
  const certificate = asMap(vcPair.value);
  if (!certificate) {
    return { ...pairSpan(text, vcPair), message: `Distribution ${id} uses the default certificate or an outdated TLS minimum in every branch of its ViewerCertificate.` };
  }
  if (!custom(certificate)) {
    const pair = getPair(certificate, 'CloudFrontDefaultCertificate')!;
    return { ...pairSpan(text, pair), message: `Distribution ${id} uses the default certificate (CloudFrontDefaultCertificate: true): ${DEFAULT_ADVICE}` };
  }
  const minPair = getPair(certificate, 'MinimumProtocolVersion');
  const value = textOf(minPair?.value);
  if (minPair && value !== undefined) {
    return {
      ...pairSpan(text, minPair),
      message: `Distribution ${id} accepts ${OUTDATED.get(value)!} from viewers (MinimumProtocolVersion: ${value}); require ${TARGET} or newer.`,
    };
  }
  if (minPair && !unwritten(minPair.value)) {
    return { ...pairSpan(text, minPair), message: `Distribution ${id} sets a MinimumProtocolVersion below ${TARGET} in every branch.` };
  }
  return {
    ...idSpan(resource),
    message: `Distribution ${id} has a custom certificate but no MinimumProtocolVersion, so CloudFront accepts TLS 1.0 and TLS 1.1 (its default is TLSv1); require ${TARGET}.`,
  };
}

export const cloudfrontTlsOutdated: CfnRule = {
  meta: {
    id: 'cloudfront-tls-outdated',
    title: 'CloudFront viewer TLS minimum below TLSv1.2_2021',
    severity: 'warning',
    fix: 'safe',
    e8: ['+TLS'],
    anchors: ['W70', 'CKV_AWS_174', 'CloudFront.10'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::CloudFront::Distribution` whose `ViewerCertificate.MinimumProtocolVersion` is below `TLSv1.2_2021` ' +
        '(`SSLv3`, `TLSv1`, `TLSv1_2016`, `TLSv1.1_2016`, `TLSv1.2_2018`, `TLSv1.2_2019`, or not written with a custom ' +
        'certificate, where it defaults to `TLSv1`), or that uses the default `*.cloudfront.net` certificate ' +
        '(`CloudFrontDefaultCertificate: true`, or no `ViewerCertificate` at all). `TLSv1.2_2021`, `TLSv1.2_2025` and ' +
        '`TLSv1.3_2025` pass.',
      why:
        'TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on SHA-1 and CBC constructions with known attacks, and a server ' +
        'that still offers them invites downgrades and fails PCI DSS and most hardening baselines. The 2018 and 2019 TLS 1.2 ' +
        'policies keep CBC-mode cipher suites that the 2021 policy drops. With the default certificate CloudFront always accepts ' +
        'TLS 1.0 and ignores any minimum you set, so the only way to raise it is to serve the site under your own domain name.',
      fix:
        `With a custom certificate (\`AcmCertificateArn\` or \`IamCertificateId\`), set \`MinimumProtocolVersion: ${TARGET}\` ` +
        '(or a newer policy). The quick fix writes or replaces that value; it is safe and runs in "Fix all", since every browser ' +
        'and HTTP library of the last decade speaks TLS 1.2 with the ciphers it keeps. With the default certificate there is no ' +
        'quick fix: add your domain name to `Aliases`, issue an ACM certificate for it in us-east-1, reference it in ' +
        `\`ViewerCertificate\` with \`SslSupportMethod: sni-only\` and \`MinimumProtocolVersion: ${TARGET}\`, and point DNS at the distribution.`,
      bad: distributionExample('ViewerCertificate:\n  AcmCertificateArn: !Ref Certificate\n  SslSupportMethod: sni-only\n  MinimumProtocolVersion: TLSv1'),
      good: distributionExample(
        `ViewerCertificate:\n  AcmCertificateArn: !Ref Certificate\n  SslSupportMethod: sni-only\n  MinimumProtocolVersion: ${TARGET}`,
      ),
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const dist of distributions(template)) {
      const vcPair = getPair(dist.config, 'ViewerCertificate');
      if (!everyBranch(vcPair?.value ?? null, outdated)) continue;
      const id = dist.resource.logicalId;
      const certificate = asMap(vcPair?.value);
      let fix: Fix | undefined;
      // Only a plain certificate map naming a certificate of its own can take a minimum version.
      if (certificate && custom(certificate)) {
        const scalar = literalAt(certificate, 'MinimumProtocolVersion');
        const title = `Require ${TARGET} for viewers of distribution ${id}`;
        if (scalar) fix = replaceFix(template.doc, scalar, TARGET, title, 'safe');
        else if (!getPair(certificate, 'MinimumProtocolVersion')) {
          fix = {
            title,
            safety: 'safe',
            edits: () => {
              const edit = ensurePath(template.doc, ctx.style, certificate, ['MinimumProtocolVersion'], TARGET);
              return edit ? [edit] : null;
            },
          };
        }
      }
      out.push({
        ruleId: 'cloudfront-tls-outdated',
        ...place(template.doc.text, dist),
        resource: id,
        ...(fix ? { fix } : {}),
      });
    }
    return out;
  },
};
