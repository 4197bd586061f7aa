// The live scan over LSP: the profiles of the user's AWS config, and a scan request with
// work-done progress and cancellation, so the sidebar (and any LSP editor) get both from the
// protocol. The account module is loaded at the first request, not at start.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { loadAccount } from '../account/load';
import type { AnalysisOptions } from '../core/rules/types';
import { ACCOUNT_PROFILES_REQUEST, ACCOUNT_SCAN_REQUEST, type AccountProfileInfo, type AccountProfilesResult, type AccountScanParams, type AccountScanResult } from '../protocol';

/** Progress is reported at most this often: a scan makes thousands of calls. */
const PROGRESS_EVERY_MS = 200;

export function registerAccountRequests(connection: Connection, current: () => AnalysisOptions, live: <A extends unknown[], R>(handler: (...args: A) => R) => (...args: A) => R): void {
  connection.onRequest(
    ACCOUNT_PROFILES_REQUEST,
    live(async (): Promise<AccountProfilesResult> => {
      const account = loadAccount();
      const session = await account.AccountSession.open();
      const profiles = await Promise.all(
        session.profiles.map(async (p): Promise<AccountProfileInfo> => {
          const token = await account.ssoTokenState(p);
          return {
            name: p.name,
            kind: p.kind,
            ...(p.region ? { region: p.region } : {}),
            ...(p.problem ? { problem: p.problem } : {}),
            ...(token && p.ssoStartUrl && p.ssoRegion
              ? {
                  sso: {
                    startUrl: p.ssoStartUrl,
                    region: p.ssoRegion,
                    token: token.state,
                    ...('expiresAt' in token ? { expiresAt: token.expiresAt.toISOString(), refreshable: token.refreshable } : {}),
                    signInCommand: account.signInCommand(p),
                  },
                }
              : {}),
          };
        }),
      );
      return { profiles, defaultProfile: session.defaultProfile()?.name ?? null };
    }),
  );

  connection.onRequest(
    ACCOUNT_SCAN_REQUEST,
    live(async (params: AccountScanParams, token?: CancellationToken): Promise<AccountScanResult> => {
      const concurrency = params?.concurrency ?? 8;
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ResponseError(ErrorCodes.InvalidParams, 'concurrency must be a whole number from 1 to 64');
      const profiles = Array.isArray(params?.profiles) ? params.profiles.filter((p): p is string => typeof p === 'string') : [];
      const regions = params?.regions === 'all' ? 'all' : Array.isArray(params?.regions) ? params.regions.filter((r): r is string => typeof r === 'string') : [];
      const account = loadAccount();
      const controller = new AbortController();
      const cancelled = token?.onCancellationRequested(() => controller.abort());
      // The client's own progress token when it sent one; else progress the server starts (cancellable from its UI).
      let reporter: WorkDoneProgressReporter | undefined;
      if (params?.workDoneToken !== undefined) reporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
      else {
        const started = await connection.window.createWorkDoneProgress().catch(() => undefined);
        started?.token.onCancellationRequested(() => controller.abort());
        reporter = started;
      }
      reporter?.begin('AWS Hardening: scanning', 0, profiles.length ? profiles.join(', ') : 'default profile', true);
      let last = 0;
      const options = current();
      const scannedAt = new Date();
      try {
        const session = await account.AccountSession.open();
        const result = await account.scan({
          session,
          profiles,
          regions,
          collectors: account.liveCollectors,
          rules: account.liveRules,
          concurrency,
          signal: controller.signal,
          now: scannedAt,
          ...(options.settings ? { settings: options.settings } : {}),
          ...(options.severities ? { severities: options.severities } : {}),
          onProgress: (p) => {
            const now = Date.now();
            if (now - last < PROGRESS_EVERY_MS) return;
            last = now;
            reporter?.report(p.total > 0 ? Math.min(99, Math.floor((p.done / p.total) * 100)) : 0, `${p.message} · ${p.calls} calls`);
          },
        });
        return { scannedAt: scannedAt.toISOString(), profiles: result.profiles.map((p) => ({ ...p, ...(p.identity ? { identity: { account: p.identity.account, arn: p.identity.arn, ...(p.identity.alias ? { alias: p.identity.alias } : {}) } } : {}) })) };
      } catch (err) {
        if (err instanceof account.CancelledError || controller.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The scan was cancelled.');
        throw err;
      } finally {
        cancelled?.dispose();
        reporter?.done();
      }
    }),
  );
}
