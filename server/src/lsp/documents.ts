// The server's copies of the open documents, kept in step with the editor's through incremental
// changes, with every change checked first. A change with a position that is not a non-negative
// integer, or on a line past the end (null, 1.5, -1, line 40 of 4), would otherwise corrupt the copy
// silently, and every later change would land in the wrong place. Such a change is rejected: the
// last good text is kept, the document is marked out of step, and incremental changes are
// ignored until the editor sends the whole text again (or reopens the document); the caller shows
// that state as one diagnostic. A change whose version is not newer than the copy's is ignored as
// stale.
import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Listeners get an event with the document, as TextDocuments gives them. */
type Listener = (event: { readonly document: TextDocument }) => void;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Why a change cannot be applied to `document`, or undefined when it can. */
function invalidChange(document: TextDocument, change: unknown): string | undefined {
  if (typeof change !== 'object' || change === null || typeof (change as { text?: unknown }).text !== 'string') return 'a change without text';
  if (!('range' in change) || change.range === undefined) return undefined;
  const range = change.range as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | null;
  const ends = [range?.start, range?.end];
  if (!ends.every((p) => p && isCount(p.line) && isCount(p.character))) return 'a range whose positions are not non-negative integers';
  const [start, end] = ends as Array<{ line: number; character: number }>;
  // A character past the end of its line stands for the line's end, as the protocol says, and
  // TextDocument.update reads it so; a line past the document's end has no such meaning.
  for (const p of [start!, end!]) {
    if (p.line >= document.lineCount) return `a position on line ${p.line}, past the document's ${document.lineCount} lines`;
  }
  if (document.offsetAt(start!) > document.offsetAt(end!)) return 'a range that ends before it starts';
  return undefined;
}

export class CheckedDocuments {
  private readonly documents = new Map<string, TextDocument>();
  /** Documents whose copy no longer matches the editor's, with why. */
  private readonly outOfStep = new Map<string, string>();
  private readonly opened: Listener[] = [];
  private readonly changed: Listener[] = [];
  private readonly closed: Listener[] = [];

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return [...this.documents.values()];
  }

  /** Why a document's copy is out of step with the editor, or undefined when it is in step. */
  outOfStepReason(uri: string): string | undefined {
    return this.outOfStep.get(uri);
  }

  onDidOpen(listener: Listener): void {
    this.opened.push(listener);
  }

  /** Also called when a document falls out of step, so its diagnostics can say so. */
  onDidChangeContent(listener: Listener): void {
    this.changed.push(listener);
  }

  onDidClose(listener: Listener): void {
    this.closed.push(listener);
  }

  listen(connection: Connection): void {
    const warn = (message: string): void => connection.console.warn(message);
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      if (typeof t?.uri !== 'string' || typeof t.text !== 'string' || typeof t.languageId !== 'string' || !Number.isInteger(t.version)) return warn('ignored a didOpen without a uri, language, integer version and text');
      const document = TextDocument.create(t.uri, t.languageId, t.version, t.text);
      this.documents.set(t.uri, document);
      this.outOfStep.delete(t.uri);
      for (const listener of this.opened) listener({ document });
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      const current = typeof t?.uri === 'string' ? this.documents.get(t.uri) : undefined;
      if (!current) return;
      if (!Number.isInteger(t.version) || !Array.isArray(contentChanges)) return warn(`ignored a change of ${t.uri} without an integer version and a list of changes`);
      if (t.version <= current.version) return warn(`ignored a change of ${t.uri} to version ${t.version}: the server already has version ${current.version}`);
      // Applied in place, as the protocol's own document manager does: copying a large text on
      // every keystroke would cost more than the change. A bad change among several leaves the
      // text as the good ones before it made it, and the document out of step.
      let document = current;
      let lost = this.outOfStep.get(t.uri);
      for (const change of contentChanges as unknown[]) {
        const whole = typeof change === 'object' && change !== null && !('range' in change && change.range !== undefined);
        if (lost !== undefined && !whole) continue;
        const invalid = invalidChange(document, change);
        if (invalid !== undefined) {
          lost = `the editor sent ${invalid} for version ${t.version}`;
          warn(`${t.uri}: ${lost}; the last good text is kept until the editor sends the whole text again`);
          continue;
        }
        if (whole) {
          document = TextDocument.create(current.uri, current.languageId, current.version, (change as { text: string }).text);
          lost = undefined;
        } else {
          document = TextDocument.update(document, [change as TextDocumentContentChangeEvent], document.version);
        }
      }
      // The editor's version, in step or not, so nothing analysed for an older text is reused.
      document = TextDocument.update(document, [], t.version);
      this.documents.set(t.uri, document);
      if (lost === undefined) this.outOfStep.delete(t.uri);
      else this.outOfStep.set(t.uri, lost);
      for (const listener of this.changed) listener({ document: this.documents.get(t.uri)! });
    });
    connection.onDidCloseTextDocument(({ textDocument: t }) => {
      const document = typeof t?.uri === 'string' ? this.documents.get(t.uri) : undefined;
      if (!document) return;
      this.documents.delete(t.uri);
      this.outOfStep.delete(t.uri);
      for (const listener of this.closed) listener({ document });
    });
  }
}
