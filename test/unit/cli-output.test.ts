// The report stays bounded however many findings a file has: each rule lists at most N findings
// per file and then one that counts the rest (--max-findings-per-rule, 0 for all), fix-all still
// sees every finding, and JSON and SARIF are written one finding at a time, never as one string.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_MAX_FINDINGS_PER_RULE } from '../../server/src/core/cap';
import { runCli, withDir, findingsOf, type JsonFinding } from '../helpers/cli-run';
import { hostileInputs, identicalSubnets, writeHostile } from '../helpers/hostile';

const overlaps = (out: string): JsonFinding[] => findingsOf(out).filter((f) => f.ruleId === 'subnets-overlap');

/** 160 identical subnets: one subnets-overlap finding per subnet after the first, well above the default of 100 per rule. */
const SUBNETS = identicalSubnets(160);
const ALL = analyzeText(SUBNETS).findings.filter((f) => f.ruleId === 'subnets-overlap').length;

test('each rule lists at most 100 findings per file, then one finding that counts the rest', () => {
  assert.ok(ALL > DEFAULT_MAX_FINDINGS_PER_RULE, `the input has ${ALL} overlaps`);
  withDir((dir) => {
    const file = join(dir, 'subnets.yaml');
    writeFileSync(file, SUBNETS);
    const listed = overlaps(runCli(['lint', '--format', 'json', file]).out);
    assert.equal(listed.length, DEFAULT_MAX_FINDINGS_PER_RULE + 1);
    const summary = listed.find((f) => / more subnets-overlap findings in this file are not listed/.test(f.message));
    assert.ok(summary, 'one finding counts the rest');
    assert.match(summary.message, new RegExp(`${ALL - DEFAULT_MAX_FINDINGS_PER_RULE} more .* ${ALL} in all, the first 100 shown\\. Run with --max-findings-per-rule 0 to list them all\\.`));
    assert.equal(overlaps(runCli(['lint', '--format', 'json', '--max-findings-per-rule', '5', file]).out).length, 6);
    assert.equal(overlaps(runCli(['lint', '--format', 'json', '--max-findings-per-rule=0', file]).out).length, ALL);
    const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', '--max-findings-per-rule', '3', file]).out);
    assert.equal(sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'subnets-overlap').length, 4);
    const text = runCli(['lint', '--max-findings-per-rule', '3', file]);
    assert.equal(text.code, 1);
    assert.equal(text.out.match(/ error subnets-overlap: /g)?.length, 4);
  });
});

test('--max-findings-per-rule takes a whole number', () => {
  const r = runCli(['lint', '--max-findings-per-rule', '-1', 'x.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--max-findings-per-rule takes a whole number \(0 lists all\), not '-1'/);
});

test('JSON and SARIF are written a finding at a time, and read back whole', () => {
  withDir((dir) => {
    const file = join(dir, 'subnets.yaml');
    writeFileSync(file, SUBNETS);
    for (const format of ['json', 'sarif']) {
      const r = runCli(['lint', '--format', format, '--max-findings-per-rule', '0', file]);
      const parsed = JSON.parse(r.out);
      const results: unknown[] = format === 'json' ? parsed.findings : parsed.runs[0].results;
      assert.ok(results.length >= ALL);
      // One chunk per finding, none the size of the report: the output is never one string.
      assert.ok(r.chunks.length > results.length, `${format}: ${r.chunks.length} chunks`);
      const sizes = r.chunks.map((c) => c.length);
      assert.ok(Math.max(...sizes.slice(1, -1)) < 2048, `${format}: findings are written one by one`);
      assert.equal(r.out, `${JSON.stringify(parsed, null, 2)}\n`, `${format}: the same bytes as one JSON.stringify`);
    }
    const none = runCli(['lint', '--format', 'json', join(dir, 'missing.yaml')]);
    assert.deepEqual(JSON.parse(none.out), { version: 1, findings: [] });
  });
});

test('the hostile identical-subnets input is reported within bounds, with its summary finding', () => {
  const input = hostileInputs(0.1, '').find((i) => i.name === 'identical-subnets')!;
  const written = writeHostile(input);
  try {
    const r = runCli(['lint', '--format', 'json', written.entry]);
    const listed = overlaps(r.out);
    assert.equal(listed.length, DEFAULT_MAX_FINDINGS_PER_RULE + 1);
    assert.ok(r.chunks.every((c) => c.length < 64 * 1024));
  } finally {
    written.dispose();
  }
});

test('--fix applies every fix, however many findings the report lists', () => {
  withDir((dir) => {
    const file = join(dir, 'buckets.yaml');
    const buckets = Array.from({ length: 12 }, (_, i) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b-${i}\n`).join('');
    writeFileSync(file, `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${buckets}`);
    const r = runCli(['lint', '--fix', '--max-findings-per-rule', '2', file]);
    assert.equal(r.err.match(/Enable versioning on bucket/g)?.length, 12);
    assert.equal(readFileSync(file, 'utf8').match(/Status: Enabled/g)?.length, 12);
  });
});
