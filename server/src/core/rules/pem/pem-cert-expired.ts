import { certificateLabel } from '../../pem/bundle';
import { ago, isoDay } from './common';
import type { PemProblem, PemRule } from './types';

export const pemCertExpired: PemRule = {
  meta: {
    id: 'pem-cert-expired',
    title: 'Certificate has expired',
    severity: 'error',
    fix: 'none',
    e8: ['+TLS'],
    anchors: ['ACM.1', 'openssl verify "certificate has expired"'],
    language: 'pem',
    docs: {
      what: 'A certificate in the bundle whose notAfter date has passed.',
      why:
        'Clients that check validity (every TLS library by default) refuse an expired certificate, and an expired CA in a trust bundle ' +
        'no longer anchors anything: connections fail, or someone turns verification off to get them working again. The RDS CA ' +
        'rds-ca-2019, which expired on 2024-08-22, is a common example still found in application bundles.',
      fix: 'Replace the certificate with its renewed version (for an AWS CA bundle, download the current one from the service) and remove the expired one. There is no quick fix: the new certificate has to come from its issuer.',
      bad: 'Subject: CN = Example Legacy Root CA\nNot After : Aug 22 08:00:00 2024 GMT',
      good: 'Subject: CN = Example Root CA G2\nNot After : Jan  1 00:00:00 2040 GMT',
    },
  },
  check(bundle, ctx): PemProblem[] {
    return bundle.certificates
      .filter(({ facts }) => facts.notAfter.getTime() < ctx.now.getTime())
      .map((certificate) => ({
        certificate,
        message: `${certificateLabel(certificate.facts)} expired on ${isoDay(certificate.facts.notAfter)}, ${ago(certificate.facts.notAfter, ctx.now)}.`,
      }));
  },
};
