// The seven reference rules (server/src/core/rules/refs/): names a template uses that it does not
// define, attributes a type does not return, DependsOn on nothing, circles of dependencies, and
// parameters, conditions and mappings nothing uses. Each test runs only the reference rules on a
// small template and checks which findings come out, where, with what message and fix.
import assert from 'node:assert/strict';
import { describe as nodeDescribe, test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeText } from '../../server/src/core/analyze';
import { capFindings, DEFAULT_MAX_FINDINGS_PER_RULE } from '../../server/src/core/cap';
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

function findings(text: string, rule?: RefRule): readonly Finding[] {
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

/** `count` SNS topics, each referring to the next; the last to the first when `closed`. */
function chain(count: number, closed: boolean): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < count; i++) {
    const next = i + 1 < count ? `R${i + 1}` : closed ? 'R0' : null;
    out.push(`  R${i}:`, '    Type: AWS::SNS::Topic');
    if (next) out.push('    Properties:', `      TopicName: !GetAtt ${next}.TopicName`);
  }
  return `${out.join('\n')}\n`;
}

// A job too slow to stop from the test's own thread runs in a worker on this same file, which then
// posts its result instead of registering tests.
if (!isMainThread) {
  const { count } = workerData as { count: number };
  parentPort!.postMessage(analyzeText(chain(count, true), ONLY_REFS).findings.filter((f) => f.ruleId === 'cfn-ref-circular').length);
}

/** Suites are registered only in the main thread. */
const describe: typeof nodeDescribe = isMainThread ? nodeDescribe : ((() => undefined) as unknown as typeof nodeDescribe);

/** The circle findings of a circle of `count` resources, or a rejection once `ms` pass. */
function circleInWorker(count: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { count } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`a circle of ${count} resources not checked within ${ms} ms`));
    }, ms);
    worker.once('message', (n: number) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(n);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
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


describe('cfn-ref-circular', () => {
  test('a circle of two through Ref and GetAtt: each member reported once, at its link, naming the circle', () => {
    const text = yaml(
      'Resources:',
      '  Web:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      '      GroupDescription: web',
      '      VpcId: !Ref Db',
      '  Db:',
      '    Type: AWS::EC2::SecurityGroup',
      '    Properties:',
      '      GroupDescription: db',
      '      VpcId: !GetAtt Web.GroupId',
    );
    const found = findings(text);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.severity, f.resource, at(text, f).line, at(text, f).text, f.message, f.fix]),
      [
        ['cfn-ref-circular', 'error', 'Web', 5, 'Db', 'Circular dependency: Web → Db → Web (2 resources depend on each other).', undefined],
        ['cfn-ref-circular', 'error', 'Db', 10, 'Web', 'Circular dependency: Db → Web → Db (2 resources depend on each other).', undefined],
      ],
    );
  });

  test('a circle of three through DependsOn, Ref and a Sub inside Fn::If', () => {
    const text = yaml(
      'Conditions:',
      '  Always: !Equals [a, a]',
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    DependsOn: [Topic]',
      '  Policy:',
      '    Type: AWS::SQS::QueuePolicy',
      '    Properties:',
      '      Queues: [!Ref Queue]',
      '      PolicyDocument: {}',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !If [Always, !Sub "${Policy}-topic", !Ref AWS::NoValue]',
      '  Outside:',
      '    Type: AWS::SNS::Topic',
      '    DependsOn: Topic',
      'Outputs:',
      // Outputs do not count: this closes no circle.
      '  Q: {Value: !Ref Queue}',
    );
    const found = findings(text);
    assert.equal(found.length, 3);
    assert.deepEqual(
      found.map((f) => [f.resource, at(text, f).text, f.message]),
      [
        ['Queue', 'Topic', 'Circular dependency: Queue → Topic → Policy → Queue (3 resources depend on each other).'],
        ['Policy', 'Queue', 'Circular dependency: Policy → Queue → Topic → Policy (3 resources depend on each other).'],
        ['Topic', 'Policy', 'Circular dependency: Topic → Policy → Queue → Topic (3 resources depend on each other).'],
      ],
    );
  });

  test('a resource that refers to itself', () => {
    const text = yaml('Resources:', '  Self:', '    Type: AWS::SNS::Topic', '    Properties:', '      TopicName: !Sub "${Self.TopicName}"');
    const found = findings(text);
    assert.deepEqual(found.map((f) => [f.ruleId, f.message, at(text, f).text]), [['cfn-ref-circular', 'Self refers to itself: CloudFormation cannot create it.', 'Self']]);
  });

  test('stronglyConnected finds the components of a graph', () => {
    // 0 → 1 → 2 → 0, 2 → 3, 3 → 3, 4 alone.
    const components = stronglyConnected(5, [[1], [2], [0, 3], [3], []]).map((c) => [...c].sort());
    assert.deepEqual(components.sort((a, b) => a[0]! - b[0]!), [[0, 1, 2], [3], [4]]);
  });

  test('a chain of 10,000 resources has no circle and does not overflow the stack', () => {
    const text = chain(10_000, false);
    assert.deepEqual(findings(text), []);
    // Tarjan's walk over a path this long, recursive, would need 10,000 frames.
    const edges = Array.from({ length: 200_000 }, (_, i) => (i + 1 < 200_000 ? [i + 1] : []));
    assert.equal(stronglyConnected(200_000, edges).length, 200_000);
  });

  test('one circle of 10,000 resources: every member reported once, with one shared circle shortened in the message', () => {
    const text = chain(10_000, true);
    const found = findings(text);
    assert.equal(found.length, 10_000);
    assert.ok(found.every((f) => f.ruleId === 'cfn-ref-circular'));
    assert.equal(new Set(found.map((f) => f.resource)).size, 10_000);
    assert.equal(found[0]!.message, 'Circular dependency: R0 → R1 → R2 → R3 → R4 → R5 → R6 → … (9993 more) → R0 (10000 resources depend on each other).');
    const last = found.find((f) => f.resource === 'R9999')!;
    assert.equal(last.message, 'Circular dependency: R9999 → R0 → R1 → R2 → R3 → R4 → R5 → … (9993 more) → R9999 (10000 resources depend on each other).');
    assert.equal(at(text, last).text, 'R0');
  });

  test('a circle of 20,000 resources is checked in linear time (each member once copied the whole circle: minutes)', async () => {
    // Well under a second now; the quadratic version took over two minutes.
    assert.equal(await circleInWorker(20_000, 30_000), 20_000);
  });

  test('members of a large circle off the shared circle are told which circle they are tied to', () => {
    // R0..R69 in a circle (more than the 64 given a circle each), and X on a second one, R1 → R2 → X → R1.
    const lines = ['Resources:'];
    for (let i = 0; i < 70; i++) lines.push(`  R${i}:`, '    Type: AWS::SNS::Topic', '    Properties:', `      TopicName: !GetAtt R${(i + 1) % 70}.TopicName`);
    lines.push('  X:', '    Type: AWS::SNS::Topic', '    DependsOn: R1');
    lines[lines.indexOf('      TopicName: !GetAtt R2.TopicName')] = '      TopicName: !GetAtt R2.TopicName\n      DisplayName: !Ref X';
    const text = yaml(...lines);
    const found = findings(text);
    assert.equal(found.length, 71);
    const x = found.find((f) => f.resource === 'X')!;
    assert.equal(x.message, 'Circular dependency: R0 → R1 → R2 → R3 → R4 → R5 → R6 → … (63 more) → R0, which X is tied to (71 resources depend on each other).');
    assert.equal(found.find((f) => f.resource === 'R5')!.message, 'Circular dependency: R5 → R6 → R7 → R8 → R9 → R10 → R11 → … (63 more) → R5 (71 resources depend on each other).');
  });
});

describe('cfn-ref-unused-parameter, -condition, -mapping', () => {
  test('each unused declaration is reported at its key, as information', () => {
    const text = yaml(
      'Parameters:',
      '  Used:',
      '    Type: String',
      '  Spare:',
      '    Type: String',
      'Mappings:',
      '  Images:',
      '    us-east-1: {Id: ami-0123456789abcdef0}',
      'Conditions:',
      '  IsProd: !Equals [!Ref Used, prod]',
      // A condition only its own definition names is unused too.
      '  Loop: !Not [!Condition Loop]',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
    );
    const found = findings(text);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.severity, f.resource, at(text, f).line, at(text, f).text, f.message]),
      [
        ['cfn-ref-unused-parameter', 'information', 'Spare', 3, 'Spare', 'Parameter Spare is never used: no Ref, Sub or rule reads it.'],
        ['cfn-ref-unused-mapping', 'information', 'Images', 6, 'Images', 'Mapping Images is never used: no FindInMap reads it.'],
        ['cfn-ref-unused-condition', 'information', 'IsProd', 9, 'IsProd', 'Condition IsProd is never used: no resource, output, Fn::If or other condition names it.'],
        ['cfn-ref-unused-condition', 'information', 'Loop', 10, 'Loop', 'Condition Loop is never used: no resource, output, Fn::If or other condition names it.'],
      ],
    );
  });

  test('uses in a Sub string, Conditions, Rules, Outputs, Fn::If, Condition keys and FindInMap count', () => {
    const text = yaml(
      'Parameters:',
      '  InSub:',
      '    Type: String',
      '  InCondition:',
      '    Type: String',
      '  InRule:',
      '    Type: String',
      '  InValueOf:',
      '    Type: AWS::EC2::VPC::Id',
      '  InOutput:',
      '    Type: String',
      'Rules:',
      '  Allowed:',
      '    Assertions:',
      '      - Assert: !Contains [[a, b], !Ref InRule]',
      '      - Assert: !Equals [!ValueOf [InValueOf, Tags], x]',
      'Mappings:',
      '  Images:',
      '    us-east-1: {Id: ami-0123456789abcdef0}',
      'Conditions:',
      '  ForResource: !Equals [!Ref InCondition, a]',
      '  ForOutput: !Equals [a, b]',
      '  ForIf: !Equals [a, c]',
      '  Inner: !Equals [a, d]',
      '  Outer: !And [!Condition Inner, {Condition: ForIf}]',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Condition: ForResource',
      '    Properties:',
      '      TopicName: !Sub "${InSub}-topic"',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Condition: Outer',
      '    Properties:',
      '      QueueName: !If [ForIf, !FindInMap [Images, !Ref AWS::Region, Id], !Ref AWS::NoValue]',
      'Outputs:',
      '  Name:',
      '    Condition: ForOutput',
      '    Value: !Ref InOutput',
    );
    assert.deepEqual(findings(text), []);
  });

  test('the interface metadata is not a use; a computed Ref or FindInMap may use any', () => {
    const base = [
      'Metadata:',
      '  AWS::CloudFormation::Interface:',
      '    ParameterGroups:',
      '      - Parameters: [Listed]',
      'Parameters:',
      '  Listed:',
      '    Type: String',
      '  Which:',
      '    Type: String',
      'Mappings:',
      '  A: {k: {v: 1}}',
      '  B: {k: {v: 2}}',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
    ];
    const plain = yaml(...base, '      TopicName: !Ref Which');
    assert.deepEqual(
      findings(plain).map((f) => [f.ruleId, f.resource]),
      [
        ['cfn-ref-unused-parameter', 'Listed'],
        ['cfn-ref-unused-mapping', 'A'],
        ['cfn-ref-unused-mapping', 'B'],
      ],
    );
    // The mapping's name comes from a parameter: any mapping may be read.
    const computedMap = yaml(...base, '      TopicName: !FindInMap [!Ref Which, k, v]');
    assert.deepEqual(findings(computedMap).map((f) => [f.ruleId, f.resource]), [['cfn-ref-unused-parameter', 'Listed']]);
    // The Ref's name comes from an intrinsic: any parameter may be read.
    const computedRef = yaml(...base, '      TopicName: !Ref {"Fn::Sub": "${Which}"}', '      DisplayName: !FindInMap [A, k, v]');
    assert.deepEqual(findings(computedRef).map((f) => [f.ruleId, f.resource]), [['cfn-ref-unused-mapping', 'B']]);
  });

  test('a condition named by an intrinsic leaves every condition unjudged', () => {
    const text = yaml(
      'Parameters:',
      '  Which:',
      '    Type: String',
      'Conditions:',
      '  A: !Equals [a, a]',
      '  B: !Equals [a, b]',
      'Resources:',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Properties:',
      '      TopicName: !If [!Ref Which, x, y]',
    );
    assert.deepEqual(findings(text, 'cfn-ref-unused-condition'), []);
  });
});

describe('templates whose names the reference rules cannot know', () => {
  test('Fn::ForEach: generated names and the loop identifier are defined; a parameter unused still is reported', () => {
    const text = yaml(
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::LanguageExtensions',
      'Parameters:',
      '  Names:',
      '    Type: CommaDelimitedList',
      '  Prefix:',
      '    Type: String',
      '  Spare:',
      '    Type: String',
      'Resources:',
      '  Fn::ForEach::Buckets:',
      '    - Name',
      '    - !Ref Names',
      '    - Bucket${Name}:',
      '        Type: AWS::S3::Bucket',
      '        Properties:',
      '          BucketName: !Sub "${Prefix}-${Name}"',
      '          Tags: [{Key: name, Value: !Ref Name}]',
      '  Fn::ForEach::Topics:',
      '    - Name',
      '    - [a, b]',
      '    - Topic${Name}:',
      '        Type: AWS::SNS::Topic',
      '        DependsOn: !Sub Bucket${Name}',
      'Outputs:',
      '  First: {Value: !GetAtt BucketAlpha.Arn}',
      '  Second: {Value: !Ref Topica}',
      '  Missing: {Value: !Ref Nothing}',
    );
    const found = findings(text);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.resource, at(text, f).text]),
      [
        ['cfn-ref-unused-parameter', 'Spare', 'Spare'],
        ['cfn-ref-undefined', 'Missing', 'Nothing'],
      ],
    );
  });

  test('SAM: names SAM generates from a serverless resource, and Globals, count; other typos are still found', () => {
    const text = yaml(
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  Runtime:',
      '    Type: String',
      '  Spare:',
      '    Type: String',
      'Globals:',
      '  Function:',
      '    Runtime: !Ref Runtime',
      'Resources:',
      '  Handler:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      InlineCode: "def handler(e, c): return 1"',
      'Outputs:',
      '  Role: {Value: !GetAtt HandlerRole.Arn}',
      '  Api: {Value: !Ref ServerlessRestApi}',
      '  Anything: {Value: !GetAtt Handler.Whatever}',
      '  Typo: {Value: !Ref Handlr}',
    );
    assert.deepEqual(
      findings(text).map((f) => [f.ruleId, f.resource, f.message]),
      [
        ['cfn-ref-unused-parameter', 'Spare', 'Parameter Spare is never used: no Ref, Sub or rule reads it.'],
        ['cfn-ref-undefined', 'Typo', 'Ref "Handlr" names no parameter, resource or pseudo parameter of this template. Did you mean "Handler"?'],
      ],
    );
  });

  for (const [what, lines] of [
    ['a transform other than SAM and the language extensions', ['Transform: MyCompanyMacro']],
    ['a list of transforms with a macro among them', ['Transform: [AWS::Serverless-2016-10-31, MyCompanyMacro]']],
    ['a Transform written as a map', ['Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}']],
    ['Fn::Transform in the Resources section', ['Resources:', '  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}']],
    // Was missed: a macro among a resource's own keys was not seen, and its Refs were judged.
    ['Fn::Transform among a resource\'s own keys', ['Resources:', '  Extra:', '    Type: AWS::SNS::Topic', '    Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}']],
    ['Fn::Transform in a resource\'s properties', ['Resources:', '  Extra:', '    Type: AWS::SNS::Topic', '    Properties:', '      Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}']],
    ['Fn::Transform in the Parameters section', ['Parameters:', '  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}']],
  ] as const) {
    test(`${what}: no reference rule reports`, () => {
      const text = yaml(
        ...lines.filter((l) => !l.startsWith('Resources') && !l.startsWith(' ') && !l.startsWith('Parameters')),
        'Parameters:',
        ...(lines[0] === 'Parameters:' ? lines.slice(1) : []),
        '  Spare:',
        '    Type: String',
        'Conditions:',
        '  Unused: !Equals [a, b]',
        'Mappings:',
        '  Unread: {k: {v: 1}}',
        'Resources:',
        ...(lines[0] === 'Resources:' ? lines.slice(1) : []),
        '  Site:',
        '    Type: AWS::S3::Bucket',
        '    DependsOn: Nothing',
        '    Properties:',
        '      BucketName: !Ref WhateverTheMacroAdds',
        '      Tags: [{Key: a, Value: !GetAtt Site.NoSuchAttribute}]',
      );
      assert.equal(references(readTemplate(parseText(text))!).skip !== undefined, true);
      assert.deepEqual(findings(text), []);
    });
  }
});

describe('hostile templates', () => {
  test('10,000 unused parameters: every one reported by the rule, capped where findings are shown', () => {
    const lines = ['Parameters:'];
    for (let i = 0; i < 10_000; i++) lines.push(`  P${i}:`, '    Type: String');
    lines.push('Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties:', '      TopicName: !Ref P5000');
    const text = yaml(...lines);
    const found = findings(text);
    // analyzeText lists them all (fix-all must see everything); the CLI and editor cap per rule.
    assert.equal(found.length, 9_999);
    assert.ok(found.every((f) => f.ruleId === 'cfn-ref-unused-parameter' && f.severity === 'information'));
    assert.equal(found.some((f) => f.resource === 'P5000'), false);
    const shown = capFindings(found, DEFAULT_MAX_FINDINGS_PER_RULE, 'Raise the limit to see them all.');
    assert.equal(shown.length, DEFAULT_MAX_FINDINGS_PER_RULE + 1);
    const summary = shown.find((f) => f.resource === null)!;
    assert.equal(summary.message, '9,899 more cfn-ref-unused-parameter findings in this file are not listed: 9,999 in all, the first 100 shown. Raise the limit to see them all.');
    assert.equal(summary.severity, 'information');
  });

  test('did-you-mean is worked out for at most 200 names per template; the rest are reported without one', () => {
    const lines = ['Parameters:'];
    for (let i = 0; i < 300; i++) lines.push(`  Param${i}x:`, '    Type: String');
    lines.push('Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties:', '      Tags:');
    // Each Ref is one letter off its parameter (ParamNy for ParamNx).
    for (let i = 0; i < 300; i++) lines.push(`        - {Key: k${i}, Value: !Ref Param${i}y}`);
    const text = yaml(...lines);
    const found = findings(text, 'cfn-ref-undefined');
    assert.equal(found.length, 300);
    const suggested = found.filter((f) => f.fix);
    assert.equal(suggested.length, 200);
    assert.equal(suggested[0]!.message, 'Ref "Param0y" names no parameter, resource or pseudo parameter of this template. Did you mean "Param0x"?');
    assert.equal(found[250]!.message, 'Ref "Param250y" names no parameter, resource or pseudo parameter of this template.');
  });

  test('nesting up to the parser\'s limit is walked without throwing; deeper is a syntax error only', () => {
    const nested = (depth: number): string => {
      let value = '!Ref Missing';
      for (let i = 0; i < depth; i++) value = `!Join ["", [${value}]]`;
      return yaml('Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties:', `      TopicName: ${value}`);
    };
    // Two levels per Join: 95 Joins stay under the 200 levels the parser reads.
    const ok = nested(95);
    const found = findings(ok);
    assert.deepEqual(found.map((f) => [f.ruleId, at(ok, f).text]), [['cfn-ref-undefined', 'Missing']]);
    const deep = analyzeText(nested(150));
    assert.equal(deep.parseFailed, true);
    assert.deepEqual(deep.findings.map((f) => f.ruleId), ['cfn-syntax']);
    assert.match(deep.findings[0]!.message, /nested deeper than 200 levels/);
  });

  test('an alias bomb stays small: an alias is read as an empty value, so each reference is walked once', () => {
    for (const flow of [false, true]) {
      const lines = ['Parameters:', '  Spare:', '    Type: String', 'Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Metadata:'];
      lines.push(flow ? '      l0: &l0 [!Ref Missing, !Ref Missing]' : '      l0: &l0\n        - Ref: Missing\n        - Ref: Missing');
      // Each level lists the one before twice: 2^23 references, were aliases expanded.
      for (let i = 1; i <= 22; i++) lines.push(flow ? `      l${i}: &l${i} [*l${i - 1}, *l${i - 1}]` : `      l${i}: &l${i}\n        - *l${i - 1}\n        - *l${i - 1}`);
      const text = yaml(...lines);
      const refs = references(readTemplate(parseText(text))!);
      assert.equal(refs.complete, true);
      assert.equal(refs.sites.length, 2);
      assert.deepEqual(
        findings(text).map((f) => [f.ruleId, f.resource]),
        [
          ['cfn-ref-unused-parameter', 'Spare'],
          ['cfn-ref-undefined', 'Topic'],
          ['cfn-ref-undefined', 'Topic'],
        ],
      );
    }
  });
});
