// The TLS-only bucket policy on a website bucket: S3 website endpoints answer plain HTTP only, so the
// fix would take the site down. It is offered as a labelled (unsafe) quick fix, never by fix-all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fix-all';
import { allRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions } from '../../server/src/core/rules/types';
import { fixturesDir } from '../helpers/paths';

const ID = 's3-tls-not-enforced';
const ONLY: AnalysisOptions = { severities: Object.fromEntries(allRules.filter((r) => r.id !== ID).map((r) => [r.id, 'off' as const])) };
const text = readFileSync(join(fixturesDir, ID, 'bad-website.yaml'), 'utf8');

test('on a website bucket the TLS-only fix is unsafe and says it takes the website down', () => {
  const findings = analyzeText(text, ONLY).findings.filter((f) => f.ruleId === ID);
  const byBucket = Object.fromEntries(findings.map((f) => [f.resource, f]));
  assert.deepEqual(Object.keys(byBucket).sort(), ['Data', 'Docs', 'MaybeSite', 'Site']);
  for (const id of ['Site', 'Docs', 'MaybeSite']) {
    const f = byBucket[id]!;
    assert.equal(f.fix?.safety, 'unsafe', `${id}: not safe`);
    assert.match(f.fix!.title, /\(takes its website down: the S3 website endpoint answers plain HTTP only\)$/);
    assert.match(f.message, /S3 website endpoints answer plain HTTP only/);
    assert.ok(f.fix!.edits(), `${id}: the fix is still offered`);
  }
  assert.equal(byBucket.Docs!.fix!.title, 'Deny requests without TLS in bucket policy DocsPolicy (takes its website down: the S3 website endpoint answers plain HTTP only)');
  assert.equal(byBucket.Data!.fix?.safety, 'safe');
  assert.equal(byBucket.Data!.fix!.title, 'Add a bucket policy denying requests without TLS to bucket Data');
  assert.doesNotMatch(byBucket.Data!.message, /website/);
});

test('fix-all adds the TLS-only policy to the plain bucket and leaves website buckets as they are', () => {
  const result = fixAll(text, ONLY);
  assert.deepEqual(result.applied.map((a) => a.resource), ['Data']);
  assert.match(result.text, /^ {2}DataTlsPolicy:$/m);
  assert.doesNotMatch(result.text, /SiteTlsPolicy|Docs\.Arn\}\/\*'/);
  const left = analyzeText(result.text, ONLY).findings.filter((f) => f.ruleId === ID).map((f) => f.resource);
  assert.deepEqual(left.sort(), ['Docs', 'MaybeSite', 'Site']);
});
