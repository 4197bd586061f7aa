// The live scan: for each profile, who it is, which regions, then every collector (global ones
// once per account, regional ones per region) sharing one bounded queue of calls, each call with
// the SDK's adaptive retry and the scan's cancellation. A failed call is a finding and the rest
// goes on; credentials that stop working end that profile's scan with the reason.
import { setMaxListeners } from 'node:events';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ruleMeta } from '../../core/rules/registry';
import { DEFAULT_SETTINGS, type Settings, type Severity } from '../../core/rules/types';
import { arnPartition, identify, ProfileUnusable, explainCredentialError, type Identity } from '../identify';
import type { AwsProfile } from '../profiles';
import { FALLBACK_REGION, type AccountSession } from '../session';
import { classify, errorCode, errorMessage, failureMessage } from './errors';
import { CancelledError, DEFAULT_CONCURRENCY, Limiter } from './limiter';
import type { AccountFinding, ClientClass, ClientConfig, Collector, LiveCheckFinding, LiveRule, LiveState, Read, ResourceRef, ScanContext } from './model';
import { tagRecord } from './tags';

export { DEFAULT_CONCURRENCY };
/** Attempts per call with the SDK's adaptive retry (which also slows the client down when throttled). */
export const MAX_ATTEMPTS = 5;
/** Pages one listing may take; past it the scan says what it left. */
export const DEFAULT_MAX_PAGES = 1000;

export interface ScanProgress {
  readonly profile: string;
  /** What is being read now, for a progress line. */
  readonly message: string;
  /** Collector runs finished and planned, over every profile of the scan (planned grows as regions become known). */
  readonly done: number;
  readonly total: number;
  /** API calls made so far. */
  readonly calls: number;
}

export interface ScanOptions {
  readonly session: AccountSession;
  /** Profile names; none means the default profile (AWS_PROFILE, else `default`). */
  readonly profiles?: readonly string[];
  /** Regions to scan, or `all` enabled regions; none means each profile's own region. */
  readonly regions?: readonly string[] | 'all';
  readonly collectors: readonly Collector[];
  readonly rules: readonly LiveRule[];
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly now?: Date;
  readonly settings?: Partial<Settings>;
  readonly severities?: Readonly<Record<string, Severity | 'off'>>;
  readonly maxPages?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export interface ProfileScan {
  readonly profile: string;
  readonly identity?: Identity;
  readonly regions: readonly string[];
  readonly findings: readonly AccountFinding[];
  /** Why the profile could not be scanned (or stopped being scannable), with what to do. */
  readonly error?: string;
  /** Things the user should know that are not findings: a region fallen back to, a region skipped. */
  readonly notes: readonly string[];
  readonly calls: number;
}

export interface ScanResult {
  readonly profiles: readonly ProfileScan[];
}

const STACK_TAG = 'aws:cloudformation:stack-name';
const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';

/** Ends one profile's scan: its credentials stopped working. */
class ProfileStopped extends Error {}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const signal = options.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  const limiter = new Limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const { session } = options;
  const names = options.profiles && options.profiles.length > 0 ? [...new Set(options.profiles)] : [session.defaultProfile()?.name ?? 'default'];
  const progress = { done: 0, total: 0, calls: 0 };
  const tell = (profile: string, message: string): void => options.onProgress?.({ profile, message, ...progress });
  // Who each profile is, first: two profiles of one account scan it once, through the first named.
  const identities = await Promise.all(names.map((name) => identifyProfile(name, session, signal, limiter, tell)));
  if (signal.aborted) throw new CancelledError();
  const first = new Map<string, string>();
  const results = await Promise.all(
    identities.map((who) => {
      if ('error' in who) return who.error;
      const earlier = first.get(who.identity.account);
      if (earlier !== undefined) {
        const note = `Account ${who.identity.account} is scanned through profile ${earlier}; profile ${who.profile.name} reads the same account, so it is not scanned again.`;
        return { profile: who.profile.name, identity: who.identity, regions: [], findings: [], notes: [note], calls: 0 };
      }
      first.set(who.identity.account, who.profile.name);
      return scanProfile(who.profile, who.identity, options, signal, limiter, progress, tell);
    }),
  );
  if (signal.aborted) throw new CancelledError();
  return { profiles: results };
}

/** The profile and who it is, or the scan result that says why it cannot be used. */
async function identifyProfile(
  name: string,
  session: AccountSession,
  signal: AbortSignal,
  limiter: Limiter,
  tell: (profile: string, message: string) => void,
): Promise<{ readonly profile: AwsProfile; readonly identity: Identity } | { readonly error: ProfileScan }> {
  const failed = (error: string): { error: ProfileScan } => ({ error: { profile: name, regions: [], findings: [], notes: [], calls: 0, error } });
  const profile = session.profile(name);
  if (!profile) {
    const known = session.profiles.map((p) => p.name);
    return failed(`No profile named ${name} in the AWS config (${known.length ? `profiles: ${known.join(', ')}` : 'no profiles found'}).`);
  }
  tell(name, `signing in as ${name}`);
  try {
    return { profile, identity: await limiter.run(signal, () => identify(session, profile, signal)) };
  } catch (err) {
    if (signal.aborted) throw new CancelledError();
    return failed(err instanceof ProfileUnusable ? err.message : await explainCredentialError(profile, err));
  }
}

async function scanProfile(
  profile: AwsProfile,
  identity: Identity,
  options: ScanOptions,
  signal: AbortSignal,
  limiter: Limiter,
  progress: { done: number; total: number; calls: number },
  tell: (profile: string, message: string) => void,
): Promise<ProfileScan> {
  const name = profile.name;
  const notes: string[] = [];
  // One controller per profile: credentials that fail mid-scan stop this profile, not the others.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const runner = new ProfileRunner(options, profile, identity, stop.signal, limiter, progress, tell, notes);
  try {
    const regions = await runner.regions();
    const home = regions[0] ?? profile.region ?? FALLBACK_REGION;
    const runs: Array<{ collector: Collector; region: string }> = [];
    for (const collector of options.collectors) {
      if (!collector.rules.some((id) => runner.enabled(id) && runner.ruleIds.has(id))) continue;
      if (collector.scope === 'global') runs.push({ collector, region: home });
      else for (const region of regions) runs.push({ collector, region });
    }
    progress.total += runs.length;
    const stacks = runner.stackTags([...new Set([...regions, 'us-east-1'])]);
    // Awaited after the collectors; if they end the scan first, its rejection is theirs, not an unhandled one.
    stacks.catch(() => undefined);
    await Promise.all(runs.map((run) => runner.run(run.collector, run.region, regions)));
    runner.attachStacks(await stacks);
    return { profile: name, identity, regions, findings: runner.findings, notes, calls: runner.calls };
  } catch (err) {
    if (signal.aborted) throw new CancelledError();
    if (err instanceof ProfileStopped) return { profile: name, identity, regions: [], findings: runner.findings, notes, calls: runner.calls, error: err.message };
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    runner.destroy();
  }
}

/** The partition a region belongs to, by its name. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

class ProfileRunner {
  findings: AccountFinding[] = [];
  calls = 0;
  private readonly clients = new Map<string, { destroy(): void }>();
  private readonly settings: Settings;
  private readonly now: Date;
  private readonly maxPages: number;
  /** Set at the first sign that the profile's credentials are no good: why its scan stopped. */
  private stopping: Promise<string> | undefined;
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly options: ScanOptions,
    private readonly profile: AwsProfile,
    private readonly identity: Identity,
    outer: AbortSignal,
    private readonly limiter: Limiter,
    private readonly progress: { done: number; total: number; calls: number },
    private readonly tell: (profile: string, message: string) => void,
    private readonly notes: string[],
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.now = options.now ?? new Date();
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.ruleIds = new Set(options.rules.map((r) => r.id));
    this.signal = AbortSignal.any([outer, this.abort.signal]);
    // Every call in flight or queued listens for the cancel: that is many listeners, on purpose.
    setMaxListeners(0, this.signal);
  }

  /** The ids of the rules this scan runs (its `rules`, plus the scan's own findings). */
  readonly ruleIds: ReadonlySet<string>;

  enabled(ruleId: string): boolean {
    return this.options.severities?.[ruleId] !== 'off';
  }

  private get partition(): string {
    return arnPartition(this.identity.arn);
  }

  client<C>(make: ClientClass<C>, serviceId: string, region: string): C {
    const key = `${serviceId}\u0000${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      const base = this.options.session.clientSettings(this.profile, serviceId, region);
      const config: ClientConfig = { ...base, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS };
      client = new make(config);
      this.clients.set(key, client as { destroy(): void });
    }
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  /** The regions to scan: the user's, all enabled ones, or the profile's own (saying so when it has none). */
  async regions(): Promise<string[]> {
    const wanted = this.options.regions;
    if (wanted === undefined || (wanted !== 'all' && wanted.length === 0)) {
      if (!this.profile.region) this.notes.push(`Profile ${this.profile.name} names no region: scanned ${FALLBACK_REGION}. Give --region (or set region in the profile) to scan another.`);
      return [this.profile.region ?? FALLBACK_REGION];
    }
    const home = this.profile.region ?? FALLBACK_REGION;
    const ctx = this.context(home, [home]);
    const read = await ctx.read('ec2:DescribeRegions', `account ${this.identity.account}`, (o) => this.client(EC2Client, 'EC2', home).send(new DescribeRegionsCommand({}), o));
    if (read.state !== 'ok') {
      if (wanted === 'all') {
        this.notes.push(`The enabled regions could not be listed: scanned ${home} only.`);
        return [home];
      }
      return [...new Set(wanted)];
    }
    // Regions not opted in are not enabled (an emulator lists them anyway), nor are other partitions' regions.
    const enabled = (read.value?.Regions ?? [])
      .filter((r) => r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName ?? '')
      .filter((r) => r !== '' && partitionOf(r) === this.partition);
    if (wanted === 'all') return enabled.sort();
    const chosen: string[] = [];
    for (const region of new Set(wanted)) {
      if (enabled.includes(region)) chosen.push(region);
      else this.notes.push(`Region ${region} is not enabled for account ${this.identity.account} (or does not exist): not scanned.`);
    }
    return chosen;
  }

  /** Resources CloudFormation made, by ARN, from the tagging API in each region. */
  async stackTags(regions: readonly string[]): Promise<Map<string, { stack: string; logicalId: string | null }>> {
    const stacks = new Map<string, { stack: string; logicalId: string | null }>();
    await Promise.all(
      regions.map(async (region) => {
        const ctx = this.context(region, [region]);
        const client = this.client(ResourceGroupsTaggingAPIClient, 'Resource Groups Tagging API', region);
        const pages = ctx.pages(
          'tag:GetResources',
          `resources tagged ${STACK_TAG} in ${region}`,
          (token, o) => client.send(new GetResourcesCommand({ TagFilters: [{ Key: STACK_TAG }], ResourcesPerPage: 100, ...(token ? { PaginationToken: token } : {}) }), o),
          (page) => page.PaginationToken || undefined,
        );
        for await (const page of pages) {
          for (const mapping of page.ResourceTagMappingList ?? []) {
            const tags = tagRecord(mapping.Tags);
            const stack = tags[STACK_TAG];
            if (mapping.ResourceARN && stack) stacks.set(mapping.ResourceARN, { stack, logicalId: tags[LOGICAL_ID_TAG] ?? null });
          }
        }
      }),
    );
    return stacks;
  }

  attachStacks(stacks: ReadonlyMap<string, { stack: string; logicalId: string | null }>): void {
    this.findings = this.findings.map((f) => {
      if (f.stack !== null) return f;
      const found = stacks.get(f.resource);
      return found ? { ...f, stack: found.stack, logicalId: found.logicalId } : f;
    });
  }

  async run(collector: Collector, region: string, regions: readonly string[]): Promise<void> {
    this.tell(this.profile.name, `${this.profile.name} ${collector.scope === 'global' ? '' : `${region} `}${collector.title}`);
    try {
      await collector.collect(this.context(region, regions));
    } catch (err) {
      if (this.stopping) throw new ProfileStopped(await this.stopping);
      if (this.signal.aborted || err instanceof CancelledError) throw new CancelledError();
      // A collector's own fault: the rest of the scan goes on, and the finding says what was not read.
      this.report('scan-not-permitted', { arn: this.identity.account, name: this.identity.account, region }, {
        message: `Reading ${collector.title} in ${region} failed (${errorCode(err)}: ${errorMessage(err).slice(0, 200)}): not checked.`,
        evidence: { collector: collector.title, error: errorCode(err) },
      });
    } finally {
      this.progress.done++;
      this.tell(this.profile.name, `${this.profile.name} ${collector.title} done`);
    }
  }

  report(ruleId: string, ref: ResourceRef, finding: LiveCheckFinding): void {
    const override = this.options.severities?.[ruleId];
    if (override === 'off') return;
    const target = finding.ref ?? ref;
    this.findings.push({
      ruleId,
      severity: override ?? finding.severity ?? ruleMeta(ruleId)?.severity ?? 'warning',
      message: finding.message,
      resource: target.arn,
      resourceName: target.name,
      account: this.identity.account,
      region: target.region,
      profile: this.profile.name,
      stack: target.tags?.[STACK_TAG] ?? null,
      logicalId: target.tags?.[STACK_TAG] ? (target.tags[LOGICAL_ID_TAG] ?? null) : null,
      ...(finding.evidence ? { evidence: finding.evidence } : {}),
    });
  }

  private context(region: string, regions: readonly string[]): ScanContext {
    const runner = this;
    const rulesByKind = new Map<string, LiveRule[]>();
    for (const rule of this.options.rules) {
      if (!this.enabled(rule.id)) continue;
      rulesByKind.set(rule.kind, [...(rulesByKind.get(rule.kind) ?? []), rule]);
    }
    const read = async <T>(action: string, resource: string, send: (options: { abortSignal: AbortSignal }) => Promise<T>, absent: readonly string[] = [], where: string = region): Promise<Read<T>> => {
      if (runner.stopping) throw new ProfileStopped(await runner.stopping);
      try {
        const value = await runner.limiter.run(runner.signal, () => {
          // A slot freed by the call that found the credentials dead may be taken before they are marked so.
          if (runner.stopping || runner.signal.aborted) return Promise.reject(new CancelledError());
          runner.calls++;
          runner.progress.calls++;
          return send({ abortSignal: runner.signal });
        });
        return { state: 'ok', value };
      } catch (err) {
        if (err instanceof ProfileStopped) throw err;
        if (runner.stopping) throw new ProfileStopped(await runner.stopping);
        const failure = classify(err, runner.signal);
        if (failure.kind === 'cancelled' || err instanceof CancelledError) throw new CancelledError();
        if (failure.kind !== 'credentials' && absent.includes(failure.code)) return { state: 'absent', code: failure.code };
        if (failure.kind === 'credentials') {
          // Stop at once (queued calls must not start while the reason is worked out).
          runner.stopping = explainCredentialError(runner.profile, err).then((why) => `The scan of profile ${runner.profile.name} stopped at ${action}: ${why}`);
          runner.abort.abort();
          throw new ProfileStopped(await runner.stopping);
        }
        runner.report('scan-not-permitted', { arn: resource, name: resource, region: where }, {
          message: failureMessage(failure, action, resource, where, errorMessage(err)),
          evidence: { action, resource, error: failure.code },
        });
        return { state: 'failed' };
      }
    };
    return {
      profile: this.profile.name,
      account: this.identity.account,
      partition: this.partition,
      region,
      regions,
      now: this.now,
      settings: this.settings,
      signal: this.signal,
      client: <C>(make: ClientClass<C>, serviceId: string, inRegion?: string) => runner.client(make, serviceId, inRegion ?? region),
      read,
      async *pages<T>(action: string, resource: string, send: (token: string | undefined, options: { abortSignal: AbortSignal }) => Promise<T>, next: (page: T) => string | undefined) {
        let token: string | undefined;
        const seen = new Set<string>();
        for (let page = 0; ; page++) {
          if (page >= runner.maxPages) {
            runner.report('scan-truncated', { arn: resource, name: resource, region }, {
              message: `${action} on ${resource} had more than ${runner.maxPages} pages: the rest was not scanned.`,
              evidence: { action, resource, pages: runner.maxPages },
            });
            return;
          }
          const result = await read(action, resource, (o) => send(token, o));
          if (result.state !== 'ok') return;
          yield result.value;
          token = next(result.value);
          // A token seen before would page for ever.
          if (token === undefined || seen.has(token)) return;
          seen.add(token);
        }
      },
      evaluate(kind: string, state: LiveState) {
        for (const rule of rulesByKind.get(kind) ?? []) {
          for (const finding of rule.evaluate(state, { now: runner.now, settings: runner.settings })) runner.report(rule.id, state.ref, finding);
        }
      },
      wants: (...ids: string[]) => ids.some((id) => runner.enabled(id) && runner.ruleIds.has(id)),
    };
  }
}
