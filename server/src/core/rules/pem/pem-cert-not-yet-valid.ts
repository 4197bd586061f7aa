import { certificateLabel } from '../../pem/bundle';
import { isoDay, until } from './common';
import type { PemProblem, PemRule } from './types';

export const pemCertNotYetValid: PemRule = {
  meta: {
    id: 'pem-cert-not-yet-valid',
    title: 'Certificate is not valid yet',
    severity: 'warning',
    fix: 'none',
    e8: ['+TLS'],
    anchors: ['openssl verify "certificate is not yet valid"'],
    language: 'pem',
    docs: {
      what: 'A certificate whose notBefore date is still in the future.',
      why:
        'Clients refuse a certificate before its notBefore just as after its notAfter. It usually means the certificate was issued ' +
        'with a wrong clock or a deliberately later start, and deploying it now breaks every connection that uses it until that date.',
      fix: 'Keep the current certificate in service until the new one\'s start date, or have it reissued with a start date that has passed.',
      bad: 'Subject: CN = api.example.com\nNot Before: (in 10 days)',
      good: 'Subject: CN = api.example.com\nNot Before: (10 days ago)',
    },
  },
  check(bundle, ctx): PemProblem[] {
    return bundle.certificates
      .filter(({ facts }) => facts.notBefore.getTime() > ctx.now.getTime())
      .map((certificate) => ({
        certificate,
        message: `${certificateLabel(certificate.facts)} is not valid before ${isoDay(certificate.facts.notBefore)}, ${until(certificate.facts.notBefore, ctx.now)}.`,
      }));
  },
};
