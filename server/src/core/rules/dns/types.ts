// DNS rules are written once over the record-set model and say *what* is wrong and *what* the
// fix adds or changes; each source (zone file, Route53 in a template or an account) turns that
// into its own ranges and edits.
import type { DnsRecord, ZoneModel } from '../../dns/model';
import type { FixSafety, RuleMeta, Settings, Severity } from '../types';

export interface DnsCheckContext {
  readonly now: Date;
  readonly settings: Settings;
}

/** A record a fix adds: owner (absolute), type and presentation-format RDATA. */
export interface NewRecord {
  readonly owner: string;
  readonly type: string;
  readonly value: string;
}

export type DnsFix<R extends DnsRecord> = {
  readonly title: string;
  readonly safety: Exclude<FixSafety, 'none'>;
} & (
  | { readonly kind: 'add'; readonly records: readonly NewRecord[] }
  | { readonly kind: 'set-ttl'; readonly record: R; readonly ttl: number }
  | { readonly kind: 'set-type'; readonly record: R; readonly type: string }
  | { readonly kind: 'set-value'; readonly record: R; readonly value: string }
  | { readonly kind: 'remove'; readonly record: R }
);

export interface DnsProblem<R extends DnsRecord> {
  readonly message: string;
  /** The record at fault; none for something missing (the finding sits on the zone's apex/SOA). */
  readonly record?: R;
  /** Which part of the record to point at. */
  readonly part?: 'owner' | 'type' | 'ttl' | 'rdata';
  /** With part `rdata`: the RDATA field to point at (e.g. 1, an SOA's RNAME) where the source can tell fields apart. */
  readonly field?: number;
  readonly severity?: Severity;
  /** The name the finding is about (its `resource`); the record's owner by default. */
  readonly name?: string;
  readonly fix?: DnsFix<R>;
}

export interface DnsRule {
  readonly meta: RuleMeta;
  /** The problems, in any order; a rule that may find one per record yields them as it goes. */
  check<R extends DnsRecord>(model: ZoneModel<R>, ctx: DnsCheckContext): Iterable<DnsProblem<R>>;
}
