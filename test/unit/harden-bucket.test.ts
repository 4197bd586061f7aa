// Harden This Bucket in a template: every fixture bucket's text after the one edit equals its
// `.hardened.*` file, no s3- finding is left on the bucket, and a second run has nothing to do.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { diffEdits, hardenBucket } from '../../server/src/core/harden-bucket';
import { applyEdits } from '../../server/src/core/text';
import { fixturesDir, updating } from '../helpers/paths';

const dir = join(fixturesDir, 'harden-bucket');

const CASES: ReadonlyArray<{ file: string; bucket: string; left: RegExp[]; notApplied?: RegExp[] }> = [
  { file: 'bare-block.yaml', bucket: 'Data', left: [/^MFA Delete/] },
  { file: 'flow.yaml', bucket: 'Logs', left: [/^MFA Delete/] },
  { file: 'bare.json', bucket: 'Assets', left: [/^MFA Delete/] },
  { file: 'existing-policy.yaml', bucket: 'Reports', left: [/^MFA Delete/] },
  {
    file: 'website.yaml',
    bucket: 'Site',
    left: [/^Public access block: not added, because bucket Site serves a website/, /^TLS-only policy: not added, because S3 website endpoints speak plain HTTP only/, /^MFA Delete/],
    notApplied: [/public access/i, /TLS/],
  },
  { file: 'access-control.yaml', bucket: 'AccessLogs', left: [/^Object ownership: left as is, because bucket AccessLogs sets AccessControl \(LogDeliveryWrite\)/, /^MFA Delete/], notApplied: [/ownership/i] },
];

function s3FindingsOf(text: string, bucket: string): string[] {
  return analyzeText(text).findings.filter((f) => f.resource === bucket && f.ruleId.startsWith('s3-')).map((f) => f.ruleId);
}

for (const { file, bucket, left, notApplied } of CASES) {
  test(`harden ${file}: one edit gives the hardened text, no s3- finding is left, and a second run changes nothing`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const result = hardenBucket(text, {}, { logicalId: bucket });
    assert.equal(result.logicalId, bucket);
    assert.ok(result.edits, 'there is something to change');
    const hardened = applyEdits(text, result.edits);
    const expectedFile = join(dir, file.replace(/\.(yaml|json)$/, '.hardened.$1'));
    if (updating) writeFileSync(expectedFile, hardened);
    assert.equal(hardened, readFileSync(expectedFile, 'utf8'));
    assert.deepEqual(
      left.map((re) => result.left.some((line) => re.test(line))),
      left.map(() => true),
      `left says ${result.left.join(' | ')}`,
    );
    assert.equal(result.left.length, left.length, `nothing else is left: ${result.left.join(' | ')}`);
    for (const re of notApplied ?? []) assert.ok(!result.applied.some((line) => re.test(line)), `${re} is not applied`);
    const remaining = s3FindingsOf(hardened, bucket);
    if (file === 'website.yaml') assert.deepEqual(remaining.sort(), ['s3-public-access-not-blocked', 's3-tls-not-enforced']);
    else assert.deepEqual(remaining, []);
    const again = hardenBucket(hardened, {}, { logicalId: bucket });
    assert.equal(again.edits, null, 'a second run has nothing to change');
    assert.deepEqual(again.applied, []);
  });
}

test('an already hardened bucket gets no edit, only the MFA Delete note', () => {
  const text = readFileSync(join(dir, 'hardened.yaml'), 'utf8');
  const result = hardenBucket(text, {}, { logicalId: 'Done' });
  assert.equal(result.logicalId, 'Done');
  assert.equal(result.edits, null);
  assert.deepEqual(result.applied, []);
  assert.equal(result.left.length, 1);
  assert.match(result.left[0]!, /^MFA Delete: .*root user/);
});

test('the bucket is found by an offset inside its entry; elsewhere only the buckets are listed', () => {
  const text = readFileSync(join(dir, 'bare-block.yaml'), 'utf8');
  const inside = hardenBucket(text, {}, { offset: text.indexOf('my-data-bucket') });
  assert.equal(inside.logicalId, 'Data');
  const outside = hardenBucket(text, {}, { offset: text.indexOf('AWS::SQS::Queue') });
  assert.equal(outside.logicalId, null);
  assert.equal(outside.edits, null);
  assert.deepEqual(outside.buckets, ['Data']);
  assert.deepEqual(hardenBucket(text, {}, {}).buckets, ['Data']);
  assert.equal(hardenBucket(text, {}, { logicalId: 'Queue' }).logicalId, null, 'a queue is no bucket');
});

test('the undelete window comes from the settings', () => {
  const text = readFileSync(join(dir, 'bare-block.yaml'), 'utf8');
  const result = hardenBucket(text, { settings: { undeleteWindowDays: 7 } }, { logicalId: 'Data' });
  assert.match(applyEdits(text, result.edits!), /NoncurrentDays: 7\n/);
  assert.ok(result.applied.includes('Expire noncurrent versions of bucket Data after 7 days'));
});

test('only the chosen bucket changes, with its own edits, and CRLF line ends are kept', () => {
  const two = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  A:',
    '    Type: AWS::S3::Bucket',
    '  B:',
    '    Type: AWS::S3::Bucket',
    '',
  ].join('\r\n');
  const result = hardenBucket(two, {}, { logicalId: 'B' });
  const out = applyEdits(two, result.edits!);
  assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(out), 'every line break is CRLF');
  assert.deepEqual(s3FindingsOf(out, 'B'), []);
  assert.ok(s3FindingsOf(out, 'A').length > 0, 'bucket A is left alone');
  assert.ok(out.startsWith(two.slice(0, two.indexOf('  B:'))), 'nothing before B is touched');
});

test('a finding suppressed with a reason stays as the author wrote it', () => {
  const text = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Data:',
    '    Type: AWS::S3::Bucket',
    '    Metadata:',
    '      aws-hardening:',
    '        ignore:',
    '          - id: s3-versioning-off',
    '            reason: scratch data, rebuilt every night',
    '',
  ].join('\n');
  const result = hardenBucket(text, {}, { logicalId: 'Data' });
  const out = applyEdits(text, result.edits!);
  assert.ok(!out.includes('VersioningConfiguration'), 'versioning is not added');
  assert.deepEqual(s3FindingsOf(out, 'Data'), []);
});

test('diffEdits keeps unchanged lines between changes out of the edits', () => {
  const before = 'a\nb\nc\nd\ne\n';
  const after = 'a\nB\nc\nd\ne\nf\n';
  const edits = diffEdits(before, after);
  assert.equal(edits.length, 2);
  assert.equal(applyEdits(before, edits), after);
  assert.deepEqual(edits[0], { start: 2, end: 4, newText: 'B\n' });
  assert.equal(applyEdits('x', diffEdits('x', 'y\nx')), 'y\nx');
  assert.equal(applyEdits('p\nq', diffEdits('p\nq', 'q')), 'q');
});
