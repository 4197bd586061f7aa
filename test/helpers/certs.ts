// Certificates made at test time with the system's openssl, so no key or certificate is checked
// in and no test depends on today's date: tests read each certificate's own validity back
// (with Node, independently of the code under test) and set the clock relative to it.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DAY_MS = 24 * 60 * 60 * 1000;

export type KeySpec = 'rsa:1024' | 'rsa:2048' | 'ec:P-256' | 'ed25519';
export type Digest = 'md5' | 'sha1' | 'sha256' | 'sha384';

export interface CertOptions {
  /** RSA 2048 unless given. */
  readonly key?: KeySpec;
  /** SHA-256 unless given. */
  readonly digest?: Digest;
  /** Validity from now; 365 unless given. */
  readonly days?: number;
  /** Issued certificates are leaves unless this is set (roots are always CAs). */
  readonly ca?: boolean;
  /** Sign with RSASSA-PSS padding (RSA issuers only). */
  readonly pss?: boolean;
  /** The whole subject in openssl's `/K=V/…` form, instead of `/CN=<name>`. */
  readonly subject?: string;
}

export interface MadeCert {
  readonly name: string;
  readonly pem: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** The validity as Node prints it, parsed: an oracle that shares no code with the DER reader. */
export function validityOf(pem: string): { notBefore: Date; notAfter: Date } {
  const x509 = new X509Certificate(pem);
  return { notBefore: new Date(x509.validFrom), notAfter: new Date(x509.validTo) };
}

function keyArgs(key: KeySpec): string[] {
  switch (key) {
    case 'ec:P-256':
      return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    case 'ed25519':
      return ['-newkey', 'ed25519'];
    default:
      return ['-newkey', key];
  }
}

/** Ed25519 signs without a separate digest; openssl refuses one being named. */
function digestArgs(issuerKey: KeySpec, options: CertOptions): string[] {
  if (issuerKey === 'ed25519') return [];
  const pss = options.pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'] : [];
  return [`-${options.digest ?? 'sha256'}`, ...pss];
}

/** Makes certificates in a temporary folder; `dispose` removes it. */
export class CertFactory {
  readonly dir = mkdtempSync(join(tmpdir(), 'aws-hardening-certs-'));
  private count = 0;
  private readonly keys = new Map<string, KeySpec>();

  /** Runs openssl in the factory's folder; its chatter (key generation dots) is discarded. */
  openssl(args: readonly string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private made(name: string, base: string, key: KeySpec): MadeCert {
    const certPath = join(this.dir, `${base}.pem`);
    const pem = readFileSync(certPath, 'utf8');
    this.keys.set(certPath, key);
    return { name, pem, certPath, keyPath: join(this.dir, `${base}.key`), ...validityOf(pem) };
  }

  /** A self-signed CA: `openssl req -x509 -days N`. */
  root(name: string, options: CertOptions = {}): MadeCert {
    const base = `c${++this.count}`;
    const key = options.key ?? 'rsa:2048';
    this.openssl([
      'req', '-x509', ...keyArgs(key), '-nodes', '-keyout', `${base}.key`, '-out', `${base}.pem`,
      '-days', String(options.days ?? 365), '-subj', options.subject ?? `/CN=${name}`, ...digestArgs(key, options),
    ]);
    return this.made(name, base, key);
  }

  /** A certificate signed by `issuer`: a request, then `openssl x509 -req -CA … -days N`. */
  issue(name: string, issuer: MadeCert, options: CertOptions = {}): MadeCert {
    const base = `c${++this.count}`;
    const key = options.key ?? 'rsa:2048';
    this.openssl(['req', '-new', ...keyArgs(key), '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', options.subject ?? `/CN=${name}`]);
    const extensions = options.ca
      ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'
      : 'basicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
    writeFileSync(join(this.dir, `${base}.ext`), extensions);
    const serial = `0x${(0x1000 + this.count).toString(16)}${Date.now().toString(16)}`;
    this.openssl([
      'x509', '-req', '-in', `${base}.csr`, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-set_serial', serial,
      '-days', String(options.days ?? 365), '-extfile', `${base}.ext`, '-out', `${base}.pem`,
      ...digestArgs(this.keys.get(issuer.certPath) ?? 'rsa:2048', options),
    ]);
    return this.made(name, base, key);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
