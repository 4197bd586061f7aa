import { certificateLabel } from '../../pem/bundle';
import { DAY_MS, isoDay, until } from './common';
import type { PemProblem, PemRule } from './types';

export const pemCertExpiring: PemRule = {
  meta: {
    id: 'pem-cert-expiring',
    title: 'Certificate expires soon',
    severity: 'warning',
    fix: 'none',
    e8: ['+TLS'],
    anchors: ['ACM.1'],
    language: 'pem',
    docs: {
      what: 'A certificate that is still valid but whose notAfter date falls within the warning window (the `pemWarningDays` setting, 90 days unless configured).',
      why:
        'Renewing a certificate and getting the new one deployed everywhere it is pinned or bundled takes time; a certificate noticed only ' +
        'when it expires takes its connections down with it.',
      fix: 'Renew the certificate (or fetch the issuer\'s current bundle) and deploy it before the date in the message; keep the old one only until every client has the new one.',
      bad: 'Subject: CN = api.example.com\nNot After : (in 30 days)',
      good: 'Subject: CN = api.example.com\nNot After : (in 300 days)',
    },
  },
  check(bundle, ctx): PemProblem[] {
    const windowDays = Math.max(0, ctx.settings.pemWarningDays);
    const now = ctx.now.getTime();
    return bundle.certificates
      .filter(({ facts }) => facts.notAfter.getTime() >= now && facts.notAfter.getTime() - now <= windowDays * DAY_MS)
      .map((certificate) => ({
        certificate,
        message:
          `${certificateLabel(certificate.facts)} expires on ${isoDay(certificate.facts.notAfter)}, ${until(certificate.facts.notAfter, ctx.now)}, ` +
          `within the ${windowDays}-day warning window.`,
      }));
  },
};
