// Markdown that quotes what an AWS account says. Names, tags, messages and evidence come from the
// API (a bucket policy's Sid, a stack name, a DNS record), so none of it may turn into markup: no
// link, no HTML, no table column, no heading, no fence that ends early. Each helper makes one kind
// of text safe for one place; control characters are shown as visible escapes, as `lint` does.
import { escapeControls } from '../../core/escape';

/** Running text (a paragraph or a table cell): every character that could start markup is backslash-escaped. */
export function mdText(text: string): string {
  return escapeControls(text)
    .replace(/[\\`*_[\]<>|#&~!]/g, (c) => `\\${c}`)
    // A line that starts like a list item, a quote or a setext underline would change the block.
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A code span: shown as written, in any place including a table cell. Its delimiter is longer than
 * any backtick run inside, and a pipe is escaped because GFM splits table cells on it even there.
 */
export function codeSpan(text: string): string {
  const body = escapeControls(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced block whose fence no line inside can close: longer than any backtick run in the text. */
export function fenced(language: string, text: string): string {
  const body = text.split('\n').map(escapeControls).join('\n');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}
