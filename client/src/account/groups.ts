// What the accounts view shows under a profile, worked out without `vscode` so unit tests can
// check it: findings grouped by Essential Eight strategy or by service, counted by severity,
// the scan's own failures kept apart, and whether a profile needs to sign in first.
import { E8_NAMES, type E8 } from '../../../server/src/core/rules/types';
import type { AccountFindingInfo, AccountProfileInfo, ProfileScanInfo } from '../../../server/src/protocol';
import { RULE_STRATEGIES } from './strategies';

export type GroupBy = 'strategy' | 'service';

export type Severity = AccountFindingInfo['severity'];

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly information: number;
}

export interface FindingGroup {
  /** The strategy code (`BK`, `+NET`) or the service key (`s3`, `ec2`). */
  readonly key: string;
  readonly label: string;
  readonly findings: readonly AccountFindingInfo[];
  readonly counts: SeverityCounts;
}

/** The scan's findings about itself: what it could not read, and listings it cut short. */
export const SCAN_RULES: ReadonlySet<string> = new Set(['scan-not-permitted', 'scan-truncated']);

/** A failed read call: shown as a failure node naming the action and resource, with retry. */
export function isFailure(finding: AccountFindingInfo): boolean {
  return finding.ruleId === 'scan-not-permitted';
}

// Rule ids start with the service they are about; several prefixes share one service.
const SERVICES: Readonly<Record<string, { readonly key: string; readonly label: string }>> = {
  s3: { key: 's3', label: 'S3' },
  dynamodb: { key: 'dynamodb', label: 'DynamoDB' },
  lambda: { key: 'lambda', label: 'Lambda' },
  rds: { key: 'rds', label: 'RDS' },
  ec2: { key: 'ec2', label: 'EC2 and VPC' },
  sg: { key: 'ec2', label: 'EC2 and VPC' },
  subnet: { key: 'ec2', label: 'EC2 and VPC' },
  subnets: { key: 'ec2', label: 'EC2 and VPC' },
  vpc: { key: 'ec2', label: 'EC2 and VPC' },
  vpce: { key: 'vpce', label: 'VPC endpoints' },
  elb: { key: 'elb', label: 'Load balancers' },
  apigw: { key: 'apigw', label: 'API Gateway' },
  logs: { key: 'logs', label: 'CloudWatch Logs' },
  iam: { key: 'iam', label: 'IAM' },
  cloudtrail: { key: 'cloudtrail', label: 'CloudTrail' },
  cloudfront: { key: 'cloudfront', label: 'CloudFront' },
  route53: { key: 'route53', label: 'Route 53' },
  dns: { key: 'route53', label: 'Route 53' },
  pem: { key: 'pem', label: 'Certificates' },
  scan: { key: 'scan', label: 'The scan itself' },
};

export function serviceOf(ruleId: string): { readonly key: string; readonly label: string } {
  const prefix = ruleId.split('-')[0] ?? ruleId;
  return SERVICES[prefix] ?? { key: prefix, label: prefix };
}

/** A rule's strategies; an unknown rule (a newer server) is grouped under none. */
export function strategiesOf(ruleId: string): readonly E8[] {
  const known = RULE_STRATEGIES[ruleId];
  return known && known.length > 0 ? known : ['—'];
}

const STRATEGY_ORDER = Object.keys(E8_NAMES) as E8[];

export function strategyLabel(code: string): string {
  return code === '—' ? 'Other' : (E8_NAMES[code as E8] ?? code);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2 };

export function countBySeverity(findings: readonly AccountFindingInfo[]): SeverityCounts {
  const counts = { error: 0, warning: 0, information: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `2 errors · 1 warning · 3 info`, leaving out severities with none. */
export function countsText(counts: SeverityCounts): string {
  const parts: string[] = [];
  if (counts.error) parts.push(`${counts.error} error${counts.error === 1 ? '' : 's'}`);
  if (counts.warning) parts.push(`${counts.warning} warning${counts.warning === 1 ? '' : 's'}`);
  if (counts.information) parts.push(`${counts.information} info`);
  return parts.length ? parts.join(' · ') : 'none';
}

/** Most severe first, then by resource and rule, so the order does not depend on the scan's. */
export function sortFindings(findings: readonly AccountFindingInfo[]): AccountFindingInfo[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.resourceName.localeCompare(b.resourceName) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.region.localeCompare(b.region),
  );
}

/**
 * The groups of one profile's findings, the scan's own findings left out (see `scanGroup`). A
 * finding of a rule with two strategies is listed under both: each group answers "what does this
 * strategy still lack", so the same resource may rightly appear twice.
 */
export function groupFindings(findings: readonly AccountFindingInfo[], by: GroupBy): FindingGroup[] {
  const buckets = new Map<string, { label: string; findings: AccountFindingInfo[] }>();
  const add = (key: string, label: string, finding: AccountFindingInfo) => {
    const bucket = buckets.get(key) ?? { label, findings: [] };
    bucket.findings.push(finding);
    buckets.set(key, bucket);
  };
  for (const finding of findings) {
    if (SCAN_RULES.has(finding.ruleId)) continue;
    if (by === 'service') {
      const service = serviceOf(finding.ruleId);
      add(service.key, service.label, finding);
    } else {
      for (const code of strategiesOf(finding.ruleId)) add(code, strategyLabel(code), finding);
    }
  }
  const order = (key: string) => (by === 'strategy' ? STRATEGY_ORDER.indexOf(key as E8) : 0);
  return [...buckets.entries()]
    .map(([key, b]) => ({ key, label: b.label, findings: sortFindings(b.findings), counts: countBySeverity(b.findings) }))
    .sort((a, b) => order(a.key) - order(b.key) || a.label.localeCompare(b.label));
}

/** The scan's findings about itself, or undefined when it read everything. */
export function scanGroup(findings: readonly AccountFindingInfo[]): FindingGroup | undefined {
  const own = findings.filter((f) => SCAN_RULES.has(f.ruleId));
  if (own.length === 0) return undefined;
  return { key: 'scan', label: 'Not read', findings: sortFindings(own), counts: countBySeverity(own) };
}

/** A tree label for a finding: the resource and the message's first sentence, short. */
export function findingLabel(finding: AccountFindingInfo): string {
  const first = /^(.*?[.:])(\s|$)/.exec(finding.message)?.[1] ?? finding.message;
  const short = first.length > 100 ? `${first.slice(0, 99)}…` : first;
  return `${finding.resourceName}: ${short.replace(/[.:]$/, '')}`;
}

/** For a failure node: the API action and resource from the evidence, else from the message. */
export function failureLabel(finding: AccountFindingInfo): string {
  const action = typeof finding.evidence?.action === 'string' ? finding.evidence.action : undefined;
  const collector = typeof finding.evidence?.collector === 'string' ? finding.evidence.collector : undefined;
  const resource = typeof finding.evidence?.resource === 'string' ? finding.evidence.resource : finding.resourceName;
  if (action) return `${action} on ${resource}`;
  if (collector) return `Reading ${collector}`;
  return findingLabel(finding);
}

/**
 * Whether a profile must sign in to IAM Identity Center before it can be scanned: its token is
 * missing or expired (a refreshable one is renewed by the scan, unless the scan said it failed),
 * or the scan stopped saying `aws sso login` would help.
 */
export function needsSignIn(profile: AccountProfileInfo | undefined, scan: ProfileScanInfo | undefined): boolean {
  const sso = profile?.sso;
  if (sso) {
    if (sso.token === 'signed-out' || sso.token === 'unreadable') return true;
    if (sso.token === 'expired' && (!sso.refreshable || scan?.error !== undefined)) return true;
    if (sso.token === 'valid') return false;
  }
  return scan?.error !== undefined && /\bsso login\b|signed out of IAM Identity Center|did not accept the sign-in/.test(scan.error);
}

/** `123456789012 (prod) · eu-west-1, us-east-1`, or what is known before a scan. */
export function profileDescription(profile: AccountProfileInfo | undefined, scan: ProfileScanInfo | undefined): string {
  if (scan?.identity) {
    const account = scan.identity.alias ? `${scan.identity.account} (${scan.identity.alias})` : scan.identity.account;
    return scan.regions.length ? `${account} · ${regionsText(scan.regions)}` : account;
  }
  const parts = [profile?.kind, profile?.region].filter((p): p is string => Boolean(p));
  return parts.join(' · ');
}

export function regionsText(regions: readonly string[]): string {
  return regions.length > 3 ? `${regions.slice(0, 3).join(', ')} +${regions.length - 3}` : regions.join(', ');
}
