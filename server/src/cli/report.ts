// The CLI's three output formats over one list of findings.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { REPOSITORY_URL, ruleDocsUrl, ruleMarkdown, ruleText } from '../core/docs';
import { allRules } from '../core/rules/registry';
import type { Severity } from '../core/rules/types';
import type { Range } from '../core/text';

export interface FileFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly resource: string | null;
}

export const VERSION = '0.1.0';

export function formatJson(findings: readonly FileFinding[]): string {
  return JSON.stringify({
    version: 1,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      file: f.file,
      range: f.range,
      message: f.message,
      resource: f.resource,
    })),
  }, null, 2);
}

export function formatText(findings: readonly FileFinding[], fileCount: number): string {
  const lines = findings.map(
    (f) =>
      `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId}: ${f.message}` +
      (f.resource ? ` [${f.resource}]` : ''),
  );
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  lines.push(
    findings.length === 0
      ? `No findings in ${files}.`
      : `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files}: ` +
          `${count('error')} error, ${count('warning')} warning, ${count('information')} information.`,
  );
  return lines.join('\n');
}

/** SARIF wants URIs: relative paths stay relative (to the working folder), absolute ones become file URLs. */
function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note' };

export function formatSarif(findings: readonly FileFinding[]): string {
  const rules: Sarif.ReportingDescriptor[] = allRules.map((meta) => ({
    id: meta.id,
    name: meta.title,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.what.replace(/`/g, '') },
    help: { text: ruleText(meta), markdown: ruleMarkdown(meta) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { tags: ['security', ...meta.e8.filter((e) => e !== '—')], anchors: [...meta.anchors] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = findings.map((f) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId)! } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file) },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
        ...(f.resource ? { logicalLocations: [{ name: f.resource, kind: 'resource' }] } : {}),
      },
    ],
  }));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'AWS Hardening', informationUri: REPOSITORY_URL, version: VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
