// Hostile templates of issue 11: inputs generated at test time (test/helpers/hostile.ts) that
// once stalled, crashed or grew without end. Speed is not timed here (the bench does that): each
// test checks structure on an input large enough that the old quadratic code would run into the
// test's timeout, or a counter of the work done.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeText } from '../../server/src/core/analyze';
import { fastYaml } from '../../server/src/core/cfn/fast-yaml';
import { parseText } from '../../server/src/core/cfn/parse';
import { readTemplate, type Resource, type Template } from '../../server/src/core/cfn/template';
import { fixAll, safeFixEdits } from '../../server/src/core/fix-all';
import { policiesOf } from '../../server/src/core/rules/s3/bucket-policy';
import type { Finding } from '../../server/src/core/rules/types';
import { applyEdits, type TextEdit } from '../../server/src/core/text';
import { anchoredYaml, minifiedJson, wideLists } from '../helpers/hostile';

/** Generous for the linear code on a loaded machine, far short of what the quadratic code needed. */
const TIMEOUT_MS = 20_000;

/**
 * The work a test hands to a worker: a synchronous loop in the test's own thread could not be
 * stopped by the runner's timeout, which only fires once the loop is over. The worker runs this
 * same file, which then does the one job and posts its result instead of registering tests.
 */
const JOBS = {
  applyEdits: (text: string, edits: TextEdit[]): string => applyEdits(text, edits),
  findings: (text: string): Array<Pick<Finding, 'ruleId' | 'start' | 'end' | 'message' | 'resource'>> =>
    analyzeText(text).findings.map(({ ruleId, start, end, message, resource }) => ({ ruleId, start, end, message, resource })),
  fixAll: (text: string): string => fixAll(text).text,
};
type Job = keyof typeof JOBS;

if (!isMainThread) {
  const { job, args } = workerData as { job: Job; args: unknown[] };
  parentPort!.postMessage((JOBS[job] as (...a: unknown[]) => unknown)(...args));
}

/** Tests are registered only in the main thread, never in a job's worker. */
const hostileTest: typeof test = isMainThread ? test : ((() => undefined) as unknown as typeof test);

/** Resolves with the job's result, or rejects when the test's timeout passes first. */
function inWorker<J extends Job>(job: J, ...args: Parameters<(typeof JOBS)[J]>): Promise<ReturnType<(typeof JOBS)[J]>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { job, args } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${job} not done within the test's timeout of ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    worker.once('message', (value: ReturnType<(typeof JOBS)[J]>) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(value);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** An edit whose offsets count how often they are read. */
function countedEdit(counter: { reads: number }, start: number, end: number, newText: string): TextEdit {
  return {
    get start() {
      counter.reads++;
      return start;
    },
    get end() {
      counter.reads++;
      return end;
    },
    newText,
  };
}

function finding(start: number, edits: TextEdit[]): Finding {
  return { ruleId: 'r', severity: 'warning', start, end: start, message: 'm', resource: null, fix: { title: 't', safety: 'safe', edits: () => edits } };
}

hostileTest('applyEdits takes 100,000 edits to a 1 MB text in one pass, inserts at one offset in reverse list order', async () => {
  const text = 'abcdefghij'.repeat(100_000);
  const edits: TextEdit[] = [];
  for (let i = 0; i < 100_000; i++) edits.push({ start: i * 10 + 2, end: i * 10 + 3, newText: 'C' });
  const out = await inWorker('applyEdits', text, edits.reverse());
  assert.equal(out, 'abCdefghij'.repeat(100_000));
  assert.equal(applyEdits('0123', [{ start: 1, end: 1, newText: 'a' }, { start: 1, end: 1, newText: 'b' }, { start: 1, end: 3, newText: 'X' }]), '0baX3');
  assert.throws(() => applyEdits('0123', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 1, newText: 'x' }]), /overlapping/);
});

hostileTest('safeFixEdits looks at each of 5,000 fixes a bounded number of times; the first of overlapping fixes wins', () => {
  const counter = { reads: 0 };
  const findings: Finding[] = [];
  for (let i = 0; i < 5_000; i++) findings.push(finding(i * 10, [countedEdit(counter, i * 10, i * 10 + 4, 'x')]));
  // Each of these overlaps an accepted edit (or inserts where one does) and waits for the next pass.
  findings.push(finding(3, [{ start: 3, end: 12, newText: 'y' }]));
  findings.push(finding(20, [{ start: 20, end: 24, newText: 'z' }]));
  findings.push(finding(32, [{ start: 32, end: 32, newText: 'w' }]));
  findings.push(finding(6, [{ start: 6, end: 8, newText: 'v' }, { start: 50_001, end: 50_001, newText: 'end' }]));
  const { edits, applied } = safeFixEdits(findings);
  assert.equal(applied.length, 5_001);
  assert.equal(edits.length, 5_002);
  assert.deepEqual(edits.slice(-2), [{ start: 6, end: 8, newText: 'v' }, { start: 50_001, end: 50_001, newText: 'end' }]);
  assert.ok(counter.reads < 20 * 5_000, `offsets read ${counter.reads} times`);
});

hostileTest('a minified one-line JSON template is read with its style found once, not per key', async () => {
  const text = minifiedJson(5000);
  const findings = await inWorker('findings', text);
  assert.ok(findings.some((f) => f.ruleId === 's3-versioning-off' && f.resource === 'Bucket4999'));
  assert.ok(findings.every((f) => f.start >= 0 && f.end <= text.length));
  const fixed = await inWorker('fixAll', minifiedJson(300));
  assert.equal(fixed.includes('\n'), false, 'fixes keep the template on one line');
  const resources = JSON.parse(fixed).Resources;
  assert.equal(resources.Bucket299.Properties.VersioningConfiguration.Status, 'Enabled');
  assert.equal(resources.Bucket299TlsPolicy.Properties.Bucket.Ref, 'Bucket299');
});

hostileTest('bucket policies are sorted by bucket once per template, not read again for every bucket', () => {
  const count = 500;
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  B${i}:`, '    Type: AWS::S3::Bucket', `  P${i}:`, '    Type: AWS::S3::BucketPolicy', '    Properties:', `      Bucket: !Ref B${i}`);
  }
  lines.push('  Named:', '    Type: AWS::S3::Bucket', '    Properties: {BucketName: logs}', '  ByName:', '    Type: AWS::S3::BucketPolicy', '    Properties: {Bucket: logs}');
  const parsed = readTemplate(parseText(`${lines.join('\n')}\n`))!;
  // The same template, with policies that count how often their properties are read.
  const reads = { count: 0 };
  const resources = parsed.resources.map((r): Resource => {
    if (r.type !== 'AWS::S3::BucketPolicy') return r;
    const { properties, ...rest } = r;
    return Object.defineProperty({ ...rest }, 'properties', { get: () => (reads.count++, properties), enumerable: true }) as Resource;
  });
  const template: Template = { ...parsed, resources, byId: new Map(resources.map((r) => [r.logicalId, r])) };
  for (const bucket of resources.filter((r) => r.type === 'AWS::S3::Bucket')) {
    const { definite, possible } = policiesOf(template, bucket);
    const expected = bucket.logicalId === 'Named' ? 'ByName' : `P${bucket.logicalId.slice(1)}`;
    assert.deepEqual(definite.map((p) => p.logicalId), [expected]);
    assert.deepEqual(possible, []);
  }
  assert.ok(reads.count < 10 * count, `policy properties read ${reads.count} times`);
});

hostileTest('a YAML template for the full parser with a mapping of 60,000 keys is checked for duplicate keys with a set per map', async () => {
  // An alias inside a flow sequence keeps the template with the full parser, whose check this is.
  const fullOnly = (count: number): string => `${anchoredYaml(count)}  Third:\n    Type: AWS::S3::Bucket\n    Properties: {Tags: [*tags]}\n`;
  assert.equal(fastYaml(fullOnly(3), 200), undefined);
  const text = fullOnly(60_000);
  const findings = await inWorker('findings', text);
  assert.ok(findings.some((f) => f.ruleId === 's3-versioning-off' && f.resource === 'Other'));
  assert.equal(findings.filter((f) => f.ruleId === 'cfn-syntax').length, 0);
  // The first duplicate in the text is the one reported, named and underlined.
  const twice = `${anchoredYaml(3)}Outputs:\n  A: {Value: x, Value: y}\n  A: {Value: z}\n`;
  const duplicate = analyzeText(twice).findings.filter((f) => f.ruleId === 'cfn-syntax');
  assert.equal(duplicate.length, 1);
  assert.match(duplicate[0]!.message, /^Duplicate key Value:/);
  assert.equal(twice.slice(duplicate[0]!.start, duplicate[0]!.end), 'Value');
  assert.equal(duplicate[0]!.start, twice.lastIndexOf('Value: y'));
});

/** `count` each of VPCs, users with a console password, zones and flow-log-less subnets: rules that look, per resource, for others. */
function manyOfEach(count: number): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < count; i++) {
    out.push(`  Vpc${i}:`, '    Type: AWS::EC2::VPC', `    Properties: {CidrBlock: 10.${i % 250}.0.0/16}`);
    out.push(`  Block${i}:`, '    Type: AWS::EC2::VPCCidrBlock', `    Properties: {VpcId: !Ref Vpc${i}, CidrBlock: 10.${i % 250}.128.0/17}`);
    out.push(`  User${i}:`, '    Type: AWS::IAM::User', '    Properties: {LoginProfile: {Password: x}}');
    out.push(`  Zone${i}:`, '    Type: AWS::Route53::HostedZone', `    Properties: {Name: z${i}.example.com}`);
    out.push(`  Policy${i}:`, '    Type: AWS::IAM::Policy', `    Properties: {PolicyName: p, Users: [!Ref User${i}], PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}}`);
  }
  return `${out.join('\n')}\n`;
}

hostileTest('rules that look for other resources of a type per resource read an index built once per template', async () => {
  const count = 2500;
  const findings = await inWorker('findings', manyOfEach(count));
  const of = (rule: string): number => findings.filter((f) => f.ruleId === rule).length;
  assert.equal(of('vpc-flow-logs-off'), count);
  assert.equal(of('iam-user-console-without-mfa'), count);
  assert.ok(of('dns-dmarc-missing') + of('dns-spf-missing') + of('dns-caa-missing') >= count);
});

hostileTest('lists of 200,000 items are gathered without spreading them into one call, so no rule overflows the stack', () => {
  const text = wideLists(200_000);
  assert.ok(text.length < 5 * 1024 * 1024, 'under the 5 MB analysed, so every rule runs');
  const findings = analyzeText(text).findings;
  assert.ok(!findings.some((f) => f.ruleId === 'cfn-syntax'), 'the template reads');
  assert.ok(findings.some((f) => f.ruleId === 's3-policy-public-principal' || f.ruleId === 's3-tls-not-enforced'), 'the bucket policy was looked at');
  assert.ok(findings.some((f) => f.ruleId === 'sg-admin-port-open-to-world'), 'the ingress list was looked at');
  assert.ok(fixAll(text).text.length >= text.length, 'fix-all runs to the end');
});
