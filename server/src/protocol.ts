// Names shared by the client and the server. Imported by both bundles; no runtime dependencies.

export const DIAGNOSTIC_SOURCE = 'AWS Hardening';

/** The documents the language server analyses; it decides itself which ones are templates. */
export const documentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'untitled', language: 'jsonc' },
  { scheme: 'file', language: 'dns-zone' },
  { scheme: 'untitled', language: 'dns-zone' },
  { scheme: 'file', language: 'pem' },
  { scheme: 'untitled', language: 'pem' },
] as const;

/** The code action kind of our fix-all, so `editor.codeActionsOnSave` can name it. */
export const FIX_ALL_KIND = 'source.fixAll.awsHardening';

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'awsHardening';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'off';

/** The shape of the `awsHardening` settings section. */
export interface ServerSettings {
  /** Per-rule severity overrides, by rule id. */
  readonly rules?: Record<string, SeveritySetting>;
  readonly s3?: { readonly undeleteWindowDays?: number };
  readonly dns?: { readonly caaIssuers?: readonly string[] };
  readonly pem?: { readonly warningDays?: number };
  /** Findings of one rule listed per document before a summary; 0 lists them all. */
  readonly maxFindingsPerRule?: number;
  /** `false` turns every change to a live account off (Harden This Bucket's apply); default on. */
  readonly account?: { readonly allowChanges?: boolean };
}

/** The client-side command behind "Suppress with reason…": it asks for the reason. */
export const SUPPRESS_COMMAND = 'awsHardening.suppressWithReason';

/** Client → server: the edit that writes a suppression with the reason the user typed. */
export const SUPPRESSION_EDIT_REQUEST = 'awsHardening/suppressionEdit';

export interface SuppressionEditParams {
  readonly uri: string;
  readonly ruleId: string;
  readonly resource: string | null;
  readonly position: { readonly line: number; readonly character: number };
  readonly reason: string;
}

/** The client command that increments a zone's SOA serial (code lens and palette). */
export const INCREMENT_SERIAL_COMMAND = 'awsHardening.incrementSerial';

/** Client → server: the edit that increments the SOA serial of a zone document. */
export const INCREMENT_SERIAL_REQUEST = 'awsHardening/incrementSerialEdit';

export interface IncrementSerialParams {
  readonly uri: string;
}

/**
 * Client → server: how much analysis work the server has done, for tests and diagnosis of
 * performance. Counts since the server started.
 */
export const ANALYSIS_STATS_REQUEST = 'awsHardening/analysisStats';

export interface AnalysisStats {
  /** Documents analysed (a parse at least), in the server and in its worker. */
  readonly analysed: number;
  /** Documents not analysed because a cheap look said they are no template, zone or PEM bundle. */
  readonly skipped: number;
  /** Of the documents analysed, those analysed in the worker thread for large documents. */
  readonly workerAnalysed: number;
  /** Times the worker thread was started (a dead worker is restarted). */
  readonly workerStarts: number;
}

/** Client → server: the AWS profiles of the user's config, with each one's kind and sign-in state. */
export const ACCOUNT_PROFILES_REQUEST = 'awsHardening/account/profiles';

export interface AccountProfileInfo {
  readonly name: string;
  /** How it gets credentials: role, keys, web-identity, process, sso, sso-legacy, or incomplete. */
  readonly kind: string;
  readonly region?: string;
  /** For an incomplete profile: what is missing. */
  readonly problem?: string;
  /** For IAM Identity Center profiles: the token in the CLI's cache. */
  readonly sso?: {
    readonly startUrl: string;
    readonly region: string;
    readonly token: 'signed-out' | 'unreadable' | 'expired' | 'valid';
    readonly expiresAt?: string;
    readonly refreshable?: boolean;
    readonly signInCommand: string;
  };
}

export interface AccountProfilesResult {
  readonly profiles: readonly AccountProfileInfo[];
  /** AWS_PROFILE's profile, else `default` when there is one. */
  readonly defaultProfile: string | null;
}

/**
 * Client → server: scan live accounts. Reports LSP work-done progress on `workDoneToken` and
 * stops (answering RequestCancelled) when the request is cancelled.
 */
export const ACCOUNT_SCAN_REQUEST = 'awsHardening/account/scan';

export interface AccountScanParams {
  /** Profile names; none means the default profile. */
  readonly profiles?: readonly string[];
  /** Regions, or `all` enabled ones; none means each profile's own. */
  readonly regions?: readonly string[] | 'all';
  /** Calls in flight at once (default 8). */
  readonly concurrency?: number;
  readonly workDoneToken?: string | number;
}

export interface AccountFindingInfo {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  /** The ARN, or the name where the resource has none. */
  readonly resource: string;
  readonly resourceName: string;
  readonly account: string;
  readonly region: string;
  readonly profile: string;
  /** From the resource's `aws:cloudformation:stack-name` and `logical-id` tags. */
  readonly stack: string | null;
  readonly logicalId: string | null;
  /** The values read from the API that show the problem (never credentials). */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

export interface ProfileScanInfo {
  readonly profile: string;
  readonly identity?: { readonly account: string; readonly arn: string; readonly alias?: string };
  readonly regions: readonly string[];
  readonly findings: readonly AccountFindingInfo[];
  /** Why the profile could not be scanned, with what to do. */
  readonly error?: string;
  readonly notes: readonly string[];
  readonly calls: number;
}

export interface AccountScanResult {
  /** When the scan started, ISO 8601. */
  readonly scannedAt: string;
  readonly profiles: readonly ProfileScanInfo[];
}

/**
 * Client → server: sign a profile in to IAM Identity Center with the device flow. While it waits
 * the server sends `ACCOUNT_SIGN_IN_CODE_NOTIFICATION` with the page and code to show; the answer
 * comes once the user has confirmed (or an error saying why not). Cancelling the request stops
 * the wait and writes nothing.
 */
export const ACCOUNT_SIGN_IN_REQUEST = 'awsHardening/account/signIn';

export interface AccountSignInParams {
  readonly profile: string;
}

export interface AccountSignInResult {
  readonly profile: string;
  readonly startUrl: string;
  /** When the new token expires, ISO 8601. */
  readonly expiresAt: string;
}

/** Server → client: the verification page and code of a sign-in in progress. */
export const ACCOUNT_SIGN_IN_CODE_NOTIFICATION = 'awsHardening/account/signInCode';

export interface AccountSignInCode {
  readonly profile: string;
  readonly userCode: string;
  readonly verificationUri: string;
  /** The page with the code filled in. */
  readonly verificationUriComplete: string;
  /** When the code stops being accepted, ISO 8601. */
  readonly expiresAt: string;
}

/** Client → server: a finding's details as Markdown (evidence, why, how to fix in the console and with the AWS CLI). */
export const ACCOUNT_FINDING_DETAILS_REQUEST = 'awsHardening/account/findingDetails';

export interface AccountFindingDetailsParams {
  readonly finding: AccountFindingInfo;
}

export interface AccountFindingDetails {
  readonly markdown: string;
}

/** Client → server: a scan result written as a report (SARIF, CSV, Markdown, JSON or text). */
export const ACCOUNT_REPORT_REQUEST = 'awsHardening/account/report';

export interface AccountReportParams {
  readonly result: AccountScanResult;
  readonly format: 'sarif' | 'csv' | 'markdown' | 'json' | 'text';
}

export interface AccountReport {
  readonly text: string;
}

/**
 * Client → server: where in the workspace's templates a resource CloudFormation made is defined:
 * the template (preferring one named like the stack) whose `Resources` has the logical id.
 */
export const ACCOUNT_LOCATE_REQUEST = 'awsHardening/account/locateTemplate';

export interface AccountLocateParams {
  readonly stack: string;
  readonly logicalId: string;
}

export interface AccountLocation {
  readonly uri: string;
  /** The logical id's key in the template. */
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
}

/** The command "AWS Hardening: Harden This Bucket" (a template's bucket, or a live one). */
export const HARDEN_BUCKET_COMMAND = 'awsHardening.hardenBucket';

/**
 * Client → server: every applicable bucket fix of one `AWS::S3::Bucket` in a template as one
 * workspace edit (versioning, public access block, TLS-only policy, undelete window, ownership
 * controls). The bucket is the one at `position`, or `logicalId`; with neither, or none there, the
 * answer lists the document's buckets to choose from.
 */
export const HARDEN_BUCKET_EDIT_REQUEST = 'awsHardening/hardenBucketEdit';

export interface HardenBucketEditParams {
  readonly uri: string;
  readonly position?: { readonly line: number; readonly character: number };
  readonly logicalId?: string;
}

export interface HardenBucketEditResult {
  /** The bucket hardened, when one was found. */
  readonly logicalId: string | null;
  /** Null when there is nothing left to change (a second run). Protocol WorkspaceEdit. */
  readonly edit: unknown | null;
  /** What the edit does, one line each. */
  readonly applied: readonly string[];
  /** What was left and why (a website bucket's public access, MFA Delete). */
  readonly left: readonly string[];
  /** The document's buckets, when none was at the position. */
  readonly buckets: readonly string[];
}

/** Client → server: the buckets of a profile's account (name and region), for a pick. */
export const ACCOUNT_BUCKETS_REQUEST = 'awsHardening/account/buckets';

export interface AccountBucketsParams {
  readonly profile: string;
}

export interface AccountBucketsResult {
  readonly buckets: ReadonlyArray<{ readonly name: string; readonly region: string }>;
}

/** One API call of a hardening plan, with the configuration before and after and the AWS CLI equivalent. */
export interface HardenStep {
  /** The IAM action, e.g. `s3:PutBucketVersioning`. */
  readonly action: string;
  /** What it changes, in words. */
  readonly title: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The equivalent AWS CLI command. */
  readonly cli: string;
}

export interface HardenPlan {
  readonly profile: string;
  readonly account: string;
  readonly bucket: string;
  readonly region: string;
  /** The calls to make, in order; empty when the bucket is already hardened. */
  readonly steps: readonly HardenStep[];
  /** What is already in place and so not planned. */
  readonly inPlace: readonly string[];
  /** What is explained and never attempted (MFA Delete), or left for a reason (a website bucket). */
  readonly notes: readonly string[];
}

/** Client → server: read a live bucket and plan its hardening (reads only). */
export const ACCOUNT_HARDEN_PLAN_REQUEST = 'awsHardening/account/hardenPlan';

export interface AccountHardenPlanParams {
  readonly profile: string;
  readonly bucket: string;
}

/**
 * Client → server: apply a plan the user has seen and confirmed. The server reads the bucket
 * again first and refuses a plan that no longer matches it; then applies the steps in order,
 * stops at the first failure, and reads the bucket back.
 */
export const ACCOUNT_HARDEN_APPLY_REQUEST = 'awsHardening/account/hardenApply';

export interface AccountHardenApplyParams {
  readonly plan: HardenPlan;
}

export interface HardenResult {
  /** The steps applied, in order. */
  readonly applied: readonly HardenStep[];
  /** The step that failed, and why (naming the action). */
  readonly failed?: { readonly step: HardenStep; readonly error: string };
  /** The steps after a failure, not attempted. */
  readonly notAttempted: readonly HardenStep[];
  /** The bucket read back after applying: what is now in place, and what is still missing. */
  readonly verified: { readonly inPlace: readonly string[]; readonly missing: readonly string[] };
}
