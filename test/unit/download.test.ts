// The certificate bundle download against a local HTTPS server whose CA is made at test time: what
// it accepts (HTTPS, PEM, bounded), what it refuses, and that every failure names the host and cause.
// Every wait is on a promise or an event; the timeout cases use a short limit, not a sleep.
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { after, before, test } from 'node:test';
import {
  bundleUrlProblem,
  DownloadError,
  downloadCertificateBundle,
  explainNetworkError,
  extraCertificateAuthorities,
  type DownloadErrorCode,
  type DownloadOptions,
} from '../../client/src/download';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, startHttpsServer, type TestServer } from '../helpers/https-fixture';

const pki = makeTestPki();
const BUNDLE = `subject=CN = AWS Hardening Test CA\nissuer=CN = AWS Hardening Test CA\n${pki.caPem}`;
const DER = Buffer.from(pki.caPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const trusted: DownloadOptions = { ca: pki.caPem };

let server: TestServer;

before(async () => {
  server = await startHttpsServer(pki, (request, response) => {
    // A client that stops reading (the size limit) may reset the connection under a write.
    response.on('error', () => undefined);
    switch (request.url) {
      case '/bundle.pem':
        response.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(BUNDLE);
        return;
      case '/moved':
        response.writeHead(302, { location: '/bundle.pem' }).end();
        return;
      case '/moved-absolute':
        response.writeHead(301, { location: server.url('/moved') }).end();
        return;
      case '/to-http':
        response.writeHead(302, { location: `http://127.0.0.1:${server.port}/bundle.pem` }).end();
        return;
      case '/loop':
        response.writeHead(307, { location: '/loop' }).end();
        return;
      case '/large': {
        // No Content-Length: the limit has to be enforced while reading.
        response.writeHead(200, { 'content-type': 'text/plain' });
        const line = `${'A'.repeat(63)}\n`;
        response.write(`-----BEGIN CERTIFICATE-----\n`);
        for (let i = 0; i < 1024; i++) response.write(line);
        response.end('-----END CERTIFICATE-----\n');
        return;
      }
      case '/large-declared':
        // Announces 10 MB and sends almost nothing: the client must refuse on the header alone.
        response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        response.write('-----BEGIN CERTIFICATE-----\n');
        return;
      case '/endless':
        // Sends a first chunk, then nothing: the client cancels on seeing progress.
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('-----BEGIN CERTIFICATE-----\n');
        return;
      case '/hang':
        return;
      case '/html':
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title><p>Please sign in.</p>\n');
        return;
      case '/der':
        response.writeHead(200, { 'content-type': 'application/pkix-cert' }).end(DER);
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not here\n');
    }
  });
});

after(() => server.close());

/** Awaits a download expected to fail and returns its DownloadError, checking its code. */
async function failure(promise: Promise<unknown>, code: DownloadErrorCode): Promise<DownloadError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DownloadError, `a DownloadError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`the download succeeded; expected ${code}`);
}

/** A TCP server that accepts connections and never says a word, not even the TLS handshake. */
async function silentTcpServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const tcp: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    port: (tcp.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        tcp.close(() => resolve());
      }),
  };
}

test('a PEM bundle is downloaded and returned as text', async () => {
  const progress: number[] = [];
  const bundle = await downloadCertificateBundle(server.url('/bundle.pem'), { ...trusted, onProgress: (received) => progress.push(received) });
  assert.equal(bundle.text, BUNDLE);
  assert.equal(bundle.url, server.url('/bundle.pem'));
  assert.equal(bundle.bytes, Buffer.byteLength(BUNDLE));
  assert.equal(progress.at(-1), bundle.bytes, 'progress reports every byte received');
});

test('redirects to https are followed, relative or absolute, and the final address is reported', async () => {
  const relative = await downloadCertificateBundle(server.url('/moved'), trusted);
  assert.equal(relative.text, BUNDLE);
  assert.equal(relative.url, server.url('/bundle.pem'));
  const chained = await downloadCertificateBundle(server.url('/moved-absolute'), trusted);
  assert.equal(chained.url, server.url('/bundle.pem'));
});

test('a redirect to http is not followed', async () => {
  const error = await failure(downloadCertificateBundle(server.url('/to-http'), trusted), 'redirect-not-https');
  assert.match(error.message, /redirects to http:\/\/127\.0\.0\.1:\d+\/bundle\.pem, which is not HTTPS/);
});

test('a redirect loop stops after the redirect limit', async () => {
  const error = await failure(downloadCertificateBundle(server.url('/loop'), { ...trusted, maxRedirects: 3 }), 'too-many-redirects');
  assert.match(error.message, /more than 3 redirects/);
});

test('a body past the size limit stops the download with a clear error', async () => {
  const error = await failure(downloadCertificateBundle(server.url('/large'), { ...trusted, maxBytes: 16 * 1024 }), 'too-large');
  assert.match(error.message, /larger than 16 KB .*the download was stopped/);
  // The same body fits under the default limit of 5 MB.
  const whole = await downloadCertificateBundle(server.url('/large'), trusted);
  assert.ok(whole.bytes > 64 * 1024);
});

test('a Content-Length past the size limit is refused before reading the body', async () => {
  const error = await failure(downloadCertificateBundle(server.url('/large-declared'), trusted), 'too-large');
  assert.match(error.message, /larger than 5\.0 MB \(10\.0 MB or more\)/);
});

test('a server that never answers times out, naming the host', async () => {
  const error = await failure(downloadCertificateBundle(server.url('/hang'), { ...trusted, timeoutMs: 300 }), 'timeout');
  assert.ok(error.message.includes(`127.0.0.1:${server.port}`), error.message);
  assert.match(error.message, /within 300 ms/);
});

test('a server that never completes the TLS handshake times out too', async () => {
  const silent = await silentTcpServer();
  try {
    const error = await failure(downloadCertificateBundle(`https://127.0.0.1:${silent.port}/bundle.pem`, { ...trusted, timeoutMs: 300 }), 'timeout');
    assert.ok(error.message.includes(`127.0.0.1:${silent.port}`), error.message);
  } finally {
    await silent.close();
  }
});

test('plain http and other schemes are refused before any connection', async () => {
  const error = await failure(downloadCertificateBundle(`http://127.0.0.1:${server.port}/bundle.pem`), 'not-https');
  assert.match(error.message, /Only https:\/\/ URLs are accepted/);
  await failure(downloadCertificateBundle('ftp://example.com/bundle.pem'), 'invalid-url');
  await failure(downloadCertificateBundle('global-bundle.pem'), 'invalid-url');
  assert.match(bundleUrlProblem('http://truststore.pki.rds.amazonaws.com/global/global-bundle.pem') ?? '', /plain HTTP/);
  assert.match(bundleUrlProblem('file:///etc/ssl/certs/ca-certificates.crt') ?? '', /not file:/);
  assert.match(bundleUrlProblem('not a url') ?? '', /full URL/);
  assert.equal(bundleUrlProblem('https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem'), undefined);
  assert.equal(bundleUrlProblem('  HTTPS://example.com/x.pem  '), undefined);
});

test('a body that is not PEM is refused, and binary DER is named as such', async () => {
  const html = await failure(downloadCertificateBundle(server.url('/html'), trusted), 'not-pem');
  assert.match(html.message, /is not PEM text \(no -----BEGIN line\)/);
  const der = await failure(downloadCertificateBundle(server.url('/der'), trusted), 'not-pem');
  assert.match(der.message, /is binary DER, not PEM text/);
});

test('an HTTP error status is reported with the host', async () => {
  const error = await failure(downloadCertificateBundle(server.url('/missing.pem'), trusted), 'http-status');
  assert.ok(error.message.includes(`127.0.0.1:${server.port} answered 404 Not Found`), error.message);
});

test('a server whose CA is not trusted is refused with the TLS error', async () => {
  // Without the test CA only Node's public roots are trusted, as in the extension.
  const error = await failure(downloadCertificateBundle(server.url('/bundle.pem')), 'certificate');
  assert.equal(error.networkCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.ok(error.message.includes(`the certificate of 127.0.0.1:${server.port} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE`), error.message);
});

test('a closed port is a refused connection, naming the host', async () => {
  // A port that was free a moment ago: listen, note it, close.
  const probe = await silentTcpServer();
  await probe.close();
  const error = await failure(downloadCertificateBundle(`https://127.0.0.1:${probe.port}/bundle.pem`, trusted), 'network');
  assert.equal(error.networkCode, 'ECONNREFUSED');
  assert.ok(error.message.includes(`127.0.0.1:${probe.port} refused the connection (ECONNREFUSED)`), error.message);
});

test('cancelling stops the download, before or during it', async () => {
  const controller = new AbortController();
  const during = downloadCertificateBundle(server.url('/endless'), { ...trusted, signal: controller.signal, onProgress: () => controller.abort() });
  await failure(during, 'cancelled');
  await failure(downloadCertificateBundle(server.url('/bundle.pem'), { ...trusted, signal: AbortSignal.abort() }), 'cancelled');
});

test('network errors are explained with the host and the code', () => {
  const url = new URL('https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem');
  const explain = (code: string, message = `getaddrinfo ${code}`) => explainNetworkError(url, Object.assign(new Error(message), { code }));
  assert.match(explain('ENOTFOUND').message, /the host truststore\.pki\.rds\.amazonaws\.com was not found \(ENOTFOUND\)\. Are you offline/);
  assert.match(explain('EAI_AGAIN').message, /was not found \(EAI_AGAIN\)/);
  assert.match(explain('ENETUNREACH').message, /truststore\.pki\.rds\.amazonaws\.com cannot be reached \(ENETUNREACH\)/);
  const altName = explain('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames");
  assert.equal(altName.code, 'certificate');
  assert.match(altName.message, /certificate of truststore\.pki\.rds\.amazonaws\.com is not trusted \(ERR_TLS_CERT_ALTNAME_INVALID: Hostname/);
  assert.equal(explain('CERT_HAS_EXPIRED', 'certificate has expired').code, 'certificate');
  assert.match(explainNetworkError(url, new Error('something odd')).message, /truststore\.pki\.rds\.amazonaws\.com failed: something odd/);
});

test('the CA file NODE_EXTRA_CA_CERTS names is trusted beside Node\'s roots; unset or unreadable, only the roots', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-extra-ca-'));
  try {
    const file = join(dir, 'proxy-ca.pem');
    writeFileSync(file, pki.caPem);
    const ca = extraCertificateAuthorities({ NODE_EXTRA_CA_CERTS: file });
    assert.ok(ca && ca.includes(pki.caPem) && ca.length > 100, 'the extra CA is added to the public roots');
    const bundle = await downloadCertificateBundle(server.url('/bundle.pem'), { ca });
    assert.equal(bundle.text, BUNDLE);
    assert.equal(extraCertificateAuthorities({}), undefined);
    assert.equal(extraCertificateAuthorities({ NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
