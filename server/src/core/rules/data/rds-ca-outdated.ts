import { replaceScalar } from '../../cfn/edit';
import { getPair } from '../../cfn/model';
import type { CfnRule, CheckFinding } from '../types';
import { literal } from '../../cfn/template';
import { badProperty, resourceRange } from './util';

/**
 * RDS certificate authorities past their expiry, with the day they expired. Kept as data and
 * compared with the current date so the rule stays right as further CAs age out.
 */
const CA_EXPIRY: Readonly<Record<string, string>> = {
  'rds-ca-2015': '2020-03-05',
  'rds-ca-2019': '2024-08-22',
};

/** The default CA for new instances since January 2024, valid for decades. */
export const REPLACEMENT_CA = 'rds-ca-rsa2048-g1';

/** The day a CA named by its identifier expired, when it has by `now`. */
export function expiredOn(value: string, now: Date): string | undefined {
  const day = CA_EXPIRY[value.toLowerCase()];
  return day !== undefined && now.getTime() >= Date.parse(`${day}T00:00:00Z`) ? day : undefined;
}

export const rdsCaOutdated: CfnRule = {
  meta: {
    id: 'rds-ca-outdated',
    title: 'RDS instance using an expired certificate authority',
    severity: 'error',
    fix: 'unsafe',
    e8: ['PA', '+TLS'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what: 'An `AWS::RDS::DBInstance` whose `CACertificateIdentifier` names a certificate authority that has expired (`rds-ca-2015`, `rds-ca-2019`).',
      why:
        'The CA signs the certificate the database presents for TLS. Once it has expired, clients that verify the server ' +
        'certificate refuse to connect, and clients that have been told not to verify it are open to anyone who can sit in ' +
        'the middle of the connection. rds-ca-2019 expired on 2024-08-22; rds-ca-rsa2048-g1 has been the default for new ' +
        'instances since 2024-01-25, with rds-ca-rsa4096-g1 and rds-ca-ecc384-g1 as the other current choices.',
      fix:
        `Set \`CACertificateIdentifier: ${REPLACEMENT_CA}\`. The quick fix replaces the value and is unsafe: most engines restart ` +
        'the instance to change its CA (a short outage, unless `CertificateRotationRestart: false` defers the change to the next ' +
        'restart), and every client that verifies the server certificate needs the new CA bundle in its trust store before ' +
        'the change, or it fails to connect afterwards. Roll the bundle out to clients first, then apply the fix.',
      bad: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    CACertificateIdentifier: rds-ca-2019',
      good: `Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    CACertificateIdentifier: ${REPLACEMENT_CA}`,
    },
  },
  check({ template, now }) {
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (resource.type !== 'AWS::RDS::DBInstance') continue;
      const isOutdated = (leaf: ReturnType<typeof literal>): boolean => leaf !== undefined && expiredOn(String(leaf.value), now) !== undefined;
      if (!badProperty(resource, ['CACertificateIdentifier'], isOutdated)) continue;
      const pair = getPair(resource.properties, 'CACertificateIdentifier');
      const scalar = literal(pair?.value);
      const id = resource.logicalId;
      const value = scalar ? String(scalar.value) : undefined;
      const day = value !== undefined ? expiredOn(value, now) : undefined;
      out.push({
        ruleId: 'rds-ca-outdated',
        ...resourceRange(template.doc.text, resource, ['CACertificateIdentifier']),
        message:
          value !== undefined && day !== undefined
            ? `DB instance ${id} uses CA ${value}, which expired on ${day}, so clients that verify the server certificate can no longer trust it.`
            : `DB instance ${id} uses an expired CA in every branch, so clients that verify the server certificate can no longer trust it.`,
        resource: id,
        fix: {
          title: `Use CA ${REPLACEMENT_CA} for DB instance ${id} (restarts most engines; clients need the new CA bundle)`,
          safety: 'unsafe',
          edits: () => (scalar && value !== REPLACEMENT_CA ? [replaceScalar(template.doc, scalar, REPLACEMENT_CA)] : null),
        },
      });
    }
    return out;
  },
};
