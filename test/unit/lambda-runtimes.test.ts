// The Lambda runtime table and lambda-runtime-deprecated against a moving clock: each band
// (supported, deprecating within 180 days, deprecated, updates blocked) is reached by date alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { dayOf, LAMBDA_RUNTIMES, lambdaRuntime, runtimeStatus, successorOf } from '../../server/src/core/data/lambda-runtimes';
import { allRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions } from '../../server/src/core/rules/types';
import { applyEdits } from '../../server/src/core/text';

const ID = 'lambda-runtime-deprecated';

function at(iso: string): AnalysisOptions {
  return { now: new Date(`${iso}T00:00:00Z`), severities: Object.fromEntries(allRules.filter((r) => r.id !== ID).map((r) => [r.id, 'off' as const])) };
}

function template(runtime: string): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Handler:',
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    `      Runtime: ${runtime}`,
    '      Handler: index.handler',
    '      Role: !GetAtt Role.Arn',
    '      Code: {S3Bucket: artifacts, S3Key: handler.zip}',
    '',
  ].join('\n');
}

describe('the runtime table', () => {
  test('ids are unique and every date is a real ISO date', () => {
    const ids = LAMBDA_RUNTIMES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of LAMBDA_RUNTIMES) {
      assert.ok(Number.isFinite(dayOf(r.deprecated)), `${r.id} deprecated`);
      if (r.updateBlocked) assert.ok(dayOf(r.updateBlocked) >= dayOf(r.deprecated) || r.id === 'nodejs4.3-edge', `${r.id} blocked before deprecated`);
    }
  });

  test('every runtime reported today in the fixtures has a supported successor of its family', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    for (const r of LAMBDA_RUNTIMES.filter((x) => runtimeStatus(x, now) !== 'supported')) {
      const next = successorOf(r, now);
      assert.ok(next, `${r.id} has no successor`);
      assert.equal(next.family, r.family);
      assert.equal(runtimeStatus(next, now), 'supported');
    }
    assert.equal(successorOf(lambdaRuntime('nodejs18.x')!, now)?.id, 'nodejs24.x');
    assert.equal(successorOf(lambdaRuntime('go1.x')!, now)?.id, 'provided.al2023');
  });

  test('the bands follow the clock', () => {
    const node20 = lambdaRuntime('nodejs20.x')!;
    const status = (iso: string): string => runtimeStatus(node20, new Date(`${iso}T00:00:00Z`));
    assert.equal(status('2025-10-31'), 'supported');
    assert.equal(status('2025-11-01'), 'deprecating');
    assert.equal(status('2026-04-29'), 'deprecating');
    assert.equal(status('2026-04-30'), 'deprecated');
    assert.equal(status('2027-03-02'), 'deprecated');
    assert.equal(status('2027-03-03'), 'blocked');
  });

  test('python3.11 is deprecated on 2026-06-30, as AWS\'s runtime table and cfn-lint give it', () => {
    const python311 = lambdaRuntime('python3.11')!;
    assert.equal(python311.deprecated, '2026-06-30');
    const status = (iso: string): string => runtimeStatus(python311, new Date(`${iso}T00:00:00Z`));
    assert.equal(status('2025-12-31'), 'supported');
    assert.equal(status('2026-01-01'), 'deprecating');
    assert.equal(status('2026-06-29'), 'deprecating');
    assert.equal(status('2026-06-30'), 'deprecated');
    // A runtime deprecated in 2026 shares the catalogue's block-update date of that period.
    assert.equal(status('2027-03-03'), 'blocked');
  });

  test('a runtime with no known block date stays deprecated, never blocked', () => {
    assert.equal(runtimeStatus(lambdaRuntime('python3.8')!, new Date('2040-01-01T00:00:00Z')), 'deprecated');
  });
});

describe('lambda-runtime-deprecated over time', () => {
  const findings = (runtime: string, iso: string) => analyzeText(template(runtime), at(iso)).findings;

  test('supported: nothing', () => {
    assert.deepEqual(findings('nodejs20.x', '2025-06-01'), []);
  });

  test('deprecating within 180 days: information naming the date', () => {
    const [f] = findings('nodejs20.x', '2025-12-01');
    assert.equal(f?.severity, 'information');
    assert.match(f!.message, /nodejs20\.x \(deprecated on 2026-04-30\).*in 150 days/);
  });

  test('deprecated: a warning naming the date', () => {
    const [f] = findings('nodejs20.x', '2026-05-01');
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /deprecated since 2026-04-30/);
  });

  test('past the block-update date: an error', () => {
    const [f] = findings('nodejs20.x', '2027-03-03');
    assert.equal(f?.severity, 'error');
    assert.match(f!.message, /updates blocked since 2027-03-03/);
  });

  test('python3.11 is reported as deprecated since 2026-06-30, with python3.14 as the fix', () => {
    const [f] = findings('python3.11', '2026-07-01');
    assert.equal(f?.severity, 'warning');
    assert.match(f!.message, /deprecated since 2026-06-30/);
    assert.match(applyEdits(template('python3.11'), f!.fix!.edits()!), /Runtime: python3\.14/);
  });

  test('unknown runtimes are not reported', () => {
    assert.deepEqual(findings('nodejs99.x', '2026-11-23'), []);
  });

  test('the fix moves to the newest supported runtime of the family on that day', () => {
    const [f] = findings('nodejs20.x', '2026-05-01');
    const fixed = applyEdits(template('nodejs20.x'), f!.fix!.edits()!);
    assert.match(fixed, /Runtime: nodejs24\.x/);
    assert.deepEqual(analyzeText(fixed, at('2026-05-01')).findings, []);
  });

  test('when the newest of a family is itself near its date, it is still offered', () => {
    const [f] = findings('nodejs22.x', '2027-12-01');
    assert.equal(f?.severity, 'warning');
    assert.match(applyEdits(template('nodejs22.x'), f!.fix!.edits()!), /Runtime: nodejs24\.x/);
  });
});
