// A local HTTPS server for download tests: a throwaway certificate authority and a leaf for
// localhost/127.0.0.1, made with the system's openssl in a temporary folder when the tests start,
// so no key material lives in the repository and nothing expires between runs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  /** The authority that signed the server's certificate; clients must be given it to connect. */
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
}

/** Makes a CA and a server certificate signed by it, valid for two days. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-pki-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=AWS Hardening Test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    writeFileSync(join(dir, 'server.ext'), [
      'subjectAltName = DNS:localhost, IP:127.0.0.1',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      '',
    ].join('\n'));
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
    return {
      caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      serverCertPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
      serverKeyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  readonly port: number;
  /** `https://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** Closes the server and every connection still open (such as one a handler never answered). */
  close(): Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1 with the test PKI's certificate, on a free port. */
export async function startHttpsServer(pki: TestPki, handler: Handler): Promise<TestServer> {
  const server: Server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path) => `https://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
