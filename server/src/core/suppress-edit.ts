// The "Suppress with reason" edit: a comment above the finding in YAML (the smallest change), our
// Metadata form in JSON, where comments do not exist.
import { detectStyle, ensurePath, insertPairs } from './cfn/edit';
import { appendItem } from './cfn/seq-edit';
import { asMap, get, getPair } from './cfn/model';
import { parseText } from './cfn/parse';
import { readTemplate } from './cfn/template';
import { detectEol, indentOfLine, lineStartOf, type TextEdit } from './text';

export interface SuppressRequest {
  readonly ruleId: string;
  /** Offset of the finding being suppressed. */
  readonly offset: number;
  /** The finding's resource (logical id) or null for template-wide findings. */
  readonly resource: string | null;
  readonly reason: string;
  /** The document is a zone file: the suppression is a `;` comment line above the finding. */
  readonly zone?: boolean;
}

/** One line, so it fits a comment and a YAML scalar. */
export function cleanReason(reason: string): string {
  return reason.replace(/\s+/g, ' ').trim();
}

export function suppressionEdit(text: string, request: SuppressRequest): TextEdit | null {
  const reason = cleanReason(request.reason);
  if (!reason) return null;
  if (!request.zone && /\r(?!\n)/.test(text)) {
    // Lone CRs read as LF, as analyzeText reads them (same offsets); the edit gets the file's break.
    const edit = suppressionEdit(text.replace(/\r(?!\n)/g, '\n'), request);
    return edit && { ...edit, newText: edit.newText.replace(/\r?\n/g, detectEol(text)) };
  }
  const eol = detectEol(text);
  if (request.zone) {
    // A comment line changes nothing in a zone file, not even the owner a blank-owner line inherits.
    const at = lineStartOf(text, request.offset);
    return { start: at, end: at, newText: `; aws-hardening-ignore ${request.ruleId} ${reason}${eol}` };
  }
  const doc = parseText(text);
  if (!doc.json) {
    const at = lineStartOf(text, request.offset);
    const indent = indentOfLine(text, request.offset);
    return { start: at, end: at, newText: `${indent}# aws-hardening-ignore ${request.ruleId} ${reason}${eol}` };
  }
  const template = readTemplate(doc);
  if (!template) return null;
  const style = detectStyle(doc);
  const owner = request.resource ? template.byId.get(request.resource)?.node : template.root;
  if (!owner) return null;
  const entry = { id: request.ruleId, reason };
  const ignore = get(asMap(get(asMap(get(owner, 'Metadata')), 'aws-hardening')), 'ignore');
  if (ignore?.kind === 'seq' && !ignore.tag) return appendItem(doc, style, ignore, entry);
  if (!getPair(owner, 'Metadata')) return insertPairs(doc, style, owner, [['Metadata', { 'aws-hardening': { ignore: [entry] } }]]);
  return ensurePath(doc, style, owner, ['Metadata', 'aws-hardening', 'ignore'], [entry]);
}
