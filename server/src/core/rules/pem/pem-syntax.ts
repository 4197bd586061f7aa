import type { RuleMeta } from '../types';

/** Not a check over the bundle: the PEM reader reports what it rejects under this id. */
export const pemSyntax: RuleMeta = {
  id: 'pem-syntax',
  title: 'PEM block does not parse',
  severity: 'error',
  fix: 'none',
  e8: ['—'],
  anchors: [],
  language: 'pem',
  docs: {
    what:
      'A BEGIN line without its END line (or the reverse), END and BEGIN labels that differ, a malformed or indented boundary line, ' +
      'and a CERTIFICATE block that is not a certificate: a character outside base64, a blank line, misplaced padding, missing ' +
      'characters, or DER that does not hold an X.509 certificate. Text outside the blocks (comments, the subject= and issuer= lines ' +
      'openssl writes) is allowed, and blocks with other labels (keys, requests) are only checked for balance.',
    why: 'Most PEM readers stop at the first damaged block or skip it without a word, so the certificates after it, or the one that is broken, silently go missing from the trust store.',
    fix: 'Correct the line the finding is on, or copy the certificate again from its source: a truncated copy-and-paste is the usual cause.',
    bad: '-----BEGIN CERTIFICATE-----\nMIIB…\n(no END line)',
    good: '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----',
  },
};
