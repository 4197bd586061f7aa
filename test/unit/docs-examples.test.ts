// Every rule's documented examples hold: the "Flagged" (docs.bad) example has a finding of the rule
// and the "Not flagged" (docs.good) example has none, analysed as the language the rule reads.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { allRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions, RuleMeta } from '../../server/src/core/rules/types';

const NOW = new Date('2026-11-23T00:00:00Z');

const API_ANSWER = 'an account rule: the examples are API answers, not a document; its decisions are tested on the collectors\' states (account-live-fixtures)';
const CERT_FIELDS = 'the examples are the certificate\'s fields as `openssl x509 -text` prints them, since a whole certificate\'s base64 would hide the point';

/** Rules whose examples are deliberately not documents to analyse, each with the reason. */
const NOT_ANALYSABLE: Readonly<Record<string, string>> = {
  's3-mfa-delete-off': API_ANSWER,
  's3-account-public-access-not-blocked': API_ANSWER,
  'iam-root-mfa-off': API_ANSWER,
  'iam-password-policy-weak': API_ANSWER,
  'cloudtrail-missing': API_ANSWER,
  'ec2-imdsv1-allowed': API_ANSWER,
  'scan-not-permitted': API_ANSWER,
  'scan-truncated': API_ANSWER,
  'pem-syntax': 'the examples abridge the base64 body (`MIIB…`) to show only where the END line is missing',
  'pem-cert-expired': CERT_FIELDS,
  'pem-cert-expiring': CERT_FIELDS,
  'pem-cert-not-yet-valid': CERT_FIELDS,
  'pem-weak-signature': CERT_FIELDS,
  'pem-weak-key': CERT_FIELDS,
};

/**
 * Rules whose docs have no examples yet: the parsers' syntax rules and most zone rules. Listed so
 * that adding examples (which then run here) or dropping them from another rule is noticed.
 */
const WITHOUT_EXAMPLES = [
  'cfn-syntax', 'document-too-large', 'dns-syntax', 'dns-cname-and-other-data', 'dns-caa-missing', 'dns-caa-invalid',
  'dns-spf-multiple', 'dns-spf-permissive', 'dns-spf-too-many-lookups', 'dns-spf-rr-type', 'dns-dmarc-missing',
  'dns-dmarc-not-enforced', 'dns-dmarc-invalid', 'dns-tlsrpt-missing', 'dns-mta-sts-missing', 'dns-mta-sts-invalid',
  'dns-ttl-long', 'dns-ns-ttl-long', 'dns-soa-rname-invalid', 'dns-dnssec-unsigned',
];

const TEMPLATE_SECTIONS = /^(AWSTemplateFormatVersion|Description|Metadata|Parameters|Mappings|Conditions|Transform|Resources|Outputs|Rules|Globals)\s*:/m;

/** A template example is a fragment of the Resources map unless it is written as a whole template. */
function asDocument(meta: RuleMeta, example: string): string {
  if (meta.language !== 'cloudformation') return example;
  if (example.trimStart().startsWith('{') || TEMPLATE_SECTIONS.test(example)) return example;
  return `Resources:\n${example.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n')}\n`;
}

function options(meta: RuleMeta): AnalysisOptions {
  const language = meta.language === 'dns' ? 'dns-zone' : meta.language === 'pem' ? 'pem' : 'cloudformation';
  return { now: NOW, language, origin: 'example.com.', severities: { [meta.id]: meta.severity } };
}

function findingsOf(meta: RuleMeta, example: string): string[] {
  return analyzeText(asDocument(meta, example), options(meta)).findings.filter((f) => f.ruleId === meta.id).map((f) => f.message);
}

test('the lists of rules whose examples are not analysed are exact', () => {
  const ids = new Set(allRules.map((r) => r.id));
  for (const id of [...Object.keys(NOT_ANALYSABLE), ...WITHOUT_EXAMPLES]) assert.ok(ids.has(id), `${id} is not a rule`);
  for (const meta of allRules) {
    if (meta.language === 'account') assert.ok(NOT_ANALYSABLE[meta.id], `account rule ${meta.id} is not listed`);
  }
  const analysed = allRules.filter((r) => !NOT_ANALYSABLE[r.id]);
  const without = analysed.filter((r) => !r.docs.bad && !r.docs.good).map((r) => r.id);
  assert.deepEqual(without, WITHOUT_EXAMPLES);
  const halves = analysed.filter((r) => !r.docs.bad !== !r.docs.good).map((r) => r.id);
  assert.deepEqual(halves, [], 'a rule with one example needs the other');
});

describe('documented examples', () => {
  for (const meta of allRules) {
    if (NOT_ANALYSABLE[meta.id]) continue;
    const { bad, good } = meta.docs;
    if (bad) {
      test(`${meta.id}: the flagged example is flagged`, () => {
        assert.ok(findingsOf(meta, bad).length > 0, `no ${meta.id} finding in:\n${asDocument(meta, bad)}`);
      });
    }
    if (good) {
      test(`${meta.id}: the not-flagged example is not flagged`, () => {
        assert.deepEqual(findingsOf(meta, good), [], `in:\n${asDocument(meta, good)}`);
      });
    }
  }
});
