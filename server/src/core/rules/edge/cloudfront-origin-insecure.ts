import { replaceScalar } from '../../cfn/edit';
import { getPair, type Pair, type ScalarNode, type SeqNode } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import { literal } from '../../cfn/template';
import { contentEnd, type TextEdit } from '../../text';
import type { CfnRule, CheckFinding, Fix } from '../types';
import { distributions, origins } from './cloudfront';
import { badScalar, distributionExample, mapAt, pairSpan, replaceFix, textOf } from './util';

/** Origin protocol policies that let CloudFront reach the origin over plain HTTP. */
export const PLAIN = new Map([
  ['http-only', 'always over plain HTTP'],
  ['match-viewer', 'over plain HTTP whenever the viewer used HTTP'],
]);

/** Protocols CloudFront may still negotiate with a custom origin that are deprecated (RFC 7568, RFC 8996). */
export const WEAK = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);
const STRONG = 'TLSv1.2';

/** The literal items of a plain list, or undefined when the list is an intrinsic or not a list. */
function protocolList(pair: Pair | undefined): SeqNode | undefined {
  const list = pair?.value;
  return list && list.kind === 'seq' && !list.tag ? list : undefined;
}

/**
 * Rewrites the protocol list to `[TLSv1.2]`: the first item's text becomes the one item, the rest
 * goes, so the list keeps its own style (block, flow or JSON) and the first item's quoting.
 */
function strongOnly(doc: ParsedDocument, list: SeqNode): TextEdit[] | null {
  const items = list.items.map((item) => literal(item));
  if (items.some((item) => !item)) return null;
  const scalars = items as ScalarNode[];
  if (scalars.length === 1 && String(scalars[0]!.value) === STRONG) return null;
  const first = scalars[0]!;
  const last = scalars[scalars.length - 1]!;
  const kept = scalars.find((s) => String(s.value) === STRONG);
  const newText = kept ? doc.text.slice(kept.start, contentEnd(doc.text, kept.end, kept.start)) : replaceScalar(doc, first, STRONG).newText;
  return [{ start: first.start, end: contentEnd(doc.text, last.end, last.start), newText }];
}

/** "SSLv3, TLSv1 and TLSv1.1" */
export function listed(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]!}` : values.join('');
}

export const cloudfrontOriginInsecure: CfnRule = {
  meta: {
    id: 'cloudfront-origin-insecure',
    title: 'CloudFront reaching a custom origin without modern TLS',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['+TLS'],
    anchors: ['CKV2_AWS_72', 'CloudFront.15'],
    language: 'cloudformation',
    docs: {
      what:
        'An origin of an `AWS::CloudFront::Distribution` whose `CustomOriginConfig` has `OriginProtocolPolicy: http-only` or ' +
        '`match-viewer`, or lists `SSLv3`, `TLSv1` or `TLSv1.1` in `OriginSSLProtocols`. Origins with `S3OriginConfig` (a bucket ' +
        'reached through its REST endpoint, always over HTTPS) are not concerned.',
      why:
        'HTTPS between viewers and CloudFront protects only the first hop. With `http-only` (or `match-viewer` and a viewer on ' +
        'HTTP) the request and the response cross the internet between the edge and your origin in clear text, cookies, ' +
        'authorisation headers and personal data included, and anyone on that path can read or rewrite them. Offering SSLv3 or ' +
        'TLS 1.0/1.1 to the origin lets a downgrade push that hop onto protocols with known breaks.',
      fix:
        'Set `OriginProtocolPolicy: https-only` and `OriginSSLProtocols: [TLSv1.2]`, after making sure the origin serves HTTPS on ' +
        'its `HTTPSPort` with a certificate valid for the origin domain name. The quick fixes do each and are unsafe: an S3 ' +
        'website endpoint speaks only HTTP, and many load balancers and servers behind CloudFront listen on port 80 only or carry ' +
        'a certificate for another name, so the origin stops answering (502) until it is ready. For a bucket, prefer its REST ' +
        'endpoint with `S3OriginConfig` and origin access control.',
      bad: distributionExample('Origins:\n  - Id: app\n    DomainName: app.example.com\n    CustomOriginConfig:\n      OriginProtocolPolicy: http-only'),
      good: distributionExample(
        'Origins:\n  - Id: app\n    DomainName: app.example.com\n    CustomOriginConfig:\n      OriginProtocolPolicy: https-only\n' +
        '      OriginSSLProtocols: [TLSv1.2]',
      ),
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    const { doc } = template;
    for (const { resource, config } of distributions(template)) {
      const id = resource.logicalId;
      for (const origin of origins(config)) {
        const custom = mapAt(origin.map, 'CustomOriginConfig');
        if (!custom) continue;
        const where = `origin ${origin.name} of distribution ${id}`;
        const policyPair = getPair(custom, 'OriginProtocolPolicy');
        if (policyPair && badScalar(policyPair.value, (v) => v !== undefined && PLAIN.has(v))) {
          const value = textOf(policyPair.value);
          const scalar = literal(policyPair.value);
          out.push({
            ruleId: 'cloudfront-origin-insecure',
            ...pairSpan(doc.text, policyPair),
            message:
              value !== undefined
                ? `CloudFront reaches ${where} ${PLAIN.get(value)!} (OriginProtocolPolicy: ${value}), so requests and responses cross that hop unencrypted.`
                : `CloudFront reaches ${where} over plain HTTP in every branch of OriginProtocolPolicy.`,
            resource: id,
            ...(scalar
              ? { fix: replaceFix(doc, scalar, 'https-only', `Use HTTPS to ${where} (the origin must serve HTTPS)`, 'unsafe') }
              : {}),
          });
        }
        const sslPair = getPair(custom, 'OriginSSLProtocols');
        const list = protocolList(sslPair);
        const weak = (list?.items ?? []).map((item) => textOf(item)).filter((v): v is string => v !== undefined && WEAK.has(v));
        if (!sslPair || !list || weak.length === 0) continue;
        const fix: Fix = {
          title: `Offer only ${STRONG} to ${where} (the origin must support it)`,
          safety: 'unsafe',
          edits: () => strongOnly(doc, list),
        };
        out.push({
          ruleId: 'cloudfront-origin-insecure',
          ...pairSpan(doc.text, sslPair),
          message: `CloudFront offers ${listed(weak)} to ${where} (OriginSSLProtocols), so that hop can be downgraded to a deprecated protocol.`,
          resource: id,
          ...(strongOnly(doc, list) ? { fix } : {}),
        });
      }
    }
    return out;
  },
};
