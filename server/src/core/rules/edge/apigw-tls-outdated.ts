import { asMap, getPair, type MapNode } from '../../cfn/model';
import { literal, type Resource } from '../../cfn/template';
import type { CfnContext, CfnRule, CheckFinding } from '../types';
import { badScalar, pairSpan, replaceFix } from './util';

const OUTDATED = 'TLS_1_0';
const TARGET = 'TLS_1_2';

/**
 * Only the legacy `TLS_1_0` policy accepts TLS below 1.2. `TLS_1_2` and every enhanced policy
 * (`SecurityPolicy_TLS13_1_3_2025_09`, `SecurityPolicy_TLS13_1_2_2021_06`, the PQ, PFS, FIPS and
 * `_EDGE` variants) require TLS 1.2 or newer. A domain name without `SecurityPolicy` is not
 * reported: the API Gateway guide gives `TLS_1_2` as the default for regional, edge-optimised and
 * private custom domain names (the `TLS_1_0` default applies to the APIs' own endpoints).
 */
function finding({ template }: CfnContext, resource: Resource, map: MapNode, label: string): CheckFinding | undefined {
  const pair = getPair(map, 'SecurityPolicy');
  if (!pair || !badScalar(pair.value, (v) => v === OUTDATED)) return undefined;
  const scalar = literal(pair.value);
  const id = resource.logicalId;
  return {
    ruleId: 'apigw-tls-outdated',
    ...pairSpan(template.doc.text, pair),
    message:
      `${label} accepts TLS 1.0 and TLS 1.1 (SecurityPolicy: ${OUTDATED}${scalar ? '' : ' in every branch'}), ` +
      'deprecated since 2021; require TLS_1_2 or an enhanced policy.',
    resource: id,
    ...(scalar ? { fix: replaceFix(template.doc, scalar, TARGET, `Require TLS 1.2 on ${label[0]!.toLowerCase()}${label.slice(1)}`, 'safe') } : {}),
  };
}

export const apigwTlsOutdated: CfnRule = {
  meta: {
    id: 'apigw-tls-outdated',
    title: 'API Gateway custom domain accepting TLS 1.0',
    severity: 'warning',
    fix: 'safe',
    e8: ['+TLS'],
    anchors: ['APIGateway'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::ApiGateway::DomainName` with `SecurityPolicy: TLS_1_0`, or an `AWS::ApiGatewayV2::DomainName` with ' +
        '`SecurityPolicy: TLS_1_0` in an item of `DomainNameConfigurations`. `TLS_1_2` and the enhanced ' +
        '`SecurityPolicy_…` policies (TLS 1.2 or 1.3 only) pass, as does a domain name without the property, whose default is `TLS_1_2`.',
      why:
        'The `TLS_1_0` policy lets clients connect to the API with TLS 1.0 and 1.1, deprecated since 2021 (RFC 8996) for their ' +
        'reliance on SHA-1 and CBC constructions with practical attacks. Keeping them open allows downgrades on every request ' +
        'carrying API keys, bearer tokens and customer data, and fails PCI DSS and the AWS Config check for API Gateway domains.',
      fix:
        'Set `SecurityPolicy: TLS_1_2`, or an enhanced policy such as `SecurityPolicy_TLS13_1_2_2021_06` (which also needs an ' +
        'endpoint access mode). The quick fix replaces the value with `TLS_1_2`; it is safe and runs in "Fix all": every HTTP ' +
        'client of the last decade speaks TLS 1.2. The change takes some minutes to reach every endpoint of the domain.',
      bad: 'Api:\n  Type: AWS::ApiGateway::DomainName\n  Properties:\n    DomainName: api.example.com\n    SecurityPolicy: TLS_1_0',
      good: `Api:\n  Type: AWS::ApiGateway::DomainName\n  Properties:\n    DomainName: api.example.com\n    SecurityPolicy: ${TARGET}`,
    },
  },
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const resource of ctx.template.resources) {
      const properties = resource.properties;
      if (!properties) continue;
      if (resource.type === 'AWS::ApiGateway::DomainName') {
        const hit = finding(ctx, resource, properties, `Domain name ${resource.logicalId}`);
        if (hit) out.push(hit);
      } else if (resource.type === 'AWS::ApiGatewayV2::DomainName') {
        const list = getPair(properties, 'DomainNameConfigurations')?.value;
        if (!list || list.kind !== 'seq' || list.tag) continue;
        const configs = list.items.map((item) => asMap(item));
        configs.forEach((config, i) => {
          const label = configs.length > 1 ? `Configuration ${i + 1} of domain name ${resource.logicalId}` : `Domain name ${resource.logicalId}`;
          const hit = config ? finding(ctx, resource, config, label) : undefined;
          if (hit) out.push(hit);
        });
      }
    }
    return out;
  },
};
