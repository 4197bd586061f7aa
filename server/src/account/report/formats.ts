// A scan's findings as text, JSON, SARIF, CSV and a Markdown report with an Essential Eight
// scorecard. The CLI writes these, and the sidebar's export writes the same (no vscode here).
// JSON keeps the shape of `lint`'s (file and range null, the resource its ARN) plus where the
// resource is: account, region, profile and, for resources CloudFormation made, stack and
// logical id.
import type * as Sarif from 'sarif';
import { ruleDocsUrl } from '../../core/docs';
import { escapeControls } from '../../core/escape';
import { LEVEL, ruleIndex, sarifLog } from '../../core/sarif';
import { ruleMeta } from '../../core/rules/registry';
import { E8_NAMES, type E8, type Severity } from '../../core/rules/types';
import type { AccountFinding } from '../scan/model';
import type { ProfileScan, ScanResult } from '../scan/scanner';
import { MATURITY_LEVEL } from './maturity';

export type ScanFormat = 'text' | 'json' | 'sarif' | 'csv' | 'markdown';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2 };

/** Errors first, then by rule and resource: the order every format lists findings in. */
export function sortedFindings(scan: ProfileScan): AccountFinding[] {
  return [...scan.findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource) || a.region.localeCompare(b.region),
  );
}

function allFindings(result: ScanResult): AccountFinding[] {
  return result.profiles.flatMap(sortedFindings);
}

export function formatScan(result: ScanResult, format: ScanFormat, now: Date = new Date()): string {
  switch (format) {
    case 'json':
      return scanJson(result);
    case 'sarif':
      return scanSarif(result);
    case 'csv':
      return scanCsv(result);
    case 'markdown':
      return scanMarkdown(result, now);
    default:
      return scanText(result);
  }
}

/** One line per finding, grouped by profile, then a count. Control characters from the API are shown escaped, as `lint` shows them. */
export function scanText(result: ScanResult): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  for (const scan of result.profiles) {
    lines.push(profileHeading(scan));
    for (const note of scan.notes) lines.push(`  note: ${note}`);
    if (scan.error) lines.push(`  ${scan.error}`);
    for (const f of sortedFindings(scan)) {
      counts[f.severity]++;
      const where = [f.region, f.stack ? `stack ${f.stack}${f.logicalId ? ` / ${f.logicalId}` : ''}` : ''].filter(Boolean).join(', ');
      lines.push(`  ${f.severity} ${f.ruleId}: ${f.message} [${f.resource}] (${where})`);
    }
  }
  const total = counts.error + counts.warning + counts.information;
  const accounts = new Set(result.profiles.filter((p) => p.identity).map((p) => p.identity!.account)).size;
  lines.push(
    total === 0
      ? `No findings in ${accounts} account${accounts === 1 ? '' : 's'}.`
      : `${total} finding${total === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}: ${counts.error} error, ${counts.warning} warning, ${counts.information} information.`,
  );
  return lines.map(escapeControls).join('\n');
}

function profileHeading(scan: ProfileScan): string {
  if (!scan.identity) return `Profile ${scan.profile}: not scanned`;
  const { account, alias } = scan.identity;
  return `Profile ${scan.profile}: account ${account}${alias ? ` (${alias})` : ''}, ${scan.regions.length ? scan.regions.join(', ') : 'no region'}`;
}

function jsonFinding(f: AccountFinding): object {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    file: null,
    range: null,
    message: f.message,
    resource: f.resource,
    account: f.account,
    region: f.region,
    profile: f.profile,
    stack: f.stack,
    logicalId: f.logicalId,
    ...(f.evidence ? { evidence: f.evidence } : {}),
  };
}

export function scanJson(result: ScanResult): string {
  const profiles = result.profiles.map((p) => ({
    profile: p.profile,
    account: p.identity?.account ?? null,
    alias: p.identity?.alias ?? null,
    regions: p.regions,
    error: p.error ?? null,
    notes: p.notes,
  }));
  return JSON.stringify({ version: 1, profiles, findings: allFindings(result).map(jsonFinding) }, null, 2);
}

export function scanSarif(result: ScanResult): string {
  const log = sarifLog();
  const run = log.runs[0]!;
  run.results = allFindings(result).map(
    (f): Sarif.Result => ({
      ruleId: f.ruleId,
      ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId)! } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ logicalLocations: [{ name: f.resourceName, fullyQualifiedName: f.resource, kind: 'resource' }] }],
      // Stable across scans, so code scanning tracks a finding from one run to the next.
      partialFingerprints: { resource: `${f.ruleId}|${f.account}|${f.region}|${f.resource}` },
      properties: { account: f.account, region: f.region, profile: f.profile, stack: f.stack, logicalId: f.logicalId },
    }),
  );
  return JSON.stringify(log, null, 2);
}

const CSV_COLUMNS = ['severity', 'ruleId', 'account', 'region', 'profile', 'resource', 'stack', 'logicalId', 'message'] as const;

/**
 * RFC 4180 fields; a value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
 * first) gets a leading apostrophe, since resource names and tags come from the account.
 */
function csvField(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function scanCsv(result: ScanResult): string {
  const rows = allFindings(result).map((f) => CSV_COLUMNS.map((c) => csvField(f[c])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

const STRATEGIES: readonly E8[] = ['AC', 'PA', 'UAH', 'RAP', 'PO', 'MFA', 'BK'];
const BEYOND: readonly E8[] = ['+TLS', '+DNS', '+NET', '+LOG'];

/** Markdown text from the API: no table breaks, no markup, no HTML. */
function md(text: string): string {
  return escapeControls(text).replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function scorecard(findings: readonly AccountFinding[]): string[] {
  const rows = ['| Strategy | Findings | Short of ML1 | Short of ML2 | Short of ML3 | Verdict |', '| --- | ---: | ---: | ---: | ---: | --- |'];
  for (const e8 of STRATEGIES) {
    const mine = findings.filter((f) => ruleMeta(f.ruleId)?.e8.includes(e8) && f.severity !== 'information');
    const at = (level: number): number => mine.filter((f) => MATURITY_LEVEL[f.ruleId] === level).length;
    const [ml1, ml2, ml3] = [at(1), at(2), at(3)];
    const verdict = ml1 > 0 ? 'not yet ML1' : ml2 > 0 ? 'ML1 at most' : ml3 > 0 ? 'ML2 at most' : 'no gap found';
    rows.push(`| ${E8_NAMES[e8]} (${e8}) | ${mine.length} | ${ml1} | ${ml2} | ${ml3} | ${verdict} |`);
  }
  for (const e8 of BEYOND) {
    const count = findings.filter((f) => ruleMeta(f.ruleId)?.e8.includes(e8) && f.severity !== 'information').length;
    rows.push(`| ${E8_NAMES[e8]} | ${count} | — | — | — | ${count ? 'gaps found' : 'no gap found'} |`);
  }
  return rows;
}

export function scanMarkdown(result: ScanResult, now: Date): string {
  const out = ['# AWS Hardening account report', '', `Scanned ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, ''];
  out.push(
    'The scorecard counts error and warning findings per Essential Eight strategy, by the lowest maturity level whose requirements each one shows unmet; information findings are listed but not counted. "No gap found" means this scan found none, not that the level is reached: the scan sees only what the AWS API shows.',
    '',
  );
  for (const scan of result.profiles) {
    const id = scan.identity;
    out.push(`## ${id ? `Account ${id.account}${id.alias ? ` (${md(id.alias)})` : ''}` : `Profile ${md(scan.profile)}`}`, '');
    out.push(`Profile \`${md(scan.profile)}\`${scan.regions.length ? `, regions ${scan.regions.join(', ')}` : ''}.`, '');
    for (const note of scan.notes) out.push(`> ${md(note)}`, '');
    if (scan.error) {
      out.push(`**Not scanned:** ${md(scan.error)}`, '');
      if (!id) continue;
    }
    const findings = sortedFindings(scan);
    out.push('### Essential Eight scorecard', '', ...scorecard(findings), '');
    out.push(`### Findings (${findings.length})`, '');
    if (findings.length === 0) {
      out.push('None.', '');
      continue;
    }
    out.push('| Severity | Rule | Resource | Region | Stack | Finding |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of findings) {
      const stack = f.stack ? `${md(f.stack)}${f.logicalId ? ` / ${md(f.logicalId)}` : ''}` : '';
      out.push(`| ${f.severity} | [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) | ${md(f.resource)} | ${f.region} | ${stack} | ${md(f.message)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
