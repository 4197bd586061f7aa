// What the accounts view shows under a profile: groups by strategy or service with counts by
// severity, the scan's own failures apart, labels, and when a profile must sign in first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  countBySeverity,
  countsText,
  failureLabel,
  findingLabel,
  groupFindings,
  needsSignIn,
  profileDescription,
  scanGroup,
  serviceOf,
  strategiesOf,
} from '../../client/src/account/groups';
import type { AccountFindingInfo, AccountProfileInfo, ProfileScanInfo } from '../../server/src/protocol';

function finding(ruleId: string, severity: AccountFindingInfo['severity'], name: string, extra: Partial<AccountFindingInfo> = {}): AccountFindingInfo {
  return {
    ruleId,
    severity,
    message: `${ruleId} on ${name}. More detail here.`,
    resource: `arn:aws:x:::${name}`,
    resourceName: name,
    account: '111122223333',
    region: 'eu-west-1',
    profile: 'prod',
    stack: null,
    logicalId: null,
    ...extra,
  };
}

const FINDINGS: AccountFindingInfo[] = [
  finding('s3-versioning-off', 'warning', 'orders'),
  finding('s3-mfa-delete-off', 'information', 'orders'),
  finding('iam-root-mfa-off', 'error', 'root', { region: 'global' }),
  finding('sg-admin-port-open-to-world', 'error', 'sg-1'),
  finding('ec2-imdsv1-allowed', 'warning', 'i-1'),
  finding('scan-not-permitted', 'warning', 'arn:aws:s3:::logs', { evidence: { action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::logs', error: 'AccessDenied' } }),
  finding('scan-truncated', 'information', 'arn:aws:s3:::', { evidence: { action: 's3:ListBuckets', resource: 'arn:aws:s3:::', pages: 1000 } }),
];

test('by strategy: groups in Essential Eight order, a finding under each of its strategies, scan findings left out', () => {
  const groups = groupFindings(FINDINGS, 'strategy');
  assert.deepEqual(
    groups.map((g) => [g.key, g.findings.map((f) => f.ruleId)]),
    [
      ['UAH', ['ec2-imdsv1-allowed']],
      ['RAP', ['sg-admin-port-open-to-world']],
      ['MFA', ['iam-root-mfa-off', 's3-mfa-delete-off']],
      ['BK', ['s3-versioning-off', 's3-mfa-delete-off']],
      ['+NET', ['sg-admin-port-open-to-world', 'ec2-imdsv1-allowed']],
    ],
  );
  assert.equal(groups.find((g) => g.key === 'BK')?.label, 'Regular backups');
  assert.deepEqual(groups.find((g) => g.key === 'MFA')?.counts, { error: 1, warning: 0, information: 1 });
});

test('by service: rule prefixes that name one service share a group', () => {
  const groups = groupFindings(FINDINGS, 'service');
  assert.deepEqual(
    groups.map((g) => [g.label, g.findings.length]),
    [
      ['EC2 and VPC', 2],
      ['IAM', 1],
      ['S3', 2],
    ],
  );
  assert.equal(serviceOf('vpc-flow-logs-off').key, 'ec2');
  assert.equal(serviceOf('vpce-s3-policy-unrestricted').key, 'vpce');
  assert.equal(serviceOf('dns-caa-missing').key, 'route53');
  assert.equal(serviceOf('route53-dnssec-off').key, 'route53');
  assert.equal(serviceOf('newsvc-thing').label, 'newsvc');
});

test("the scan's own findings form one group; an unknown rule falls under no strategy", () => {
  const group = scanGroup(FINDINGS);
  assert.deepEqual(group?.findings.map((f) => f.ruleId), ['scan-not-permitted', 'scan-truncated']);
  assert.equal(scanGroup(FINDINGS.slice(0, 2)), undefined);
  assert.deepEqual(strategiesOf('a-rule-from-a-newer-server'), ['—']);
  assert.equal(groupFindings([finding('a-rule-from-a-newer-server', 'warning', 'x')], 'strategy')[0]?.label, 'Other');
});

test('counts and labels', () => {
  assert.equal(countsText(countBySeverity(FINDINGS)), '2 errors · 3 warnings · 2 info');
  assert.equal(countsText({ error: 1, warning: 0, information: 0 }), '1 error');
  assert.equal(countsText({ error: 0, warning: 0, information: 0 }), 'none');
  assert.equal(findingLabel(FINDINGS[0]!), 'orders: s3-versioning-off on orders');
  assert.equal(failureLabel(FINDINGS[5]!), 's3:GetBucketPolicy on arn:aws:s3:::logs');
  assert.equal(failureLabel(finding('scan-not-permitted', 'warning', '111122223333', { evidence: { collector: 'S3 buckets', error: 'Boom' } })), 'Reading S3 buckets');
});

const SSO = { startUrl: 'https://example.awsapps.com/start', region: 'eu-west-1', signInCommand: 'aws sso login --profile dev' };

function profile(token?: 'signed-out' | 'unreadable' | 'expired' | 'valid', refreshable?: boolean): AccountProfileInfo {
  return { name: 'dev', kind: token ? 'sso' : 'keys', region: 'eu-west-1', ...(token ? { sso: { ...SSO, token, ...(refreshable === undefined ? {} : { refreshable }) } } : {}) };
}

function scan(error?: string): ProfileScanInfo {
  return { profile: 'dev', regions: [], findings: [], notes: [], calls: 0, ...(error ? { error } : {}) };
}

test('a profile needs to sign in when its token is missing or expired beyond renewal, or the scan says so', () => {
  assert.equal(needsSignIn(profile('signed-out'), undefined), true);
  assert.equal(needsSignIn(profile('unreadable'), undefined), true);
  assert.equal(needsSignIn(profile('expired', false), undefined), true);
  assert.equal(needsSignIn(profile('expired', true), undefined), false);
  assert.equal(needsSignIn(profile('expired', true), scan('The IAM Identity Center sign-in of profile dev expired: run `aws sso login --profile dev`.')), true);
  assert.equal(needsSignIn(profile('valid'), scan('Profile dev: the network did not let the call through (ENOTFOUND): x')), false);
  assert.equal(needsSignIn(profile(), scan('Profile dev: the network did not let the call through (ENOTFOUND): x')), false);
  assert.equal(needsSignIn(undefined, scan('Profile dev is signed out of IAM Identity Center (no token for x): run `aws sso login --profile dev`.')), true);
});

test("a profile's description: account, alias and regions once scanned, its kind and region before", () => {
  const scanned: ProfileScanInfo = { ...scan(), identity: { account: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/A/me', alias: 'shop' }, regions: ['eu-west-1', 'us-east-1'] };
  assert.equal(profileDescription(profile('valid'), scanned), '111122223333 (shop) · eu-west-1, us-east-1');
  assert.equal(profileDescription(profile('valid'), undefined), 'sso · eu-west-1');
  assert.equal(profileDescription(undefined, { ...scanned, regions: ['a', 'b', 'c', 'd', 'e'] }), '111122223333 (shop) · a, b, c +2');
});
