// Hovering a finding shows its rule's documentation; hovering a resource's type or a property key
// shows what the resource-type index says about it. On a spot with both, both show.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { specHover } from '../core/cfn/spec-hover';
import type { Template } from '../core/cfn/template';
import { ruleDocsUrl, ruleMarkdown } from '../core/docs';
import { ruleMeta } from '../core/rules/registry';
import type { Finding } from '../core/rules/types';

export function hover(document: TextDocument, findings: readonly Finding[], position: Position, template?: Template): Hover | null {
  const offset = document.offsetAt(position);
  const here = findings.filter((f) => f.start <= offset && offset <= f.end);
  const sections = [...new Set(here.map((f) => f.ruleId))].flatMap((id) => {
    const meta = ruleMeta(id);
    return meta ? [`**AWS Hardening · ${id}**: ${meta.title}\n\n${ruleMarkdown(meta, false)}\n[Rule documentation](${ruleDocsUrl(id)})`] : [];
  });
  const spec = template ? specHover(template, offset) : undefined;
  if (spec) sections.push(spec.markdown);
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    // A range only when the hover is about one token alone: findings span more than the token.
    ...(spec && here.length === 0 ? { range: { start: document.positionAt(spec.start), end: document.positionAt(spec.end) } } : {}),
  };
}
