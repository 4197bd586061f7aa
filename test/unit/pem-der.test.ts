// The DER reader: the outer signature algorithm of certificates made by openssl (checked against
// openssl's own description of them), validity times, OIDs, and structures that are not certificates.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { decodeOid, decodeTime, DerError, readCertificateDer } from '../../server/src/core/pem/der';
import { CertFactory, type MadeCert } from '../helpers/certs';

const certs = new CertFactory();
after(() => certs.dispose());

/** openssl's name for the outer signature algorithm, and the PSS hash it prints under it. */
function opensslSignature(cert: MadeCert): { name: string; hash?: string } {
  const text = certs.openssl(['x509', '-in', cert.certPath, '-noout', '-text']);
  // The outer algorithm is the last "Signature Algorithm" line, indented less than the TBS one.
  const outer = text.slice(text.lastIndexOf('\n    Signature Algorithm:'));
  const name = /Signature Algorithm: (\S+)/.exec(outer)![1]!;
  const hash = /Hash Algorithm: (\w+)/.exec(outer)?.[1];
  return { name, ...(hash ? { hash } : {}) };
}

function der(cert: MadeCert): Buffer {
  return new X509Certificate(cert.pem).raw;
}

describe('signature algorithms of real certificates', () => {
  const root = certs.root('DER Root');
  const cases: Array<[string, () => MadeCert, string, string | undefined]> = [
    ['RSA with SHA-256', () => root, 'sha256WithRSAEncryption', 'sha256'],
    ['RSA with SHA-1', () => certs.root('sha1', { digest: 'sha1' }), 'sha1WithRSAEncryption', 'sha1'],
    ['RSA with MD5', () => certs.root('md5', { digest: 'md5' }), 'md5WithRSAEncryption', 'md5'],
    ['ECDSA with SHA-384', () => certs.root('ec384', { key: 'ec:P-256', digest: 'sha384' }), 'ecdsa-with-SHA384', 'sha384'],
    ['ECDSA with SHA-1', () => certs.root('ec1', { key: 'ec:P-256', digest: 'sha1' }), 'ecdsa-with-SHA1', 'sha1'],
    ['Ed25519', () => certs.root('ed', { key: 'ed25519' }), 'Ed25519', undefined],
    ['RSASSA-PSS with SHA-256', () => certs.issue('pss256', root, { pss: true }), 'RSASSA-PSS', 'sha256'],
    ['RSASSA-PSS with the default hash (SHA-1)', () => certs.issue('pss1', root, { pss: true, digest: 'sha1' }), 'RSASSA-PSS', 'sha1'],
  ];
  for (const [title, make, name, hash] of cases) {
    test(title, () => {
      const cert = make();
      const read = readCertificateDer(der(cert));
      assert.equal(read.signatureAlgorithm.name, name);
      assert.equal(read.signatureAlgorithm.hash, hash);
      const oracle = opensslSignature(cert);
      assert.equal(oracle.name.toLowerCase(), name.toLowerCase().replace('rsassa-pss', 'rsassapss'));
      if (name === 'RSASSA-PSS') assert.equal(oracle.hash, hash);
    });
  }

  test('validity is read to the second and agrees with Node', () => {
    const read = readCertificateDer(der(root));
    assert.equal(read.notBefore.getTime(), root.notBefore.getTime());
    assert.equal(read.notAfter.getTime(), root.notAfter.getTime());
  });

  test('an algorithm outside the table is named by its OID', () => {
    const bytes = Buffer.from(der(root));
    // sha256WithRSAEncryption ends in arc 11 (0x0b); 99 is no algorithm anyone uses.
    const oid = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
    const outer = bytes.lastIndexOf(oid);
    bytes[outer + oid.length - 1] = 99;
    assert.deepEqual(readCertificateDer(bytes).signatureAlgorithm, { oid: '1.2.840.113549.1.1.99', name: '1.2.840.113549.1.1.99' });
  });

  test('trailing bytes, a truncated certificate and something that is not a SEQUENCE are DER errors', () => {
    const bytes = der(root);
    assert.throws(() => readCertificateDer(Buffer.concat([bytes, Buffer.from([0, 0])])), (e: unknown) => e instanceof DerError && /2 bytes follow the certificate/.test(e.message));
    assert.throws(() => readCertificateDer(bytes.subarray(0, bytes.length - 10)), /claims \d+ bytes, more than the data holds/);
    assert.throws(() => readCertificateDer(Buffer.from([0x04, 0x02, 0x00, 0x00])), /expected a certificate \(SEQUENCE\) at byte 0, found tag 0x04/);
    assert.throws(() => readCertificateDer(Buffer.from([0x30, 0x80, 0x00, 0x00])), /invalid length/, 'indefinite length is BER');
    assert.throws(() => readCertificateDer(Buffer.from([0x30])), /data ends/);
  });
});

test('OIDs decode, including the packed first two arcs and multi-byte arcs', () => {
  assert.equal(decodeOid(Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])), '1.2.840.10045.4.3.2');
  assert.equal(decodeOid(Buffer.from([0x2b, 0x65, 0x70])), '1.3.101.112');
  assert.equal(decodeOid(Buffer.from([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01])), '2.16.840.1.101.3.4.2.1');
  assert.equal(decodeOid(Buffer.from([0x06])), '0.6');
  assert.throws(() => decodeOid(Buffer.from([0x2a, 0x86])), /cut short/);
  assert.throws(() => decodeOid(Buffer.alloc(0)), /empty/);
});

test('times: two-digit years pivot at 50, generalized times carry four, impossible dates are refused', () => {
  const utc = (s: string): Date => decodeTime(0x17, Buffer.from(s, 'latin1'));
  const gen = (s: string): Date => decodeTime(0x18, Buffer.from(s, 'latin1'));
  assert.equal(utc('491231235959Z').toISOString(), '2049-12-31T23:59:59.000Z');
  assert.equal(utc('500101000000Z').toISOString(), '1950-01-01T00:00:00.000Z');
  assert.equal(utc('2408220800Z').toISOString(), '2024-08-22T08:00:00.000Z', 'seconds may be missing in old BER certificates');
  assert.equal(gen('20500101000000Z').toISOString(), '2050-01-01T00:00:00.000Z');
  assert.throws(() => utc('250230000000Z'), /not a valid time/);
  assert.throws(() => utc('20250101000000Z'), /not a UTC time/);
  assert.throws(() => gen('20500101000000+0100'), /not a generalized time/);
  assert.throws(() => decodeTime(0x04, Buffer.from('x')), /expected a time/);
});
