// "Harden This Bucket" on a live bucket over LSP: the buckets of a profile's account for a pick,
// the plan of one bucket (reads only), and the application of a plan the user confirmed, which the
// `awsHardening.account.allowChanges` setting can turn off entirely. The work is in
// `account/harden/`, loaded with the rest of the account module at the first request; here its
// errors become `ResponseError`s with a message to show and a reason a client can test.
import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { loadAccount } from '../account/load';
import type { AnalysisOptions } from '../core/rules/types';
import {
  ACCOUNT_BUCKETS_REQUEST,
  ACCOUNT_HARDEN_APPLY_REQUEST,
  ACCOUNT_HARDEN_PLAN_REQUEST,
  type AccountBucketsParams,
  type AccountBucketsResult,
  type AccountHardenApplyParams,
  type AccountHardenPlanParams,
  type HardenPlan,
  type HardenResult,
} from '../protocol';

type Live = <A extends unknown[], R>(handler: (...args: A) => R) => (...args: A) => R;

export interface AccountHardenContext {
  /** The analysis options of the current settings (the undelete window). */
  options(): AnalysisOptions;
  /** `awsHardening.account.allowChanges`, as the settings say now. */
  allowChanges(): boolean;
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value === '' || value.length > max) throw new ResponseError(ErrorCodes.InvalidParams, `${what} must be a non-empty string of at most ${max} characters`);
  return value;
}

/** Runs account work, turning its refusals into errors a client can show and tell apart. */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  const account = loadAccount();
  try {
    return await work();
  } catch (err) {
    if (err instanceof account.HardenError) throw new ResponseError(err.kind === 'usage' ? ErrorCodes.InvalidParams : LSPErrorCodes.RequestFailed, err.message, { reason: err.kind });
    throw err;
  }
}

export function registerAccountHardenRequests(connection: Connection, live: Live, context: AccountHardenContext): void {
  connection.onRequest(
    ACCOUNT_BUCKETS_REQUEST,
    live(async (params: AccountBucketsParams): Promise<AccountBucketsResult> => {
      const profile = text(params?.profile, 'profile', 1024);
      return answer(async () => {
        const account = loadAccount();
        return { buckets: await account.listBuckets(await account.AccountSession.open(), profile) };
      });
    }),
  );

  connection.onRequest(
    ACCOUNT_HARDEN_PLAN_REQUEST,
    live(async (params: AccountHardenPlanParams): Promise<HardenPlan> => {
      const profile = text(params?.profile, 'profile', 1024);
      const bucket = text(params?.bucket, 'bucket', 255);
      const days = context.options().settings?.undeleteWindowDays;
      return answer(async () => {
        const account = loadAccount();
        return account.planBucket(await account.AccountSession.open(), profile, bucket, days !== undefined ? { undeleteWindowDays: days } : {});
      });
    }),
  );

  connection.onRequest(
    ACCOUNT_HARDEN_APPLY_REQUEST,
    live(async (params: AccountHardenApplyParams): Promise<HardenResult> => {
      if (!context.allowChanges()) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, 'Changes to live accounts are turned off (awsHardening.account.allowChanges is false); nothing was changed.', { reason: 'not-allowed' });
      }
      if (params?.plan === null || typeof params?.plan !== 'object') throw new ResponseError(ErrorCodes.InvalidParams, 'plan must be a plan from awsHardening/account/hardenPlan');
      return answer(async () => {
        const account = loadAccount();
        return account.applyPlan(await account.AccountSession.open(), params.plan);
      });
    }),
  );
}
