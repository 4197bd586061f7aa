// Hover from the resource-type index over real LSP: a resource's Type value, property keys
// (nested ones too) and GetAtt attributes, in YAML block and flow style and in JSON, beside the rules' own hovers, and
// for a large document answered by the analysis worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ANALYSIS_STATS_REQUEST, type AnalysisStats } from '../../server/src/protocol';
import { LineIndex } from '../../server/src/core/text';
import { LspClient } from '../helpers/lsp-client';

interface HoverResult {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const BUCKET_PAGE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html';

const YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}
      Tags:
        - Key: team
          Value: storage
  Other:
    Type: AWS::Nope::Thing
    Properties:
      Whatever: 1
`;

const JSON_TEXT = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } } },
  },
  null,
  2,
);

let client: LspClient;
before(async () => {
  client = new LspClient();
  await client.initialize();
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

/** The hover at the `nth` occurrence of `needle` (plus `shift` characters into it). */
async function hoverAt(uri: string, text: string, needle: string, shift = 1, nth = 0): Promise<HoverResult | null> {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} is in the text`);
  const position = new LineIndex(text).positionAt(offset + shift);
  return client.connection.sendRequest<HoverResult | null>('textDocument/hover', { textDocument: { uri }, position });
}

test('YAML: the Type value shows the type docs and its reference page', async () => {
  const uri = 'file:///work/cfn-hover.yaml';
  await client.open(uri, 'yaml', YAML);
  const hover = await hoverAt(uri, YAML, 'AWS::S3::Bucket', 5);
  assert.equal(hover?.contents.kind, 'markdown');
  assert.match(hover!.contents.value, /\*\*AWS::S3::Bucket\*\*/);
  assert.match(hover!.contents.value, /creates an Amazon S3 bucket/);
  assert.ok(hover!.contents.value.includes(`(${BUCKET_PAGE})`));
  assert.deepEqual(hover!.range, { start: { line: 3, character: 10 }, end: { line: 3, character: 25 } });
  // An unknown type, and a property of one, show nothing from the index: the type shows only its finding.
  const unknown = (await hoverAt(uri, YAML, 'AWS::Nope::Thing'))?.contents.value ?? '';
  assert.match(unknown, /cfn-schema-unknown-type/);
  assert.doesNotMatch(unknown, /\*\*AWS::Nope::Thing\*\*/);
  assert.equal(await hoverAt(uri, YAML, 'Whatever'), null);
});

test('YAML: property keys show type, required, update behaviour and docs, nested ones through property types', async () => {
  const uri = 'file:///work/cfn-hover-props.yaml';
  await client.open(uri, 'yaml', YAML);
  const versioning = (await hoverAt(uri, YAML, 'VersioningConfiguration'))!.contents.value;
  assert.match(versioning, /\*\*VersioningConfiguration\*\* \(AWS::S3::Bucket\)/);
  assert.match(versioning, /`VersioningConfiguration` · optional · Update requires: no interruption/);
  assert.match(versioning, /Enables multiple versions/);
  assert.ok(versioning.includes(`(${BUCKET_PAGE})`));
  const status = (await hoverAt(uri, YAML, 'Status'))!.contents.value;
  assert.match(status, /\*\*VersioningConfiguration\.Status\*\*/);
  assert.match(status, /`string` · required · Update requires: no interruption/);
  // Flow style, through a list of property types.
  const algorithm = (await hoverAt(uri, YAML, 'SSEAlgorithm'))!.contents.value;
  assert.match(algorithm, /\*\*BucketEncryption\.ServerSideEncryptionConfiguration\.ServerSideEncryptionByDefault\.SSEAlgorithm\*\*/);
  assert.match(algorithm, /required/);
  // Tags: a list of the built-in Tag type.
  assert.match((await hoverAt(uri, YAML, 'Tags'))!.contents.value, /`list<Tag>`/);
  assert.match((await hoverAt(uri, YAML, 'Key: team'))!.contents.value, /\*\*Tags\.Key\*\*/);
  // A value is not a key: no hover from the index.
  assert.equal(await hoverAt(uri, YAML, 'Enabled'), null);
});

test('JSON: the type and nested property keys', async () => {
  const uri = 'file:///work/cfn-hover.json';
  await client.open(uri, 'json', JSON_TEXT);
  assert.match((await hoverAt(uri, JSON_TEXT, 'AWS::S3::Bucket', 3))!.contents.value, /creates an Amazon S3 bucket/);
  assert.match((await hoverAt(uri, JSON_TEXT, '"VersioningConfiguration"', 3))!.contents.value, /Update requires: no interruption/);
  assert.match((await hoverAt(uri, JSON_TEXT, '"Status"', 3))!.contents.value, /\*\*VersioningConfiguration\.Status\*\*.*\n\n`string` · required/);
});

test('a replacement property says so', async () => {
  const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b\n      VersioningConfiguration: {Status: Enabled}\n';
  const uri = 'file:///work/cfn-hover-name.yaml';
  await client.open(uri, 'yaml', text);
  assert.match((await hoverAt(uri, text, 'BucketName'))!.contents.value, /Update requires: replacement/);
});

test('a rule finding and the index on the same spot show both', async () => {
  // s3-versioning-off sits on the Status value that suspends versioning; the key above it is the index's.
  const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Suspended\n';
  const uri = 'file:///work/cfn-hover-both.yaml';
  const published = await client.open(uri, 'yaml', text);
  const finding = published.diagnostics.find((d) => d.code === 's3-versioning-off');
  assert.ok(finding, 'the rule reports the suspended versioning');
  const lines = new LineIndex(text);
  // A key inside the finding's range, so both apply.
  const start = lines.offsetAt(finding.range.start);
  const end = lines.offsetAt(finding.range.end);
  const key = ['VersioningConfiguration', 'Status'].map((k) => text.indexOf(k)).find((o) => o >= start && o <= end);
  assert.ok(key !== undefined, `a property key lies inside the finding (${start}-${end})`);
  const hover = await client.connection.sendRequest<HoverResult | null>('textDocument/hover', { textDocument: { uri }, position: lines.positionAt(key + 1) });
  assert.match(hover!.contents.value, /s3-versioning-off/);
  assert.match(hover!.contents.value, /Update requires:/);
});

test('the branches of an If are read as what the If stands for', async () => {
  const text = 'Conditions:\n  Prod: !Equals [a, a]\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration: !If [Prod, {Status: Enabled}, !Ref AWS::NoValue]\n      BucketEncryption:\n        Fn::If:\n          - Prod\n          - ServerSideEncryptionConfiguration:\n              - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}\n          - !Ref AWS::NoValue\n';
  const uri = 'file:///work/cfn-hover-if.yaml';
  await client.open(uri, 'yaml', text);
  assert.match((await hoverAt(uri, text, 'Status'))!.contents.value, /\*\*VersioningConfiguration\.Status\*\*/);
  assert.match((await hoverAt(uri, text, 'SSEAlgorithm'))!.contents.value, /\*\*BucketEncryption\.ServerSideEncryptionConfiguration\.ServerSideEncryptionByDefault\.SSEAlgorithm\*\*/);
  assert.equal(await hoverAt(uri, text, 'Prod,'), null);
});

test('GetAtt: the attribute\'s type and docs, short and long form, YAML and JSON', async () => {
  const yaml = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  A:\n    Value: !GetAtt Bucket.Arn\n  B:\n    Value: !GetAtt [Bucket, DomainName]\n  C:\n    Value: !GetAtt Bucket.Nope\n';
  const uri = 'file:///work/cfn-hover-getatt.yaml';
  await client.open(uri, 'yaml', yaml);
  const arn = (await hoverAt(uri, yaml, 'Bucket.Arn'))!.contents.value;
  assert.match(arn, /\*\*Bucket\.Arn\*\*: attribute of AWS::S3::Bucket/);
  assert.match(arn, /`string`/);
  assert.match(arn, /Amazon Resource Name/);
  assert.match((await hoverAt(uri, yaml, 'DomainName'))!.contents.value, /\*\*Bucket\.DomainName\*\*/);
  assert.equal(await hoverAt(uri, yaml, 'Bucket.Nope'), null);
  const json = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket' } }, Outputs: { A: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } } } }, null, 2);
  const jsonUri = 'file:///work/cfn-hover-getatt.json';
  await client.open(jsonUri, 'json', json);
  assert.match((await hoverAt(jsonUri, json, '"Arn"'))!.contents.value, /\*\*Bucket\.Arn\*\*/);
});

test('a large document: the analysis worker answers the hover from the index', async () => {
  const resources = Array.from({ length: 900 }, (_, i) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n      BucketName: bucket-${i}-with-a-longer-name\n`);
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources.join('')}`;
  assert.ok(text.length > 64 * 1024);
  const uri = 'file:///work/cfn-hover-large.yaml';
  await client.open(uri, 'yaml', text);
  const hover = await hoverAt(uri, text, 'Status', 1, 850);
  assert.match(hover!.contents.value, /\*\*VersioningConfiguration\.Status\*\*/);
  const stats = await client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST);
  assert.ok(stats.workerAnalysed >= 1, 'the large document was analysed in the worker');
});
