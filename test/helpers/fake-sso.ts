// A stand-in for IAM Identity Center on a loopback port: the portal's GetRoleCredentials and the
// SSO-OIDC calls a device sign-in and a token refresh make, answering as the real services do
// (JSON bodies, the error's name in `x-amzn-errortype`), so the SDK raises its typed exceptions.
// Tests drive it by events: a device code is pending until the test approves it (or until a given
// number of polls), and every call is counted. Both services share one port; their paths differ.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type DeviceState = 'pending' | 'approved' | 'denied' | 'expired' | 'used';

interface DeviceCodeRecord {
  readonly clientId: string;
  readonly userCode: string;
  state: DeviceState;
  polls: number;
}

export interface FakeSsoCounts {
  register: number;
  deviceAuthorization: number;
  /** CreateToken with the device-code grant. */
  poll: number;
  /** CreateToken with the refresh-token grant, granted or not. */
  refresh: number;
  credentials: number;
  /** OIDC requests that carried an Authorization header (the OIDC calls must be unsigned). */
  signedOidc: number;
}

export interface FakeSso {
  readonly url: string;
  /** Access tokens the portal accepts; sign-ins and refreshes add theirs. */
  readonly validTokens: Set<string>;
  /** Refresh tokens the OIDC service accepts, with the client each was issued to. */
  readonly refreshTokens: Map<string, string>;
  /** Registered clients: id → secret. */
  readonly clients: Map<string, string>;
  readonly counts: FakeSsoCounts;
  /** The bearer tokens GetRoleCredentials was called with, in order. */
  readonly tokensUsed: string[];
  /** The last tokens issued by a sign-in or a refresh. */
  lastIssued?: { readonly accessToken: string; readonly refreshToken: string };
  /** What the last RegisterClient asked for. */
  lastRegistration?: { readonly clientName: string; readonly clientType: string; readonly scopes?: readonly string[] };
  /**
   * 'code' (userCode) when a device authorization starts, 'poll' (userCode, polls so far) on each
   * device-code CreateToken, 'refresh' (granted) on each refresh.
   */
  readonly events: EventEmitter;
  /** Seconds between polls the device authorization asks for (default 0: tests do not wait). */
  interval: number;
  /** Seconds a device code stays valid. */
  deviceCodeExpiresIn: number;
  /** Seconds an issued access token stays valid. */
  tokenExpiresIn: number;
  /** Approve pending device codes on their Nth poll; 0 waits for `approve`. */
  autoApproveAfter: number;
  /** Errors the next device-code polls answer with, in order (e.g. `SlowDownException`). */
  readonly pollErrors: string[];
  assign(account: string, role: string): void;
  /** The registered client a test needs to write a refreshable cache file: returns its id and secret. */
  registerClient(): { readonly clientId: string; readonly clientSecret: string };
  /** Tokens as a sign-in would issue them, valid at the portal and the OIDC service. */
  issueTokens(clientId: string): { readonly accessToken: string; readonly refreshToken: string };
  approve(userCode: string): void;
  deny(userCode: string): void;
  expire(userCode: string): void;
  /** Stops answering: later calls find the port closed. */
  close(): Promise<void>;
}

const CREDENTIAL_LIFETIME_MS = 60 * 60 * 1000;

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function oidcError(res: ServerResponse, status: number, name: string, description: string): void {
  send(res, status, { error: name.replace(/Exception$/, ''), error_description: description, message: description }, name);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeSso(): Promise<FakeSso> {
  let serial = 0;
  const next = (prefix: string): string => `${prefix}-${++serial}-${Math.random().toString(36).slice(2, 10)}`;
  const assignments = new Map<string, Set<string>>();
  const deviceCodes = new Map<string, DeviceCodeRecord>();
  const events = new EventEmitter();

  const fake: FakeSso = {
    url: '',
    validTokens: new Set(),
    refreshTokens: new Map(),
    clients: new Map(),
    counts: { register: 0, deviceAuthorization: 0, poll: 0, refresh: 0, credentials: 0, signedOidc: 0 },
    tokensUsed: [],
    events,
    interval: 0,
    deviceCodeExpiresIn: 600,
    tokenExpiresIn: 8 * 60 * 60,
    autoApproveAfter: 0,
    pollErrors: [],
    assign(account, role) {
      if (!assignments.has(account)) assignments.set(account, new Set());
      assignments.get(account)!.add(role);
    },
    registerClient() {
      const clientId = next('client');
      const clientSecret = next('client-secret');
      fake.clients.set(clientId, clientSecret);
      return { clientId, clientSecret };
    },
    issueTokens(clientId) {
      const issued = { accessToken: next('access'), refreshToken: next('refresh') };
      fake.validTokens.add(issued.accessToken);
      fake.refreshTokens.set(issued.refreshToken, clientId);
      fake.lastIssued = issued;
      return issued;
    },
    approve: (userCode) => setState(userCode, 'approved'),
    deny: (userCode) => setState(userCode, 'denied'),
    expire: (userCode) => setState(userCode, 'expired'),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function setState(userCode: string, state: DeviceState): void {
    const record = [...deviceCodes.values()].find((r) => r.userCode === userCode);
    if (!record) throw new Error(`no device code with user code ${userCode}`);
    record.state = state;
  }

  function clientMatches(body: Record<string, unknown>): boolean {
    return typeof body.clientId === 'string' && fake.clients.get(body.clientId) === body.clientSecret;
  }

  function credentials(req: IncomingMessage, url: URL, res: ServerResponse): void {
    fake.counts.credentials++;
    const token = req.headers['x-amz-sso_bearer_token'];
    if (typeof token === 'string') fake.tokensUsed.push(token);
    if (typeof token !== 'string' || !fake.validTokens.has(token)) return send(res, 401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
    const account = url.searchParams.get('account_id') ?? '';
    const role = url.searchParams.get('role_name') ?? '';
    if (!assignments.get(account)?.has(role)) return send(res, 403, { message: 'No access' }, 'ForbiddenException');
    send(res, 200, { roleCredentials: { accessKeyId: next('ASIAFAKE'), secretAccessKey: next('secret'), sessionToken: next('session'), expiration: Date.now() + CREDENTIAL_LIFETIME_MS } });
  }

  function register(body: Record<string, unknown>, res: ServerResponse): void {
    fake.counts.register++;
    fake.lastRegistration = {
      clientName: String(body.clientName),
      clientType: String(body.clientType),
      ...(Array.isArray(body.scopes) ? { scopes: body.scopes.map(String) } : {}),
    };
    const { clientId, clientSecret } = fake.registerClient();
    const issuedAt = Math.floor(Date.now() / 1000);
    send(res, 200, { clientId, clientSecret, clientIdIssuedAt: issuedAt, clientSecretExpiresAt: issuedAt + 90 * 24 * 60 * 60 });
  }

  function deviceAuthorization(url: string, body: Record<string, unknown>, res: ServerResponse): void {
    fake.counts.deviceAuthorization++;
    if (!clientMatches(body)) return oidcError(res, 401, 'InvalidClientException', 'Invalid client');
    const deviceCode = next('device');
    const userCode = `${serial.toString().padStart(4, '0')}-FAKE`;
    deviceCodes.set(deviceCode, { clientId: String(body.clientId), userCode, state: 'pending', polls: 0 });
    send(res, 200, {
      deviceCode,
      userCode,
      verificationUri: `${url}/device`,
      verificationUriComplete: `${url}/device?user_code=${userCode}`,
      expiresIn: fake.deviceCodeExpiresIn,
      interval: fake.interval,
    });
    events.emit('code', userCode);
  }

  function token(body: Record<string, unknown>, res: ServerResponse): void {
    if (!clientMatches(body)) return oidcError(res, 401, 'InvalidClientException', 'Invalid client');
    const clientId = String(body.clientId);
    if (body.grantType === 'refresh_token') {
      fake.counts.refresh++;
      const refreshToken = String(body.refreshToken);
      if (fake.refreshTokens.get(refreshToken) !== clientId) {
        events.emit('refresh', false);
        return oidcError(res, 400, 'InvalidGrantException', 'Invalid refresh token');
      }
      fake.refreshTokens.delete(refreshToken);
      const issued = fake.issueTokens(clientId);
      send(res, 200, { ...issued, tokenType: 'Bearer', expiresIn: fake.tokenExpiresIn });
      events.emit('refresh', true);
      return;
    }
    fake.counts.poll++;
    const record = deviceCodes.get(String(body.deviceCode));
    if (!record || record.clientId !== clientId || record.state === 'used') return oidcError(res, 400, 'InvalidGrantException', 'Invalid device code');
    record.polls++;
    if (record.state === 'pending' && fake.autoApproveAfter > 0 && record.polls >= fake.autoApproveAfter) record.state = 'approved';
    events.emit('poll', record.userCode, record.polls);
    const injected = fake.pollErrors.shift();
    if (injected) return oidcError(res, 400, injected, injected);
    if (record.state === 'pending') return oidcError(res, 400, 'AuthorizationPendingException', 'Authorization pending');
    if (record.state === 'denied') return oidcError(res, 400, 'AccessDeniedException', 'Access denied');
    if (record.state === 'expired') return oidcError(res, 400, 'ExpiredTokenException', 'Device code expired');
    record.state = 'used';
    const issued = fake.issueTokens(clientId);
    send(res, 200, { ...issued, tokenType: 'Bearer', expiresIn: fake.tokenExpiresIn });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', fake.url);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /federation/credentials') return credentials(req, url, res);
    if (req.headers.authorization) fake.counts.signedOidc++;
    readJson(req).then(
      (body) => {
        if (route === 'POST /client/register') return register(body, res);
        if (route === 'POST /device_authorization') return deviceAuthorization(fake.url, body, res);
        if (route === 'POST /token') return token(body, res);
        send(res, 404, { message: `no route ${route}` }, 'ResourceNotFoundException');
      },
      () => send(res, 400, { message: 'body is not JSON' }, 'InvalidRequestException'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
