import { ensurePath } from '../../cfn/edit';
import { asMap, getPair, type MapNode, type Node } from '../../cfn/model';
import { ifBranches, intrinsicName } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { distributions } from './cloudfront';
import { badScalar, distributionExample, idSpan, mapAt, pairSpan, unwritten } from './util';

/** The id of CloudFront's managed "SecurityHeadersPolicy" response headers policy, the same in every account. */
export const SECURITY_HEADERS_POLICY = '67f7725c-6f97-4210-82d7-5512b31e9d03';

/** The events at which a Lambda@Edge or CloudFront function sees the response and can add headers to it. */
export const RESPONSE_EVENTS = new Set(['origin-response', 'viewer-response']);

/** Whether a function association (or an `Fn::If` between them) may run on the response; an intrinsic may. */
function associationOnResponse(node: Node | null): boolean {
  if (unwritten(node)) return false;
  const branches = ifBranches(node);
  if (branches) return branches.some(associationOnResponse);
  const association = intrinsicName(node) ? undefined : asMap(node);
  if (!association) return true;
  return !badScalar(getPair(association, 'EventType')?.value, (v) => v === undefined || !RESPONSE_EVENTS.has(v));
}

/**
 * Whether a function on the behaviour may set the headers itself: before response headers policies
 * existed, a Lambda@Edge or CloudFront function on `origin-response`/`viewer-response` was the way to
 * add HSTS and the rest, and many distributions still add them that way. A list the template hides counts.
 */
function responseFunction(behaviour: MapNode): boolean {
  const lists = ['LambdaFunctionAssociations', 'FunctionAssociations'].map((key) => getPair(behaviour, key)?.value ?? null);
  const onResponse = (list: Node | null): boolean => {
    if (unwritten(list)) return false;
    const branches = ifBranches(list);
    if (branches) return branches.some(onResponse);
    if (!list || list.kind !== 'seq' || list.tag) return true;
    return list.items.some(associationOnResponse);
  };
  return lists.some(onResponse);
}

export const cloudfrontSecurityHeadersMissing: CfnRule = {
  meta: {
    id: 'cloudfront-security-headers-missing',
    title: 'CloudFront default behaviour without security headers',
    severity: 'information',
    fix: 'safe',
    e8: ['UAH'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::CloudFront::Distribution` whose `DefaultCacheBehavior` has no `ResponseHeadersPolicyId`, so CloudFront adds no ' +
        'security headers to what the origin returns. A default behaviour with a Lambda@Edge or CloudFront function on a ' +
        'response event (`origin-response`, `viewer-response`), which can add the headers itself, is not reported.',
      why:
        'Browser-side hardening is switched on by response headers: `Strict-Transport-Security` makes browsers refuse plain HTTP ' +
        'for the site on later visits, `X-Frame-Options` stops other sites framing yours for clickjacking, ' +
        '`X-Content-Type-Options: nosniff` stops a download being run as script, and `Referrer-Policy` keeps full URLs (and ' +
        'the tokens in them) from leaking to other sites. Origins such as S3 buckets cannot send these headers themselves, and ' +
        'setting them once at the edge covers every origin behind the distribution.',
      fix:
        `Set \`ResponseHeadersPolicyId\` on the default cache behaviour. The quick fix inserts \`${SECURITY_HEADERS_POLICY}\`, ` +
        'the id of the managed SecurityHeadersPolicy (HSTS for a year, nosniff, SAMEORIGIN framing, strict-origin-when-cross-origin ' +
        'referrers, XSS filtering); it is safe and runs in "Fix all". A site that must be framed by other origins, or that needs ' +
        'a Content-Security-Policy or CORS headers, should reference a response headers policy of its own instead ' +
        '(`AWS::CloudFront::ResponseHeadersPolicy`).',
      bad: distributionExample('DefaultCacheBehavior:\n  TargetOriginId: site\n  ViewerProtocolPolicy: https-only'),
      good: distributionExample(
        `DefaultCacheBehavior:\n  TargetOriginId: site\n  ViewerProtocolPolicy: https-only\n  ResponseHeadersPolicyId: ${SECURITY_HEADERS_POLICY}`,
      ),
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const { resource, config } of distributions(template)) {
      const behaviour = mapAt(config, 'DefaultCacheBehavior');
      if (!behaviour) continue;
      // An empty id counts as none; any intrinsic (a policy of the template, a parameter) counts as set.
      const pair = getPair(behaviour, 'ResponseHeadersPolicyId');
      if (!badScalar(pair?.value, (v) => v === undefined || v === '') || responseFunction(behaviour)) continue;
      const id = resource.logicalId;
      const empty = pair && !unwritten(pair.value);
      out.push({
        ruleId: 'cloudfront-security-headers-missing',
        ...(empty ? pairSpan(template.doc.text, pair) : idSpan(resource)),
        message:
          `The default cache behaviour of distribution ${id} has ${empty ? 'an empty' : 'no'} ResponseHeadersPolicyId, so responses ` +
          'carry no HSTS, framing, content-type or referrer protection unless the origin adds them.',
        resource: id,
        fix: {
          title: `Add the managed SecurityHeadersPolicy to distribution ${id}`,
          safety: 'safe',
          edits: () => {
            const edit = ensurePath(template.doc, ctx.style, behaviour, ['ResponseHeadersPolicyId'], SECURITY_HEADERS_POLICY);
            return edit ? [edit] : null;
          },
        },
      });
    }
    return out;
  },
};
