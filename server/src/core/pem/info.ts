// What the editor shows about a certificate: the one-line summary of its code lens and the
// details of its hover, both from the facts the bundle reader gathered (no second parse).
// Days are counted by the same helpers as the pem-cert-* findings (whole days elapsed, in UTC),
// so the lens, the hover and the diagnostic never disagree by one.
import { ago, isoDay, until } from '../rules/pem/common';
import type { CertificateFacts, PemBundle, PemCertificate } from './bundle';

function shortSerial(serial: string): string {
  return serial.length > 12 ? `${serial.slice(0, 12)}…` : serial;
}

/**
 * `expires 2027-05-21 (in 179 days)`, `expired 2024-08-22 (95 days ago)` or `not valid until …`
 * before its start. Expired and not yet valid are decided as the pem-cert-expired and
 * pem-cert-not-yet-valid rules decide them: the notAfter second itself is still valid.
 */
export function validityPhrase(facts: CertificateFacts, now: Date): string {
  if (now.getTime() < facts.notBefore.getTime()) return `not valid until ${isoDay(facts.notBefore)} (${until(facts.notBefore, now)})`;
  if (facts.notAfter.getTime() < now.getTime()) return `expired ${isoDay(facts.notAfter)} (${ago(facts.notAfter, now)})`;
  return `expires ${isoDay(facts.notAfter)} (${until(facts.notAfter, now)})`;
}

/** The code lens above a certificate: `Issuer CN → Subject CN (#serial) expires 2027-05-21 (in 179 days)`. */
export function certificateLensTitle(facts: CertificateFacts, now: Date): string {
  return `${facts.issuerName} → ${facts.subjectName} (#${shortSerial(facts.serial)}) ${validityPhrase(facts, now)}`;
}

function keyText(facts: CertificateFacts): string {
  const { type, bits, curve } = facts.key;
  if (bits !== undefined) return `${type.toUpperCase()} ${bits} bits`;
  if (curve !== undefined) return `${type.toUpperCase()} ${curve}`;
  return type === 'unknown' ? 'not readable' : type;
}

/** Where the certificate's issuer is: itself, another certificate of the bundle, or elsewhere. */
function issuerText(bundle: PemBundle, facts: CertificateFacts): string {
  if (facts.selfSigned) return 'self-signed: a root, trusted only if it is in the trust store';
  if (facts.issuerIndex !== undefined) {
    const issuer = bundle.certificates[facts.issuerIndex]?.facts;
    return `in this bundle: certificate #${facts.issuerIndex + 1}${issuer ? ` (${issuer.subjectName})` : ''}`;
  }
  return 'not in this bundle';
}

/** The hover on a certificate's block: everything the inspection script of the guidance printed, and more. */
export function certificateMarkdown(bundle: PemBundle, certificate: PemCertificate, now: Date): string {
  const f = certificate.facts;
  const rows: Array<[string, string]> = [
    ['Subject', f.subject],
    ['Issuer', f.issuer],
    ['Serial', f.serial],
    ['Valid', `${f.notBefore.toISOString()} → ${f.notAfter.toISOString()}: ${validityPhrase(f, now)}`],
    ['Key', keyText(f)],
    ['Signature', f.signature.name],
    ['SHA-256', f.fingerprint256],
    ['Issuer in bundle', issuerText(bundle, f)],
  ];
  if (f.subjectAltName) rows.push(['Names', f.subjectAltName]);
  if (f.ca) rows.push(['CA', 'yes (basic constraints)']);
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  return [`**Certificate #${f.index + 1}: ${escape(f.subjectName)}**`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${escape(v)} |`)].join('\n');
}

/** The certificate whose block (BEGIN line to END line) holds `offset`. */
export function certificateAt(bundle: PemBundle, offset: number): PemCertificate | undefined {
  return bundle.certificates.find((c) => c.block.begin.start <= offset && offset <= c.block.end.end);
}
