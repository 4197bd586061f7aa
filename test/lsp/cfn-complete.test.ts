// Completion over real LSP: the capability, resource types with their docs resolved lazily,
// property keys in JSON, Ref targets from the last version that parsed while the text does not,
// documents that are no template, and a large template answered by the analysis worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ANALYSIS_STATS_REQUEST, type AnalysisStats } from '../../server/src/protocol';
import { LineIndex } from '../../server/src/core/text';
import { LspClient } from '../helpers/lsp-client';

interface Item {
  label: string;
  kind?: number;
  detail?: string;
  documentation?: { kind: string; value: string };
  sortText?: string;
  filterText?: string;
  insertTextFormat?: number;
  textEdit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
  data?: unknown;
  command?: { command: string };
}
interface List {
  isIncomplete: boolean;
  items: Item[];
}

let client: LspClient;
let capabilities: Record<string, unknown>;
before(async () => {
  client = new LspClient();
  ({ capabilities } = await client.initialize());
});
after(async () => {
  assert.equal(await client.stop(), 0);
});

/** Completion where `|` is in `marked` (the document's text is `marked` without it). */
async function completeAt(uri: string, marked: string): Promise<List | null> {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0);
  const position = new LineIndex(marked.replace('|', '')).positionAt(offset);
  return client.connection.sendRequest<List | null>('textDocument/completion', { textDocument: { uri }, position });
}

test('the server offers completion with trigger characters and lazy resolve', () => {
  const provider = capabilities.completionProvider as { triggerCharacters: string[]; resolveProvider: boolean };
  assert.equal(provider.resolveProvider, true);
  for (const c of [':', '.', ' ', '"']) assert.ok(provider.triggerCharacters.includes(c), c);
});

test('YAML: resource types after Type:, the docs of one resolved when asked', async () => {
  const marked = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bu|\n';
  const uri = 'file:///work/complete-type.yaml';
  await client.open(uri, 'yaml', marked.replace('|', ''));
  const list = await completeAt(uri, marked);
  assert.ok(list && list.items.length > 1500, 'every type of the index');
  const bucket = list.items.find((i) => i.label === 'AWS::S3::Bucket')!;
  assert.deepEqual(bucket.textEdit, { range: { start: { line: 3, character: 10 }, end: { line: 3, character: 21 } }, newText: 'AWS::S3::Bucket' });
  assert.equal(bucket.documentation, undefined, 'docs wait for resolve');
  const resolved = await client.connection.sendRequest<Item>('completionItem/resolve', bucket);
  assert.match(resolved.documentation!.value, /creates an Amazon S3 bucket/);
  assert.match(resolved.documentation!.value, /aws-resource-s3-bucket\.html/);
});

test('YAML: the required-properties snippet of a narrowed type', async () => {
  const marked = 'Resources:\n  Queue:\n    Type: AWS::SQS::QueuePol|\n';
  const uri = 'file:///work/complete-snippet.yaml';
  await client.open(uri, 'yaml', marked.replace('|', ''));
  const list = (await completeAt(uri, marked))!;
  const snippet = list.items.find((i) => i.label === 'AWS::SQS::QueuePolicy with required properties')!;
  assert.equal(snippet.insertTextFormat, 2);
  assert.equal(snippet.textEdit.newText, 'AWS::SQS::QueuePolicy\n    Properties:\n      PolicyDocument: ${1}\n      Queues: ${2}');
});

test('JSON: property keys, required first, written keys left out, quotes and colon', async () => {
  const marked = '{\n  "Resources": {\n    "Record": {\n      "Type": "AWS::Route53::RecordSet",\n      "Properties": {\n        "TTL": "300",\n        "|"\n      }\n    }\n  }\n}\n';
  const uri = 'file:///work/complete-keys.json';
  await client.open(uri, 'json', marked.replace('|', ''));
  const list = (await completeAt(uri, marked))!;
  const labels = list.items.map((i) => i.label);
  assert.ok(!labels.includes('TTL'), 'TTL is written');
  const sorted = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.deepEqual(sorted.slice(0, 2).map((i) => i.label), ['Name', 'Type'], 'the required ones first');
  const name = list.items.find((i) => i.label === 'Name')!;
  assert.equal(name.detail, 'string · required');
  assert.equal(name.textEdit.newText, '"Name": ');
  assert.equal(name.filterText, '"Name"');
  assert.deepEqual(name.textEdit.range, { start: { line: 6, character: 8 }, end: { line: 6, character: 10 } });
  assert.equal(list.items.find((i) => i.label === 'Failover')!.command?.command, 'editor.action.triggerSuggest', 'its allowed values follow');
  assert.equal(list.items.find((i) => i.label === 'Name')!.command, undefined);
});

test('Ref targets come from the last version that parsed while the text does not', async () => {
  const good = 'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Env:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: x\n';
  const uri = 'file:///work/complete-ref.yaml';
  await client.open(uri, 'yaml', good);
  // Mid-edit: an unclosed flow map makes the text unparsable.
  const marked = good.replace('QueueName: x\n', 'QueueName: !Ref |\n      RedrivePolicy: {\n');
  const published = await client.changeAll(uri, 2, marked.replace('|', ''));
  assert.ok(published.diagnostics.some((d) => d.code === 'cfn-syntax'), 'the text does not parse');
  const labels = (await completeAt(uri, marked))!.items.map((i) => i.label);
  assert.ok(labels.includes('Env') && labels.includes('Topic') && labels.includes('AWS::Region') && labels.includes('AWS::NoValue'));
  assert.ok(!labels.includes('Queue'), 'not the resource being written');
});

test('a YAML document that is no template gets no completion', async () => {
  const marked = 'name: ci\non:\n  push:\n    branches: [|]\n';
  const uri = 'file:///work/complete-ci.yaml';
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: marked.replace('|', '') } });
  assert.equal(await completeAt(uri, marked), null);
});

test('a large template: the analysis worker answers, with attributes of GetAtt', async () => {
  const resources = Array.from({ length: 900 }, (_, i) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n      BucketName: bucket-${i}-with-a-longer-name\n`);
  const base = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources.join('')}Outputs:\n  Arn:\n    Value: !GetAtt Bucket7.|\n`;
  assert.ok(base.length > 64 * 1024);
  const uri = 'file:///work/complete-large.yaml';
  await client.open(uri, 'yaml', base.replace('|', ''));
  const labels = (await completeAt(uri, base))!.items.map((i) => i.label);
  assert.ok(labels.includes('Arn') && labels.includes('DomainName'), labels.join());
  const stats = await client.connection.sendRequest<AnalysisStats>(ANALYSIS_STATS_REQUEST);
  assert.ok(stats.workerAnalysed >= 1);
});
