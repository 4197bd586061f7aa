// What the server writes to the client's log (VS Code's "AWS Hardening" output channel): one line
// when it starts, one per document analysed and one per change of settings or folders. Lines name
// documents by their file name only and never quote their text or anything read from credentials.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeControls } from '../core/escape';
import type { AnalysisOptions } from '../core/rules/types';
import type { AnalysisRecord } from './analysis-cache';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * The extension's name and version from its package.json, which sits one folder above the bundles
 * (`dist/server.js`); `unknown` when it cannot be read.
 */
export function packageInfo(bundleDir: string = __dirname): PackageInfo {
  try {
    const pkg = JSON.parse(readFileSync(join(bundleDir, '..', 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return { name: typeof pkg.name === 'string' ? pkg.name : 'aws-hardening', version: typeof pkg.version === 'string' ? pkg.version : 'unknown' };
  } catch {
    return { name: 'aws-hardening', version: 'unknown' };
  }
}

export function startLine(pkg: PackageInfo, client: { name: string; version?: string } | undefined): string {
  const by = client ? `, client ${escapeControls(client.name)}${client.version ? ` ${escapeControls(client.version)}` : ''}` : '';
  return `${pkg.name} ${pkg.version} language server started (Node ${process.version}${by})`;
}

/** The last segment of a URI's path, decoded: `file:///a/b/example.org.zone` → `example.org.zone`. */
export function uriBaseName(uri: string): string {
  const path = uri.replace(/[?#].*$/s, '');
  const last = path.slice(path.lastIndexOf('/') + 1) || path;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed escape: the name as written.
  }
  return escapeControls(name.length > 120 ? `${name.slice(0, 117)}…` : name);
}

function milliseconds(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/** `analysed example.org.zone (dns-zone): 5 findings in 3.2 ms`. */
export function analysisLine(record: AnalysisRecord): string {
  const findings = record.findings === 1 ? '1 finding' : `${record.findings} findings`;
  const parse = record.parseFailed ? ', does not parse' : '';
  return `analysed ${uriBaseName(record.uri)} (${record.kind}${parse}): ${findings} in ${milliseconds(record.ms)} ms`;
}

/** At most this many rule overrides are named in the settings line; the rest are counted. */
const NAMED_OVERRIDES = 10;

/** The settings in effect, as the analysis reads them (malformed values already dropped). */
export function settingsLine(options: AnalysisOptions, maxFindingsPerRule: number, allowChanges: boolean): string {
  const overrides = Object.entries(options.severities ?? {});
  const named = overrides.slice(0, NAMED_OVERRIDES).map(([id, level]) => `${escapeControls(id)}: ${level}`);
  if (overrides.length > NAMED_OVERRIDES) named.push(`${overrides.length - NAMED_OVERRIDES} more`);
  const rules = overrides.length === 0 ? 'no rule severity overrides' : `${overrides.length} rule severity override${overrides.length === 1 ? '' : 's'} (${named.join(', ')})`;
  const s = options.settings ?? {};
  const value = (v: unknown): string => (v === undefined ? 'default' : Array.isArray(v) ? v.join(' ') : String(v));
  return [
    `settings applied: ${rules}`,
    `maxFindingsPerRule ${maxFindingsPerRule === 0 ? '0 (all)' : maxFindingsPerRule}`,
    `s3.undeleteWindowDays ${value(s.undeleteWindowDays)}`,
    `dns.caaIssuers ${value(s.caaIssuers)}`,
    `pem.warningDays ${value(s.pemWarningDays)}`,
    `account changes ${allowChanges ? 'allowed' : 'off'}`,
  ].join('; ');
}
