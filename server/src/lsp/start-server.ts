// Wires the pure core to an LSP connection. Tests call this with in-memory streams; server.ts
// calls it with stdio or IPC.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions } from '../core/rules/types';
import { suppressionEdit } from '../core/suppress-edit';
import {
  ANALYSIS_STATS_REQUEST,
  type AnalysisStats,
  FIX_ALL_KIND,
  HARDEN_BUCKET_COMMAND,
  HARDEN_BUCKET_EDIT_REQUEST,
  type HardenBucketEditParams,
  type HardenBucketEditResult,
  INCREMENT_SERIAL_REQUEST,
  type IncrementSerialParams,
  SETTINGS_SECTION,
  SUPPRESS_COMMAND,
  SUPPRESSION_EDIT_REQUEST,
  DIAGNOSTIC_SOURCE,
  type ServerSettings,
  type SuppressionEditParams,
} from '../protocol';
import { registerAccountRequests } from './account';
import { registerAccountViewRequests } from './account-view';
import { registerAccountHardenRequests } from './account-harden';
import { documentOptions, type AnalysisRecord } from './analysis-cache';
import { AnalysisHost, WorkerUnavailable } from './analysis-host';
import { CheckedDocuments } from './documents';
import { COMPLETION_TRIGGERS, resolveCompletion } from './completion';
import { DocumentFeatures, type FeatureCalls, type FeatureContext, type FeatureName } from './document-features';
import { HARDEN_ACTION_KIND, mayBeOnBucketId, NO_BUCKET } from './harden-bucket';
import { analysisLine, packageInfo, settingsLine, startLine } from './log';
import { allowChangesFromSettings, maxFindingsFromSettings, optionsFromSettings } from './settings';

/** Long enough to coalesce a burst of keystrokes, short enough to feel immediate. */
const DEBOUNCE_MS = 75;

export function startServer(connection: Connection): void {
  /** After `shutdown`, every request but `exit` is an error, as the protocol says. */
  let shutDown = false;
  const refuseAfterShutdown = (): void => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server has been shut down; only the exit notification is accepted.');
  };
  const live =
    <A extends unknown[], R>(handler: (...args: A) => R) =>
    (...args: A): R => {
      refuseAfterShutdown();
      return handler(...args);
    };
  const documents = new CheckedDocuments();
  let options: AnalysisOptions = {};
  let maxFindingsPerRule = maxFindingsFromSettings(undefined);
  let allowChanges = allowChangesFromSettings(undefined);
  let pullConfiguration = false;
  /** Commands the client implements itself (VS Code asks for the suppression reason). */
  let clientCommands = new Set<string>();
  /** The workspace folders' paths: a zone's `$INCLUDE` may read inside the one holding it. */
  let folders: string[] = [];
  /** Bumped whenever settings or folders change, so the worker drops what it analysed before. */
  let generation = 0;
  const context = (): FeatureContext => ({ options, maxFindingsPerRule, folders, canSuppress: clientCommands.has(SUPPRESS_COMMAND), canHarden: clientCommands.has(HARDEN_BUCKET_COMMAND) });
  // One info line per analysis, wherever it ran: the document's file name, kind, findings and time.
  const logAnalysis = (record: AnalysisRecord): void => connection.console.info(analysisLine(record));
  const features = new DocumentFeatures(context, logAnalysis);
  const host = new AnalysisHost(features, () => ({ context: context(), generation }), (message) => connection.console.warn(message), logAnalysis);
  const timers = new Map<string, NodeJS.Timeout>();
  /** Documents whose diagnostics are being computed, and those changed again meanwhile. */
  const inFlight = new Set<string>();
  const again = new Set<string>();

  const logFailure = (uri: string, err: unknown): void => {
    // A bug in a rule must not take the server down: say so in the log and carry on.
    connection.console.error(`analysis of ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
  };

  const send = (document: TextDocument, diagnostics: FeatureCalls['diagnostics']['result']): void => {
    // Only the newest version is published: what was computed for an older one is dropped.
    if (documents.get(document.uri)?.version !== document.version) return;
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };

  const publish = (document: TextDocument): void => {
    timers.delete(document.uri);
    const lost = documents.outOfStepReason(document.uri);
    if (lost !== undefined) {
      const start = { line: 0, character: 0 };
      const message = `AWS Hardening lost track of this document's text: ${lost}. Its findings are not shown until the editor sends the whole text again; closing and reopening the document does that.`;
      return send(document, [{ range: { start, end: start }, severity: 2, code: 'document-out-of-sync', source: DIAGNOSTIC_SOURCE, message }]);
    }
    // One computation per document at a time: versions that arrive meanwhile are coalesced into
    // one more run, for whichever version is newest when this one ends.
    if (inFlight.has(document.uri)) {
      again.add(document.uri);
      return;
    }
    inFlight.add(document.uri);
    host
      .call('diagnostics', document)
      .then(
        (diagnostics) => send(document, diagnostics),
        (err: unknown) => {
          if (!(err instanceof WorkerUnavailable)) return logFailure(document.uri, err);
          const start = { line: 0, character: 0 };
          const message = `AWS Hardening could not analyse this document: ${err.message}. It is analysed again when it changes.`;
          send(document, [{ range: { start, end: start }, severity: 2, code: 'analysis-failed', source: DIAGNOSTIC_SOURCE, message }]);
        },
      )
      .finally(() => {
        inFlight.delete(document.uri);
        if (!again.delete(document.uri)) return;
        const current = documents.get(document.uri);
        if (current) publish(current);
      });
  };

  /**
   * Answers a request about a document where it is analysed; on failure, the fallback. An answer
   * from the worker for a version the editor has since changed is dropped too: its edits and
   * positions are for a text that is gone.
   */
  const ask = async <M extends FeatureName>(uri: string, fallback: FeatureCalls[M]['result'], method: M, ...args: FeatureCalls[M]['args']): Promise<FeatureCalls[M]['result']> => {
    const document = documents.get(uri);
    if (!document) return fallback;
    const version = document.version;
    try {
      const answer = await host.call(method, document, ...args);
      return documents.get(uri)?.version === version ? answer : fallback;
    } catch (err) {
      if (!(err instanceof WorkerUnavailable)) logFailure(uri, err);
      return fallback;
    }
  };

  const schedule = (document: TextDocument, delay: number): void => {
    clearTimeout(timers.get(document.uri));
    timers.set(document.uri, setTimeout(() => {
      const current = documents.get(document.uri);
      if (current) publish(current);
    }, delay));
  };

  let loggedSettings: string | undefined;
  const applySettings = (settings: ServerSettings | null | undefined): void => {
    options = optionsFromSettings(settings);
    maxFindingsPerRule = maxFindingsFromSettings(settings);
    allowChanges = allowChangesFromSettings(settings);
    // VS Code both pushes and answers a pull at start: the same settings are logged once.
    const line = settingsLine(options, maxFindingsPerRule, allowChanges);
    if (line !== loggedSettings) connection.console.info(line);
    loggedSettings = line;
    generation++;
    features.cache.clear();
    for (const document of documents.all()) schedule(document, 0);
  };

  const setFolders = (list: ReadonlyArray<{ uri: string }> | null | undefined): void => {
    folders = (list ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  };

  let folderEvents = false;
  const pkg = packageInfo();
  connection.onInitialize((params): InitializeResult => {
    connection.console.info(startLine(pkg, params.clientInfo));
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []));
    const init = params.initializationOptions as { clientCommands?: unknown } | undefined;
    if (Array.isArray(init?.clientCommands)) clientCommands = new Set(init.clientCommands.filter((c): c is string => typeof c === 'string'));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, HARDEN_ACTION_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: pkg.name, version: pkg.version },
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
      connection.console.info(`workspace folders changed: ${folders.length} open`);
      generation++;
      features.cache.clear();
      for (const document of documents.all()) schedule(document, 0);
    });
  });
  connection.onDidChangeConfiguration((params) => {
    if (pullConfiguration) void pullSettings();
    else applySettings((params.settings as Record<string, ServerSettings> | null)?.[SETTINGS_SECTION]);
  });

  connection.onRequest(INCREMENT_SERIAL_REQUEST, live((params: IncrementSerialParams): Promise<WorkspaceEdit | null> => ask(params.uri, null, 'incrementSerial')));
  connection.onRequest(
    HARDEN_BUCKET_EDIT_REQUEST,
    live((params: HardenBucketEditParams): Promise<HardenBucketEditResult> =>
      ask(params.uri, NO_BUCKET, 'hardenBucket', { ...(params.position ? { position: params.position } : {}), ...(params.logicalId !== undefined ? { logicalId: params.logicalId } : {}) }),
    ),
  );
  connection.onCodeLens(live((params) => ask(params.textDocument.uri, [], 'codeLenses')));

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
    features.cache.forget(e.document.uri);
    host.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(
    live((params) => {
      // The editor asks on every cursor move; with none of our diagnostics there and no source
      // action asked for, there is nothing to offer: no analysis, and no text sent to the worker. A
      // bucket's logical id is the exception (Harden this bucket), told from the line's text alone.
      if (!params.context.only && !params.context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) {
        const document = documents.get(params.textDocument.uri);
        if (!document || !mayBeOnBucketId(document, params.range.start)) return [];
      }
      return ask(params.textDocument.uri, [], 'codeActions', params);
    }),
  );
  connection.onHover(live((params) => ask(params.textDocument.uri, null, 'hover', params.position)));
  connection.onCompletion(live((params) => ask(params.textDocument.uri, null, 'completion', params.position)));
  connection.onCompletionResolve(live(resolveCompletion));

  connection.onRequest(
    ANALYSIS_STATS_REQUEST,
    live((): AnalysisStats => {
      const worker = host.counts();
      return { analysed: features.cache.counts.analysed + worker.analysed, skipped: features.cache.counts.skipped + worker.skipped, workerAnalysed: worker.analysed, workerStarts: host.workerStarts };
    }),
  );

  registerAccountRequests(connection, () => options, live);
  registerAccountViewRequests(connection, live, { folders: () => folders, documents: () => documents.all() });
  registerAccountHardenRequests(connection, live, { options: () => options, allowChanges: () => allowChanges });

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
    host.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
