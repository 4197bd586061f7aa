// The requests behind the account view, beside the profiles and scan of `account.ts`: signing a
// profile in (the code shown as a notification while the request waits), a finding's details as
// Markdown, a scan written as a report, and the template a stack's resource came from. The work
// is in `account/`; here it meets the protocol: parameters checked, cancellation, errors as
// `ResponseError`s with a message to show (never a stack or a token).
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadAccount } from '../account/load';
import { locateLogicalId } from '../account/locate';
import { findingDetails } from '../account/report/details';
import { formatScan, type ScanFormat } from '../account/report/formats';
import { findingFromInput, InvalidScanInput, scanResultFromInput } from '../account/report/scan-input';
import {
  ACCOUNT_FINDING_DETAILS_REQUEST,
  ACCOUNT_LOCATE_REQUEST,
  ACCOUNT_REPORT_REQUEST,
  ACCOUNT_SIGN_IN_CODE_NOTIFICATION,
  ACCOUNT_SIGN_IN_REQUEST,
  type AccountFindingDetails,
  type AccountFindingDetailsParams,
  type AccountLocateParams,
  type AccountLocation,
  type AccountReport,
  type AccountReportParams,
  type AccountSignInCode,
  type AccountSignInParams,
  type AccountSignInResult,
} from '../protocol';

/** What the handlers read from the server: its workspace folders and open documents, as they are at each request. */
export interface AccountViewContext {
  folders(): readonly string[];
  documents(): readonly TextDocument[];
}

type Live = <A extends unknown[], R>(handler: (...args: A) => R) => (...args: A) => R;

const FORMATS: ReadonlySet<string> = new Set<ScanFormat>(['sarif', 'csv', 'markdown', 'json', 'text']);

/** A logical id is at most 255 characters; a stack name at most 128. */
function name(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value === '' || value.length > max) throw new ResponseError(ErrorCodes.InvalidParams, `${what} must be a non-empty string of at most ${max} characters`);
  return value;
}

function invalid(err: unknown): never {
  if (err instanceof InvalidScanInput) throw new ResponseError(ErrorCodes.InvalidParams, err.message);
  throw err;
}

export function registerAccountViewRequests(connection: Connection, live: Live, context: AccountViewContext): void {
  connection.onRequest(
    ACCOUNT_SIGN_IN_REQUEST,
    live(async (params: AccountSignInParams, token?: CancellationToken): Promise<AccountSignInResult> => {
      const profile = name(params?.profile, 'profile', 1024);
      const account = loadAccount();
      const controller = new AbortController();
      const cancelled = token?.onCancellationRequested(() => controller.abort());
      try {
        const session = await account.AccountSession.open();
        const signedIn = await account.signIn(session, profile, {
          signal: controller.signal,
          onCode: async (code) => {
            const shown: AccountSignInCode = {
              profile,
              userCode: code.userCode,
              verificationUri: code.verificationUri,
              verificationUriComplete: code.verificationUriComplete,
              expiresAt: code.expiresAt.toISOString(),
            };
            await connection.sendNotification(ACCOUNT_SIGN_IN_CODE_NOTIFICATION, shown);
          },
        });
        return { profile: signedIn.profile, startUrl: signedIn.startUrl, expiresAt: signedIn.expiresAt.toISOString() };
      } catch (err) {
        const message = err instanceof account.SignInError ? err.message : `The sign-in of profile ${profile} failed: ${err instanceof Error ? err.message : String(err)}`;
        if (controller.signal.aborted || (err instanceof account.SignInError && err.reason === 'cancelled')) throw new ResponseError(LSPErrorCodes.RequestCancelled, message);
        // The reason lets a client tell "not an SSO profile" from "refused" without reading the message.
        throw new ResponseError(LSPErrorCodes.RequestFailed, message, { reason: err instanceof account.SignInError ? err.reason : 'failed' });
      } finally {
        cancelled?.dispose();
      }
    }),
  );

  connection.onRequest(
    ACCOUNT_FINDING_DETAILS_REQUEST,
    live((params: AccountFindingDetailsParams): AccountFindingDetails => {
      try {
        return { markdown: findingDetails(findingFromInput(params?.finding)) };
      } catch (err) {
        return invalid(err);
      }
    }),
  );

  connection.onRequest(
    ACCOUNT_REPORT_REQUEST,
    live((params: AccountReportParams): AccountReport => {
      const format = params?.format;
      if (typeof format !== 'string' || !FORMATS.has(format)) throw new ResponseError(ErrorCodes.InvalidParams, `format must be one of ${[...FORMATS].join(', ')}`);
      try {
        const { result, scannedAt } = scanResultFromInput(params.result);
        return { text: formatScan(result, format as ScanFormat, scannedAt) };
      } catch (err) {
        return invalid(err);
      }
    }),
  );

  connection.onRequest(
    ACCOUNT_LOCATE_REQUEST,
    live(async (params: AccountLocateParams, token?: CancellationToken): Promise<AccountLocation | null> => {
      const stack = name(params?.stack, 'stack', 128);
      const logicalId = name(params?.logicalId, 'logicalId', 255);
      const found = await locateLogicalId(stack, logicalId, {
        folders: context.folders(),
        openDocuments: context.documents().map((d) => ({ uri: d.uri, text: d.getText() })),
        isCancelled: () => token?.isCancellationRequested === true,
      });
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Locating the template was cancelled.');
      if (!found) return null;
      const document = TextDocument.create(found.uri, 'plaintext', 0, found.text);
      return { uri: found.uri, range: { start: document.positionAt(found.start), end: document.positionAt(found.end) } };
    }),
  );
}
