// Hovering one finding shows its rule's documentation; hovering a spot where several findings meet
// lists each finding's message with one link per rule, so the pages do not stack up. Hovering the
// rule id of a suppression comment (`# aws-hardening-ignore <rule-id> reason`) shows that rule's
// documentation too. Hovering a resource's type or a property key shows what the resource-type
// index says about it. On a spot with both findings and the index, both show.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { specHover } from '../core/cfn/spec-hover';
import type { Template } from '../core/cfn/template';
import { ruleDocsUrl, ruleMarkdown } from '../core/docs';
import { ruleMeta } from '../core/rules/registry';
import type { Finding, Severity } from '../core/rules/types';
import { lineEndOf, lineStartOf } from '../core/text';

const SEVERITY_WORD: Record<Severity, string> = { error: 'Error', warning: 'Warning', information: 'Information' };

/** A suppression comment, `#` (templates, PEM bundles) or `;` (zone files); group 1 is the rule id. */
const SUPPRESSION_COMMENT = /[#;][ \t]*aws-hardening-ignore[ \t]+([a-z0-9-]+)/g;

/** The whole documentation page of a rule, or undefined for an id that is none of ours. */
function rulePage(id: string): string | undefined {
  const meta = ruleMeta(id);
  return meta ? `**AWS Hardening · ${id}**: ${meta.title}\n\n${ruleMarkdown(meta, false)}\n[Rule documentation](${ruleDocsUrl(id)})` : undefined;
}

/** A message as literal text on one line of Markdown: it quotes names from the document. */
function literal(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** Several findings at one spot: each one's severity, rule id and message, then one link per rule. */
function findingList(findings: readonly Finding[]): string {
  const ids = [...new Set(findings.map((f) => f.ruleId))];
  const lines = [`**AWS Hardening · ${findings.length} findings here**`, '', ...findings.map((f) => `- **${SEVERITY_WORD[f.severity]}** \`${f.ruleId}\`: ${literal(f.message)}`)];
  const links = ids.filter((id) => ruleMeta(id)).map((id) => `[${id}](${ruleDocsUrl(id)})`);
  if (links.length > 0) lines.push('', `More: ${links.join(' · ')}`);
  return lines.join('\n');
}

/** The rule id of a suppression comment under `offset`, with its range. */
function suppressedRuleAt(text: string, offset: number): { id: string; start: number; end: number } | undefined {
  const lineStart = lineStartOf(text, offset);
  const line = text.slice(lineStart, lineEndOf(text, lineStart));
  for (const m of line.matchAll(SUPPRESSION_COMMENT)) {
    const start = lineStart + m.index + m[0].length - m[1]!.length;
    const end = start + m[1]!.length;
    if (start <= offset && offset <= end) return { id: m[1]!, start, end };
  }
  return undefined;
}

/**
 * The hover at `position`. `suppressions` says whether the document is one of ours (a template,
 * zone or bundle), where a suppression comment means something.
 */
export function hover(document: TextDocument, findings: readonly Finding[], position: Position, template?: Template, suppressions = true): Hover | null {
  const offset = document.offsetAt(position);
  const range = (r: { start: number; end: number }): Hover['range'] => ({ start: document.positionAt(r.start), end: document.positionAt(r.end) });
  const suppressed = suppressions ? suppressedRuleAt(document.getText(), offset) : undefined;
  const suppressedPage = suppressed && rulePage(suppressed.id);
  if (suppressedPage) return { contents: { kind: MarkupKind.Markdown, value: suppressedPage }, range: range(suppressed!) };
  const here = findings.filter((f) => f.start <= offset && offset <= f.end);
  const sections: string[] = [];
  if (here.length === 1) {
    const page = rulePage(here[0]!.ruleId);
    if (page) sections.push(page);
  } else if (here.length > 1) {
    sections.push(findingList(here));
  }
  const spec = template ? specHover(template, offset) : undefined;
  if (spec) sections.push(spec.markdown);
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    // A range only when the hover is about one token alone: findings span more than the token.
    ...(spec && here.length === 0 ? { range: range(spec) } : {}),
  };
}
