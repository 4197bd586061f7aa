// The live scan's vocabulary, shared by the scanner, every check and the reports.
//
// A check comes in two halves, so the part that decides can be tested like a template rule:
// - a collector (one per kind of resource, e.g. S3 buckets) makes the read calls through the scan
//   context and builds one plain state object per resource, with `null` for what could not be
//   read (the context has already reported why);
// - live rules (one file per rule id) turn a state into findings, with no I/O: fixtures under
//   `test/fixtures/<rule id>/live-*.json` hold states and the findings they give.
import type { Settings, Severity } from '../../core/rules/types';
import type { AccountFindingInfo } from '../../protocol';
import type { ClientSettings } from '../session';

/** A resource as a finding names it. */
export interface ResourceRef {
  /** The ARN, or the name where a resource has none (an account's settings: the account id). */
  readonly arn: string;
  /** A short name for people: bucket name, table name, instance id. */
  readonly name: string;
  /** The region the resource is in; global resources say `global`. */
  readonly region: string;
  /** The resource's tags, where the collector read them (CloudFormation's come from the scanner). */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What every resource state has; the rest is the collector's. */
export interface LiveState {
  readonly ref: ResourceRef;
}

/** A finding as a live rule reports it: the rule's default severity applies unless it names one. */
export interface LiveCheckFinding {
  readonly message: string;
  readonly severity?: Severity;
  /** The values read from the API that show the problem (shown in details; never credentials). */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** Another resource than the state's own (a security group rule's group, say). */
  readonly ref?: ResourceRef;
}

export interface EvalContext {
  readonly now: Date;
  readonly settings: Settings;
}

/** One rule's decision over one kind of resource state: pure, no I/O. */
export interface LiveRule<S extends LiveState = LiveState> {
  readonly id: string;
  /** The kind of state it reads (`s3-bucket`, `dynamodb-table`…), as the collector names it. */
  readonly kind: string;
  evaluate(state: S, ctx: EvalContext): LiveCheckFinding[];
}

/** Defines a live rule with its state's type checked, and erased for the lists the scanner keeps. */
export function liveRule<S extends LiveState>(id: string, kind: string, evaluate: (state: S, ctx: EvalContext) => LiveCheckFinding[]): LiveRule {
  return { id, kind, evaluate: evaluate as (state: LiveState, ctx: EvalContext) => LiveCheckFinding[] };
}

/**
 * A finding of a scan: where it is, in which account, seen through which profile. The same type
 * goes over LSP to the sidebar, so it is defined once, in the protocol module.
 */
export type AccountFinding = AccountFindingInfo;

/** The outcome of one read call. `absent` is an answer (no lifecycle configuration), not a failure. */
export type Read<T> = { readonly state: 'ok'; readonly value: T } | { readonly state: 'absent'; readonly code: string } | { readonly state: 'failed' };

/** Any SDK v3 client: the scanner only builds, sends through and destroys them. */
export interface SdkClient {
  send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
}

/** An SDK client class, built with the profile's settings for a service and region. */
export type ClientClass<C> = new (config: ClientConfig) => C;

/** What the scanner gives a client: the profile's own settings for the service, and the retry policy. */
export interface ClientConfig extends ClientSettings {
  readonly retryMode: 'adaptive';
  readonly maxAttempts: number;
}

/** What a collector may use: read calls that report their own failures, and where findings go. */
export interface ScanContext {
  readonly profile: string;
  readonly account: string;
  readonly partition: string;
  /** The region this run is for; a global collector runs once, in the account's home region. */
  readonly region: string;
  /** Every region of this scan (a global listing such as S3's keeps what is in them). */
  readonly regions: readonly string[];
  readonly now: Date;
  readonly settings: Settings;
  readonly signal: AbortSignal;
  /** One client per service and region for the profile, built with its endpoint and adaptive retry. */
  client<C>(make: ClientClass<C>, serviceId: string, region?: string): C;
  /**
   * One API call, within the scan's concurrency, cancelled with the scan. A failure (not
   * permitted, throttled past its retries, not offered in the region) is reported as a
   * `scan-not-permitted` finding naming `action` (`s3:GetBucketPolicy`) and `resource`, and
   * comes back as `failed`; error codes listed in `absent` come back as `absent`. `region` is
   * where the call goes when it is not the context's (a global collector calling a regional API).
   */
  read<T>(action: string, resource: string, send: (options: { abortSignal: AbortSignal }) => Promise<T>, absent?: readonly string[], region?: string): Promise<Read<T>>;
  /**
   * Every page of a listing, each through `read`, at most the scan's page cap (past it, one
   * `scan-truncated` finding). Stops at the first failed page, which `read` has reported.
   */
  pages<T>(action: string, resource: string, send: (token: string | undefined, options: { abortSignal: AbortSignal }) => Promise<T>, next: (page: T) => string | undefined): AsyncGenerator<T>;
  /** Runs every enabled live rule of the state's kind over it and reports their findings. */
  evaluate(kind: string, state: LiveState): void;
  /** Whether any rule of these ids is enabled: a collector skips reads no enabled rule needs. */
  wants(...ruleIds: string[]): boolean;
}

/** Reads one kind of resource and hands each state to `ctx.evaluate`. */
export interface Collector {
  /** For progress and messages: `S3 buckets`, `IAM account settings`. */
  readonly title: string;
  /** `global` collectors run once per account (IAM, Route53, CloudFront, the S3 listing). */
  readonly scope: 'global' | 'regional';
  /** The rule ids its states feed; a collector with none enabled does not run. */
  readonly rules: readonly string[];
  collect(ctx: ScanContext): Promise<void>;
}
