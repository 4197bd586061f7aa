// What a remediation is filled with: the finding's values, each written safely for where it goes
// (a shell word for the AWS CLI), and the values of its evidence a command needs.
import type { AccountFindingInfo } from '../../protocol';

export interface Remediation {
  /** The console steps: Markdown, one to three short sentences; account values only through `codeSpan`. */
  console(f: AccountFindingInfo): string;
  /**
   * AWS CLI lines (commands and `#` comments), account values only through `sh`. For rules that
   * change nothing in the account (the scan's own findings), what to grant or check instead.
   */
  cli(f: AccountFindingInfo): string[];
}

/** A value as one shell word: left bare when it is plainly safe, else single-quoted. */
export function sh(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `--region R` for a regional resource; nothing for a global one, where the profile's own region serves. */
export function regionFlag(f: AccountFindingInfo): string {
  return f.region && f.region !== 'global' ? ` --region ${sh(f.region)}` : '';
}

export function evidence(f: AccountFindingInfo, key: string): unknown {
  return f.evidence?.[key];
}

export function evidenceText(f: AccountFindingInfo, key: string): string | undefined {
  const value = evidence(f, key);
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The partition of the finding's ARN (`aws`, `aws-cn`, `aws-us-gov`), for ARNs the commands write. */
export function partition(f: AccountFindingInfo): string {
  return /^arn:([a-z-]+):/.exec(f.resource)?.[1] ?? 'aws';
}

/** The hosted zone id of a Route53 finding: its evidence, else the end of its ARN. */
export function zoneId(f: AccountFindingInfo): string {
  return evidenceText(f, 'hostedZoneId') ?? /hostedzone\/([A-Za-z0-9]+)$/.exec(f.resource)?.[1] ?? 'ZONE-ID';
}

