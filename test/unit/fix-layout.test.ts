// Fixes that add whole resources keep the Resources map's layout: where resources are set apart by
// blank lines, a new one is too (before and after), and where they are not, none is added.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fix-all';
import { allRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions } from '../../server/src/core/rules/types';
import { applyEdits } from '../../server/src/core/text';

/** Only `id` runs, so the expected text shows that rule's edit alone. */
function only(id: string): AnalysisOptions {
  return { severities: Object.fromEntries(allRules.filter((r) => r.id !== id).map((r) => [r.id, 'off' as const])) };
}

/** The rule's first offered fix applied once, as a person picking the quick fix would. */
function fixOnce(text: string, id: string): string {
  const finding = analyzeText(text, only(id)).findings.find((f) => f.ruleId === id && f.fix?.edits());
  assert.ok(finding, `a fix of ${id} is offered`);
  return applyEdits(text, finding.fix!.edits()!);
}

const TLS_POLICY = (bucket: string): string[] => [
  `  ${bucket}TlsPolicy:`,
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  `      Bucket: !Ref ${bucket}`,
  '      PolicyDocument:',
  "        Version: '2012-10-17'",
  '        Statement:',
  '          - Sid: DenyInsecureTransport',
  '            Effect: Deny',
  "            Principal: '*'",
  '            Action: s3:*',
  '            Resource:',
  `              - !GetAtt ${bucket}.Arn`,
  `              - !Sub '\${${bucket}.Arn}/*'`,
  '            Condition:',
  '              Bool:',
  '                aws:SecureTransport: false',
];

const BLANK_SEPARATED = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Data:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      BucketName: data',
  '',
  '  Logs:',
  '    Type: AWS::Logs::LogGroup',
  '    Properties:',
  '      RetentionInDays: 30',
  '',
  '  Archive:',
  '    Type: AWS::S3::Bucket',
  '',
].join('\n');

test('fix-all sets new bucket policies apart by blank lines where the resources are', () => {
  const expected = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: data',
    '',
    ...TLS_POLICY('Data'),
    '',
    '  Logs:',
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    '      RetentionInDays: 30',
    '',
    '  Archive:',
    '    Type: AWS::S3::Bucket',
    '',
    ...TLS_POLICY('Archive'),
    '',
  ].join('\n');
  const result = fixAll(BLANK_SEPARATED, only('s3-tls-not-enforced'));
  assert.equal(result.text, expected);
  // The single quick fix writes the same text as fix-all for the first bucket.
  assert.equal(fixOnce(BLANK_SEPARATED, 's3-tls-not-enforced'), expected.replace(`\n${[...TLS_POLICY('Archive'), ''].join('\n')}`, ''));
});

test('with CRLF line ends and no final line break the blank lines use the file\'s line end', () => {
  const text = BLANK_SEPARATED.trimEnd().replace(/\n/g, '\r\n');
  const fixed = fixAll(text, only('s3-tls-not-enforced')).text;
  assert.equal(fixed.includes('\n') && !/[^\r]\n/.test(fixed), true, 'every line break is CRLF');
  assert.equal(fixed.replace(/\r\n/g, '\n'), `${BLANK_SEPARATED.replace(/\n$/, '')}\n\n${TLS_POLICY('Archive').join('\n')}`.replace(
    '      BucketName: data\n\n',
    `      BucketName: data\n\n${TLS_POLICY('Data').join('\n')}\n\n`,
  ));
});

test('resources written without blank lines between them get none', () => {
  const text = BLANK_SEPARATED.replace(/\n\n/g, '\n');
  const expected = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: data',
    ...TLS_POLICY('Data'),
    '  Logs:',
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    '      RetentionInDays: 30',
    '  Archive:',
    '    Type: AWS::S3::Bucket',
    ...TLS_POLICY('Archive'),
    '',
  ].join('\n');
  assert.equal(fixAll(text, only('s3-tls-not-enforced')).text, expected);
});

test('the flow log fix sets each new resource apart by a blank line', () => {
  const text = ['Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16', '', '  Logs:', '    Type: AWS::Logs::LogGroup', ''].join('\n');
  const fixed = fixOnce(text, 'vpc-flow-logs-off');
  const ids = [...fixed.matchAll(/^ {2}(\w+):$/gm)].map((m) => m[1]);
  assert.deepEqual(ids, ['Vpc', 'VpcFlowLogGroup', 'VpcFlowLogRole', 'VpcFlowLog', 'Logs']);
  // Every top-level resource but the first comes right after a blank line, and only after one.
  for (const id of ids.slice(1)) assert.match(fixed, new RegExp(`[^\\n]\\n\\n {2}${id}:\\n`), `${id} follows one blank line`);
  assert.equal(fixed.includes('\n\n\n'), false);
});

test('the code signing fix sets the resources it adds at the end apart by a blank line', () => {
  const text = [
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    '      Runtime: python3.12',
    '      Handler: app.handler',
    '      Role: arn:aws:iam::123456789012:role/fn',
    '      Code:',
    '        S3Bucket: code',
    '        S3Key: fn.zip',
    '',
  ].join('\n');
  const fixed = fixOnce(text, 'lambda-code-signing-off');
  assert.match(fixed, /^ {6}CodeSigningConfigArn: !GetAtt LambdaCodeSigningConfig\.CodeSigningConfigArn\n\n {2}LambdaSigningProfile:\n/m);
  assert.match(fixed, /[^\n]\n\n {2}LambdaCodeSigningConfig:\n/);
  assert.equal(fixed.includes('\n\n\n'), false);
});

test('a resource written on one line, with no blank line after it, gets no blank line', () => {
  const text = ['Resources:', '  Data: {Type: AWS::S3::Bucket}', '  Logs: {Type: AWS::Logs::LogGroup}', ''].join('\n');
  const expected = ['Resources:', '  Data: {Type: AWS::S3::Bucket}', ...TLS_POLICY('Data'), '  Logs: {Type: AWS::Logs::LogGroup}', ''].join('\n');
  assert.equal(fixAll(text, only('s3-tls-not-enforced')).text, expected);
  // And one that has a blank line after it gets one on each side.
  const spaced = text.replace('}\n  Logs', '}\n\n  Logs');
  assert.equal(fixAll(spaced, only('s3-tls-not-enforced')).text, expected.replace('}\n  DataTls', '}\n\n  DataTls').replace('\n  Logs', '\n\n  Logs'));
});
