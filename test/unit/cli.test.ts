// The CLI in-process: output formats, exit codes and --fix, over the fixture files.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { main } from '../../server/src/cli/main';
import { CertFactory } from '../helpers/certs';
import { fixturesDir, repoRoot } from '../helpers/paths';

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

const bad = relative(process.cwd(), join(fixturesDir, 's3-versioning-off', 'bad.yaml'));

test('--format json prints exactly one object with 0-based ranges and paths as given', () => {
  const { code, out } = run(['lint', bad, '--format', 'json']);
  // The fixture's `VersioningConfiguration: {}` lacks the required `Status`: its one error.
  assert.equal(code, 1, 'an error-severity finding: exit 1');
  const parsed = JSON.parse(out) as { version: number; findings: Array<Record<string, unknown>> };
  assert.deepEqual(parsed.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), ['cfn-schema-required-missing']);
  assert.equal(parsed.version, 1);
  assert.ok(parsed.findings.length >= 6);
  const first = parsed.findings.find((f) => f.ruleId === 's3-versioning-off')!;
  assert.deepEqual(Object.keys(first), ['ruleId', 'severity', 'file', 'range', 'message', 'resource']);
  assert.deepEqual(first, {
    ruleId: 's3-versioning-off',
    severity: 'warning',
    file: bad,
    range: { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } },
    message: 'Bucket Plain does not enable versioning, so an overwritten or deleted object cannot be recovered.',
    resource: 'Plain',
  });
});

test('folders are walked and every path keeps the prefix the user typed', () => {
  const folder = relative(process.cwd(), join(repoRoot, 'examples'));
  const { out } = run(['lint', folder, '--format=json']);
  const files = new Set((JSON.parse(out) as { findings: Array<{ file: string }> }).findings.map((f) => f.file));
  assert.ok(files.size >= 2);
  for (const f of files) assert.ok(f.startsWith(folder), f);
});

test('--format sarif is SARIF 2.1.0 with rules, help and 1-based regions', () => {
  const { code, out } = run(['lint', bad, '--format', 'sarif']);
  assert.equal(code, 1, 'the fixture holds one error (see above)');
  const log = JSON.parse(out);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'AWS Hardening');
  const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 's3-versioning-off');
  assert.ok(rule.help.text.length > 50 && rule.help.markdown.includes('Essential Eight'));
  assert.match(rule.helpUri, /^https:\/\//);
  const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 's3-versioning-off');
  assert.equal(result.ruleId, 's3-versioning-off');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 's3-versioning-off');
  assert.equal(result.level, 'warning');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 3, endLine: 4, endColumn: 8 });
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, bad.split(/[\\/]/).join('/'));
});

test('exit 1 when an error-severity finding exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsh-cli-'));
  try {
    writeFileSync(join(dir, 'broken.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {B: [\n');
    const { code, out } = run(['lint', dir]);
    assert.equal(code, 1);
    assert.match(out, /broken\.yaml:\d+:\d+: error cfn-syntax/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 2 with a clear message on usage and I/O problems', () => {
  const missing = run(['lint', 'no/such/file.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read 'no\/such\/file\.yaml': no such file or directory/);
  const format = run(['lint', bad, '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.match(format.err, /--format takes text, json or sarif, not 'xml'/);
  assert.equal(run(['lint']).code, 2);
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run([]).code, 2);
});

test('--fix rewrites files in place, reports each change, and a second run changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsh-fix-'));
  try {
    const file = join(dir, 'bad.yaml');
    copyFileSync(join(fixturesDir, 's3-versioning-off', 'bad.yaml'), file);
    const first = run(['lint', file, '--fix', '--format', 'json']);
    assert.equal(first.code, 0);
    assert.match(first.err, /fixed .*bad\.yaml: Enable versioning on bucket Plain \(s3-versioning-off\)/);
    const left = (JSON.parse(first.out) as { findings: Array<{ ruleId: string; resource: string }> }).findings;
    assert.deepEqual(left.filter((f) => f.ruleId === 's3-versioning-off'), [], 'every versioning finding was fixed');
    const fixed = readFileSync(file, 'utf8');
    assert.match(fixed, /\n {6}VersioningConfiguration:\n {8}Status: Enabled\n/);
    assert.match(fixed, /# trailing comment/, 'comments survive');
    const second = run(['lint', file, '--fix']);
    assert.equal(second.err, '');
    assert.equal(readFileSync(file, 'utf8'), fixed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text output names file, position, severity, rule and resource, then a summary', () => {
  const { out } = run(['lint', bad]);
  assert.match(out, /bad\.yaml:4:3: warning s3-versioning-off: Bucket Plain does not enable versioning.*\[Plain\]/);
  assert.match(out, /\d+ findings in 1 file: \d+ error, \d+ warning, \d+ information\./);
});

test('zone files are linted (found in folders too), with the owner as resource; --origin names a zone that does not say', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-cli-zone-'));
  try {
    const zone = join(dir, 'hosts.txt.zone');
    writeFileSync(zone, '$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN CNAME ns1\nwww IN TXT "x"\n');
    writeFileSync(join(dir, 'db.test.ts'), 'export const notAZone = 1;\n');
    const { code, out } = run(['lint', dir, '--format', 'json', '--origin', 'corp.example']);
    assert.equal(code, 1, 'CNAME and other data is an error');
    const { findings } = JSON.parse(out) as { findings: Array<{ ruleId: string; file: string; resource: string | null }> };
    assert.ok(findings.every((f) => f.file === zone), 'db.test.ts is not taken for a zone');
    const cname = findings.find((f) => f.ruleId === 'dns-cname-and-other-data')!;
    assert.equal(cname.resource, 'www.corp.example.');
    assert.ok(findings.some((f) => f.ruleId === 'dns-caa-missing' && f.resource === 'corp.example.'));
    assert.match(run(['lint', zone, '--origin', 'bad origin']).err, /--origin takes a domain name/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PEM bundles (.pem, .crt, .cer) are linted with the subject as resource; binary DER files are skipped with a note', () => {
  const certs = new CertFactory();
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-cli-pem-'));
  try {
    const expired = join(dir, 'chain.pem');
    copyFileSync(join(fixturesDir, 'pem-cert-expired', 'bad.pem'), expired);
    // Ten years of validity keeps the weak key the only finding on any day the test runs.
    const weak = certs.root('weak.cli.example', { key: 'rsa:1024', days: 3650 });
    writeFileSync(join(dir, 'weak.crt'), weak.pem);
    certs.openssl(['x509', '-in', weak.certPath, '-outform', 'der', '-out', join(dir, 'binary.cer')]);
    // Prose that mentions a certificate is not a bundle: in a folder it is passed over.
    writeFileSync(join(dir, 'notes.txt'), 'Rotate the certificate yearly:\n-----BEGIN CERTIFICATE-----\n');

    const json = run(['lint', dir, '--format', 'json']);
    assert.equal(json.code, 1, 'an expired certificate is an error');
    const { findings } = JSON.parse(json.out) as { findings: Array<{ ruleId: string; file: string; resource: string | null; range: { start: { line: number } } }> };
    // The CLI reads the real clock: the fixture's good root nears its 2039 expiry one day, so an
    // "expiring" finding is left out of the comparison rather than making the test date-bound.
    const lasting = findings.filter((f) => f.ruleId !== 'pem-cert-expiring');
    assert.deepEqual(lasting.map((f) => [f.ruleId, f.file.slice(dir.length + 1), f.resource, f.range.start.line]), [
      ['pem-cert-expired', 'chain.pem', 'expired.fixtures.example', 3],
      ['pem-cert-expired', 'chain.pem', 'Fixture Legacy Root CA', 49],
      ['pem-weak-key', 'weak.crt', 'weak.cli.example', 0],
    ]);
    assert.match(json.err, /note: skipped '.*binary\.cer': no PEM text \(a binary DER certificate\?/);

    const sarif = JSON.parse(run(['lint', join(dir, 'weak.crt'), '--format', 'sarif']).out);
    const result = sarif.runs[0].results[0];
    assert.equal(result.ruleId, 'pem-weak-key');
    assert.deepEqual(result.locations[0].logicalLocations, [{ name: 'weak.cli.example', kind: 'resource' }]);
    assert.equal(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, 'pem-weak-key');

    const text = run(['lint', dir]);
    assert.match(text.out, /weak\.crt:1:1: warning pem-weak-key: weak\.cli\.example \(#[0-9a-f]{4}…\) has a 1024-bit RSA key.*\[weak\.cli\.example\]/);
    assert.match(text.out, /3 findings in 2 files: 2 error, 1 warning, 0 information\./, 'the skipped DER file is not counted');
    const der = run(['lint', join(dir, 'binary.cer')]);
    assert.equal(der.code, 0, 'a skipped file is a note, not a failure');
    assert.match(der.out, /No findings in 0 files\./);
    assert.match(run(['--help']).out, /PEM certificate bundles \(\.pem, \.crt, \.cer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    certs.dispose();
  }
});
