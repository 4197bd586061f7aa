// A PEM bundle read once: every certificate with the facts the rules, the code lens and the hover
// show, and the bundle's own chain (which certificate issued which).
import { X509Certificate } from 'node:crypto';
import { CERTIFICATE_LABEL, readPemBlocks, type PemBlock, type PemError } from './blocks';
import { DerError, readCertificateDer, type CertificateDer, type SignatureAlgorithm } from './der';

export type { PemBlock, PemError } from './blocks';
export type { SignatureAlgorithm, SignatureHash } from './der';

export interface KeyFacts {
  /** Node's `asymmetricKeyType`: `rsa`, `rsa-pss`, `ec`, `ed25519`, `dsa`, …; `unknown` when Node cannot read the key. */
  readonly type: string;
  /** The modulus length of RSA and DSA keys. */
  readonly bits?: number;
  /** The named curve of EC keys, as OpenSSL names it (`prime256v1`, `secp384r1`). */
  readonly curve?: string;
}

/** What one certificate says, as plain data. */
export interface CertificateFacts {
  /** Position among the bundle's readable certificates (`PemBundle.certificates`), from 0. */
  readonly index: number;
  /** The subject on one line, `CN=…, O=…` in the certificate's order. */
  readonly subject: string;
  /** The subject's common name, or the whole subject when it has none. */
  readonly subjectName: string;
  readonly issuer: string;
  readonly issuerName: string;
  /** Lower-case hex, as Node gives it. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly key: KeyFacts;
  readonly signature: SignatureAlgorithm;
  /** SHA-256 of the DER, upper-case hex pairs joined by colons (as `openssl x509 -fingerprint` prints). */
  readonly fingerprint256: string;
  /** Issuer equals subject and the certificate's own key verifies its signature. */
  readonly selfSigned: boolean;
  /** The index of another certificate in the bundle that issued this one (names match and its key verifies). */
  readonly issuerIndex?: number;
  /** Basic constraints say CA. */
  readonly ca: boolean;
  /** Node's `subjectAltName` text (`DNS:a.example, DNS:b.example`), when the certificate has one. */
  readonly subjectAltName?: string;
}

export interface PemCertificate {
  readonly facts: CertificateFacts;
  /** The block the certificate came from: findings about it sit on `block.begin`. */
  readonly block: PemBlock;
}

export interface PemBundle {
  /** Every balanced block in text order, whatever its label. */
  readonly blocks: readonly PemBlock[];
  /** The certificates that could be read, in text order. */
  readonly certificates: readonly PemCertificate[];
  /** Boundaries, base64 and certificates that could not be read, each on the line at fault. */
  readonly errors: readonly PemError[];
}

/** Node writes names one attribute a line; a person reads them on one. */
function oneLine(name: string): string {
  return name.split('\n').filter((part) => part !== '').join(', ');
}

function commonName(name: string): string {
  const cn = name.split('\n').find((part) => part.startsWith('CN='));
  const value = cn?.slice(3);
  if (value) return value;
  return oneLine(name) || '(empty name)';
}

function keyFacts(x509: X509Certificate): KeyFacts {
  try {
    const key = x509.publicKey;
    const details = key.asymmetricKeyDetails ?? {};
    return {
      type: key.asymmetricKeyType ?? 'unknown',
      ...(details.modulusLength !== undefined ? { bits: details.modulusLength } : {}),
      ...(details.namedCurve !== undefined ? { curve: details.namedCurve } : {}),
    };
  } catch {
    // A key algorithm OpenSSL has no provider for: the certificate itself is still readable.
    return { type: 'unknown' };
  }
}

/** `verify` with a key of another algorithm, or one OpenSSL cannot use, is simply not a match. */
export function signedBy(x509: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return x509.checkIssued(issuer) && x509.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

interface Parsed {
  readonly x509: X509Certificate;
  readonly block: PemBlock;
  readonly facts: Omit<CertificateFacts, 'issuerIndex'>;
}

function parse(block: PemBlock, bytes: Uint8Array, index: number, errors: PemError[], verified: Verifier): Parsed | undefined {
  const header = `-----BEGIN ${CERTIFICATE_LABEL}-----`;
  let der: CertificateDer;
  let x509: X509Certificate;
  try {
    der = readCertificateDer(bytes);
    x509 = new X509Certificate(bytes);
  } catch (err) {
    // Node's message for bad DER speaks of PEM start lines; the DER reader's says what is wrong.
    const why = err instanceof DerError ? err.message : 'OpenSSL cannot read it as X.509';
    errors.push({ ...block.begin, message: `The block after ${header} is not a readable certificate: ${why}.` });
    return undefined;
  }
  return {
    x509,
    block,
    facts: {
      index,
      subject: oneLine(x509.subject),
      subjectName: commonName(x509.subject),
      issuer: oneLine(x509.issuer),
      issuerName: commonName(x509.issuer),
      serial: x509.serialNumber.toLowerCase(),
      notBefore: der.notBefore,
      notAfter: der.notAfter,
      key: keyFacts(x509),
      signature: der.signatureAlgorithm,
      fingerprint256: x509.fingerprint256,
      selfSigned: x509.subject === x509.issuer && verified(x509, x509),
      ca: x509.ca,
      ...(x509.subjectAltName ? { subjectAltName: x509.subjectAltName } : {}),
    },
  };
}

/** Checks that `issuer`'s key signed `x509`: OpenSSL's verification, or a stand-in in tests. */
export type Verifier = (x509: X509Certificate, issuer: X509Certificate) => boolean;

/**
 * Distinct certificates of the same name that are tried as a certificate's issuer. Real bundles
 * have one or two (a renewed or cross-signed CA); a hostile one can have thousands, each a
 * signature verification, so the chain search stops after these and the issuer is left unknown.
 */
export const MAX_ISSUER_CANDIDATES = 8;

export interface ReadPemOptions {
  readonly verify?: Verifier;
}

export function readPemBundle(text: string, options: ReadPemOptions = {}): PemBundle {
  const { blocks, errors: blockErrors } = readPemBlocks(text);
  const errors = [...blockErrors];
  // Each verification is asked once per pair of distinct certificates (by fingerprint), so a
  // bundle of the same certificate many times over costs what one copy costs.
  const check = options.verify ?? signedBy;
  const verdicts = new Map<string, boolean>();
  const verified: Verifier = (x509, issuer) => {
    const key = `${x509.fingerprint256}>${issuer.fingerprint256}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) verdicts.set(key, (verdict = check(x509, issuer)));
    return verdict;
  };
  const parsed: Parsed[] = [];
  for (const block of blocks) {
    if (block.label !== CERTIFICATE_LABEL || !block.der) continue;
    const one = parse(block, block.der, parsed.length, errors, verified);
    if (one) parsed.push(one);
  }
  // Issuers indexed by subject, one entry per distinct certificate (its first copy): a trust store
  // of 150 roots would otherwise cost 22,000 calls into OpenSSL, and copies add nothing to try.
  const bySubject = new Map<string, Parsed[]>();
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(p.facts.fingerprint256)) continue;
    seen.add(p.facts.fingerprint256);
    const same = bySubject.get(p.x509.subject);
    if (same) same.push(p);
    else bySubject.set(p.x509.subject, [p]);
  }
  const certificates = parsed.map(({ x509, block, facts }): PemCertificate => {
    // A self-signed certificate is its own issuer; only another certificate counts as in the bundle.
    const candidates = facts.selfSigned ? [] : (bySubject.get(x509.issuer) ?? []).filter((other) => other.facts.fingerprint256 !== facts.fingerprint256);
    const issuer = candidates.slice(0, MAX_ISSUER_CANDIDATES).find((other) => verified(x509, other.x509));
    return { block, facts: issuer ? { ...facts, issuerIndex: issuer.facts.index } : facts };
  });
  return { blocks, certificates, errors: errors.sort((a, b) => a.start - b.start) };
}

/** How messages name a certificate: its common name and the head of its serial, `Example CA (#0a1b…)`. */
export function certificateLabel(facts: Pick<CertificateFacts, 'subjectName' | 'serial'>): string {
  const serial = facts.serial.length > 6 ? `${facts.serial.slice(0, 4)}…` : facts.serial;
  return `${facts.subjectName} (#${serial})`;
}
