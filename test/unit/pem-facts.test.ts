// Certificate facts and the bundle's chain, for certificates made by openssl and compared with
// what openssl itself says about them.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { X509Certificate } from 'node:crypto';
import { certificateLabel, MAX_ISSUER_CANDIDATES, readPemBundle, signedBy } from '../../server/src/core/pem/bundle';
import { CertFactory } from '../helpers/certs';

const certs = new CertFactory();
after(() => certs.dispose());

const root = certs.root('Facts Root CA');
const intermediate = certs.issue('Facts Issuing CA', root, { ca: true, key: 'ec:P-256' });
const leaf = certs.issue('www.facts.example', intermediate, { key: 'ec:P-256' });

function pemBlock(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

test('each certificate has its names, serial, validity, key, signature and fingerprint', () => {
  const bundle = readPemBundle(root.pem);
  assert.deepEqual(bundle.errors, []);
  const facts = bundle.certificates[0]!.facts;
  assert.equal(facts.index, 0);
  assert.equal(facts.subject, 'CN=Facts Root CA');
  assert.equal(facts.subjectName, 'Facts Root CA');
  assert.equal(facts.issuerName, 'Facts Root CA');
  assert.equal(facts.serial, certs.openssl(['x509', '-in', root.certPath, '-noout', '-serial']).trim().replace(/^serial=/, '').toLowerCase());
  assert.equal(facts.notBefore.getTime(), root.notBefore.getTime());
  assert.equal(facts.notAfter.getTime(), root.notAfter.getTime());
  assert.deepEqual(facts.key, { type: 'rsa', bits: 2048 });
  assert.deepEqual(facts.signature, { oid: '1.2.840.113549.1.1.11', name: 'sha256WithRSAEncryption', hash: 'sha256' });
  const fingerprint = certs.openssl(['x509', '-in', root.certPath, '-noout', '-fingerprint', '-sha256']).trim().replace(/^.*Fingerprint=/, '');
  assert.equal(facts.fingerprint256, fingerprint);
  assert.equal(facts.selfSigned, true);
  assert.equal(facts.ca, true);
  assert.equal(facts.issuerIndex, undefined, 'a self-signed certificate is not its own issuer in the bundle');
  assert.equal(certificateLabel(facts), `Facts Root CA (#${facts.serial.slice(0, 4)}…)`);
});

test('a chain in server order points each certificate at its issuer, whatever the order', () => {
  const bundle = readPemBundle(`# server chain\n${leaf.pem}${intermediate.pem}${root.pem}`);
  const facts = bundle.certificates.map((c) => c.facts);
  assert.deepEqual(facts.map((f) => [f.subjectName, f.issuerName, f.issuerIndex, f.selfSigned, f.ca]), [
    ['www.facts.example', 'Facts Issuing CA', 1, false, false],
    ['Facts Issuing CA', 'Facts Root CA', 2, false, true],
    ['Facts Root CA', 'Facts Root CA', undefined, true, true],
  ]);
  assert.deepEqual(facts[0]!.key, { type: 'ec', curve: 'prime256v1' });
  assert.equal(facts[0]!.signature.name, 'ecdsa-with-SHA256', 'signed by the EC intermediate');
  const reversed = readPemBundle(`${root.pem}${intermediate.pem}${leaf.pem}`).certificates.map((c) => c.facts.issuerIndex);
  assert.deepEqual(reversed, [undefined, 0, 1]);
});

test('an issuer outside the bundle leaves issuerIndex unset; a namesake with another key is not the issuer', () => {
  assert.equal(readPemBundle(leaf.pem).certificates[0]!.facts.issuerIndex, undefined);
  const impostor = certs.root('Facts Issuing CA', { key: 'ec:P-256' });
  const bundle = readPemBundle(`${leaf.pem}${impostor.pem}${intermediate.pem}`);
  assert.equal(bundle.certificates[0]!.facts.issuerIndex, 2, 'the name matches both; only the real issuer\'s key verifies');
});

test('issuer equal to subject is not enough to be self-signed: the own key must verify', () => {
  const lookalike = certs.issue('Facts Root CA', root);
  const facts = readPemBundle(`${lookalike.pem}${root.pem}`).certificates.map((c) => c.facts);
  assert.equal(facts[0]!.subject, facts[0]!.issuer);
  assert.equal(facts[0]!.selfSigned, false);
  assert.equal(facts[0]!.issuerIndex, 1);
});

test('copies of a self-issued certificate cost one verification, not one per pair', () => {
  const lookalike = certs.issue('Facts Root CA', root);
  let calls = 0;
  const verify = (x: X509Certificate, i: X509Certificate): boolean => (calls++, signedBy(x, i));
  const bundle = readPemBundle(lookalike.pem.repeat(200), { verify });
  assert.equal(bundle.certificates.length, 200);
  assert.ok(bundle.certificates.every((c) => !c.facts.selfSigned && c.facts.issuerIndex === undefined));
  assert.equal(calls, 1, 'the one self-signature check; a copy is never its own issuer');
  calls = 0;
  const withRoot = readPemBundle(`${lookalike.pem.repeat(100)}${root.pem.repeat(100)}`, { verify });
  assert.ok(withRoot.certificates.slice(0, 100).every((c) => c.facts.issuerIndex === 100), 'each copy points at the first copy of its issuer');
  assert.equal(calls, 3, 'two self-signature checks and one issuer check');
});

test('many distinct certificates of one name try a bounded number of candidate issuers each', () => {
  const namesakes = Array.from({ length: MAX_ISSUER_CANDIDATES + 4 }, () => certs.issue('Facts Root CA', root, { key: 'ec:P-256' }));
  let calls = 0;
  const verify = (x: X509Certificate, i: X509Certificate): boolean => (calls++, signedBy(x, i));
  const bundle = readPemBundle(namesakes.map((c) => c.pem).join(''), { verify });
  const n = namesakes.length;
  assert.equal(bundle.certificates.length, n);
  assert.ok(calls <= n + n * MAX_ISSUER_CANDIDATES, `${calls} verifications for ${n} certificates`);
  assert.ok(calls > n, 'candidates were tried');
});

test('a subject without a common name is named by the whole subject; RSA 1024 and Ed25519 keys are described', () => {
  const noCn = certs.root('no cn', { subject: '/O=Facts Org/OU=Platform', key: 'rsa:1024' });
  const ed = certs.root('Facts Ed', { key: 'ed25519' });
  const facts = readPemBundle(noCn.pem + ed.pem).certificates.map((c) => c.facts);
  assert.equal(facts[0]!.subjectName, 'O=Facts Org, OU=Platform');
  assert.deepEqual(facts[0]!.key, { type: 'rsa', bits: 1024 });
  assert.deepEqual(facts[1]!.key, { type: 'ed25519' });
  assert.deepEqual(facts[1]!.signature, { oid: '1.3.101.112', name: 'Ed25519' });
});

test('blocks that are not readable certificates are errors on their BEGIN line; the others keep consecutive indexes', () => {
  const der = Buffer.from(root.pem.replace(/-----[^-]+-----/g, ''), 'base64');
  const trailing = pemBlock(Buffer.concat([der, Buffer.from([0, 0, 0])]));
  const notX509 = pemBlock(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]));
  // The structure the DER reader looks at is intact, but the version inside [0] is no INTEGER.
  const badVersion = Buffer.from(der);
  assert.deepEqual([...badVersion.subarray(8, 11)], [0xa0, 0x03, 0x02]);
  badVersion[10] = 0x04;
  const key = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
  const text = `${trailing}${leaf.pem}${key}${notX509}${root.pem}${pemBlock(badVersion)}`;
  const bundle = readPemBundle(text);
  const beginLines = [...text.matchAll(/-----BEGIN CERTIFICATE-----/g)].map((m) => m.index!);
  const because = (why: string): string => `The block after -----BEGIN CERTIFICATE----- is not a readable certificate: ${why}.`;
  assert.deepEqual(bundle.errors.map((e) => [e.start, e.end - e.start, e.message]), [
    [beginLines[0], 27, because('3 bytes follow the certificate')],
    [beginLines[2], 27, because('expected the to-be-signed certificate at byte 2, found tag 0x02')],
    [beginLines[4], 27, because('OpenSSL cannot read it as X.509')],
  ]);
  assert.deepEqual(bundle.certificates.map((c) => [c.facts.index, c.facts.subjectName, c.block.begin.start]), [
    [0, 'www.facts.example', beginLines[1]],
    [1, 'Facts Root CA', beginLines[3]],
  ]);
  assert.deepEqual(bundle.blocks.map((b) => b.label), ['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY', 'CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE']);
});
