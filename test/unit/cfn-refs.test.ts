// The seven reference rules (server/src/core/rules/refs/): names a template uses that it does not
// define, attributes a type does not return, DependsOn on nothing, circles of dependencies, and
// parameters, conditions and mappings nothing uses. Each test runs only the reference rules on a
// small template and checks which findings come out, where, with what message and fix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { parseText } from '../../server/src/core/cfn/parse';
import { readTemplate } from '../../server/src/core/cfn/template';
import { stronglyConnected } from '../../server/src/core/rules/refs/circular';
import { references } from '../../server/src/core/rules/refs/references';
import { allRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions, Finding } from '../../server/src/core/rules/types';
import { applyEdits, LineIndex } from '../../server/src/core/text';

const REF_RULES = [
  'cfn-ref-undefined',
  'cfn-ref-attribute-unknown',
  'cfn-ref-depends-on-undefined',
  'cfn-ref-circular',
  'cfn-ref-unused-parameter',
  'cfn-ref-unused-condition',
  'cfn-ref-unused-mapping',
] as const;
type RefRule = (typeof REF_RULES)[number];

/** Every other rule off: only the reference rules speak. */
const ONLY_REFS: AnalysisOptions = {
  severities: Object.fromEntries(allRules.filter((r) => !(REF_RULES as readonly string[]).includes(r.id)).map((r) => [r.id, 'off' as const])),
};

function findings(text: string, rule?: RefRule): Finding[] {
  const all = analyzeText(text, ONLY_REFS).findings;
  for (const f of all) assert.ok((REF_RULES as readonly string[]).includes(f.ruleId), `unexpected rule ${f.ruleId}: ${f.message}`);
  return rule ? all.filter((f) => f.ruleId === rule) : all;
}

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The finding's text, and its 0-based line. */
function at(text: string, f: Finding): { text: string; line: number } {
  return { text: text.slice(f.start, f.end), line: new LineIndex(text).positionAt(f.start).line };
}

/** Applies the finding's fix; the fix must exist and give edits. */
function applyFix(text: string, f: Finding): string {
  assert.ok(f.fix, `no fix on: ${f.message}`);
  const edits = f.fix.edits();
  assert.ok(edits, 'the fix gives no edits');
  return applyEdits(text, edits);
}

/** Fixes applied one at a time, each after analysing again, as a person would: until none is left. */
function applyAllFixes(text: string): string {
  let current = text;
  for (let i = 0; i < 50; i++) {
    const next = findings(current).find((f) => f.fix?.edits());
    if (!next) return current;
    current = applyEdits(current, next.fix!.edits()!);
  }
  assert.fail('fixes did not converge');
}

/** Lines differing between two texts of the same line count. */
function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

const PSEUDO = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'];

describe('cfn-ref-undefined: Ref', () => {
  test('Ref to a parameter, a resource and every pseudo parameter is quiet', () => {
    const text = yaml(
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Stage:',
      '    Type: String',
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Ref Stage',
      '  Site:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      LoggingConfiguration:',
      '        DestinationBucketName: !Ref Logs',
      '      Tags:',
      ...PSEUDO.flatMap((p, i) => [`        - Key: k${i}`, `          Value: !Ref ${p}`]),
      '        - Key: long',
      '          Value: {Ref: AWS::Region}',
    );
    assert.deepEqual(findings(text), []);
  });

  test('a Ref to nothing close is reported without a fix', () => {
    const text = yaml(
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Ref SomethingElseEntirely',
    );
    const [f, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(f!.ruleId, 'cfn-ref-undefined');
    assert.equal(f!.severity, 'error');
    assert.equal(f!.resource, 'Logs');
    assert.equal(f!.message, 'Ref "SomethingElseEntirely" names no parameter, resource or pseudo parameter of this template.');
    assert.deepEqual(at(text, f!), { text: 'SomethingElseEntirely', line: 4 });
    assert.equal(f!.fix, undefined);
  });

  test('a misspelt pseudo parameter is named as one, with the right one suggested', () => {
    const text = yaml('Resources:', '  Logs:', '    Type: AWS::S3::Bucket', '    Properties:', '      BucketName: !Ref AWS::Regoin');
    const [f, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(f!.message, 'Ref "AWS::Regoin" is not a pseudo parameter (AWS::AccountId, AWS::Region, AWS::StackName…). Did you mean "AWS::Region"?');
    assert.equal(applyFix(text, f!), text.replace('AWS::Regoin', 'AWS::Region'));
  });

  test('a misspelt Ref gets a did-you-mean fix that changes only the name, and applying it again changes nothing', () => {
    const text = yaml(
      'Parameters:',
      '  Stage:',
      '    Type: String',
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '  Site:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Ref Stag # a comment stays',
      '      LoggingConfiguration:',
      '        DestinationBucketName: !Ref Log',
    );
    // Stage is read by nothing but the misspelt Ref, so it is also unused until the fix.
    assert.deepEqual(findings(text, 'cfn-ref-unused-parameter').map((f) => [at(text, f).line, f.severity]), [[1, 'information']]);
    const found = findings(text, 'cfn-ref-undefined');
    assert.equal(found.length, 2);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.message, at(text, f).line, at(text, f).text, f.fix?.safety, f.fix?.title]),
      [
        ['cfn-ref-undefined', 'Ref "Stag" names no parameter, resource or pseudo parameter of this template. Did you mean "Stage"?', 9, 'Stag', 'unsafe', 'Change name "Stag" to "Stage"'],
        ['cfn-ref-undefined', 'Ref "Log" names no parameter, resource or pseudo parameter of this template. Did you mean "Logs"?', 11, 'Log', 'unsafe', 'Change name "Log" to "Logs"'],
      ],
    );
    const once = applyFix(text, found[0]!);
    assert.deepEqual(changedLines(text, once), [['      BucketName: !Ref Stag # a comment stays', '      BucketName: !Ref Stage # a comment stays']]);
    // Applying again: the fixed text no longer has that finding, so there is nothing left to apply there.
    const next = findings(once);
    // The parameter is used now: only the other misspelling is left.
    assert.deepEqual(next.map((f) => at(once, f).text), ['Log']);
    const twice = applyFix(once, next[0]!);
    assert.deepEqual(changedLines(once, twice), [['        DestinationBucketName: !Ref Log', '        DestinationBucketName: !Ref Logs']]);
    assert.deepEqual(findings(twice), []);
    assert.equal(applyAllFixes(twice), twice);
  });

  test('in JSON the fix replaces the name inside its quotes', () => {
    const text = [
      '{',
      '  "Parameters": { "Stage": { "Type": "String" } },',
      '  "Resources": {',
      '    "Logs": { "Type": "AWS::S3::Bucket" },',
      '    "Site": {',
      '      "Type": "AWS::S3::Bucket",',
      '      "Properties": {',
      '        "BucketName": { "Fn::Sub": "${Stag}-site" },',
      '        "LoggingConfiguration": { "DestinationBucketName": { "Ref": "Log" } }',
      '      }',
      '    }',
      '  },',
      '  "Outputs": { "Arn": { "Value": { "Fn::GetAtt": ["Logz", "Arn"] } } }',
      '}',
      '',
    ].join('\n');
    const found = findings(text, 'cfn-ref-undefined');
    // In JSON a declared name's range is its key with the quotes.
    assert.deepEqual(findings(text, 'cfn-ref-unused-parameter').map((f) => at(text, f)), [{ text: '"Stage"', line: 1 }]);
    assert.deepEqual(
      found.map((f) => [at(text, f).line, at(text, f).text, f.message]),
      [
        [7, 'Stag', 'Sub variable "Stag" names no parameter, resource or pseudo parameter of this template. Did you mean "Stage"?'],
        [8, 'Log', 'Ref "Log" names no parameter, resource or pseudo parameter of this template. Did you mean "Logs"?'],
        [12, 'Logz', 'GetAtt names "Logz", which is not a resource of this template. Did you mean "Logs"?'],
      ],
    );
    let fixed = text;
    for (const f of [...found].reverse()) fixed = applyFix(fixed, f);
    assert.deepEqual(changedLines(text, fixed), [
      ['        "BucketName": { "Fn::Sub": "${Stag}-site" },', '        "BucketName": { "Fn::Sub": "${Stage}-site" },'],
      ['        "LoggingConfiguration": { "DestinationBucketName": { "Ref": "Log" } }', '        "LoggingConfiguration": { "DestinationBucketName": { "Ref": "Logs" } }'],
      ['  "Outputs": { "Arn": { "Value": { "Fn::GetAtt": ["Logz", "Arn"] } } }', '  "Outputs": { "Arn": { "Value": { "Fn::GetAtt": ["Logs", "Arn"] } } }'],
    ]);
    assert.deepEqual(findings(fixed), []);
    assert.equal(applyAllFixes(text), fixed);
    assert.equal(applyAllFixes(fixed), fixed);
  });

  test('two names equally close give no suggestion', () => {
    const text = yaml(
      'Resources:',
      '  LogA:',
      '    Type: AWS::S3::Bucket',
      '  LogB:',
      '    Type: AWS::S3::Bucket',
      '  Site:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Ref LogC',
    );
    const found = findings(text);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.message, 'Ref "LogC" names no parameter, resource or pseudo parameter of this template.');
    assert.equal(found[0]!.fix, undefined);
  });

  test('the template\'s own Metadata is not read; a Ref in a resource\'s Metadata is', () => {
    const text = yaml(
      'Metadata:',
      '  Notes: !Ref NotAParameter',
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Metadata:',
      '      Note: !Ref AlsoNotAParameter',
    );
    const found = findings(text);
    assert.deepEqual(found.map((f) => at(text, f)), [{ text: 'AlsoNotAParameter', line: 6 }]);
  });
});

describe('cfn-ref-undefined and cfn-ref-attribute-unknown: GetAtt', () => {
  const head = [
    'Resources:',
    '  Db:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties:',
    '      DBInstanceClass: db.t3.micro',
    '      Engine: postgres',
    '  Topic:',
    '    Type: AWS::SNS::Topic',
    'Outputs:',
  ];

  test('all three forms and a nested attribute name (Endpoint.Address) are quiet', () => {
    const text = yaml(
      ...head,
      '  A: {Value: !GetAtt Db.Endpoint.Address}',
      '  B: {Value: !GetAtt [Db, Endpoint.Port]}',
      '  C:',
      '    Value:',
      '      Fn::GetAtt: [Topic, TopicArn]',
      '  D:',
      '    Value:',
      '      Fn::GetAtt: Db.DBInstanceArn',
      '  E: {Value: !Sub "${Db.Endpoint.Address}:${Db.Endpoint.Port}"}',
    );
    assert.deepEqual(findings(text), []);
  });

  test('an unknown attribute is reported in each form, at the attribute, with the type\'s attributes listed', () => {
    const text = yaml(
      ...head,
      '  A: {Value: !GetAtt Topic.Arn}',
      '  B: {Value: !GetAtt [Topic, Arn]}',
      '  C:',
      '    Value:',
      '      Fn::GetAtt: [Topic, TopicArm]',
      '  D: {Value: !Sub "${Topic.Arn}"}',
      '  E: {Value: !GetAtt Db.Endpoint.Adress}',
    );
    const found = findings(text);
    assert.ok(found.every((f) => f.ruleId === 'cfn-ref-attribute-unknown' && f.severity === 'error'));
    assert.deepEqual(
      found.map((f) => [at(text, f).line, at(text, f).text, f.resource]),
      [
        [9, 'Arn', 'A'],
        [10, 'Arn', 'B'],
        [13, 'TopicArm', 'C'],
        [14, 'Arn', 'D'],
        [15, 'Endpoint.Adress', 'E'],
      ],
    );
    assert.match(found[0]!.message, /^Topic \(AWS::SNS::Topic\) has no attribute "Arn": it has .*TopicArn/);
    // "TopicArm" is one letter from TopicArn: the fix renames the attribute only.
    assert.match(found[2]!.message, /Did you mean "TopicArn"\?$/);
    assert.equal(applyFix(text, found[2]!), text.replace('[Topic, TopicArm]', '[Topic, TopicArn]'));
    assert.match(found[4]!.message, /^Db \(AWS::RDS::DBInstance\) has no attribute "Endpoint.Adress": .* Did you mean "Endpoint.Address"\?$/);
    assert.equal(applyFix(text, found[4]!), text.replace('Db.Endpoint.Adress', 'Db.Endpoint.Address'));
  });

  test('an attribute an intrinsic gives is not judged', () => {
    const text = yaml(
      'Parameters:',
      '  Which:',
      '    Type: String',
      ...head,
      '  A: {Value: !GetAtt [Topic, !Ref Which]}',
      '  B:',
      '    Value:',
      '      Fn::GetAtt: [Db, {"Fn::Sub": "Endpoint.${Which}"}]',
    );
    assert.deepEqual(findings(text), []);
  });

  test('GetAtt of a missing resource or a parameter is cfn-ref-undefined, not an unknown attribute', () => {
    const text = yaml('Parameters:', '  Stage:', '    Type: String', ...head, '  A: {Value: !GetAtt Topc.TopicArn}', '  B: {Value: !GetAtt [Stage, Arn]}');
    // A GetAtt does not use a parameter.
    assert.equal(findings(text, 'cfn-ref-unused-parameter').length, 1);
    const found = findings(text).filter((f) => f.ruleId !== 'cfn-ref-unused-parameter');
    assert.deepEqual(
      found.map((f) => [f.ruleId, at(text, f).text, f.message]),
      [
        ['cfn-ref-undefined', 'Topc', 'GetAtt names "Topc", which is not a resource of this template. Did you mean "Topic"?'],
        ['cfn-ref-undefined', 'Stage', 'GetAtt names "Stage", a parameter: only a resource has attributes.'],
      ],
    );
    assert.equal(applyFix(text, found[0]!), text.replace('!GetAtt Topc.TopicArn', '!GetAtt Topic.TopicArn'));
  });

  test('custom resources and unknown types are not judged', () => {
    const text = yaml(
      'Resources:',
      '  Custom:',
      '    Type: Custom::Thing',
      '    Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:f}',
      '  Other:',
      '    Type: AWS::CloudFormation::CustomResource',
      '    Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:f}',
      '  Stack:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties: {TemplateURL: https://example.com/t.yaml}',
      'Outputs:',
      '  A: {Value: !GetAtt Custom.Anything}',
      '  B: {Value: !GetAtt Other.Whatever.Deep}',
      '  C: {Value: !GetAtt Stack.Outputs.BucketName}',
    );
    assert.deepEqual(findings(text), []);
  });
});

describe('cfn-ref-undefined: Sub', () => {
  test('parameters, attributes, pseudo parameters, escapes and the variable map are quiet', () => {
    const text = yaml(
      'Parameters:',
      '  Stage:',
      '    Type: String',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !Sub "${Stage}-${AWS::Region}-${AWS::AccountId}-${!Literal}-${! AlsoLiteral}"',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      QueueName: !Sub',
      '        - "${X}-${Topic.TopicName}-${Topic}"',
      '        - X: !Ref Stage',
      '  Other:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      QueueName:',
      '        Fn::Sub: ["${Local.Part}", {Local.Part: value}]',
    );
    assert.deepEqual(findings(text), []);
  });

  test('undefined variables are each reported at their name, the escaped one is not', () => {
    const text = yaml(
      'Parameters:',
      '  Stage:',
      '    Type: String',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !Sub "${Stag}-${!Stag}-${Missing}-${Stage.Arn}"',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      QueueName: !Sub ["${X}-${Y}-${Topic.Arn}", {X: x}]',
    );
    // `${Stage.Arn}` reads an attribute, not the parameter: Stage is unused.
    assert.deepEqual(findings(text, 'cfn-ref-unused-parameter').map((f) => f.message), ['Parameter Stage is never used: no Ref, Sub or rule reads it.']);
    const found = findings(text).filter((f) => f.ruleId !== 'cfn-ref-unused-parameter');
    assert.deepEqual(
      found.map((f) => [f.ruleId, at(text, f).line, at(text, f).text, f.message]),
      [
        ['cfn-ref-undefined', 7, 'Stag', 'Sub variable "Stag" names no parameter, resource or pseudo parameter of this template. Did you mean "Stage"?'],
        ['cfn-ref-undefined', 7, 'Missing', 'Sub variable "Missing" names no parameter, resource or pseudo parameter of this template.'],
        ['cfn-ref-undefined', 7, 'Stage', 'Sub reads attribute Arn of "Stage", a parameter: only a resource has attributes.'],
        ['cfn-ref-undefined', 11, 'Y', 'Sub variable "Y" names no parameter, resource or pseudo parameter of this template.'],
        ['cfn-ref-attribute-unknown', 11, 'Arn', 'Topic (AWS::SNS::Topic) has no attribute "Arn": it has TopicArn, TopicName.'],
      ],
    );
    // The escaped ${!Stag} stays as written when the other is fixed.
    assert.equal(applyFix(text, found[0]!), text.replace('${Stag}-', '${Stage}-'));
  });

  test('a Sub whose string an intrinsic computes may use any parameter', () => {
    const text = yaml(
      'Parameters:',
      '  Stage:',
      '    Type: String',
      '  Prefix:',
      '    Type: String',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !Sub [!Join ["", ["$", "{Stage}"]], {}]',
    );
    assert.deepEqual(findings(text), []);
  });
});

describe('cfn-ref-depends-on-undefined', () => {
  test('a string and a list of resources are quiet', () => {
    const text = yaml(
      'Resources:',
      '  A:',
      '    Type: AWS::SNS::Topic',
      '  B:',
      '    Type: AWS::SNS::Topic',
      '    DependsOn: A',
      '  C:',
      '    Type: AWS::SNS::Topic',
      '    DependsOn: [A, B]',
    );
    assert.deepEqual(findings(text), []);
  });

  test('undefined names in a string and a list are reported, with a fix when close', () => {
    const text = yaml(
      'Parameters:',
      '  Stage:',
      '    Type: String',
      'Conditions:',
      '  IsProd: !Equals [!Ref Stage, prod]',
      'Resources:',
      '  Gateway:',
      '    Type: AWS::EC2::InternetGateway',
      '  Server:',
      '    Type: AWS::SNS::Topic',
      '    Condition: IsProd',
      '    DependsOn: Gatway',
      '  Other:',
      '    Type: AWS::SNS::Topic',
      '    DependsOn:',
      '      - Gateway',
      '      - Stage',
      '      - IsProd',
      '      - Nothing',
    );
    const found = findings(text);
    assert.ok(found.every((f) => f.ruleId === 'cfn-ref-depends-on-undefined' && f.severity === 'error'));
    assert.deepEqual(
      found.map((f) => [at(text, f).line, at(text, f).text, f.resource, f.message, f.fix !== undefined]),
      [
        [11, 'Gatway', 'Server', 'Server depends on "Gatway", no resource of this template. Did you mean "Gateway"?', true],
        [16, 'Stage', 'Other', 'Other depends on "Stage", a parameter.', false],
        [17, 'IsProd', 'Other', 'Other depends on "IsProd", a condition.', false],
        [18, 'Nothing', 'Other', 'Other depends on "Nothing", no resource of this template.', false],
      ],
    );
    const fixed = applyFix(text, found[0]!);
    assert.deepEqual(changedLines(text, fixed), [['    DependsOn: Gatway', '    DependsOn: Gateway']]);
    assert.equal(findings(fixed, 'cfn-ref-depends-on-undefined').length, 3);
  });
});
