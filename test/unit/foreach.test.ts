// Templates with Fn::ForEach loops (the AWS::LanguageExtensions transform): the resources a loop
// generates are not read, so rules that report a resource for lacking another one stay quiet,
// while the same template without the loop is reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';

const ABSENCE_RULES = ['vpc-flow-logs-off', 's3-tls-not-enforced', 'route53-dnssec-off', 'iam-user-console-without-mfa', 'dns-caa-missing'];

function template(withLoop: boolean): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::LanguageExtensions',
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      VersioningConfiguration: {Status: Enabled}',
    '  Zone:',
    '    Type: AWS::Route53::HostedZone',
    '    Properties:',
    '      Name: example.com',
    '  Person:',
    '    Type: AWS::IAM::User',
    '    Properties:',
    '      LoginProfile: {Password: "{{resolve:secretsmanager:first-password}}"}',
    ...(withLoop
      ? [
          '  Fn::ForEach::Guards:',
          '    - Kind',
          '    - [FlowLog, Policy]',
          '    - Guard${Kind}:',
          '        Type: AWS::CloudFormation::WaitConditionHandle',
        ]
      : []),
    '',
  ].join('\n');
}

test('without a Fn::ForEach loop the absence rules report', () => {
  const ids = new Set(analyzeText(template(false)).findings.map((f) => f.ruleId));
  for (const id of ABSENCE_RULES) assert.ok(ids.has(id), `${id} reports without a loop`);
});

test('with a Fn::ForEach loop the absence rules stay quiet, the others still report', () => {
  const ids = new Set(analyzeText(template(true)).findings.map((f) => f.ruleId));
  for (const id of ABSENCE_RULES) assert.equal(ids.has(id), false, `${id} stays quiet with a loop`);
  // A missing property is still missing: the loop cannot add it to a resource written here.
  assert.ok(ids.has('s3-public-access-not-blocked'));
  assert.ok(ids.has('route53-query-logging-off'));
});
