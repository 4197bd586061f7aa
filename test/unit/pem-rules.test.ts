// The pem-* rules through analyzeText, with the clock set relative to each certificate's own
// validity so the tests mean the same on any day.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { certificateLensTitle, certificateMarkdown } from '../../server/src/core/pem/info';
import { allRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions, Finding, Settings } from '../../server/src/core/rules/types';
import { CertFactory, DAY_MS, type MadeCert } from '../helpers/certs';

const certs = new CertFactory();
after(() => certs.dispose());

const root = certs.root('Rules Root CA', { days: 3650 });
const leaf = certs.issue('api.rules.example', root, { days: 200 });

function at(date: Date, offsetMs: number): Date {
  return new Date(date.getTime() + offsetMs);
}

/** Only `id` runs, as in the fixture harness. */
function only(id: string, now: Date, settings: Partial<Settings> = {}): AnalysisOptions {
  const severities = Object.fromEntries(allRules.filter((r) => r.id !== id).map((r) => [r.id, 'off' as const]));
  return { language: 'pem', now, settings, severities };
}

function findings(text: string, options: AnalysisOptions): Finding[] {
  return [...analyzeText(text, options).findings];
}

function messages(text: string, options: AnalysisOptions): string[] {
  return findings(text, options).map((f) => f.message);
}

function label(cert: MadeCert): string {
  const serial = certs.openssl(['x509', '-in', cert.certPath, '-noout', '-serial']).trim().replace(/^serial=/, '').toLowerCase();
  return `${cert.name} (#${serial.slice(0, 4)}…)`;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

describe('pem-cert-expired', () => {
  const text = `subject=CN = api.rules.example\n${leaf.pem}${root.pem}`;
  test('a certificate past its notAfter is an error on its BEGIN line, named by its common name', () => {
    const [finding, ...rest] = findings(text, only('pem-cert-expired', at(leaf.notAfter, 95 * DAY_MS + 3600_000)));
    assert.deepEqual(rest, [], 'the root is still valid');
    assert.equal(finding!.severity, 'error');
    assert.equal(finding!.resource, 'api.rules.example');
    assert.equal(text.slice(finding!.start, finding!.end), '-----BEGIN CERTIFICATE-----');
    assert.equal(finding!.start, text.indexOf('-----BEGIN'));
    assert.equal(finding!.message, `${label(leaf)} expired on ${day(leaf.notAfter)}, 95 days ago.`);
  });
  test('the notAfter second itself is still valid; one second later is not', () => {
    assert.deepEqual(messages(text, only('pem-cert-expired', leaf.notAfter)), []);
    assert.deepEqual(messages(text, only('pem-cert-expired', at(leaf.notAfter, 1000))), [`${label(leaf)} expired on ${day(leaf.notAfter)}, less than a day ago.`]);
  });
});

describe('pem-cert-expiring', () => {
  test('within the 90-day window it warns with the days left; outside it, or once expired, it does not', () => {
    const inWindow = findings(leaf.pem, only('pem-cert-expiring', at(leaf.notAfter, -30 * DAY_MS)));
    assert.deepEqual(inWindow.map((f) => [f.severity, f.message]), [['warning', `${label(leaf)} expires on ${day(leaf.notAfter)}, in 30 days, within the 90-day warning window.`]]);
    assert.deepEqual(messages(leaf.pem, only('pem-cert-expiring', at(leaf.notAfter, -91 * DAY_MS))), []);
    assert.deepEqual(messages(leaf.pem, only('pem-cert-expiring', at(leaf.notAfter, DAY_MS))), [], 'expired is the other rule');
  });
  test('the window follows the pemWarningDays setting', () => {
    const now = at(leaf.notAfter, -100 * DAY_MS);
    assert.deepEqual(messages(leaf.pem, only('pem-cert-expiring', now)), []);
    assert.match(messages(leaf.pem, only('pem-cert-expiring', now, { pemWarningDays: 120 }))[0]!, /in 100 days, within the 120-day warning window\.$/);
  });
});

describe('pem-cert-not-yet-valid', () => {
  test('before notBefore it warns with the wait; from notBefore on it does not', () => {
    const early = findings(leaf.pem, only('pem-cert-not-yet-valid', at(leaf.notBefore, -2 * DAY_MS - 60_000)));
    assert.deepEqual(early.map((f) => [f.severity, f.message]), [['warning', `${label(leaf)} is not valid before ${day(leaf.notBefore)}, in 2 days.`]]);
    assert.deepEqual(messages(leaf.pem, only('pem-cert-not-yet-valid', leaf.notBefore)), []);
  });
});

describe('one day count for the finding, the code lens and the hover', () => {
  /** What each of the three says about the leaf at `now`. */
  function threeWays(now: Date): { finding: string; lens: string; hover: string } {
    const analysis = analyzeText(leaf.pem, only('pem-cert-expired', now));
    const certificate = analysis.pem!.certificates[0]!;
    return {
      finding: analysis.findings[0]?.message ?? '',
      lens: certificateLensTitle(certificate.facts, now),
      hover: certificateMarkdown(analysis.pem!, certificate, now),
    };
  }
  test('703 and a half days after notAfter, all three say 703 days ago (whole days elapsed)', () => {
    const { finding, lens, hover } = threeWays(at(leaf.notAfter, 703 * DAY_MS + 12 * 3600_000));
    assert.match(finding, /, 703 days ago\.$/);
    assert.ok(lens.endsWith(`expired ${day(leaf.notAfter)} (703 days ago)`), lens);
    assert.ok(hover.includes(`expired ${day(leaf.notAfter)} (703 days ago)`), hover);
    assert.doesNotMatch(lens + hover, /704/);
  });
  test('one second after notAfter, all three say less than a day ago', () => {
    const { finding, lens, hover } = threeWays(at(leaf.notAfter, 1000));
    assert.match(finding, /, less than a day ago\.$/);
    assert.ok(lens.endsWith('(less than a day ago)'), lens);
    assert.ok(hover.includes('(less than a day ago)'), hover);
  });
  test('before notAfter the lens counts the days left as pem-cert-expiring does', () => {
    const now = at(leaf.notAfter, -(29 * DAY_MS + 12 * 3600_000));
    const expiring = analyzeText(leaf.pem, only('pem-cert-expiring', now)).findings[0]!.message;
    assert.match(expiring, /, in 29 days, /);
    assert.ok(threeWays(now).lens.endsWith(`expires ${day(leaf.notAfter)} (in 29 days)`));
    assert.ok(threeWays(at(leaf.notAfter, -3600_000)).lens.endsWith('(in less than a day)'));
    assert.ok(threeWays(leaf.notAfter).lens.endsWith('(in less than a day)'), 'the notAfter second is still valid');
  });
});

describe('pem-weak-signature', () => {
  const now = at(root.notBefore, DAY_MS);
  test('SHA-1 and MD5 signatures by an issuer are flagged, naming the issuer and algorithm', () => {
    const sha1 = certs.issue('sha1.rules.example', root, { digest: 'sha1' });
    const md5 = certs.issue('md5.rules.example', root, { digest: 'md5' });
    const pss = certs.issue('pss.rules.example', root, { digest: 'sha1', pss: true });
    assert.deepEqual(messages(sha1.pem + md5.pem + pss.pem + root.pem, only('pem-weak-signature', now)), [
      `${label(sha1)} is signed by Rules Root CA with sha1WithRSAEncryption; SHA-1 has practical collision attacks, so the signature can be forged.`,
      `${label(md5)} is signed by Rules Root CA with md5WithRSAEncryption; MD5 has practical collision attacks, so the signature can be forged.`,
      `${label(pss)} is signed by Rules Root CA with RSASSA-PSS; SHA-1 has practical collision attacks, so the signature can be forged.`,
    ]);
  });
  test('a self-signed SHA-1 root, and SHA-256 or Ed25519 signatures, are not flagged', () => {
    const oldRoot = certs.root('Old SHA-1 Root', { digest: 'sha1' });
    const ed = certs.root('Ed Root', { key: 'ed25519' });
    assert.deepEqual(messages(oldRoot.pem + leaf.pem + root.pem + ed.pem, only('pem-weak-signature', now)), []);
  });
  test('a SHA-1 intermediate is flagged even when its root is in the bundle', () => {
    const intermediate = certs.issue('SHA-1 Issuing CA', root, { digest: 'sha1', ca: true });
    assert.equal(findings(intermediate.pem + root.pem, only('pem-weak-signature', now))[0]!.resource, 'SHA-1 Issuing CA');
  });
});

describe('pem-weak-key', () => {
  test('RSA below 2048 bits is flagged, whoever signed it; 2048-bit RSA and EC keys are not', () => {
    const weakRoot = certs.root('Weak Root', { key: 'rsa:1024' });
    const weakLeaf = certs.issue('weak.rules.example', root, { key: 'rsa:1024' });
    const ec = certs.issue('ec.rules.example', root, { key: 'ec:P-256' });
    const now = at(root.notBefore, DAY_MS);
    const found = findings(weakRoot.pem + weakLeaf.pem + ec.pem + root.pem, only('pem-weak-key', now));
    assert.deepEqual(found.map((f) => [f.severity, f.resource, f.message]), [
      ['warning', 'Weak Root', `${label(weakRoot)} has a 1024-bit RSA key; keys below 2048 bits can be factored by a well-funded attacker.`],
      ['warning', 'weak.rules.example', `${label(weakLeaf)} has a 1024-bit RSA key; keys below 2048 bits can be factored by a well-funded attacker.`],
    ]);
  });
});

describe('the PEM analysis', () => {
  const expired = at(leaf.notAfter, 10 * DAY_MS);
  test('returns kind pem with the bundle, so the editor needs no second parse', () => {
    const analysis = analyzeText(leaf.pem + root.pem, { language: 'pem', now: expired });
    assert.equal(analysis.kind, 'pem');
    assert.equal(analysis.parseFailed, false);
    assert.deepEqual(analysis.pem!.certificates.map((c) => c.facts.issuerIndex), [1, undefined]);
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['pem-cert-expired']);
    assert.equal(analyzeText('no certificates here\n', { language: 'pem' }).kind, 'pem');
  });
  test('severity overrides apply and off turns a rule, pem-syntax included, off', () => {
    const broken = `${leaf.pem}-----BEGIN CERTIFICATE-----\nAAAA\n`;
    const base = { language: 'pem' as const, now: expired };
    assert.deepEqual(findings(broken, base).map((f) => `${f.ruleId}:${f.severity}`), ['pem-cert-expired:error', 'pem-syntax:error']);
    const changed = findings(broken, { ...base, severities: { 'pem-cert-expired': 'information', 'pem-syntax': 'warning' } });
    assert.deepEqual(changed.map((f) => `${f.ruleId}:${f.severity}`), ['pem-cert-expired:information', 'pem-syntax:warning']);
    assert.deepEqual(findings(broken, { ...base, severities: { 'pem-cert-expired': 'off', 'pem-syntax': 'off' } }), []);
  });
  test('a # aws-hardening-ignore line before a block hides that rule for that certificate only', () => {
    const other = certs.issue('other.rules.example', root, { days: 200 });
    const text = `# aws-hardening-ignore pem-cert-expired rotated on Friday\n${leaf.pem}\n${other.pem}`;
    const now = at(other.notAfter, 10 * DAY_MS);
    assert.deepEqual(findings(text, { language: 'pem', now }).map((f) => `${f.ruleId} ${f.resource}`), ['pem-cert-expired other.rules.example']);
    const wrongRule = text.replace('pem-cert-expired rotated', 'pem-weak-key rotated');
    assert.equal(findings(wrongRule, { language: 'pem', now }).length, 2);
  });
});
