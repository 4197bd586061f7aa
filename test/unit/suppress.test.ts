// Suppressions in every supported form, the mapping of other tools' ids, and the edit that
// writes our own form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { expandAnchor, suppressionTable } from '../../server/src/core/suppress';
import { suppressionEdit } from '../../server/src/core/suppress-edit';
import { allRules } from '../../server/src/core/rules/registry';
import { applyEdits } from '../../server/src/core/text';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n';

function ids(text: string): string[] {
  return analyzeText(text).findings.map((f) => `${f.ruleId}@${f.resource}`);
}

const plain = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n`;

test('the unsuppressed template has the finding the other cases hide', () => {
  assert.deepEqual(ids(plain).filter((i) => i.startsWith('s3-versioning-off')), ['s3-versioning-off@Open']);
});

test('our Metadata form on a resource hides only that resource and rule', () => {
  const text = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    Metadata:\n      aws-hardening:\n        ignore:\n          - id: s3-versioning-off\n            reason: scratch data, rebuilt nightly\n  Other:\n    Type: AWS::S3::Bucket\n`;
  const found = ids(text).filter((i) => i.startsWith('s3-versioning-off'));
  assert.deepEqual(found, ['s3-versioning-off@Other']);
});

test('our Metadata form at template level hides the rule everywhere', () => {
  const text = `${HEAD}Metadata:\n  aws-hardening:\n    ignore: [{id: s3-versioning-off, reason: sandbox account}]\nResources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n`;
  assert.deepEqual(ids(text).filter((i) => i.startsWith('s3-versioning-off')), []);
});

test('the YAML comment form works on the line and on the line above', () => {
  const above = `${HEAD}Resources:\n  # aws-hardening-ignore s3-versioning-off replicated elsewhere\n  Open:\n    Type: AWS::S3::Bucket\n`;
  const same = `${HEAD}Resources:\n  Open: # aws-hardening-ignore s3-versioning-off replicated elsewhere\n    Type: AWS::S3::Bucket\n`;
  const otherRule = `${HEAD}Resources:\n  # aws-hardening-ignore s3-public-acl not this one\n  Open:\n    Type: AWS::S3::Bucket\n`;
  assert.deepEqual(ids(above).filter((i) => i.startsWith('s3-versioning-off')), []);
  assert.deepEqual(ids(same).filter((i) => i.startsWith('s3-versioning-off')), []);
  assert.deepEqual(ids(otherRule).filter((i) => i.startsWith('s3-versioning-off')), ['s3-versioning-off@Open']);
});

test('checkov skip (Metadata and comment) and Guard SuppressedRules map to our ids', () => {
  const checkovMeta = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_21\n            comment: logs only\n`;
  const checkovComment = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    # checkov:skip=CKV_AWS_21:logs only\n    Properties: {BucketName: x}\n`;
  const guard = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    Metadata:\n      guard:\n        SuppressedRules: [S3_BUCKET_VERSIONING_ENABLED]\n`;
  for (const text of [checkovMeta, checkovComment, guard]) {
    assert.deepEqual(ids(text).filter((i) => i.startsWith('s3-versioning-off')), [], text);
  }
});

test('cfn-lint ignore_checks and cfn_nag rules_to_suppress are read (by mapped id or our id)', () => {
  const cfnLint = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [s3-versioning-off]\n`;
  const cfnNag = `${HEAD}Resources:\n  Open:\n    Type: AWS::S3::Bucket\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: s3-versioning-off\n            reason: test\n`;
  for (const text of [cfnLint, cfnNag]) assert.deepEqual(ids(text).filter((i) => i.startsWith('s3-versioning-off')), [], text);
  // An unrelated id of another tool hides nothing.
  const unrelated = cfnNag.replace('id: s3-versioning-off', 'id: W35');
  assert.deepEqual(ids(unrelated).filter((i) => i.startsWith('s3-versioning-off')), ['s3-versioning-off@Open']);
});

test('catalogue anchors expand into the ids other tools write', () => {
  assert.deepEqual(expandAnchor('CKV_AWS_53..56'), ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56']);
  assert.deepEqual(expandAnchor('F2..F5'), ['F2', 'F3', 'F4', 'F5']);
  assert.deepEqual(expandAnchor('CKV_AWS_20/57'), ['CKV_AWS_20', 'CKV_AWS_57']);
  assert.deepEqual(expandAnchor('W2531/E2531'), ['W2531', 'E2531']);
  assert.deepEqual(expandAnchor('cfn-lint E0000'), ['E0000']);
  const table = suppressionTable(allRules);
  assert.ok(table.get('CKV_AWS_21')?.has('s3-versioning-off'));
});

test('"Suppress with reason" writes a comment above the finding in YAML', () => {
  const finding = analyzeText(plain).findings.find((f) => f.ruleId === 's3-versioning-off')!;
  const edit = suppressionEdit(plain, { ruleId: finding.ruleId, offset: finding.start, resource: finding.resource, reason: ' data is\nreproducible ' })!;
  const after = applyEdits(plain, [edit]);
  assert.match(after, /\n {2}# aws-hardening-ignore s3-versioning-off data is reproducible\n {2}Open:\n/);
  assert.deepEqual(ids(after).filter((i) => i.startsWith('s3-versioning-off')), []);
  assert.equal(suppressionEdit(plain, { ...finding, ruleId: finding.ruleId, offset: finding.start, reason: '   ' }), null, 'a reason is required');
});

test('"Suppress with reason" writes our Metadata form in JSON, merging with what is there', () => {
  const json = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Open": {\n      "Type": "AWS::S3::Bucket"\n    }\n  }\n}\n';
  const finding = analyzeText(json).findings.find((f) => f.ruleId === 's3-versioning-off')!;
  const request = { ruleId: finding.ruleId, offset: finding.start, resource: 'Open', reason: 'scratch' };
  const once = applyEdits(json, [suppressionEdit(json, request)!]);
  assert.deepEqual(JSON.parse(once).Resources.Open.Metadata, { 'aws-hardening': { ignore: [{ id: 's3-versioning-off', reason: 'scratch' }] } });
  assert.deepEqual(ids(once).filter((i) => i.startsWith('s3-versioning-off')), []);
  const twice = applyEdits(once, [suppressionEdit(once, { ...request, ruleId: 's3-public-acl', reason: 'second' })!]);
  assert.equal(JSON.parse(twice).Resources.Open.Metadata['aws-hardening'].ignore.length, 2, 'appended, not overwritten');
});

test('a suppression on the resource a finding sits in hides it, even when the finding names another resource', () => {
  // s3-policy-public-principal underlines the Principal inside the policy but names the bucket.
  const policy = (metadata: string): string =>
    `${HEAD}Resources:\n  Site:\n    Type: AWS::S3::Bucket\n  SitePolicy:\n    Type: AWS::S3::BucketPolicy\n${metadata}` +
    '    Properties:\n      Bucket: !Ref Site\n      PolicyDocument:\n        Statement:\n' +
    '          - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: !Sub "${Site.Arn}/*"}\n';
  assert.deepEqual(ids(policy('')).filter((i) => i.startsWith('s3-policy-public-principal')), ['s3-policy-public-principal@Site']);
  const cfnNag = '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: F16\n            reason: public website\n';
  const ours = '    Metadata:\n      aws-hardening:\n        ignore: [{id: s3-policy-public-principal, reason: public website}]\n';
  for (const metadata of [cfnNag, ours]) {
    const found = ids(policy(metadata));
    assert.deepEqual(found.filter((i) => i.startsWith('s3-policy-public-principal')), [], metadata);
    // The bucket's own findings stay: the suppression is on the policy, not on the bucket.
    assert.ok(found.includes('s3-versioning-off@Site'), metadata);
  }
});
