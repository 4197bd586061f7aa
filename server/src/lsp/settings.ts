// Turns the user's `awsHardening` settings into analysis options, ignoring what is malformed.
import { DEFAULT_MAX_FINDINGS_PER_RULE } from '../core/cap';
import type { AnalysisOptions, Severity } from '../core/rules/types';
import type { ServerSettings } from '../protocol';

const LEVELS = new Set(['error', 'warning', 'information', 'off']);

export function optionsFromSettings(settings: ServerSettings | null | undefined): AnalysisOptions {
  const severities: Record<string, Severity | 'off'> = {};
  for (const [id, level] of Object.entries(settings?.rules ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level)) severities[id] = level;
  }
  const days = settings?.s3?.undeleteWindowDays;
  const validDays = typeof days === 'number' && Number.isInteger(days) && days >= 1;
  const issuers = settings?.dns?.caaIssuers;
  // CA domain names only: anything else would write a broken CAA record.
  const validIssuers = Array.isArray(issuers) && issuers.length > 0 && issuers.every((i) => typeof i === 'string' && /^[A-Za-z0-9.-]+$/.test(i));
  const warning = settings?.pem?.warningDays;
  const validWarning = typeof warning === 'number' && Number.isInteger(warning) && warning >= 1;
  const chosen = {
    ...(validDays ? { undeleteWindowDays: days } : {}),
    ...(validIssuers ? { caaIssuers: issuers } : {}),
    ...(validWarning ? { pemWarningDays: warning } : {}),
  };
  return { severities, ...(Object.keys(chosen).length > 0 ? { settings: chosen } : {}) };
}

/** How many findings of one rule the diagnostics list before a summary; 0 for all. */
export function maxFindingsFromSettings(settings: ServerSettings | null | undefined): number {
  const max = settings?.maxFindingsPerRule;
  return typeof max === 'number' && Number.isInteger(max) && max >= 0 ? max : DEFAULT_MAX_FINDINGS_PER_RULE;
}

/** Whether changes to live accounts are allowed: only an explicit `false` turns them off. */
export function allowChangesFromSettings(settings: ServerSettings | null | undefined): boolean {
  return settings?.account?.allowChanges !== false;
}
