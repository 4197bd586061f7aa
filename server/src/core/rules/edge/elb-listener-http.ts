import type { CfnRule, CheckFinding } from '../types';
import { defaultRoutings, listenersOn } from './elb';
import { pairSpan, portSuffix } from './util';

/**
 * The sentence for a plain-HTTP listener (`who` names it, `on` is ` on port 80` or empty), shared
 * with the live scan: serving in clear, only redirecting, or redirecting under some conditions.
 */
export function httpListenerMessage(who: string, on: string, routing: 'plain' | 'redirect' | 'sometimes'): string {
  if (routing === 'plain') {
    return `${who} serves plain HTTP${on} without redirecting to HTTPS, so credentials, cookies and data cross the network unencrypted and can be read or changed on the way.`;
  }
  if (routing === 'redirect') {
    return `${who} accepts plain HTTP${on} only to redirect it to HTTPS; the first request still travels unencrypted, so keep it for addresses people type and add HSTS.`;
  }
  return `${who} accepts plain HTTP${on} and redirects it to HTTPS only under some conditions, serving it unencrypted otherwise.`;
}

export const elbListenerHttp: CfnRule = {
  meta: {
    id: 'elb-listener-http',
    title: 'Load balancer listener on plain HTTP',
    severity: 'warning',
    fix: 'none',
    e8: ['+TLS'],
    anchors: ['CKV_AWS_2', 'W56'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::ElasticLoadBalancingV2::Listener` with `Protocol: HTTP`. It is a warning when its default actions serve the ' +
        'request (forward, fixed response, authenticate), and information when they only redirect to HTTPS ' +
        '(`Type: redirect` with `RedirectConfig.Protocol: HTTPS`). Rules attached with `ListenerRule` are not read.',
      why:
        'A listener on plain HTTP carries requests and responses unencrypted between the client and the load balancer: ' +
        'passwords, session cookies, API keys and personal data can be read and altered by anyone on the path. A redirect to ' +
        'HTTPS is the accepted way to catch people typing a bare address, but even then the first request, its URL and any ' +
        'cookie not marked `Secure` travel in clear text before the redirect.',
      fix:
        'Serve the application on an HTTPS listener (port 443, an ACM certificate and a current `SslPolicy`) and change the ' +
        'HTTP listener\'s default action to `Type: redirect` with `RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: ' +
        'HTTP_301}`, or remove it when no person types the address (APIs, internal services). There is no quick fix: the HTTPS ' +
        'listener needs a certificate only you can choose. Add HSTS on the HTTPS side so returning browsers skip the HTTP hop.',
      bad: 'Http:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    Protocol: HTTP\n    Port: 80\n    DefaultActions:\n      - Type: forward\n        TargetGroupArn: !Ref App',
      // A redirect-only HTTP listener is still reported (as information), so the clean example is the HTTPS listener.
      good:
        'Https:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    Protocol: HTTPS\n    Port: 443\n' +
        '    Certificates:\n      - CertificateArn: !Ref Certificate\n    SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n' +
        '    DefaultActions:\n      - Type: forward\n        TargetGroupArn: !Ref App',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const listener of listenersOn(template, ['HTTP'])) {
      const routings = defaultRoutings(listener);
      // An action we cannot read might be anything: no finding rather than a guess.
      if (routings.includes('unknown')) continue;
      const id = listener.resource.logicalId;
      const on = portSuffix(listener.properties, 'Port');
      const base = { ruleId: 'elb-listener-http', ...pairSpan(template.doc.text, listener.protocolPair), resource: id };
      const who = `Listener ${id}`;
      if (routings.every((r) => r === 'plain')) out.push({ ...base, message: httpListenerMessage(who, on, 'plain') });
      else out.push({ ...base, severity: 'information', message: httpListenerMessage(who, on, routings.every((r) => r === 'redirect') ? 'redirect' : 'sometimes') });
    }
    return out;
  },
};
