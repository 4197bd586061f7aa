// SARIF 2.1.0 for every report of ours: one tool driver listing every rule with its docs, so
// code scanning shows a rule's help beside each result, whether it came from a file or an account.
import type * as Sarif from 'sarif';
import { REPOSITORY_URL, ruleDocsUrl, ruleMarkdown, ruleText } from './docs';
import { allRules } from './rules/registry';
import type { Severity } from './rules/types';

export const VERSION = '0.1.0';

export const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note' };

export const ruleIndex = new Map(allRules.map((meta, i) => [meta.id, i]));

export function sarifLog(): Sarif.Log {
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
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'AWS Hardening', informationUri: REPOSITORY_URL, version: VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results: [],
      },
    ],
  };
}

