// Turns the user's `awsHardening` settings into analysis options, ignoring what is malformed.
import type { AnalysisOptions, Severity } from '../core/rules/types';
import type { ServerSettings } from '../protocol';

const LEVELS = new Set(['error', 'warning', 'information', 'off']);

export function optionsFromSettings(settings: ServerSettings | null | undefined): AnalysisOptions {
  const severities: Record<string, Severity | 'off'> = {};
  for (const [id, level] of Object.entries(settings?.rules ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level)) severities[id] = level;
  }
  const days = settings?.s3?.undeleteWindowDays;
  const valid = typeof days === 'number' && Number.isInteger(days) && days >= 1;
  return { severities, ...(valid ? { settings: { undeleteWindowDays: days } } : {}) };
}
