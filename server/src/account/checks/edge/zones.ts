// Route53's public hosted zones as the live rules read them: whether DNS queries are logged,
// whether DNSSEC signs the zone, and every record set, which the DNS rules read as they read a
// zone file. Private zones answer only inside their VPCs, so none of these rules concern them.
import {
  GetDNSSECCommand,
  ListHostedZonesCommand,
  ListQueryLoggingConfigsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ListResourceRecordSetsResponse,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { route53Rules } from '../../../core/route53/check';
import type { Collector, LiveState, ScanContext } from '../../scan/model';

export const ZONE = 'route53-zone';

export interface RecordSetState {
  /** Absolute, as Route53 writes it (lower case, octal escapes such as `\052` for `*`). */
  readonly name: string;
  readonly type: string;
  /** `null` for an alias record set, which takes its target's TTL. */
  readonly ttl: number | null;
  /** The values in presentation form (TXT values quoted), empty for an alias. */
  readonly values: readonly string[];
  readonly alias: { readonly dnsName: string; readonly hostedZoneId: string } | null;
  /** Weighted, latency, failover… routing: several record sets share the name and type. */
  readonly setIdentifier: string | null;
}

export interface ZoneState extends LiveState {
  /** The id without `/hostedzone/`. */
  readonly id: string;
  /** The zone's name, absolute. */
  readonly name: string;
  /** The log groups its query logging configurations write to; `null` when not read. */
  readonly queryLogging: readonly string[] | null;
  /** GetDNSSEC's status; `null` when not read. */
  readonly dnssec: { readonly serveSignature: string; readonly statusMessage: string | null } | null;
  /** Every record set of the zone; `null` when not read in full (a part would make records look missing). */
  readonly records: readonly RecordSetState[] | null;
}

const QUERY_LOGGING = 'route53-query-logging-off';
const DNSSEC = 'route53-dnssec-off';
/** The DNS rules that apply to Route53 zones, each a live rule over the zone's record sets. */
export const dnsRuleIds: readonly string[] = route53Rules.map((r) => r.meta.id);

function recordSetState(set: ResourceRecordSet): RecordSetState {
  return {
    name: set.Name ?? '',
    type: set.Type ?? '',
    ttl: set.AliasTarget ? null : (set.TTL ?? null),
    values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''),
    alias: set.AliasTarget ? { dnsName: set.AliasTarget.DNSName ?? '', hostedZoneId: set.AliasTarget.HostedZoneId ?? '' } : null,
    setIdentifier: set.SetIdentifier ?? null,
  };
}

/** ListResourceRecordSets pages on a name, a type and an identifier; the scan's pager carries one token. */
function recordToken(page: ListResourceRecordSetsResponse): string | undefined {
  if (!page.IsTruncated || !page.NextRecordName) return undefined;
  return JSON.stringify([page.NextRecordName, page.NextRecordType ?? null, page.NextRecordIdentifier ?? null]);
}

function fromRecordToken(token: string | undefined): { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } {
  if (!token) return {};
  const [name, type, identifier] = JSON.parse(token) as [string, ResourceRecordSet['Type'] | null, string | null];
  return { StartRecordName: name, ...(type ? { StartRecordType: type } : {}), ...(identifier ? { StartRecordIdentifier: identifier } : {}) };
}

/**
 * The log groups of every zone's query logging, by zone id, listed once: moto refuses the listing
 * filtered by zone, and one unfiltered listing is fewer calls on AWS too. `complete` is false when
 * a page could not be read, so a zone missing from the list is then unknown.
 */
async function queryLogging(ctx: ScanContext, client: Route53Client): Promise<{ byZone: Map<string, string[]>; complete: boolean }> {
  const byZone = new Map<string, string[]>();
  let complete = false;
  const pages = ctx.pages(
    'route53:ListQueryLoggingConfigs',
    `Route53 query logging configurations of account ${ctx.account}`,
    (token, o) => client.send(new ListQueryLoggingConfigsCommand(token ? { NextToken: token } : {}), o),
    (page) => page.NextToken || undefined,
  );
  for await (const page of pages) {
    for (const config of page.QueryLoggingConfigs ?? []) {
      const zone = (config.HostedZoneId ?? '').replace(/^\/hostedzone\//, '');
      byZone.set(zone, [...(byZone.get(zone) ?? []), config.CloudWatchLogsLogGroupArn ?? '']);
    }
    complete = !page.NextToken;
  }
  return { byZone, complete };
}

async function records(ctx: ScanContext, client: Route53Client, id: string, arn: string): Promise<RecordSetState[] | null> {
  const out: RecordSetState[] = [];
  let complete = false;
  const pages = ctx.pages(
    'route53:ListResourceRecordSets',
    arn,
    (token, o) => client.send(new ListResourceRecordSetsCommand({ HostedZoneId: id, ...fromRecordToken(token) }), o),
    recordToken,
  );
  for await (const page of pages) {
    for (const set of page.ResourceRecordSets ?? []) out.push(recordSetState(set));
    complete = recordToken(page) === undefined;
  }
  return complete ? out : null;
}

export const zonesCollector: Collector = {
  title: 'Route53 hosted zones',
  scope: 'global',
  rules: [QUERY_LOGGING, DNSSEC, ...dnsRuleIds],
  async collect(ctx: ScanContext) {
    // Route53 is global and answers in us-east-1.
    const client = ctx.client(Route53Client, 'Route 53', 'us-east-1');
    const logging = ctx.wants(QUERY_LOGGING) ? queryLogging(ctx, client) : undefined;
    const wantsRecords = ctx.wants(...dnsRuleIds);
    const zones = ctx.pages(
      'route53:ListHostedZones',
      `Route53 hosted zones of account ${ctx.account}`,
      (marker, o) => client.send(new ListHostedZonesCommand(marker ? { Marker: marker } : {}), o),
      (page) => (page.IsTruncated ? page.NextMarker || undefined : undefined),
    );
    const reads: Array<Promise<void>> = [];
    for await (const page of zones) {
      for (const zone of page.HostedZones ?? []) {
        if (!zone.Id || !zone.Name || zone.Config?.PrivateZone === true) continue;
        const id = zone.Id.replace(/^\/hostedzone\//, '');
        const name = zone.Name;
        const arn = `arn:${ctx.partition}:route53:::hostedzone/${id}`;
        reads.push(
          (async () => {
            const [dnssec, sets, logs] = await Promise.all([
              ctx.wants(DNSSEC) ? ctx.read('route53:GetDNSSEC', arn, (o) => client.send(new GetDNSSECCommand({ HostedZoneId: id }), o)) : undefined,
              wantsRecords ? records(ctx, client, id, arn) : null,
              logging,
            ]);
            const logGroups = logs ? (logs.byZone.get(id) ?? (logs.complete ? [] : null)) : null;
            const state: ZoneState = {
              ref: { arn, name: name.replace(/\.$/, ''), region: 'global' },
              id,
              name,
              queryLogging: logGroups,
              dnssec: dnssec?.state === 'ok' ? { serveSignature: dnssec.value.Status?.ServeSignature ?? '', statusMessage: dnssec.value.Status?.StatusMessage ?? null } : null,
              records: sets,
            };
            ctx.evaluate(ZONE, state);
          })(),
        );
      }
    }
    await Promise.all(reads);
  },
};
