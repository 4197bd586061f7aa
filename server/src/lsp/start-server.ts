// Wires the pure core to an LSP connection. Tests call this with in-memory streams; server.ts
// calls it with stdio or IPC.
import {
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from '../protocol';
import { AnalysisCache } from './analysis-cache';
import { codeActions } from './code-actions';
import { toDiagnostic } from './diagnostics';
import { hover } from './hover';

/** Long enough to coalesce a burst of keystrokes, short enough to feel immediate. */
const DEBOUNCE_MS = 75;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache(() => ({}));
  const timers = new Map<string, NodeJS.Timeout>();

  const publish = (document: TextDocument): void => {
    timers.delete(document.uri);
    try {
      const entry = cache.get(document);
      const diagnostics = entry.shown.map((f) => toDiagnostic(document, f));
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (err) {
      // A bug in a rule must not take the server down: say so in the log and carry on.
      connection.console.error(`analysis of ${document.uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  };

  const schedule = (document: TextDocument, delay: number): void => {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(() => {
      const current = documents.get(document.uri);
      if (current) publish(current);
    }, delay));
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'aws-hardening', version: '0.1.0' },
    }),
  );

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    cache.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? codeActions(document, cache.get(document).analysis.findings, params) : [];
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? hover(document, cache.get(document).shown, params.position) : null;
  });

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
