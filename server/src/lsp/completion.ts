// Completion in CloudFormation templates: the core reads the context from the text and offers
// items from the resource-type index and the template's names; this turns them into LSP items.
// The type list is long (about 1,800), so each type's docs are sent only when the editor resolves
// the item it shows.
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { resourceDocsUrl, resourceType } from '../core/cfn-spec';
import { specCompletions, templateFacts, type SpecItemKind } from '../core/cfn/spec-complete';
import { looksLikeTemplate, type Template } from '../core/cfn/template';
import { isJsonText } from '../core/cfn/parse';
import { mayBeTemplate } from '../core/detect';

/** `Type:` then a space, `!GetAtt Res.`, a JSON key's quote, `${` in a Sub. */
export const COMPLETION_TRIGGERS = [':', '.', ' ', '"', '{'];

const KINDS: Record<SpecItemKind, CompletionItemKind> = {
  type: CompletionItemKind.Class,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  parameter: CompletionItemKind.Variable,
  resource: CompletionItemKind.Reference,
  pseudo: CompletionItemKind.Constant,
  attribute: CompletionItemKind.Field,
  keyword: CompletionItemKind.Keyword,
  condition: CompletionItemKind.Variable,
};

const TEMPLATE_LANGUAGES = new Set(['yaml', 'json', 'jsonc']);

/**
 * Whether completion applies: a YAML or JSON document that may be a template. A new template may
 * have no `AWS::` type yet, so a `Resources` section is enough here.
 */
export function completable(document: TextDocument): boolean {
  if (!TEMPLATE_LANGUAGES.has(document.languageId)) return false;
  const text = document.getText();
  return mayBeTemplate(text) || looksLikeTemplate(text);
}

/** What the editor gets back to resolve an item's docs. */
interface ItemData {
  readonly docsOfType: string;
}

/** The completion at `position` of a document that is completable (see completable). */
export function completionList(document: TextDocument, position: Position, template: Template | undefined): CompletionList | null {
  const text = document.getText();
  const found = specCompletions(text, document.offsetAt(position), templateFacts(template), isJsonText(text));
  if (!found) return null;
  const range = { start: document.positionAt(found.start), end: document.positionAt(found.end) };
  const items = found.items.map((item): CompletionItem => ({
    label: item.label,
    kind: KINDS[item.kind],
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
    textEdit: { range, newText: item.insertText },
    // Nested lines carry their own indentation.
    insertTextMode: InsertTextMode.asIs,
    ...(item.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    // The label serves when they equal it: the type list is long enough for the bytes to count.
    ...(item.filterText && item.filterText !== item.label ? { filterText: item.filterText } : {}),
    ...(item.sortText && item.sortText !== item.label ? { sortText: item.sortText } : {}),
    ...(item.docsOfType ? { data: { docsOfType: item.docsOfType } satisfies ItemData } : {}),
    ...(item.suggestAgain ? { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } } : {}),
  }));
  return { isIncomplete: found.isIncomplete, items };
}

/** Adds a type's docs and reference page to the item the editor shows. */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  const data = item.data as Partial<ItemData> | undefined;
  if (typeof data?.docsOfType !== 'string' || item.documentation) return item;
  let type;
  try {
    type = resourceType(data.docsOfType);
  } catch {
    // An index that cannot be read leaves the item as it is; hover says why.
    return item;
  }
  if (!type) return item;
  const value = [type.docs, `[${type.name} reference](${resourceDocsUrl(type.name)})`].filter(Boolean).join('\n\n');
  return { ...item, documentation: { kind: MarkupKind.Markdown, value } };
}
