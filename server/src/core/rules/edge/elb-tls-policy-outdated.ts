import { ensurePath } from '../../cfn/edit';
import { getPair } from '../../cfn/model';
import { literal } from '../../cfn/template';
import type { CfnRule, CheckFinding, Fix } from '../types';
import { listenersOn } from './elb';
import { badScalar, idSpan, pairSpan, replaceFix, textOf, unwritten } from './util';

const TARGET = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * A FIPS or post-quantum policy is replaced by the TLS 1.2+ policy of the same family, so the fix
 * does not quietly drop a FIPS requirement or hybrid key exchange the owner chose.
 */
function replacement(policy: string | undefined): string {
  const fips = policy?.includes('-FIPS') ?? false;
  const pq = policy?.includes('-PQ-') ?? false;
  if (fips && pq) return 'ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09';
  if (pq) return 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09';
  if (fips) return 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04';
  return TARGET;
}

/**
 * Predefined ELBv2 security policies that accept TLS below 1.2, with the oldest version each
 * accepts, from the "protocols by policy" tables of the Application and Network Load Balancer
 * guides (TLS, FIPS, FS and post-quantum policies). Every other name, a future policy or a
 * parameter included, is not reported.
 */
export const OUTDATED: ReadonlyMap<string, '1.0' | '1.1'> = new Map([
  ['ELBSecurityPolicy-2015-05', '1.0'],
  ['ELBSecurityPolicy-2016-08', '1.0'],
  ['ELBSecurityPolicy-TLS-1-0-2015-04', '1.0'],
  ['ELBSecurityPolicy-TLS-1-1-2017-01', '1.1'],
  ['ELBSecurityPolicy-FS-2018-06', '1.0'],
  ['ELBSecurityPolicy-FS-1-1-2019-08', '1.1'],
  ['ELBSecurityPolicy-TLS13-1-0-2021-06', '1.0'],
  ['ELBSecurityPolicy-TLS13-1-1-2021-06', '1.1'],
  ['ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04', '1.0'],
  ['ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04', '1.1'],
  ['ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', '1.0'],
  ['ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09', '1.0'],
]);

/**
 * The policy CloudFormation applies when `SslPolicy` is not written. The guides state that
 * listeners created through the API, the CLI, CloudFormation or the CDK get
 * ELBSecurityPolicy-2016-08 (only the console picks a TLS 1.2+ policy), and that policy accepts
 * TLS 1.0 and 1.1, so an HTTPS or TLS listener without `SslPolicy` is reported.
 */
const CFN_DEFAULT = 'ELBSecurityPolicy-2016-08';

export function accepts(version: '1.0' | '1.1'): string {
  return version === '1.0' ? 'TLS 1.0 and TLS 1.1' : 'TLS 1.1';
}

export const elbTlsPolicyOutdated: CfnRule = {
  meta: {
    id: 'elb-tls-policy-outdated',
    title: 'Load balancer listener accepting TLS below 1.2',
    severity: 'warning',
    fix: 'safe',
    e8: ['+TLS'],
    anchors: ['CKV_AWS_103', 'W55', 'ELB.17'],
    language: 'cloudformation',
    docs: {
      what:
        'An HTTPS or TLS `AWS::ElasticLoadBalancingV2::Listener` whose `SslPolicy` is a predefined policy that accepts TLS 1.0 ' +
        'or 1.1 (`ELBSecurityPolicy-2016-08`, `-2015-05`, `-TLS-1-0-2015-04`, `-TLS-1-1-2017-01`, `-FS-2018-06`, ' +
        '`-FS-1-1-2019-08`, `-TLS13-1-0-2021-06`, `-TLS13-1-1-2021-06` and their FIPS and post-quantum variants), or that has ' +
        `no \`SslPolicy\`: listeners created through CloudFormation then get \`${CFN_DEFAULT}\`.`,
      why:
        'TLS 1.0 and 1.1 were deprecated in 2021 (RFC 8996): they depend on SHA-1 and CBC constructions with practical attacks, ' +
        'and keeping them lets an attacker on the path push clients down to them. PCI DSS, the ASD guidance and AWS Security Hub ' +
        'all expect load balancers to refuse them; clients that still need them are a decade old.',
      fix:
        `Set \`SslPolicy: ${TARGET}\` (TLS 1.3 and 1.2 with forward-secret ciphers), or another TLS 1.2+ policy such as a ` +
        'FIPS or post-quantum `-TLS13-1-2-` one. The quick fix writes or replaces the value, keeping a FIPS or post-quantum ' +
        'policy in its family (`-TLS13-1-2-FIPS-2023-04`, `-TLS13-1-2-PQ-2025-09`, `-TLS13-1-2-FIPS-PQ-2025-09`); it is safe and runs in "Fix all": ' +
        'every browser and HTTP library of the last decade negotiates TLS 1.2 or 1.3 with these ciphers. Check the load ' +
        'balancer\'s access or connection logs for `TLSv1`/`TLSv1.1` first if very old devices call it.',
      bad: 'Https:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    Protocol: HTTPS\n    Port: 443\n    SslPolicy: ELBSecurityPolicy-2016-08',
      good: `Https:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    Protocol: HTTPS\n    Port: 443\n    SslPolicy: ${TARGET}`,
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const listener of listenersOn(template, ['HTTPS', 'TLS'])) {
      const pair = getPair(listener.properties, 'SslPolicy');
      if (!badScalar(pair?.value, (v) => OUTDATED.has(v ?? CFN_DEFAULT))) continue;
      const id = listener.resource.logicalId;
      const protocol = listener.protocol ?? 'HTTPS/TLS';
      const value = textOf(pair?.value);
      const target = replacement(value);
      const title = `Use ${target} on listener ${id}`;
      const scalar = literal(pair?.value);
      let fix: Fix | undefined;
      if (scalar) fix = replaceFix(template.doc, scalar, target, title, 'safe');
      else if (unwritten(pair?.value)) {
        fix = {
          title,
          safety: 'safe',
          edits: () => {
            const edit = ensurePath(template.doc, ctx.style, listener.properties, ['SslPolicy'], TARGET);
            return edit ? [edit] : null;
          },
        };
      }
      let place: { start: number; end: number; message: string };
      if (value !== undefined && pair) {
        place = { ...pairSpan(template.doc.text, pair), message: `${protocol} listener ${id} accepts ${accepts(OUTDATED.get(value)!)} (SslPolicy: ${value}), deprecated since 2021.` };
      } else if (pair && !unwritten(pair.value)) {
        place = { ...pairSpan(template.doc.text, pair), message: `${protocol} listener ${id} uses an SslPolicy accepting TLS below 1.2 in every branch.` };
      } else {
        place = {
          ...idSpan(listener.resource),
          message: `${protocol} listener ${id} has no SslPolicy, so CloudFormation applies ${CFN_DEFAULT}, which accepts TLS 1.0 and TLS 1.1.`,
        };
      }
      out.push({ ruleId: 'elb-tls-policy-outdated', ...place, resource: id, ...(fix ? { fix } : {}) });
    }
    return out;
  },
};
