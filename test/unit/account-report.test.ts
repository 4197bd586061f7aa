// The scan's report formats over a fixed result: JSON in lint's shape plus where the resource is,
// SARIF with logical locations and stable fingerprints, CSV that no spreadsheet runs as a formula,
// Markdown with an Essential Eight scorecard, and text with control characters made visible.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScan, scanCsv, scanJson, scanMarkdown, scanSarif, scanText } from '../../server/src/account/report/formats';
import type { AccountFinding } from '../../server/src/account/scan/model';
import type { ScanResult } from '../../server/src/account/scan/scanner';

function finding(ruleId: string, severity: AccountFinding['severity'], resource: string, extra: Partial<AccountFinding> = {}): AccountFinding {
  return { ruleId, severity, message: `${ruleId} on ${resource}.`, resource, resourceName: resource.split(/[:/]/).pop()!, account: '111122223333', region: 'eu-west-1', profile: 'prod', stack: null, logicalId: null, ...extra };
}

const RESULT: ScanResult = {
  profiles: [
    {
      profile: 'prod',
      identity: { profile: 'prod', account: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/Audit/me', alias: 'shop-prod' },
      regions: ['eu-west-1'],
      notes: [],
      calls: 42,
      findings: [
        finding('s3-mfa-delete-off', 'information', 'arn:aws:s3:::orders'),
        finding('s3-versioning-off', 'warning', 'arn:aws:s3:::orders', { stack: 'shop', logicalId: 'OrdersBucket' }),
        finding('iam-root-mfa-off', 'error', 'arn:aws:iam::111122223333:root', { region: 'global' }),
        finding('dns-caa-missing', 'warning', 'arn:aws:route53:::hostedzone/Z1', { region: 'global', message: 'Zone =cmd|" /C calc"!A0, has no CAA.' }),
      ],
    },
    { profile: 'dev', regions: [], notes: [], calls: 0, findings: [], error: 'Profile dev is signed out of IAM Identity Center: run `aws sso login --profile dev`.' },
  ],
};

test('JSON has lint\'s keys (file and range null) plus account, region, profile, stack and logical id, errors first', () => {
  const doc = JSON.parse(scanJson(RESULT));
  assert.equal(doc.version, 1);
  assert.deepEqual(doc.profiles, [
    { profile: 'prod', account: '111122223333', alias: 'shop-prod', regions: ['eu-west-1'], error: null, notes: [] },
    { profile: 'dev', account: null, alias: null, regions: [], error: 'Profile dev is signed out of IAM Identity Center: run `aws sso login --profile dev`.', notes: [] },
  ]);
  assert.deepEqual(doc.findings.map((f: { ruleId: string }) => f.ruleId), ['iam-root-mfa-off', 'dns-caa-missing', 's3-versioning-off', 's3-mfa-delete-off']);
  assert.deepEqual(doc.findings[2], {
    ruleId: 's3-versioning-off',
    severity: 'warning',
    file: null,
    range: null,
    message: 's3-versioning-off on arn:aws:s3:::orders.',
    resource: 'arn:aws:s3:::orders',
    account: '111122223333',
    region: 'eu-west-1',
    profile: 'prod',
    stack: 'shop',
    logicalId: 'OrdersBucket',
  });
});

test('SARIF results name the resource as a logical location and carry a fingerprint stable across scans', () => {
  const log = JSON.parse(scanSarif(RESULT));
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.ok(ids.includes('iam-root-mfa-off') && ids.includes('scan-not-permitted'), 'the live rules are described');
  const result = run.results.find((r: { ruleId: string }) => r.ruleId === 's3-versioning-off');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 's3-versioning-off');
  assert.equal(result.level, 'warning');
  assert.deepEqual(result.locations, [{ logicalLocations: [{ name: 'orders', fullyQualifiedName: 'arn:aws:s3:::orders', kind: 'resource' }] }]);
  assert.deepEqual(result.partialFingerprints, { resource: 's3-versioning-off|111122223333|eu-west-1|arn:aws:s3:::orders' });
  assert.equal(run.results.find((r: { ruleId: string }) => r.ruleId === 's3-mfa-delete-off').level, 'note');
});

test('CSV quotes by RFC 4180 and defuses values a spreadsheet would run as formulas', () => {
  const lines = scanCsv(RESULT).split('\r\n');
  assert.equal(lines[0], 'severity,ruleId,account,region,profile,resource,stack,logicalId,message');
  assert.equal(lines.length, 6, 'header, four findings and the final line break');
  assert.equal(lines[2], `warning,dns-caa-missing,111122223333,global,prod,arn:aws:route53:::hostedzone/Z1,,,"Zone =cmd|"" /C calc""!A0, has no CAA."`);
  const formula = scanCsv({ profiles: [{ ...RESULT.profiles[0]!, findings: [finding('s3-versioning-off', 'warning', '=HYPERLINK("x")')] }] }).split('\r\n')[1];
  assert.equal(formula, `warning,s3-versioning-off,111122223333,eu-west-1,prod,"'=HYPERLINK(""x"")",,,"s3-versioning-off on =HYPERLINK(""x"")."`);
});

test('the Markdown report has a scorecard per account: counts per strategy by the maturity level each finding falls short of', () => {
  const text = scanMarkdown(RESULT, new Date('2026-12-06T10:00:00Z'));
  assert.match(text, /^# AWS Hardening account report\n\nScanned 2026-12-06 10:00 UTC\./);
  assert.match(text, /## Account 111122223333 \(shop-prod\)/);
  // Root MFA is short of ML1; versioning is a backup gap at ML1; MFA Delete is information, not counted.
  assert.match(text, /\| Multi-factor authentication \(MFA\) \| 1 \| 1 \| 0 \| 0 \| not yet ML1 \|/);
  assert.match(text, /\| Regular backups \(BK\) \| 1 \| 1 \| 0 \| 0 \| not yet ML1 \|/);
  assert.match(text, /\| Patch applications \(PA\) \| 0 \| 0 \| 0 \| 0 \| no gap found \|/);
  assert.match(text, /\| DNS and email hygiene \(beyond the Essential Eight\) \| 1 \| — \| — \| — \| gaps found \|/);
  assert.match(text, /## Profile dev\n\nProfile `dev`\.\n\n\*\*Not scanned:\*\* Profile dev is signed out/);
  // Text from the account cannot break the table.
  assert.match(text, /Zone =cmd\\\|" \/C calc"!A0, has no CAA\./);
});

test('text lists each profile, its findings and a count, with control characters from the API made visible', () => {
  const text = scanText({ profiles: [{ ...RESULT.profiles[0]!, findings: [finding('s3-versioning-off', 'warning', 'arn:aws:s3:::evil\u001b[2Jbucket')] }, RESULT.profiles[1]!] });
  assert.equal(
    text,
    [
      'Profile prod: account 111122223333 (shop-prod), eu-west-1',
      '  warning s3-versioning-off: s3-versioning-off on arn:aws:s3:::evil\\x1b[2Jbucket. [arn:aws:s3:::evil\\x1b[2Jbucket] (eu-west-1)',
      'Profile dev: not scanned',
      '  Profile dev is signed out of IAM Identity Center: run `aws sso login --profile dev`.',
      '1 finding in 1 account: 0 error, 1 warning, 0 information.',
    ].join('\n'),
  );
  assert.equal(formatScan(RESULT, 'text'), scanText(RESULT));
});
