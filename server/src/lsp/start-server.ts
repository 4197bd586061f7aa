// Wires the pure core to an LSP connection. Tests call this with in-memory streams; server.ts
// calls it with stdio or IPC.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { capFindings } from '../core/cap';
import type { AnalysisOptions } from '../core/rules/types';
import { suppressionEdit } from '../core/suppress-edit';
import {
  ANALYSIS_STATS_REQUEST,
  type AnalysisStats,
  FIX_ALL_KIND,
  INCREMENT_SERIAL_REQUEST,
  type IncrementSerialParams,
  SETTINGS_SECTION,
  SUPPRESS_COMMAND,
  SUPPRESSION_EDIT_REQUEST,
  type ServerSettings,
  type SuppressionEditParams,
} from '../protocol';
import { AnalysisCache, documentOptions } from './analysis-cache';
import { codeActions } from './code-actions';
import { toDiagnostic } from './diagnostics';
import { hover } from './hover';
import { maxFindingsFromSettings, optionsFromSettings } from './settings';
import { PemFeatures } from './pem-features';
import { ZoneFeatures } from './zone-features';

/** Long enough to coalesce a burst of keystrokes, short enough to feel immediate. */
const DEBOUNCE_MS = 75;

const CAP_HINT = 'Set awsHardening.maxFindingsPerRule to 0 to list them all.';

export function startServer(connection: Connection): void {
  /** After `shutdown`, every request but `exit` is an error, as the protocol says. */
  let shutDown = false;
  const refuseAfterShutdown = (): void => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server has been shut down; only the exit notification is accepted.');
  };
  const live =
    <P, R>(handler: (params: P) => R) =>
    (params: P): R => {
      refuseAfterShutdown();
      return handler(params);
    };
  const documents = new TextDocuments(TextDocument);
  let options: AnalysisOptions = {};
  let maxFindingsPerRule = maxFindingsFromSettings(undefined);
  let pullConfiguration = false;
  /** Commands the client implements itself (VS Code asks for the suppression reason). */
  let clientCommands = new Set<string>();
  /** The workspace folders' paths: a zone's `$INCLUDE` may read inside the one holding it. */
  let folders: string[] = [];
  const cache = new AnalysisCache(() => options, () => folders);
  const zones = new ZoneFeatures((document) => cache.get(document).analysis);
  const pems = new PemFeatures((document) => cache.get(document).analysis);
  const timers = new Map<string, NodeJS.Timeout>();

  const publish = (document: TextDocument): void => {
    timers.delete(document.uri);
    try {
      const entry = cache.get(document);
      // Only what is shown is capped: code actions and fix-all still see every finding.
      const diagnostics = capFindings(entry.shown, maxFindingsPerRule, CAP_HINT).map((f) => toDiagnostic(document, f));
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

  const applySettings = (settings: ServerSettings | null | undefined): void => {
    options = optionsFromSettings(settings);
    maxFindingsPerRule = maxFindingsFromSettings(settings);
    cache.clear();
    for (const document of documents.all()) schedule(document, 0);
  };

  const setFolders = (list: ReadonlyArray<{ uri: string }> | null | undefined): void => {
    folders = (list ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  };

  let folderEvents = false;
  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []));
    const init = params.initializationOptions as { clientCommands?: unknown } | undefined;
    if (Array.isArray(init?.clientCommands)) clientCommands = new Set(init.clientCommands.filter((c): c is string => typeof c === 'string'));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aws-hardening', version: '0.1.0' },
    };
  });

  const pullSettings = async (): Promise<void> => {
    if (!pullConfiguration) return;
    try {
      applySettings((await connection.workspace.getConfiguration(SETTINGS_SECTION)) as ServerSettings | null);
    } catch (err) {
      connection.console.warn(`could not read the ${SETTINGS_SECTION} settings: ${String(err)}`);
    }
  };
  connection.onInitialized(() => {
    void pullSettings();
    if (!folderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      setFolders([...folders.map((path) => ({ uri: pathToFileURL(path).href })).filter((f) => !removed.has(f.uri)), ...event.added]);
      cache.clear();
      for (const document of documents.all()) schedule(document, 0);
    });
  });
  connection.onDidChangeConfiguration((params) => {
    if (pullConfiguration) void pullSettings();
    else applySettings((params.settings as Record<string, ServerSettings> | null)?.[SETTINGS_SECTION]);
  });

  connection.onRequest(INCREMENT_SERIAL_REQUEST, live((params: IncrementSerialParams): WorkspaceEdit | null => {
    const document = documents.get(params.uri);
    return document ? zones.incrementSerial(document) : null;
  }));
  connection.onCodeLens(live((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? [...zones.codeLenses(document), ...pems.codeLenses(document)] : [];
  }));

  connection.onRequest(SUPPRESSION_EDIT_REQUEST, live((params: SuppressionEditParams): WorkspaceEdit | null => {
    const document = documents.get(params.uri);
    if (!document) return null;
    const edit = suppressionEdit(document.getText(), {
      ruleId: params.ruleId,
      resource: params.resource,
      offset: document.offsetAt(params.position),
      reason: params.reason,
      zone: documentOptions(document, folders).language === 'dns-zone',
    });
    if (!edit) return null;
    const range = { start: document.positionAt(edit.start), end: document.positionAt(edit.end) };
    return { changes: { [params.uri]: [{ range, newText: edit.newText }] } };
  }));

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    cache.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(live((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return codeActions(document, cache.get(document).analysis.findings, params, { ...options, ...documentOptions(document, folders) }, clientCommands.has(SUPPRESS_COMMAND));
  }));

  connection.onHover(live((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const parts = [hover(document, cache.get(document).shown, params.position), zones.hover(document, params.position), pems.hover(document, params.position)].filter((h) => h !== null);
    if (parts.length < 2) return parts[0] ?? null;
    // A TTL with a finding on it: the rule's docs, then what the TTL means.
    return { contents: { kind: 'markdown', value: parts.map((h) => (h.contents as { value: string }).value).join('\n\n---\n\n') } };
  }));

  connection.onRequest(ANALYSIS_STATS_REQUEST, live((): AnalysisStats => ({ ...cache.counts })));

  // Methods without a handler: unknown before shutdown, refused after it.
  connection.onRequest((method) => {
    refuseAfterShutdown();
    throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  connection.onShutdown(() => {
    refuseAfterShutdown();
    shutDown = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
