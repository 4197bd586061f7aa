// Completion in templates: the context read from the text around the cursor (YAML block and flow
// style, JSON, partial words, broken text), and the items the index and the template's names give
// there. `|` marks the cursor in each text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionContext, type RawContext, type Segment } from '../../server/src/core/cfn/complete-context';
import { parseText } from '../../server/src/core/cfn/parse';
import { specCompletions, templateFacts, type SpecCompletion, type TemplateFacts } from '../../server/src/core/cfn/spec-complete';
import { readTemplate } from '../../server/src/core/cfn/template';

const FACTS: TemplateFacts = {
  parameters: [{ name: 'Env', type: 'String' }],
  resources: [
    { id: 'Bucket', type: 'AWS::S3::Bucket' },
    { id: 'Queue', type: 'AWS::SQS::Queue' },
  ],
  conditions: ['IsProd'],
};

function split(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the text marks the cursor');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function pathText(path: readonly Segment[]): string {
  return path.map((s) => ('key' in s ? s.key : 'item' in s ? `#${s.item}` : `!${s.tag}`)).join('/');
}

function context(marked: string): RawContext {
  const { text, offset } = split(marked);
  const found = completionContext(text, offset);
  assert.ok(found && found.position !== 'sub', `a context at ${JSON.stringify(marked)}`);
  return found;
}

function complete(marked: string, facts: TemplateFacts = FACTS): SpecCompletion | undefined {
  const { text, offset } = split(marked);
  return specCompletions(text, offset, facts);
}

function labels(marked: string, facts: TemplateFacts = FACTS): string[] {
  return complete(marked, facts)?.items.map((i) => i.label) ?? [];
}

/** The labels in the order the editor shows them (by sortText). */
function ordered(marked: string): string[] {
  return [...(complete(marked)?.items ?? [])].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

const BUCKET = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n';

test('YAML block: the path, the keys written above and below, the word, the resource type', () => {
  const c = context(`${BUCKET}      BucketName: x\n      Ver|\n      Tags: []\n  Next:\n    Type: AWS::SQS::Queue\n`);
  assert.equal(c.position, 'key');
  assert.equal(pathText(c.path), 'Resources/Bucket/Properties');
  assert.deepEqual([...c.present].sort(), ['BucketName', 'Tags']);
  assert.deepEqual([c.prefix, c.syntax, c.column, c.resourceTypeText], ['Ver', 'block', 6, 'AWS::S3::Bucket']);
  // The type may be written after Properties.
  const after = context('Resources:\n  Bucket:\n    Properties:\n      |\n    Type: AWS::S3::Bucket\n');
  assert.equal(after.resourceTypeText, 'AWS::S3::Bucket');
  // Nested through a list at its key's column, and a value.
  const nested = context(`${BUCKET}      Tags:\n      - Key: a\n        Value: |\n`);
  assert.deepEqual([nested.position, pathText(nested.path)], ['value', 'Resources/Bucket/Properties/Tags/#0/Value']);
  // The second item of a list.
  const second = context(`${BUCKET}      Tags:\n        - Key: a\n          Value: b\n        - |\n`);
  assert.deepEqual([second.position, pathText(second.path)], ['item', 'Resources/Bucket/Properties/Tags/#1']);
  // An item's map starting on the line after a lone `-`, and the branches of `- !If`.
  const lone = context(`${BUCKET}      Tags:\n        - Key: a\n          Value: b\n        -\n          Ke|\n`);
  assert.deepEqual([lone.position, pathText(lone.path)], ['key', 'Resources/Bucket/Properties/Tags/#1']);
  const ifItem = context('Resources:\n  C:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Applications:\n        - Name: Ganglia\n        - !If\n          - Spark\n          - Na|\n');
  assert.deepEqual([ifItem.position, pathText(ifItem.path)], ['item', 'Resources/C/Properties/Applications/#1/!If/#1']);
  assert.deepEqual(labels('Resources:\n  C:\n    Type: AWS::EMR::Cluster\n    Properties:\n      Applications:\n        - Name: Ganglia\n        - !If\n          - Spark\n          - Na|\n').slice(0, 1), ['AdditionalInfo']);
});

test('YAML: nothing in comments, block scalars, or under a key that has a scalar value', () => {
  const none = (marked: string): void => {
    const { text, offset } = split(marked);
    assert.equal(completionContext(text, offset), undefined, marked);
  };
  none(`${BUCKET}      # Ver|\n`);
  none(`${BUCKET}      BucketName: x # the na|\n`);
  none('Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ZipFile: >-\n          exports.|\n');
  none('Resources:\n  Bucket: oops\n    Prop|\n');
});

test('YAML flow style: keys, values and items inside braces and brackets', () => {
  const c = context(`${BUCKET}      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: a|}}]}\n`);
  assert.deepEqual([c.position, c.syntax, c.prefix], ['value', 'flow', 'a']);
  assert.equal(pathText(c.path), 'Resources/Bucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/#0/ServerSideEncryptionByDefault/SSEAlgorithm');
  const key = context(`${BUCKET}      VersioningConfiguration: {St|}\n`);
  assert.deepEqual([key.position, pathText(key.path)], ['key', 'Resources/Bucket/Properties/VersioningConfiguration']);
  const getAtt = context('Outputs:\n  A:\n    Value: !GetAtt [Bucket, |]\n');
  assert.deepEqual([getAtt.position, pathText(getAtt.path), getAtt.itemsBefore], ['item', 'Outputs/A/Value/!GetAtt/#1', ['Bucket']]);
});

test('JSON: a bounded walk back over closed collections, quotes included in the range', () => {
  const text = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Metadata: { a: [1, { b: '}' }] }, Properties: { BucketName: 'x', Tags: [] } } } }, null, 2);
  const marked = text.replace('"BucketName": "x",', '"BucketName": "x",\n        "Ver|",');
  const c = context(marked);
  assert.deepEqual([c.position, c.syntax, c.prefix, c.quoted], ['key', 'json', 'Ver', true]);
  assert.equal(pathText(c.path), 'Resources/Bucket/Properties');
  assert.deepEqual([...c.present].sort(), ['BucketName', 'Tags']);
  assert.equal(c.resourceTypeText, 'AWS::S3::Bucket');
  const { text: plain } = split(marked);
  assert.equal(plain.slice(c.start, c.end), '"Ver"', 'the quotes are replaced too');
  // An unquoted word and an unclosed string.
  const bare = context('{"Resources": {"B": {"Type": AWS::S3::Bu|\n');
  assert.deepEqual([bare.position, bare.quoted, bare.prefix, pathText(bare.path)], ['value', false, 'AWS::S3::Bu', 'Resources/B/Type']);
  const open = context('{"Resources": {"B": {"Type": "AWS::S3::Bu|\n');
  assert.deepEqual([open.quoted, open.prefix], [true, 'AWS::S3::Bu']);
});

test('types after Type: (YAML, JSON), partial words, the docs left to resolve', () => {
  const yaml = complete('Resources:\n  Bucket:\n    Type: AWS::S3::Bu|\n')!;
  const bucket = yaml.items.find((i) => i.label === 'AWS::S3::Bucket')!;
  assert.deepEqual([bucket.insertText, bucket.docsOfType, bucket.kind], ['AWS::S3::Bucket', 'AWS::S3::Bucket', 'type']);
  assert.ok(yaml.items.length > 1500);
  const json = complete('{"Resources": {"Bucket": {"Type": "AWS::S3::Bu|"}}}')!;
  const inJson = json.items.find((i) => i.label === 'AWS::S3::Bucket')!;
  assert.deepEqual([inJson.insertText, inJson.filterText], ['"AWS::S3::Bucket"', '"AWS::S3::Bucket"']);
  assert.deepEqual([json.start, json.end], [34, 47]);
  // `Type:` with no space yet: the value starts with one.
  assert.equal(complete('Resources:\n  Bucket:\n    Type:|\n')!.items.find((i) => i.label === 'AWS::S3::Bucket')!.insertText, ' AWS::S3::Bucket');
});

test('the required-properties snippet: YAML and JSON, only without Properties and for a narrow word', () => {
  const yaml = complete('Resources:\n  Policy:\n    Type: AWS::SQS::QueuePo|\n')!;
  const snippet = yaml.items.find((i) => i.label === 'AWS::SQS::QueuePolicy with required properties')!;
  assert.equal(snippet.snippet, true);
  assert.equal(snippet.insertText, 'AWS::SQS::QueuePolicy\n    Properties:\n      PolicyDocument: ${1}\n      Queues: ${2}');
  assert.equal(yaml.isIncomplete, false);
  const json = complete('{\n  "Resources": {\n    "Policy": {\n      "Type": "AWS::SQS::QueuePo|"\n    }\n  }\n}')!;
  assert.equal(
    json.items.find((i) => i.label === 'AWS::SQS::QueuePolicy with required properties')!.insertText,
    '"AWS::SQS::QueuePolicy",\n      "Properties": {\n        "PolicyDocument": ${1},\n        "Queues": ${2}\n      }',
  );
  // With Properties written, no snippet; with a broad word, the editor is told to ask again.
  assert.ok(!labels('Resources:\n  Policy:\n    Type: AWS::SQS::QueuePo|\n    Properties: {}\n').some((l) => l.endsWith('required properties')));
  const broad = complete('Resources:\n  Policy:\n    Type: AWS::|\n')!;
  assert.equal(broad.isIncomplete, true);
  assert.ok(!broad.items.some((i) => i.snippet));
});

test('property keys: required first, written ones left out, detail and docs, block and flow insertion', () => {
  const keys = ordered('Resources:\n  Record:\n    Type: AWS::Route53::RecordSet\n    Properties:\n      TTL: "300"\n      |\n');
  assert.deepEqual(keys.slice(0, 2), ['Name', 'Type']);
  assert.ok(!keys.includes('TTL'));
  const items = complete(`${BUCKET}      |\n`)!.items;
  const versioning = items.find((i) => i.label === 'VersioningConfiguration')!;
  assert.equal(versioning.detail, 'VersioningConfiguration · optional');
  assert.match(versioning.documentation!, /multiple versions/);
  assert.equal(versioning.insertText, 'VersioningConfiguration:\n        ', 'a nested map on the next line');
  assert.equal(items.find((i) => i.label === 'Tags')!.insertText, 'Tags:\n        - ');
  assert.equal(items.find((i) => i.label === 'BucketName')!.insertText, 'BucketName: ');
  // Nested: a property type's keys, in block and flow style.
  assert.deepEqual(ordered(`${BUCKET}      VersioningConfiguration:\n        |\n`), ['Status']);
  assert.deepEqual(complete(`${BUCKET}      VersioningConfiguration: {|}\n`)!.items.map((i) => i.insertText), ['Status: ']);
  // A key already followed by its colon keeps it.
  assert.equal(complete(`${BUCKET}      Bucket|: x\n`)!.items.find((i) => i.label === 'BucketName')!.insertText, 'BucketName');
  // The first key of a list's item map, after `- `.
  assert.deepEqual(ordered(`${BUCKET}      Tags:\n        - |\n`), ['Key', 'Value']);
  assert.deepEqual(ordered(`${BUCKET}      Tags:\n        - Key: a\n          |\n`), ['Value']);
});

test('property keys through the branches of If, short and long form', () => {
  assert.deepEqual(ordered(`${BUCKET}      VersioningConfiguration: !If [IsProd, {|}, !Ref AWS::NoValue]\n`), ['Status']);
  const long = `${BUCKET}      BucketEncryption:\n        Fn::If:\n          - IsProd\n          - ServerSideEncryptionConfiguration:\n              - |\n          - !Ref AWS::NoValue\n`;
  assert.ok(ordered(long).includes('ServerSideEncryptionByDefault') && ordered(long).includes('BucketKeyEnabled'));
  // Properties itself an If, the branch's keys after `- `; a tag on its own line.
  assert.ok(labels('Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      Fn::If:\n      - IsProd\n      - Ima|\n').includes('ImageId'));
  assert.deepEqual(labels(`${BUCKET}      VersioningConfiguration:\n        !If\n          - IsProd\n          -\n            St|\n`), ['Status']);
  // Under a map<…> of a property type, the author's key holds the type's keys.
  assert.ok(labels('Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Get:\n          |\n').includes('Type'));
  // The If's condition: the template's conditions.
  assert.deepEqual(labels(`${BUCKET}      VersioningConfiguration: !If [|]\n`), ['IsProd']);
});

test('property keys in JSON: quotes and colon', () => {
  const found = complete('{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "x", "Vers|"}}}}')!;
  const item = found.items.find((i) => i.label === 'VersioningConfiguration')!;
  assert.deepEqual([item.insertText, item.filterText], ['"VersioningConfiguration": ', '"VersioningConfiguration"']);
  assert.ok(!found.items.some((i) => i.label === 'BucketName'));
  // Unquoted, and with the colon written already.
  const bare = complete('{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {Vers|}}}}')!.items.find((i) => i.label === 'VersioningConfiguration')!;
  assert.deepEqual([bare.insertText, bare.filterText], ['"VersioningConfiguration": ', 'VersioningConfiguration']);
  assert.equal(complete('{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"Vers|": {}}}}}')!.items.find((i) => i.label === 'VersioningConfiguration')!.insertText, '"VersioningConfiguration"');
});

test('allowed values of a property and of a list item; booleans; quoting where YAML would misread', () => {
  assert.deepEqual(labels(`${BUCKET}      VersioningConfiguration:\n        Status: |\n`), ['Enabled', 'Suspended']);
  assert.deepEqual(labels(`${BUCKET}      VersioningConfiguration: {Status: S|}\n`), ['Enabled', 'Suspended']);
  assert.deepEqual(labels('{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "|"}}}}}'), ['Enabled', 'Suspended']);
  const hook = 'Resources:\n  Hook:\n    Type: AWS::CloudFormation::GuardHook\n    Properties:\n      TargetOperations:\n        - |\n';
  assert.deepEqual(labels(hook), ['RESOURCE', 'STACK', 'CHANGE_SET', 'CLOUD_CONTROL']);
  assert.deepEqual(labels('Resources:\n  Hook:\n    Type: AWS::CloudFormation::GuardHook\n    Properties:\n      TargetOperations: [STACK, |]\n'), ['RESOURCE', 'STACK', 'CHANGE_SET', 'CLOUD_CONTROL']);
  const booleans = complete(`${BUCKET}      PublicAccessBlockConfiguration:\n        BlockPublicAcls: |\n`)!;
  assert.deepEqual(booleans.items.map((i) => i.insertText), ['true', 'false']);
  // A value YAML would read as a number is quoted; JSON keeps its booleans unquoted.
  assert.deepEqual(complete('{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": |}}}}}')!.items.map((i) => i.insertText), ['true', 'false']);
  assert.equal(labels(`${BUCKET}      BucketName: |\n`).length, 0, 'a free string has no values');
  // An integer's allowed values stay numbers.
  const days = complete('Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: |\n')!;
  assert.deepEqual(days.items.slice(0, 3).map((i) => i.insertText), ['1', '3', '5']);
  assert.equal(complete('{"Resources": {"L": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": |}}}}')!.items[0]!.insertText, '1');
});

test('resource-level keys and policies', () => {
  assert.deepEqual(labels('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    |\n'), ['Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'CreationPolicy', 'UpdatePolicy']);
  assert.deepEqual(labels('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: |\n'), ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
  assert.deepEqual(labels('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    DependsOn: |\n'), ['Queue']);
});

test('Ref: parameters, resources but the current one, pseudo parameters; short and long form, YAML and JSON', () => {
  const pseudo = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'];
  const expected = ['Env', 'Queue', ...pseudo];
  assert.deepEqual(ordered(`${BUCKET}      BucketName: !Ref |\n`), expected);
  assert.deepEqual(ordered(`${BUCKET}      BucketName:\n        Ref: |\n`), expected);
  assert.deepEqual(ordered(`${BUCKET}      BucketName: {Ref: E|}\n`), expected);
  const json = complete('{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "|"}}}}}')!;
  assert.equal(json.items.find((i) => i.label === 'AWS::Region')!.insertText, '"AWS::Region"');
  // Outside Resources, every resource.
  assert.ok(labels('Outputs:\n  Name:\n    Value: !Ref |\n').includes('Bucket'));
  const env = complete(`${BUCKET}      BucketName: !Ref |\n`)!.items.find((i) => i.label === 'Env')!;
  assert.deepEqual([env.kind, env.detail], ['parameter', 'Parameter (String)']);
});

test('GetAtt: resources before the dot, attributes after it; the list form; JSON', () => {
  const names = complete('Outputs:\n  A:\n    Value: !GetAtt B|\n')!.items;
  assert.deepEqual(names.map((i) => [i.label, i.insertText, i.suggestAgain]), [
    ['Bucket', 'Bucket.', true],
    ['Queue', 'Queue.', true],
  ]);
  const after = complete('Outputs:\n  A:\n    Value: !GetAtt Bucket.Ar|\n')!;
  assert.ok(after.items.some((i) => i.label === 'Arn' && i.detail === 'string · AWS::S3::Bucket'));
  const { text } = split('Outputs:\n  A:\n    Value: !GetAtt Bucket.Ar|\n');
  assert.equal(text.slice(after.start, after.end), 'Ar', 'only the attribute is replaced');
  assert.ok(labels('Outputs:\n  A:\n    Value: !GetAtt [Bucket, |]\n').includes('DomainName'));
  assert.deepEqual(labels('Outputs:\n  A:\n    Value: !GetAtt [|]\n'), ['Bucket', 'Queue']);
  assert.ok(labels('Outputs:\n  A:\n    Value:\n      Fn::GetAtt: Queue.|\n').includes('QueueName'));
  const json = complete('{"Outputs": {"A": {"Value": {"Fn::GetAtt": ["Queue", "|"]}}}}')!;
  assert.equal(json.items.find((i) => i.label === 'Arn')!.insertText, '"Arn"');
  // An unknown resource: nothing.
  assert.equal(complete('Outputs:\n  A:\n    Value: !GetAtt Nope.|\n'), undefined);
});

test('Sub: ${ offers the names, ${Res. its attributes', () => {
  const marked = `${BUCKET}      BucketName: !Sub '\${AWS::Stack|}-x'\n`;
  const found = complete(marked)!;
  assert.ok(found.items.some((i) => i.label === 'AWS::StackName'));
  assert.ok(found.items.some((i) => i.label === 'Env'));
  const { text } = split(marked);
  assert.equal(text.slice(found.start, found.end), 'AWS::Stack');
  assert.ok(labels(`${BUCKET}      BucketName: !Sub '\${Queue.|}'\n`).includes('Arn'));
  // A `${` outside a Sub is no Sub.
  assert.equal(complete(`${BUCKET}      BucketName: '\${Env|}'\n`), undefined);
});

test('the facts of a parsed template: parameters with their types, resources, conditions', () => {
  const template = readTemplate(parseText('Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n'))!;
  assert.deepEqual(templateFacts(template), { parameters: [{ name: 'Env', type: 'String' }], resources: [{ id: 'Bucket', type: 'AWS::S3::Bucket' }], conditions: ['IsProd'] });
});

test('hostile text: every offset of broken templates answers or declines, and long inputs stay bounded', () => {
  const texts = [
    `${BUCKET}      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: a}}]}\n      Tags:\n        - Key: a\n          Value: !Sub '\${Env}-\${Bucket.Arn}'\nOutputs:\n  A: {Value: !GetAtt [Bucket, Arn]}\n`,
    '{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": [{"Key": "a\\"}", "Value": {"Fn::Sub": "${Env}"}}], "X": [[[{}]]]}}}}',
    '- - - a: [b, {c: "d\'}\n  ]] }}: :\n\t\t"unterminated\n!Ref\n!GetAtt .\n${${',
  ];
  for (const text of texts) {
    for (let offset = 0; offset <= text.length; offset++) {
      assert.doesNotThrow(() => specCompletions(text, offset, FACTS), `offset ${offset} of ${JSON.stringify(text.slice(0, 30))}`);
    }
  }
  const started = Date.now();
  // 200,000 lines of list items, nesting 10,000 deep in JSON, a 2 MB line.
  const many = `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n${'        - Key: a\n'.repeat(200_000)}        - |`;
  assert.ok(labels(many).includes('Value'));
  const deep = `${'{"a": ['.repeat(10_000)}"|`;
  assert.deepEqual(labels(deep), []);
  const wide = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {${'A: 1, '.repeat(350_000)}|}\n`;
  assert.ok(labels(wide).includes('BucketName'));
  assert.ok(Date.now() - started < 5000, `bounded: ${Date.now() - started} ms`);
});
