import { certificateLabel } from '../../pem/bundle';
import type { PemProblem, PemRule } from './types';

const MIN_RSA_BITS = 2048;

export const pemWeakKey: PemRule = {
  meta: {
    id: 'pem-weak-key',
    title: 'RSA key below 2048 bits',
    severity: 'warning',
    fix: 'none',
    e8: ['+TLS'],
    anchors: ['ACM.2', 'e_rsa_mod_less_than_2048_bits'],
    language: 'pem',
    docs: {
      what: 'A certificate whose public key is RSA (or RSA-PSS) with a modulus shorter than 2048 bits.',
      why:
        'A 1024-bit RSA key is within reach of a well-funded attacker, who could then impersonate the certificate\'s subject or, for a CA, ' +
        'issue certificates in its name. NIST stopped allowing such keys for signatures after 2013, public CAs stopped issuing them at the ' +
        'same time, and OpenSSL refuses them at security level 2, the default on Debian and Ubuntu.',
      fix: 'Generate a new key of at least 2048 bits (or an EC P-256 key), have the certificate reissued for it, and replace it in the bundle.',
      bad: 'Subject: CN = api.example.com\nPublic-Key: (1024 bit)',
      good: 'Subject: CN = api.example.com\nPublic-Key: (2048 bit)',
    },
  },
  check(bundle): PemProblem[] {
    const out: PemProblem[] = [];
    for (const certificate of bundle.certificates) {
      const { key } = certificate.facts;
      if ((key.type !== 'rsa' && key.type !== 'rsa-pss') || key.bits === undefined || key.bits >= MIN_RSA_BITS) continue;
      out.push({
        certificate,
        message: `${certificateLabel(certificate.facts)} has a ${key.bits}-bit RSA key; keys below ${MIN_RSA_BITS} bits can be factored by a well-funded attacker.`,
      });
    }
    return out;
  },
};
