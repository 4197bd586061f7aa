import { certificateLabel } from '../../pem/bundle';
import type { SignatureHash } from '../../pem/der';
import type { PemProblem, PemRule } from './types';

/** Hashes with practical collision attacks, so a signature over them can be reused for a forgery. */
const BROKEN: ReadonlySet<SignatureHash> = new Set(['md2', 'md4', 'md5', 'sha1']);

const HASH_NAMES: Partial<Record<SignatureHash, string>> = { md2: 'MD2', md4: 'MD4', md5: 'MD5', sha1: 'SHA-1' };

export const pemWeakSignature: PemRule = {
  meta: {
    id: 'pem-weak-signature',
    title: 'Certificate signed with MD5 or SHA-1',
    severity: 'warning',
    fix: 'none',
    e8: ['+TLS'],
    anchors: ['e_sub_cert_or_sub_ca_using_sha1'],
    language: 'pem',
    docs: {
      what: 'A certificate whose issuer signed it with an MD5 or SHA-1 based algorithm (including RSASSA-PSS over SHA-1). Self-signed roots are not flagged: trust in a root comes from it being in the trust store, not from its signature.',
      why:
        'MD5 and SHA-1 allow chosen-prefix collisions: a rogue CA certificate was made from an MD5 signature in 2008, and SHA-1 ' +
        'chosen-prefix collisions became affordable in 2020. A certificate whose signature can be transplanted onto a forged one ' +
        'proves nothing, and browsers have refused SHA-1 signed certificates since 2017.',
      fix: 'Have the certificate reissued with a SHA-256 (or stronger) signature and replace it in the bundle.',
      bad: 'Subject: CN = api.example.com\nIssuer: CN = Example Issuing CA\nSignature Algorithm: sha1WithRSAEncryption',
      good: 'Subject: CN = api.example.com\nIssuer: CN = Example Issuing CA\nSignature Algorithm: sha256WithRSAEncryption',
    },
  },
  check(bundle): PemProblem[] {
    const out: PemProblem[] = [];
    for (const certificate of bundle.certificates) {
      const { facts } = certificate;
      const hash = facts.signature.hash;
      if (!hash || !BROKEN.has(hash) || facts.selfSigned) continue;
      out.push({
        certificate,
        message: `${certificateLabel(facts)} is signed by ${facts.issuerName} with ${facts.signature.name}; ${HASH_NAMES[hash]} has practical collision attacks, so the signature can be forged.`,
      });
    }
    return out;
  },
};
