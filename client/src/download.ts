// Downloads a certificate bundle over HTTPS for "Inspect Certificate Bundle from URL…". Kept free of
// `vscode` so it is unit-tested against a local server. A bundle is only worth inspecting if it
// is what the server published, so plain HTTP is refused, redirects must stay on HTTPS, and the
// download is bounded in time and size.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';

/** The Amazon RDS bundle: every RDS certificate authority, in every region. */
export const DEFAULT_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** The RDS global bundle is about 160 KB; anything far larger is not a certificate bundle. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface DownloadOptions {
  /** The whole download, redirects included, must finish within this time. */
  readonly timeoutMs?: number;
  /** Reading stops, and the download fails, once the body grows past this many bytes. */
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  /** Certificate authorities to trust instead of Node's bundled roots (tests pass their own). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Aborting it cancels the download (the progress notification's Cancel button). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

export type DownloadErrorCode =
  | 'invalid-url'
  | 'not-https'
  | 'redirect-not-https'
  | 'too-many-redirects'
  | 'http-status'
  | 'too-large'
  | 'timeout'
  | 'cancelled'
  | 'network'
  | 'certificate'
  | 'not-pem';

/** A failed download, with a message meant for the user that names the host and the cause. */
export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    /** The network or TLS error code (ENOTFOUND, CERT_HAS_EXPIRED…), when there was one. */
    readonly networkCode?: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadedBundle {
  /** Where the bundle finally came from, after redirects. */
  readonly url: string;
  readonly text: string;
  readonly bytes: number;
}

/** Why `value` cannot be downloaded from, or undefined when it can; worded for an input box. */
export function bundleUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a full URL, such as https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem.';
  }
  if (url.protocol === 'http:') return 'Only https:// URLs are accepted: a bundle fetched over plain HTTP could have been altered on the way.';
  if (url.protocol !== 'https:') return `Only https:// URLs are accepted, not ${url.protocol}.`;
  if (!url.hostname) return 'The URL needs a host name.';
  return undefined;
}

/** TLS errors that mean the server's certificate was not trusted, as Node reports them. */
const CERTIFICATE_ERRORS = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Turns a Node network or TLS error into a message that names the host and what to check. */
export function explainNetworkError(url: URL, error: unknown): DownloadError {
  const host = url.host;
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  const prefix = `Could not download ${url.href}:`;
  if (code && CERTIFICATE_ERRORS.has(code)) {
    return new DownloadError(
      'certificate',
      `${prefix} the certificate of ${host} is not trusted (${code}: ${detail}). If a proxy inspects TLS on this network, its root certificate must be trusted.`,
      code,
    );
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DownloadError('network', `${prefix} the host ${url.hostname} was not found (${code}). Are you offline, or is a proxy needed?`, code);
    case 'ECONNREFUSED':
      return new DownloadError('network', `${prefix} ${host} refused the connection (${code}).`, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new DownloadError('network', `${prefix} the connection to ${host} was closed before the download finished (${code}).`, code);
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return new DownloadError('network', `${prefix} ${host} cannot be reached (${code}). Are you offline?`, code);
    default:
      return new DownloadError('network', `${prefix} ${host} failed: ${code ? `${code}: ` : ''}${detail}`, code);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PEM_BEGIN = /^-----BEGIN [^\r\n]*-----[ \t]*\r?$/m;

/** The body as text when it is PEM; otherwise the reason, worded for the user. */
function pemText(body: Buffer, url: URL): string | DownloadError {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (PEM_BEGIN.test(text)) return text;
  // A DER certificate starts with an ASN.1 SEQUENCE; naming it saves the user a guess.
  const what = body[0] === 0x30 && body.includes(0) ? 'binary DER, not PEM text' : 'not PEM text (no -----BEGIN line)';
  return new DownloadError('not-pem', `${url.href} is ${what}: the command inspects PEM certificate bundles.`);
}

/**
 * Downloads `address` and resolves with its text when it is PEM. Rejects with a DownloadError
 * for every failure, the host and the cause in its message.
 */
export function downloadCertificateBundle(address: string, options: DownloadOptions = {}): Promise<DownloadedBundle> {
  const problem = bundleUrlProblem(address);
  if (problem) {
    const code = /^\s*http:/i.test(address) ? 'not-https' : 'invalid-url';
    return Promise.reject(new DownloadError(code, `Cannot download ${address.trim()}: ${problem}`));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;

  return new Promise<DownloadedBundle>((resolve, reject) => {
    let settled = false;
    let current: ClientRequest | undefined;
    let currentUrl = new URL(address.trim());

    const finish = (outcome: DownloadedBundle | DownloadError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Destroying the request also stops reading a body that is too large or no longer wanted.
      current?.destroy();
      if (outcome instanceof DownloadError) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => finish(new DownloadError('cancelled', `The download of ${currentUrl.href} was cancelled.`));
    const timer = setTimeout(() => {
      const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
      finish(new DownloadError('timeout', `Could not download ${currentUrl.href}: no complete answer from ${currentUrl.host} within ${seconds}. Are you offline?`, 'timeout'));
    }, timeoutMs);

    const tooLarge = (url: URL, bytes: number): DownloadError =>
      new DownloadError('too-large', `${url.href} is larger than ${formatBytes(maxBytes)} (${formatBytes(bytes)} or more), too large for a certificate bundle; the download was stopped.`);

    const onResponse = (url: URL, redirects: number, response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) return finish(new DownloadError('http-status', `Could not download ${url.href}: ${url.host} answered ${status} without saying where to.`));
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return finish(new DownloadError('http-status', `Could not download ${url.href}: ${url.host} redirected to an invalid address (${location}).`));
        }
        if (next.protocol !== 'https:') {
          return finish(new DownloadError('redirect-not-https', `Could not download ${url.href}: it redirects to ${next.href}, which is not HTTPS, so the redirect was not followed.`));
        }
        if (redirects >= maxRedirects) {
          return finish(new DownloadError('too-many-redirects', `Could not download ${address.trim()}: more than ${maxRedirects} redirects (the last to ${next.href}).`));
        }
        return get(next, redirects + 1);
      }
      if (status !== 200) {
        response.resume();
        const reason = response.statusMessage ? ` ${response.statusMessage}` : '';
        return finish(new DownloadError('http-status', `Could not download ${url.href}: ${url.host} answered ${status}${reason}.`));
      }
      const declared = Number(response.headers['content-length']);
      const total = Number.isFinite(declared) && declared >= 0 ? declared : undefined;
      if (total !== undefined && total > maxBytes) return finish(tooLarge(url, total));
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return finish(tooLarge(url, received));
        chunks.push(chunk);
        options.onProgress?.(received, total);
      });
      response.on('end', () => {
        const text = pemText(Buffer.concat(chunks, received), url);
        finish(typeof text === 'string' ? { url: url.href, text, bytes: received } : text);
      });
      // A connection that drops mid-body ends the response without 'end'.
      response.on('error', (error) => finish(explainNetworkError(url, error)));
      response.on('close', () => {
        if (!response.complete) finish(explainNetworkError(url, Object.assign(new Error('the connection closed mid-download'), { code: 'ECONNRESET' })));
      });
    };

    const get = (url: URL, redirects: number): void => {
      current?.destroy();
      currentUrl = url;
      let request: ClientRequest;
      try {
        const ca = options.ca ?? extraCertificateAuthorities();
        request = https.get(url, {
          headers: { accept: 'application/x-pem-file, text/plain;q=0.9, */*;q=0.1', 'user-agent': 'aws-hardening-vscode' },
          ...(ca ? { ca: ca as string | Buffer | (string | Buffer)[] } : {}),
        });
      } catch (error) {
        // Node throws here, not asynchronously, for options it rejects (an unusable ca, say); this
        // may run inside a response handler, where a throw would escape the promise.
        return finish(explainNetworkError(url, error));
      }
      current = request;
      request.on('response', (response) => onResponse(url, redirects, response));
      // Errors of a request given up for a redirect no longer matter.
      request.on('error', (error) => {
        if (request === current) finish(explainNetworkError(url, error));
      });
    };

    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    get(currentUrl, 0);
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Node's roots plus the file NODE_EXTRA_CA_CERTS names (a company's TLS-inspecting proxy, say).
 * Node reads that variable only when a process starts, and VS Code's extension host receives its
 * environment after starting, so the download adds the file itself. Undefined when it is unset or
 * unreadable: Node's own roots apply.
 */
export function extraCertificateAuthorities(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    return [...rootCertificates, readFileSync(file, 'utf8')];
  } catch {
    return undefined;
  }
}
