// Hovering a finding shows its rule's documentation.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl, ruleMarkdown } from '../core/docs';
import { ruleMeta } from '../core/rules/registry';
import type { Finding } from '../core/rules/types';

export function hover(document: TextDocument, findings: readonly Finding[], position: Position): Hover | null {
  const offset = document.offsetAt(position);
  const here = findings.filter((f) => f.start <= offset && offset <= f.end);
  const sections = [...new Set(here.map((f) => f.ruleId))].flatMap((id) => {
    const meta = ruleMeta(id);
    return meta ? [`**AWS Hardening · ${id}**: ${meta.title}\n\n${ruleMarkdown(meta, false)}\n[Rule documentation](${ruleDocsUrl(id)})`] : [];
  });
  if (sections.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
}
