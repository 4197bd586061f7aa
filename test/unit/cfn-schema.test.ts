// The five schema rules (server/src/core/rules/schema): what they find, where, with which message
// and quick fix, what they leave alone (intrinsics, NoValue, SAM, transforms and macros), and that
// hostile templates stay bounded. Only the schema rules run, so each assertion speaks about them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { capFindings, DEFAULT_MAX_FINDINGS_PER_RULE } from '../../server/src/core/cap';
import { parseText } from '../../server/src/core/cfn/parse';
import { readTemplate } from '../../server/src/core/cfn/template';
import { allRules } from '../../server/src/core/rules/registry';
import { schemaRules } from '../../server/src/core/rules/schema';
import { boundedDistance, nearestNames, typoLimit } from '../../server/src/core/rules/schema/suggest';
import { schemaCheckable, schemaFindings } from '../../server/src/core/rules/schema/walk';
import type { AnalysisOptions, Finding } from '../../server/src/core/rules/types';
import { applyEdits, LineIndex } from '../../server/src/core/text';

const SCHEMA_IDS: ReadonlySet<string> = new Set(schemaRules.map((r) => r.meta.id));

/** The schema rules alone (and the syntax finding, which says why nothing else was looked at). */
const ONLY_SCHEMA: AnalysisOptions = {
  severities: Object.fromEntries(allRules.filter((r) => !SCHEMA_IDS.has(r.id) && r.id !== 'cfn-syntax').map((r) => [r.id, 'off' as const])),
};

function findings(text: string): readonly Finding[] {
  return analyzeText(text, ONLY_SCHEMA).findings;
}

/** A finding as the tests compare it: rule, 1-based line, column, the text it covers, message. */
interface Seen {
  rule: string;
  line: number;
  col: number;
  text: string;
  message: string;
}

function seen(text: string, list: readonly Finding[] = findings(text)): Seen[] {
  const lines = new LineIndex(text);
  return list.map((f) => {
    const { line, character } = lines.positionAt(f.start);
    return { rule: f.ruleId, line: line + 1, col: character + 1, text: text.slice(f.start, f.end), message: f.message };
  });
}

function yaml(...lines: string[]): string {
  return `${['AWSTemplateFormatVersion: "2010-09-09"', ...lines].join('\n')}\n`;
}

/** Applies the first finding's fix that has edits, again and again, as a person clicking quick fixes. */
function applyAllFixes(text: string): string {
  let current = text;
  for (let i = 0; i < 100; i++) {
    const next = findings(current).find((f) => f.fix?.edits());
    if (!next) return current;
    current = applyEdits(current, next.fix!.edits()!);
  }
  assert.fail('fixes did not converge');
}

describe('intrinsic functions are values not known until deployment', () => {
  test('every intrinsic, short and long form, on string, number, boolean, allowed-value, object and list properties: no finding', () => {
    const text = yaml(
      'Parameters:',
      '  P: {Type: String}',
      'Conditions:',
      '  C: !Equals [a, b]',
      'Mappings:',
      '  M: {a: {b: c}}',
      'Resources:',
      '  Short:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      DelaySeconds: !Ref P',
      '      FifoQueue: !GetAtt Long.Arn',
      '      MessageRetentionPeriod: !Sub "${P}"',
      '      MaximumMessageSize: !Join ["", ["1", "0"]]',
      '      KmsDataKeyReusePeriodSeconds: !ImportValue exported',
      '      ReceiveMessageWaitTimeSeconds: !FindInMap [M, a, b]',
      '      VisibilityTimeout: !Select [0, [a, b]]',
      '      QueueName: !Base64 name',
      '      ContentBasedDeduplication: !Condition C',
      '      Tags: !Split [",", !Ref P]',
      '      RedrivePolicy: !ToJsonString {a: 1}',
      '  Long:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      AccessControl: {Ref: P}',
      '      BucketName:',
      '        Fn::Sub: "${P}-bucket"',
      '      VersioningConfiguration: {"Fn::FindInMap": [M, a, b]}',
      '      BucketEncryption:',
      '        Fn::GetAtt: [Short, Arn]',
      '      Tags:',
      '        Fn::Split: [",", {"Fn::ImportValue": tags}]',
      '      ObjectLockEnabled: {"Fn::Select": [0, [true]]}',
      '  Net:',
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !ImportValue vpc',
      '      CidrBlock: !Select [0, !Cidr ["10.0.0.0/16", 4, 8]]',
      '      AvailabilityZone: !Select [0, !GetAZs ""]',
      '      MapPublicIpOnLaunch: !Equals [!Ref P, "yes"]',
    );
    assert.deepEqual(seen(text), []);
  });

  test('a JSON template with the long forms: no finding either', () => {
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Q: {
            Type: 'AWS::SQS::Queue',
            Properties: {
              DelaySeconds: { Ref: 'P' },
              FifoQueue: { 'Fn::GetAtt': ['Q', 'Arn'] },
              MaximumMessageSize: { 'Fn::Join': ['', ['1', '0']] },
              Tags: { 'Fn::If': ['C', [{ Key: 'a', Value: 'b' }], { Ref: 'AWS::NoValue' }] },
            },
          },
          B: { Type: 'AWS::S3::Bucket', Properties: { AccessControl: { 'Fn::ImportValue': 'acl' }, VersioningConfiguration: { 'Fn::If': ['C', { Status: 'Enabled' }, { Ref: 'AWS::NoValue' }] } } },
        },
      },
      null,
      2,
    );
    assert.deepEqual(seen(text), []);
  });

  test('both branches of Fn::If are checked, nested Ifs too; an AWS::NoValue branch is a property not written', () => {
    const text = yaml(
      'Conditions:',
      '  C: !Equals [a, b]',
      '  D: !Equals [a, c]',
      'Resources:',
      '  Q:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      DelaySeconds: !If [C, !If [D, 5, later], 7]',
      '      FifoQueue:',
      '        Fn::If: [C, maybe, !Ref AWS::NoValue]',
      '      VisibilityTimeout: !If [C, !Ref AWS::NoValue, 30]',
      '  B:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      AccessControl: {"Fn::If": [C, Private, Nope]}',
      '      VersioningConfiguration:',
      '        Status: !If [C, Enabled, enabled]',
    );
    assert.deepEqual(seen(text), [
      { rule: 'cfn-schema-wrong-type', line: 9, col: 40, text: 'later', message: '`DelaySeconds` of AWS::SQS::Queue must be a whole number, not `later`.' },
      { rule: 'cfn-schema-wrong-type', line: 11, col: 21, text: 'maybe', message: '`FifoQueue` of AWS::SQS::Queue must be `true` or `false`, not `maybe`.' },
      {
        rule: 'cfn-schema-value-not-allowed',
        line: 16,
        col: 46,
        text: 'Nope',
        message:
          '`Nope` is not an allowed value of `AccessControl` (AWS::S3::Bucket); use one of `AuthenticatedRead`, `AwsExecRead`, `BucketOwnerFullControl`, `BucketOwnerRead`, `LogDeliveryWrite`, `Private`, `PublicRead` or `PublicReadWrite`.',
      },
      { rule: 'cfn-schema-value-not-allowed', line: 18, col: 34, text: 'enabled', message: '`enabled` is not an allowed value of `VersioningConfiguration.Status` (AWS::S3::Bucket); did you mean `Enabled`?' },
    ]);
    // The case-only slip is fixable in its branch, leaving the other branch alone.
    const status = findings(text).find((f) => f.ruleId === 'cfn-schema-value-not-allowed' && f.message.startsWith('`enabled`'))!;
    assert.equal(status.fix?.title, 'Change to Enabled');
    assert.match(applyEdits(text, status.fix!.edits()!), /Status: !If \[C, Enabled, Enabled\]/);
  });

  test('Properties as an Fn::If: each branch is checked for keys and types, but not for required properties', () => {
    const text = yaml(
      'Conditions:',
      '  C: !Equals [a, b]',
      'Resources:',
      '  P:',
      '    Type: AWS::SQS::Queue',
      '    Properties: !If',
      '      - C',
      '      - {VisibilityTimeot: 5}',
      '      - {DelaySeconds: x}',
      '  S:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: !If [C, {CidrBlock: 10.0.0.0/24}, !Ref AWS::NoValue]',
      '  T:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: !Ref AWS::NoValue',
    );
    assert.deepEqual(
      seen(text).map((s) => [s.rule, s.line, s.text]),
      [
        ['cfn-schema-unknown-property', 9, 'VisibilityTimeot'],
        ['cfn-schema-wrong-type', 10, 'x'],
      ],
    );
  });

  test('an intrinsic beside other keys is read as a property, which the type does not have', () => {
    const text = yaml(
      'Resources:',
      '  B:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      VersioningConfiguration:',
      '        Status: Enabled',
      '        Ref: Other',
      '      Fn::Rain::Embed: other-tools-directive',
    );
    assert.deepEqual(seen(text), [
      {
        rule: 'cfn-schema-unknown-property',
        line: 8,
        col: 9,
        text: 'Ref',
        message: '`Ref` beside other keys is read as a property of `VersioningConfiguration` in AWS::S3::Bucket, which has none of that name; make it the only key of its map.',
      },
    ]);
  });
});

describe('cfn-schema-required-missing', () => {
  test('not written, written as null or ~, empty, or !Ref / {Ref: AWS::NoValue}: all count as missing, on the Properties key', () => {
    const subnet = (id: string, vpc: string | undefined): string[] => [
      `  ${id}:`,
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      ...(vpc === undefined ? [] : [`      VpcId:${vpc}`]),
      '      CidrBlock: 10.0.0.0/24',
    ];
    const text = yaml('Resources:', ...subnet('Absent', undefined), ...subnet('Tilde', ' ~'), ...subnet('Nulled', ' null'), ...subnet('Empty', ''), ...subnet('NoValue', ' !Ref AWS::NoValue'), ...subnet('LongNoValue', ' {Ref: "AWS::NoValue"}'), ...subnet('Given', ' vpc-1'));
    const got = seen(text);
    assert.deepEqual(
      got.map((s) => [s.rule, s.line, s.col, s.text]),
      [5, 9, 14, 19, 24, 29].map((line) => ['cfn-schema-required-missing', line, 5, 'Properties']),
    );
    assert.deepEqual(
      got.map((s) => s.message),
      ['Absent', 'Tilde', 'Nulled', 'Empty', 'NoValue', 'LongNoValue'].map((id) => `${id} (AWS::EC2::Subnet) is missing the required property \`VpcId\`; add it.`),
    );
  });

  test('no Properties, empty or null Properties: flagged on the logical id or the Properties key; several missing are listed', () => {
    const text = yaml(
      'Resources:',
      '  Bare:',
      '    Type: AWS::EC2::Subnet',
      '  NullProps:',
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '  EmptyProps:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: {}',
      '  Attachment:',
      '    Type: AWS::EC2::VolumeAttachment',
      '    Properties: {}',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
    );
    assert.deepEqual(seen(text), [
      { rule: 'cfn-schema-required-missing', line: 3, col: 3, text: 'Bare', message: 'Bare (AWS::EC2::Subnet) is missing the required property `VpcId`; add it.' },
      { rule: 'cfn-schema-required-missing', line: 5, col: 3, text: 'NullProps', message: 'NullProps (AWS::EC2::Subnet) is missing the required property `VpcId`; add it.' },
      { rule: 'cfn-schema-required-missing', line: 10, col: 5, text: 'Properties', message: 'EmptyProps (AWS::EC2::Subnet) is missing the required property `VpcId`; add it.' },
      {
        rule: 'cfn-schema-required-missing',
        line: 13,
        col: 5,
        text: 'Properties',
        // In the order of the type's schema.
        message: 'Attachment (AWS::EC2::VolumeAttachment) is missing the required properties `VolumeId` and `InstanceId`; add them.',
      },
    ]);
  });

  test('an Fn::If with an AWS::NoValue branch on a required property is flagged on its key, unless the resource has a Condition', () => {
    const text = yaml(
      'Conditions:',
      '  C: !Equals [a, b]',
      'Resources:',
      '  S:',
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId:',
      '        Fn::If: [C, vpc-1, {Ref: AWS::NoValue}]',
      '  Guarded:',
      '    Type: AWS::EC2::Subnet',
      '    Condition: C',
      '    Properties:',
      '      VpcId: !If [C, vpc-1, !Ref AWS::NoValue]',
      '  Both:',
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: !If [C, vpc-1, vpc-2]',
    );
    assert.deepEqual(seen(text), [
      {
        rule: 'cfn-schema-required-missing',
        line: 8,
        col: 7,
        text: 'VpcId',
        message: 'S (AWS::EC2::Subnet) is without the required property `VpcId` when its `Fn::If` takes the `AWS::NoValue` branch; give it a value in both branches.',
      },
    ]);
  });

  test('nested objects: required properties of list items and structs, at their path; an intrinsic object is not seen', () => {
    const text = yaml(
      'Resources:',
      '  B:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      Tags:',
      '        - Key: team',
      '        - Key: env',
      '          Value: prod',
      '      VersioningConfiguration: {}',
      '      BucketEncryption:',
      '        ServerSideEncryptionConfiguration:',
      '          - ServerSideEncryptionByDefault:',
      '              KMSMasterKeyID: alias/x',
      '      LifecycleConfiguration: !ImportValue lifecycle',
    );
    assert.deepEqual(seen(text), [
      { rule: 'cfn-schema-required-missing', line: 7, col: 11, text: 'Key', message: '`Tags[0]` in B (AWS::S3::Bucket) is missing the required property `Value`; add it.' },
      {
        rule: 'cfn-schema-required-missing',
        line: 10,
        col: 7,
        text: 'VersioningConfiguration',
        message: '`VersioningConfiguration` in B (AWS::S3::Bucket) is missing the required property `Status`; add it.',
      },
      {
        rule: 'cfn-schema-required-missing',
        line: 13,
        col: 13,
        text: 'ServerSideEncryptionByDefault',
        message: '`BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault` in B (AWS::S3::Bucket) is missing the required property `SSEAlgorithm`; add it.',
      },
    ]);
    assert.ok(findings(text).every((f) => f.fix === undefined && f.resource === 'B'), 'no fix: only the author knows the value');
  });
});

describe('cfn-schema-unknown-property and its "did you mean" fix', () => {
  test('nested property types: a misspelt key in a list of Tags and in BucketEncryption, named by its path', () => {
    const text = yaml(
      'Resources:',
      '  B:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketEncryption:',
      '        ServerSideEncryptionConfiguration:',
      '          - ServerSideEncryptionByDefault:',
      '              SSEAlgorithm: aws:kms',
      '              KMSMasterKeyId: alias/x',
      '      Tags:',
      '        - Key: a',
      '          Value: b',
      '        - Key: team',
      '          Vaule: web',
    );
    assert.deepEqual(
      seen(text).filter((s) => s.rule === 'cfn-schema-unknown-property'),
      [
        {
          rule: 'cfn-schema-unknown-property',
          line: 10,
          col: 15,
          text: 'KMSMasterKeyId',
          message: '`KMSMasterKeyId` is not a property of `BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault` in AWS::S3::Bucket; did you mean `KMSMasterKeyID`?',
        },
        { rule: 'cfn-schema-unknown-property', line: 15, col: 11, text: 'Vaule', message: '`Vaule` is not a property of `Tags[1]` in AWS::S3::Bucket; did you mean `Value`?' },
      ],
    );
    // The misspelt Value also leaves the item without its required Value.
    assert.deepEqual(
      seen(text).filter((s) => s.rule !== 'cfn-schema-unknown-property').map((s) => [s.rule, s.line, s.text]),
      [['cfn-schema-required-missing', 14, 'Key']],
    );
  });

  test('the fix renames only the key, keeping quotes, comments and layout; fixing again changes nothing', () => {
    const text = yaml(
      'Resources:',
      '  Jobs:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      # How long a message stays hidden.',
      '      VisibilityTimeot:   60 # one minute',
      "      'delaySeconds': 5",
      '      ? MaximumMessageSze',
      '      : 1024',
      '  Uploads:',
      '    Type: AWS::S3::Bucket',
      '    Properties: {BucketNme: uploads, "Tag": [{Key: a, Vaule: b}]}',
    );
    const before = findings(text);
    assert.deepEqual(
      before.map((f) => [f.ruleId, f.fix?.title, f.fix?.safety, f.alternatives]),
      [
        ['cfn-schema-unknown-property', 'Change to VisibilityTimeout', 'unsafe', undefined],
        ['cfn-schema-unknown-property', 'Change to DelaySeconds', 'unsafe', undefined],
        ['cfn-schema-unknown-property', 'Change to MaximumMessageSize', 'unsafe', undefined],
        ['cfn-schema-unknown-property', 'Change to BucketName', 'unsafe', undefined],
        ['cfn-schema-unknown-property', 'Change to Tags', 'unsafe', undefined],
      ],
    );
    // The value of an unknown key is not checked: `Vaule` is found once `Tag` is `Tags`.
    // One fix alone touches its key and nothing else.
    const first = before[0]!.fix!.edits()!;
    assert.equal(applyEdits(text, first), text.replace('VisibilityTimeot:', 'VisibilityTimeout:'));
    const fixed = applyAllFixes(text);
    assert.equal(
      fixed,
      yaml(
        'Resources:',
        '  Jobs:',
        '    Type: AWS::SQS::Queue',
        '    Properties:',
        '      # How long a message stays hidden.',
        '      VisibilityTimeout:   60 # one minute',
        "      'DelaySeconds': 5",
        '      ? MaximumMessageSize',
        '      : 1024',
        '  Uploads:',
        '    Type: AWS::S3::Bucket',
        '    Properties: {BucketName: uploads, "Tags": [{Key: a, Value: b}]}',
      ),
    );
    assert.deepEqual(findings(fixed), []);
    assert.equal(applyAllFixes(fixed), fixed, 'idempotent');
  });

  test('JSON: the same findings as YAML, at their positions, and the fix keeps the double quotes', () => {
    const text = [
      '{',
      '  "AWSTemplateFormatVersion": "2010-09-09",',
      '  "Resources": {',
      '    "Uploads": {',
      '      "Type": "AWS::S3::Bucket",',
      '      "Properties": {"BucketNme": "x", "Tags": [{"Key": "a", "Vaule": "b"}], "VersioningConfiguration": {"Status": "enabled"}}',
      '    },',
      '    "Jobs": {',
      '      "Type": "AWS::SQS::Queue",',
      '      "Properties": {',
      '        "DelaySeconds": "soon",',
      '        "FifoQueue": {"Fn::If": ["C", true, "maybe"]}',
      '      }',
      '    },',
      '    "Net": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "AWS::NoValue"}, "CidrBlock": null}},',
      '    "Typo": {"Type": "AWS::S3::Buckets"}',
      '  }',
      '}',
      '',
    ].join('\n');
    const asYaml = yaml(
      'Resources:',
      '  Uploads:',
      '    Type: AWS::S3::Bucket',
      '    Properties: {BucketNme: x, Tags: [{Key: a, Vaule: b}], VersioningConfiguration: {Status: enabled}}',
      '  Jobs:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      DelaySeconds: soon',
      '      FifoQueue: {"Fn::If": [C, true, maybe]}',
      '  Net: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref AWS::NoValue, CidrBlock: null}}',
      '  Typo: {Type: AWS::S3::Buckets}',
    );
    const json = seen(text);
    assert.deepEqual(
      json.map((s) => [s.rule, s.line, s.col, s.text]),
      [
        ['cfn-schema-unknown-property', 6, 22, '"BucketNme"'],
        // A list item's required property: from the item's start to the end of its first key.
        ['cfn-schema-required-missing', 6, 49, '{"Key"'],
        ['cfn-schema-unknown-property', 6, 62, '"Vaule"'],
        ['cfn-schema-value-not-allowed', 6, 116, '"enabled"'],
        ['cfn-schema-wrong-type', 11, 25, '"soon"'],
        ['cfn-schema-wrong-type', 12, 45, '"maybe"'],
        ['cfn-schema-required-missing', 15, 41, '"Properties"'],
        ['cfn-schema-unknown-type', 16, 22, '"AWS::S3::Buckets"'],
      ],
    );
    assert.deepEqual(
      json.map((s) => [s.rule, s.message]),
      seen(asYaml).map((s) => [s.rule, s.message]),
    );
    const fixed = applyAllFixes(text);
    assert.equal(
      fixed,
      text
        .replace('"BucketNme"', '"BucketName"')
        .replace('"Vaule"', '"Value"')
        .replace('"enabled"', '"Enabled"')
        .replace('"AWS::S3::Buckets"', '"AWS::S3::Bucket"'),
    );
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.equal(applyAllFixes(fixed), fixed, 'idempotent');
  });

  test('no close name: no fix; a close name already written is not offered; a case slip beats edits', () => {
    const text = yaml(
      'Resources:',
      '  Jobs:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      Frobnicate: true',
      '      VisibilityTimeout: 60',
      '      VisibilityTimeot: 60',
      '      fifoqueue: true',
    );
    const got = findings(text);
    assert.deepEqual(
      got.map((f) => [f.message, f.fix?.title]),
      [
        ['`Frobnicate` is not a property of AWS::SQS::Queue; remove it or correct its name.', undefined],
        ['`VisibilityTimeot` is not a property of AWS::SQS::Queue; remove it or correct its name.', undefined],
        ['`fifoqueue` is not a property of AWS::SQS::Queue; did you mean `FifoQueue`?', 'Change to FifoQueue'],
      ],
    );
    assert.ok(got.every((f) => f.alternatives === undefined));
  });

  test('keys of json and map-typed properties, resource attributes and the resource’s own keys are not properties to check', () => {
    const text = yaml(
      'Resources:',
      '  Jobs:',
      '    Type: AWS::SQS::Queue',
      '    DeletionPolicy: Retain',
      '    Metadata: {Anything: goes}',
      '    Properties:',
      '      Arn: arn:aws:sqs:us-east-1:123456789012:jobs',
      '      RedrivePolicy: {maxReceiveCount: 3, anyKey: 1}',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Role: arn:aws:iam::123456789012:role/app',
      '      Code: {ZipFile: "x"}',
      '      Environment: {Variables: {any-name: 1, OTHER: [a]}}',
    );
    // Variables is a map of strings: a list there is a wrong type, its keys never unknown.
    assert.deepEqual(
      seen(text).map((s) => [s.rule, s.line, s.text, s.message]),
      [['cfn-schema-wrong-type', 15, '[a]', '`Environment.Variables.OTHER` of AWS::Lambda::Function must be a string, not a list.']],
    );
  });
});

describe('cfn-schema-unknown-type', () => {
  test('a misspelt type gets the nearest ones as fixes; custom, SAM, CDK and other namespaces are never flagged', () => {
    const text = yaml(
      'Resources:',
      '  Uploads:',
      '    Type: AWS::S3::Buckets',
      '  Jobs:',
      '    Type: "AWS::SQS::queue"',
      '  Widget:',
      '    Type: AWS::Made::UpEntirely',
      '  Seeder: {Type: Custom::Seeder, Properties: {ServiceToken: x}}',
      '  Generic: {Type: AWS::CloudFormation::CustomResource, Properties: {ServiceToken: x}}',
      '  Cdk: {Type: AWS::CDK::Metadata}',
      '  Sam: {Type: AWS::Serverless::Function}',
      '  Private: {Type: Initech::TPS::Report}',
    );
    const got = findings(text);
    assert.deepEqual(seen(text, got), [
      { rule: 'cfn-schema-unknown-type', line: 4, col: 11, text: 'AWS::S3::Buckets', message: '`AWS::S3::Buckets` is not a CloudFormation resource type; did you mean `AWS::S3::Bucket`?' },
      { rule: 'cfn-schema-unknown-type', line: 6, col: 11, text: '"AWS::SQS::queue"', message: '`AWS::SQS::queue` is not a CloudFormation resource type; did you mean `AWS::SQS::Queue`?' },
      {
        rule: 'cfn-schema-unknown-type',
        line: 8,
        col: 11,
        text: 'AWS::Made::UpEntirely',
        message: '`AWS::Made::UpEntirely` is not a CloudFormation resource type; correct the name (a type newer than this extension’s index is reported too).',
      },
    ]);
    assert.deepEqual(
      got.map((f) => f.fix?.title),
      ['Change the type to AWS::S3::Bucket', 'Change the type to AWS::SQS::Queue', undefined],
    );
    assert.equal(applyAllFixes(text), text.replace('AWS::S3::Buckets', 'AWS::S3::Bucket').replace('"AWS::SQS::queue"', '"AWS::SQS::Queue"'));
  });
});

describe('cfn-schema-wrong-type and cfn-schema-value-not-allowed', () => {
  test('what CloudFormation converts is accepted; a word for a number, a list for a string, a scalar for an object are not', () => {
    const text = yaml(
      'Resources:',
      '  Jobs:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      DelaySeconds: "5"',
      '      MaximumMessageSize: 1024',
      '      FifoQueue: "TRUE"',
      '      ContentBasedDeduplication: yes',
      '      QueueName: 12345',
      '      MessageRetentionPeriod: two weeks',
      '      Tags:',
      '        Key: team',
      '        Value: web',
      '',
      '      # a comment after the map is not part of its range',
      '  Uploads:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: [uploads]',
      '      VersioningConfiguration: Enabled',
      '      ObjectLockEnabled: "yes"',
    );
    assert.deepEqual(seen(text), [
      { rule: 'cfn-schema-wrong-type', line: 11, col: 31, text: 'two weeks', message: '`MessageRetentionPeriod` of AWS::SQS::Queue must be a whole number, not `two weeks`.' },
      { rule: 'cfn-schema-wrong-type', line: 13, col: 9, text: 'Key: team\n        Value: web', message: '`Tags` of AWS::SQS::Queue must be a list, not a map.' },
      { rule: 'cfn-schema-wrong-type', line: 20, col: 19, text: '[uploads]', message: '`BucketName` of AWS::S3::Bucket must be a string, not a list.' },
      {
        rule: 'cfn-schema-wrong-type',
        line: 21,
        col: 32,
        text: 'Enabled',
        message: '`VersioningConfiguration` of AWS::S3::Bucket must be a map of VersioningConfiguration properties, not `Enabled`.',
      },
      // A quoted "yes" is a string, not YAML 1.1's boolean.
      { rule: 'cfn-schema-wrong-type', line: 22, col: 26, text: '"yes"', message: '`ObjectLockEnabled` of AWS::S3::Bucket must be `true` or `false`, not `yes`.' },
    ]);
    assert.ok(findings(text).every((f) => f.fix === undefined), 'wrong-type has no fix');
  });

  test('each list item is checked against the allowed values; a case slip is fixed keeping the quotes', () => {
    const text = yaml(
      'Resources:',
      '  Stream:',
      '    Type: AWS::Kinesis::Stream',
      '    Properties:',
      '      ShardCount: 1',
      "      DesiredShardLevelMetrics: [IncomingBytes, 'incomingrecords', !Ref AWS::NoValue, Bogus]",
    );
    const got = findings(text);
    assert.deepEqual(
      seen(text, got).map((s) => [s.rule, s.line, s.col, s.text]),
      [
        ['cfn-schema-value-not-allowed', 7, 49, "'incomingrecords'"],
        ['cfn-schema-value-not-allowed', 7, 87, 'Bogus'],
      ],
    );
    assert.equal(got[0]!.message, '`incomingrecords` is not an allowed value of `DesiredShardLevelMetrics[1]` (AWS::Kinesis::Stream); did you mean `IncomingRecords`?');
    assert.equal(
      got[1]!.message,
      '`Bogus` is not an allowed value of `DesiredShardLevelMetrics[3]` (AWS::Kinesis::Stream); use one of `IncomingBytes`, `IncomingRecords`, `OutgoingBytes`, `OutgoingRecords`, `WriteProvisionedThroughputExceeded`, `ReadProvisionedThroughputExceeded`, `IteratorAgeMilliseconds` or `ALL`.',
    );
    assert.equal(got[1]!.fix, undefined);
    const fixed = applyAllFixes(text);
    assert.equal(fixed, text.replace("'incomingrecords'", "'IncomingRecords'"));
    // Past eight allowed values, the list in the message is cut short and counted.
    const fleet = findings(yaml('Resources:', '  F:', '    Type: AWS::CodeBuild::Fleet', '    Properties: {EnvironmentType: bogus}')).filter((f) => f.ruleId === 'cfn-schema-value-not-allowed');
    assert.equal(fleet.length, 1);
    assert.match(fleet[0]!.message, /^`bogus` is not an allowed value of `EnvironmentType` \(AWS::CodeBuild::Fleet\); use one of (`[^`]+`, ){7}`[^`]+`… \(9 values\)\.$/);
    assert.equal(applyAllFixes(fixed), fixed);
  });
});

describe('SAM, transforms and macros', () => {
  const body = [
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handlr: index.handler',
    '      Runtime: 12',
    '  Other:',
    '    Type: AWS::Serverless::NotAType',
    '  Jobs:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      VisibilityTimeot: 60',
  ];
  const jobsFinding = ['cfn-schema-unknown-property', 'VisibilityTimeot'];

  test('the SAM transform: SAM resources are the transform’s to check, every other resource is checked', () => {
    for (const transform of ['AWS::Serverless-2016-10-31', '[AWS::Serverless-2016-10-31]', '"AWS::Serverless-2016-10-31"']) {
      const text = yaml(`Transform: ${transform}`, ...body);
      assert.deepEqual(
        seen(text).map((s) => [s.rule, s.text]),
        [jobsFinding],
        transform,
      );
    }
  });

  test('any other transform, a list holding one, or a transform that is not a name: nothing is checked', () => {
    for (const transform of ['AWS::Include', 'MyMacro', '[AWS::Serverless-2016-10-31, MyMacro]', '{Name: AWS::Include, Parameters: {Location: s3://b/k}}', '!Ref Macro', 'AWS::Serverless-2016']) {
      const text = yaml(`Transform: ${transform}`, ...body);
      assert.deepEqual(seen(text), [], transform);
      assert.equal(schemaCheckable(readTemplate(parseText(text))!), false, transform);
    }
  });

  test('Fn::Transform anywhere, long or short form: nothing is checked; the words alone in a string change nothing', () => {
    const unchecked = [
      yaml('Resources:', '  Jobs:', '    Type: AWS::SQS::Queue', '    Properties:', '      VisibilityTimeot: 60', '      Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}'),
      yaml('Resources:', '  Jobs:', '    Type: AWS::SQS::Queue', '    Properties:', '      VisibilityTimeot: 60', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}'),
      JSON.stringify({ Resources: { Jobs: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeot: 60, DelaySeconds: { 'Fn::Transform': { Name: 'M' } } } } } }),
    ];
    for (const text of unchecked) assert.deepEqual(seen(text), [], text);
    const words = yaml('Description: uses no Fn::Transform nor !Transform', 'Resources:', '  Jobs:', '    Type: AWS::SQS::Queue', '    Properties:', '      VisibilityTimeot: 60');
    assert.deepEqual(
      seen(words).map((s) => [s.rule, s.line, s.text]),
      [['cfn-schema-unknown-property', 7, 'VisibilityTimeot']],
    );
  });
});

describe('one walk per template', () => {
  test('the five rules share one result per template, computed on the first call', () => {
    const template = readTemplate(parseText(yaml('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties: {DelaySeconds: x, Bogus: 1}')))!;
    const first = schemaFindings(template);
    assert.equal(schemaFindings(template), first);
    assert.deepEqual(
      Object.entries(first).map(([id, list]) => [id, list.length]),
      [
        ['cfn-schema-unknown-type', 0],
        ['cfn-schema-unknown-property', 1],
        ['cfn-schema-required-missing', 0],
        ['cfn-schema-wrong-type', 1],
        ['cfn-schema-value-not-allowed', 0],
      ],
    );
    for (const rule of schemaRules) assert.deepEqual(rule.check({ template } as Parameters<typeof rule.check>[0]), first[rule.meta.id as keyof typeof first]);
  });
});

describe('suggestions', () => {
  test('the typo limit grows with the name, and the distance stops once past it', () => {
    assert.deepEqual([1, 4, 5, 12, 13, 80].map(typoLimit), [1, 1, 2, 2, 3, 3]);
    assert.equal(boundedDistance('kitten', 'sitting', 3), 3);
    assert.equal(boundedDistance('kitten', 'sitting', 2), 3, 'limit + 1 once it is sure to pass');
    assert.equal(boundedDistance('a', 'abcdef', 2), 3, 'lengths too far apart are not compared');
    assert.equal(boundedDistance('same', 'same', 0), 0);
  });

  test('a case slip alone, otherwise the nearest within the limit, at most three; none for empty or very long names', () => {
    assert.deepEqual(nearestNames('tags', ['Tag', 'Tags', 'Taps']), ['Tags']);
    // Four letters allow one edit: Taps is two away.
    assert.deepEqual(nearestNames('Tagz', ['Tags', 'Tag', 'Taps', 'Other']), ['Tags', 'Tag']);
    // Five allow two: the nearest first, ties in candidate order, three at most unless told.
    assert.deepEqual(nearestNames('Statu', ['Start', 'Status', 'Stat', 'State', 'Statue']), ['Status', 'Stat', 'State']);
    assert.deepEqual(nearestNames('Statu', ['Start', 'Status', 'Stat'], 5), ['Status', 'Stat', 'Start']);
    assert.deepEqual(nearestNames('Statu', ['Start', 'Status', 'Stat'], 1), ['Status']);
    assert.deepEqual(nearestNames('Frobnicate', ['Tags', 'DelaySeconds']), []);
    assert.deepEqual(nearestNames('', ['Tags']), []);
    assert.deepEqual(nearestNames('x'.repeat(121), ['x'.repeat(120)]), []);
    assert.deepEqual(nearestNames('Tags', ['Tags']), [], 'the name itself is no suggestion');
  });
});

describe('hostile templates stay bounded', () => {
  test('5,000 levels of nested maps or lists under Properties: one nesting finding, no schema finding, no throw', () => {
    const depth = 5000;
    const texts = [
      yaml('Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties:', `      RedrivePolicy: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`),
      yaml('Resources:', '  B:', '    Type: AWS::S3::Bucket', '    Properties:', `      Tags: ${'['.repeat(depth)}${']'.repeat(depth)}`),
      `{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"Tags":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}}}`,
    ];
    for (const text of texts) {
      const got = findings(text);
      assert.deepEqual(
        got.map((f) => [f.ruleId, f.message]),
        [['cfn-syntax', 'The document is nested deeper than 200 levels, so it was not analysed.']],
      );
    }
  });

  test('a recursive property type nested as deep as the parser allows: the walk stops at its depth limit without a finding or a throw', () => {
    const acl = (levels: number): string => {
      let statement = '{Bogus: 1}';
      for (let i = 0; i < levels; i++) statement = `{NotStatement: {Statement: ${statement}}}`;
      return yaml(
        'Resources:',
        '  Acl:',
        '    Type: AWS::WAFv2::WebACL',
        '    Properties:',
        '      Scope: REGIONAL',
        '      DefaultAction: {Allow: {}}',
        '      VisibilityConfig: {SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl}',
        '      Rules:',
        '        - Name: r',
        '          Priority: 0',
        '          Action: {Block: {}}',
        '          VisibilityConfig: {SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: r}',
        `          Statement: ${statement}`,
      );
    };
    const shallow = findings(acl(10));
    assert.deepEqual(
      shallow.map((f) => f.ruleId),
      ['cfn-schema-unknown-property'],
    );
    assert.match(shallow[0]!.message, /^`Bogus` is not a property of `Rules\[0\]\.Statement\.NotStatement\.Statement\..*…` in AWS::WAFv2::WebACL; remove it or correct its name\.$/);
    assert.ok(shallow[0]!.message.length < 300, 'the path in the message is cut short');
    // 90 levels are 180 nested maps, inside the parser's 200: the walk itself gives up.
    assert.deepEqual(findings(acl(90)), []);
  });

  test('50,000 unknown keys: each found, the first 200 with a suggestion, and capped to 100 plus a summary where shown', () => {
    const lines = ['Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties:'];
    const count = 50_000;
    for (let i = 0; i < count; i++) lines.push(`      Unknown${i}: 1`);
    lines.push('      VisibilityTimeot: 60');
    const text = yaml(...lines);
    const got = findings(text);
    assert.equal(got.length, count + 1);
    assert.ok(got.every((f) => f.ruleId === 'cfn-schema-unknown-property'));
    // Suggestions are looked up for the first 200 keys only: the last, a plain typo, gets none.
    assert.equal(got.filter((f) => f.fix).length, 0);
    assert.equal(got.at(-1)!.message, '`VisibilityTimeot` is not a property of AWS::SQS::Queue; remove it or correct its name.');
    const shown = capFindings(got, DEFAULT_MAX_FINDINGS_PER_RULE, 'hint');
    assert.equal(shown.length, DEFAULT_MAX_FINDINGS_PER_RULE + 1);
    assert.equal(shown.at(-1)!.message, '49,901 more cfn-schema-unknown-property findings in this file are not listed: 50,001 in all, the first 100 shown. hint');
    assert.equal(shown.at(-1)!.start, got[DEFAULT_MAX_FINDINGS_PER_RULE]!.start);
  });

  test('past 200 suggestion lookups, findings come without a fix: typos and misspelt types alike', () => {
    const keys = ['Resources:', '  Q:', '    Type: AWS::SQS::Queue', '    Properties:'];
    // 300 different keys a letter or two from VisibilityTimeout, every other one quoted.
    const letters = 'abcdefghijklmnopqrs';
    for (let i = 0; i < 300; i++) {
      const quote = i % 2 ? "'" : '';
      keys.push(`      ${quote}VisibilityTimeo${letters[i % 19]}${letters[Math.floor(i / 19)]}${quote}: ${i}`);
    }
    const typos = findings(yaml(...keys));
    assert.equal(typos.length, 300);
    assert.deepEqual(
      [typos.slice(0, 200).every((f) => f.fix?.title === 'Change to VisibilityTimeout'), typos.slice(200).every((f) => f.fix === undefined)],
      [true, true],
    );
    const types = ['Resources:'];
    for (let i = 0; i < 300; i++) types.push(`  R${i}: {Type: AWS::S3::Buckets}`);
    const unknown = findings(yaml(...types));
    assert.equal(unknown.length, 300);
    assert.equal(unknown.filter((f) => f.fix).length, 200);
    assert.match(unknown[299]!.message, /correct the name/);
  });
});

describe('YAML aliases', () => {
  // The model does not resolve aliases (an alias is an empty value where it is written, so no
  // alias bomb grows), but an alias is not a null: `package` writes the anchor's value there.
  test('a required property or the whole Properties given as an alias is not reported missing, nor of the wrong type', () => {
    const text = yaml(
      'Resources:',
      '  A:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: &subnet',
      '      VpcId: &vpc vpc-0123456789abcdef0',
      '      CidrBlock: 10.0.1.0/24',
      '  B:',
      '    Type: AWS::EC2::Subnet',
      '    Properties:',
      '      VpcId: *vpc',
      '      CidrBlock: 10.0.2.0/24',
      '  C:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: *subnet',
      '  D:',
      '    Type: AWS::EC2::Subnet',
      '    Properties: {VpcId: null, CidrBlock: 10.0.3.0/24}',
    );
    assert.deepEqual(
      seen(text).map((s) => [s.rule, s.line, s.text, s.message]),
      [['cfn-schema-required-missing', 18, 'Properties', 'D (AWS::EC2::Subnet) is missing the required property `VpcId`; add it.']],
    );
  });
});
