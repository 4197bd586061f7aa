// A scan result or a finding sent back by the client (to export a report, to show details), read
// defensively: the account view keeps what a scan answered, but the message could say anything.
// Each value is checked for its type and copied, so a report never meets a shape it does not
// expect, and the error names the first field that is wrong.
import type { Identity } from '../identify';
import type { AccountFinding } from '../scan/model';
import type { ProfileScan, ScanResult } from '../scan/scanner';

export class InvalidScanInput extends Error {}

const SEVERITIES = new Set(['error', 'warning', 'information']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InvalidScanInput(`${path} must be a string`);
  return value;
}

function textOrNull(value: unknown, path: string): string | null {
  return value === null || value === undefined ? null : text(value, path);
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidScanInput(`${path} must be an array`);
  return value;
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidScanInput(`${path} must be an object`);
  return value;
}

export function findingFromInput(value: unknown, path = 'finding'): AccountFinding {
  const f = record(value, path);
  const severity = text(f.severity, `${path}.severity`);
  if (!SEVERITIES.has(severity)) throw new InvalidScanInput(`${path}.severity must be error, warning or information`);
  const evidence = f.evidence === undefined || f.evidence === null ? undefined : record(f.evidence, `${path}.evidence`);
  return {
    ruleId: text(f.ruleId, `${path}.ruleId`),
    severity: severity as AccountFinding['severity'],
    message: text(f.message, `${path}.message`),
    resource: text(f.resource, `${path}.resource`),
    resourceName: text(f.resourceName, `${path}.resourceName`),
    account: text(f.account, `${path}.account`),
    region: text(f.region, `${path}.region`),
    profile: text(f.profile, `${path}.profile`),
    stack: textOrNull(f.stack, `${path}.stack`),
    logicalId: textOrNull(f.logicalId, `${path}.logicalId`),
    ...(evidence ? { evidence } : {}),
  };
}

function profileFromInput(value: unknown, path: string): ProfileScan {
  const p = record(value, path);
  const profile = text(p.profile, `${path}.profile`);
  let identity: Identity | undefined;
  if (p.identity !== undefined && p.identity !== null) {
    const id = record(p.identity, `${path}.identity`);
    const alias = id.alias === undefined || id.alias === null ? undefined : text(id.alias, `${path}.identity.alias`);
    identity = { profile, account: text(id.account, `${path}.identity.account`), arn: text(id.arn, `${path}.identity.arn`), ...(alias !== undefined ? { alias } : {}) };
  }
  const error = p.error === undefined || p.error === null ? undefined : text(p.error, `${path}.error`);
  const calls = p.calls === undefined ? 0 : p.calls;
  if (typeof calls !== 'number' || !Number.isFinite(calls)) throw new InvalidScanInput(`${path}.calls must be a number`);
  return {
    profile,
    ...(identity ? { identity } : {}),
    regions: list(p.regions, `${path}.regions`).map((r, i) => text(r, `${path}.regions[${i}]`)),
    findings: list(p.findings, `${path}.findings`).map((f, i) => findingFromInput(f, `${path}.findings[${i}]`)),
    ...(error !== undefined ? { error } : {}),
    notes: p.notes === undefined ? [] : list(p.notes, `${path}.notes`).map((n, i) => text(n, `${path}.notes[${i}]`)),
    calls,
  };
}

/** The scan result the client sent, checked and copied, with when it was scanned. */
export function scanResultFromInput(value: unknown): { readonly result: ScanResult; readonly scannedAt: Date } {
  const r = record(value, 'result');
  const when = text(r.scannedAt, 'result.scannedAt');
  const scannedAt = new Date(when);
  if (Number.isNaN(scannedAt.getTime())) throw new InvalidScanInput('result.scannedAt must be an ISO 8601 time');
  return { result: { profiles: list(r.profiles, 'result.profiles').map((p, i) => profileFromInput(p, `result.profiles[${i}]`)) }, scannedAt };
}
