// What a failed read call means. The SDK's errors carry the service's code as `name` (and
// sometimes `Code`), the HTTP status in `$metadata`, and for network failures a Node error code
// in the message: throttling is told by name and status, never by `$retryable`, which the SDK
// leaves unset on the final attempt.

export type Failure =
  | { readonly kind: 'denied'; readonly code: string }
  | { readonly kind: 'throttled'; readonly code: string }
  | { readonly kind: 'unavailable'; readonly code: string }
  | { readonly kind: 'credentials'; readonly code: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'other'; readonly code: string };

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedAccess',
  'Forbidden',
  'AllAccessDisabled',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
]);
/** A service or action the region does not offer, or an account not opted in to the region. */
const UNAVAILABLE = new Set(['OptInRequired', 'InvalidAction', 'UnknownOperationException', 'UnsupportedOperation', 'UnsupportedOperationException']);
/** The profile's credentials are no good any more: the rest of its scan would fail the same way. */
const CREDENTIALS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'TokenRefreshRequired', 'RequestExpired']);
const NETWORK = /\b(ENOTFOUND|EAI_AGAIN)\b/;

export function errorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'Error';
  const code = (err as { Code?: unknown }).Code;
  if (typeof code === 'string' && code) return code;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' && name ? name : 'Error';
}

function status(err: unknown): number | undefined {
  const s = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof s === 'number' ? s : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function classify(err: unknown, signal?: AbortSignal): Failure {
  const code = errorCode(err);
  if (signal?.aborted || code === 'AbortError') return { kind: 'cancelled' };
  if (CREDENTIALS.has(code)) return { kind: 'credentials', code };
  if (DENIED.has(code)) return { kind: 'denied', code };
  if (THROTTLED.has(code) || status(err) === 429) return { kind: 'throttled', code };
  if (UNAVAILABLE.has(code)) return { kind: 'unavailable', code };
  // A service with no endpoint in the region: the host name does not resolve.
  const network = NETWORK.exec(errorMessage(err));
  if (network) return { kind: 'unavailable', code: network[1]! };
  if (status(err) === 403) return { kind: 'denied', code };
  return { kind: 'other', code };
}

/** The sentence of a `scan-not-permitted` finding. */
export function failureMessage(failure: Failure, action: string, resource: string, region: string, detail: string): string {
  const on = `${action} on ${resource}`;
  switch (failure.kind) {
    case 'denied':
      return `Not permitted to call ${on} (${failure.code}): what it would show was not checked. Grant the scanning role ${action}.`;
    case 'throttled':
      return `${on} was throttled (${failure.code}) and still refused after the SDK's retries: not checked; scan again later or with less concurrency.`;
    case 'unavailable':
      return `${on} is not available in ${region} (${failure.code}): not checked there.`;
    default:
      return `${on} failed (${failure.kind === 'other' || failure.kind === 'credentials' ? failure.code : 'cancelled'}: ${clip(detail)}): not checked.`;
  }
}

/** An error's text in a message: one line, and short. */
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
