// Which kind a document is: by the user's choice, the editor's language, the name, then the content.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capFindings } from '../../server/src/core/cap';
import { detectLanguage, isZoneFileName, looksLikePem, looksLikeZone, mayBeTemplate } from '../../server/src/core/detect';
import type { Finding } from '../../server/src/core/rules/types';

test('zone files are recognised by name, and db.test.ts is not one', () => {
  for (const name of ['example.com.zone', 'x/y.DNS', 'db.example.com', 'db.10.in-addr.arpa', 'named.root', 'C:\\zones\\db.local']) assert.ok(isZoneFileName(name), name);
  for (const name of ['db.test.ts', 'zone.yaml', 'db', 'example.com']) assert.ok(!isZoneFileName(name), name);
});

test('zone files are recognised by their first entry, after comments and blank lines', () => {
  assert.ok(looksLikeZone('$ORIGIN example.com.\n@ IN A 192.0.2.1\n'));
  assert.ok(looksLikeZone('; the zone\n\n$TTL 1h\n'));
  assert.ok(looksLikeZone('\uFEFFexample.com. 3600 IN SOA ns1 host 1 2 3 4 5\n'));
  assert.ok(looksLikeZone('@ IN 1h SOA ns1 host ( 1 2 3 4 5 )\r'));
  assert.ok(!looksLikeZone('Resources:\n  A:\n    Type: AWS::S3::Bucket\n'));
  assert.ok(!looksLikeZone('{"SOA": 1}'));
  assert.ok(!looksLikeZone(`${';\n'.repeat(3000)}$ORIGIN late.example.\n`), 'only the head is read');
});

test('PEM text is recognised by its first BEGIN line', () => {
  assert.ok(looksLikePem('# bundle\n-----BEGIN CERTIFICATE-----\n'));
  assert.ok(!looksLikePem('-----END CERTIFICATE-----\n'));
  assert.ok(!looksLikePem('text\n-----BEGIN CERTIFICATE-----\n'));
});

test('the user’s choice wins, then the language id, then the name, then the content', () => {
  const zone = '$ORIGIN example.com.\n';
  assert.equal(detectLanguage(zone, { path: 'a.yaml', forced: 'pem' }), 'pem');
  assert.equal(detectLanguage('x', { languageId: 'dns-zone' }), 'dns-zone');
  assert.equal(detectLanguage(zone, { path: 'zone.db' }), 'dns-zone');
  assert.equal(detectLanguage(zone, { path: 'zone' }), 'dns-zone');
  assert.equal(detectLanguage('binary', { path: 'cert.cer' }), 'pem');
  assert.equal(detectLanguage('Resources: {A: {Type: AWS::S3::Bucket}}', { path: 'template.data' }), 'cloudformation');
  assert.equal(detectLanguage('{"name": "pkg", "lockfileVersion": 3}', { languageId: 'json' }), undefined);
  assert.equal(detectLanguage('hello world', { path: 'notes.txt' }), undefined);
  assert.equal(detectLanguage('AWSTemplateFormatVersion: 2010-09-09', { languageId: 'plaintext' }), 'cloudformation');
});

test('the template marker is one search, and every template has it', () => {
  assert.ok(mayBeTemplate('Transform: AWS::Serverless-2016-10-31'));
  assert.ok(mayBeTemplate('Resources:\n  Skill:\n    Type: Alexa::ASK::Skill\n'));
  assert.ok(!mayBeTemplate('Resources:\n  X:\n    Type: Custom::Thing\n'));
});

function finding(ruleId: string, start: number, severity: Finding['severity'] = 'warning'): Finding {
  return { ruleId, severity, start, end: start + 1, message: `${ruleId} at ${start}`, resource: 'R' };
}

test('a rule firing more often than the cap keeps its first findings and one summary', () => {
  const findings = [...Array.from({ length: 5 }, (_, i) => finding('a', i * 10)), finding('b', 3), finding('a', 60, 'error')];
  const capped = capFindings(findings, 2, 'Use --max-findings-per-rule 0 to list them all.');
  assert.deepEqual(capped.map((f) => [f.ruleId, f.start]), [['a', 0], ['b', 3], ['a', 10], ['a', 20]]);
  const summary = capped[3]!;
  assert.equal(summary.severity, 'error', 'as severe as the worst finding left out');
  assert.equal(summary.resource, null);
  assert.equal(summary.message, '4 more a findings in this file are not listed: 6 in all, the first 2 shown. Use --max-findings-per-rule 0 to list them all.');
  assert.equal(capFindings(findings, 0, '').length, findings.length, '0 lists everything');
  assert.equal(capFindings(findings, 6, '').length, findings.length, 'under the cap nothing changes');
});
