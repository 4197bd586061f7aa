// A minimal LSP client over the server's stdio, for tests: requests, notifications, and waiting
// for the next publishDiagnostics of a URI (an event, never a sleep).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { repoRoot } from './paths';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    codeDescription?: { href: string };
    source: string;
    message: string;
    data?: unknown;
  }>;
}

/** A window/logMessage notification: type 1 error, 2 warning, 3 info, 4 log. */
export interface LogMessage {
  type: number;
  message: string;
}

export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly waiters = new Map<string, Array<(p: PublishedDiagnostics) => void>>();
  private readonly latest = new Map<string, PublishedDiagnostics>();
  stderr = '';
  /** What the client answers to `workspace/configuration` for the awsHardening section. */
  settings: unknown = null;
  private configurationWaiters: Array<() => void> = [];
  /** Every window/logMessage the server sent, in order. */
  readonly logs: LogMessage[] = [];
  private logWaiters: Array<{ readonly match: (message: string) => boolean; readonly resolve: (m: LogMessage) => void }> = [];

  constructor(private readonly init: { pullConfiguration?: boolean; clientCommands?: string[]; workspaceFolders?: ReadonlyArray<{ uri: string; name: string }> } = {}) {
    this.child = spawn(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.latest.set(p.uri, p);
      const queue = this.waiters.get(p.uri);
      const next = queue?.shift();
      if (next) next(p);
    });
    this.connection.onNotification('window/logMessage', (m: LogMessage) => {
      this.logs.push(m);
      const waiting = this.logWaiters;
      this.logWaiters = [];
      for (const w of waiting) {
        if (w.match(m.message)) w.resolve(m);
        else this.logWaiters.push(w);
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
      const waiters = this.configurationWaiters;
      this.configurationWaiters = [];
      setImmediate(() => waiters.forEach((w) => w()));
      return params.items.map((item) => (item.section === 'awsHardening' ? this.settings : null));
    });
    this.connection.listen();
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: this.init.workspaceFolders?.[0]?.uri ?? null,
      ...(this.init.workspaceFolders ? { workspaceFolders: this.init.workspaceFolders } : {}),
      capabilities: {
        textDocument: { publishDiagnostics: { codeDescriptionSupport: true, dataSupport: true } },
        workspace: { configuration: this.init.pullConfiguration === true, didChangeConfiguration: { dynamicRegistration: false } },
      },
      initializationOptions: { clientCommands: this.init.clientCommands ?? [] },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves once the server has next asked for the settings (and been answered). */
  nextConfigurationRequest(): Promise<void> {
    return new Promise((resolve) => this.configurationWaiters.push(resolve));
  }

  /**
   * Resolves with the first log message from index `since` on whose text satisfies `match`: one
   * already received, or the next to arrive.
   */
  waitForLog(match: (message: string) => boolean, since = 0, timeoutMs = 10_000): Promise<LogMessage> {
    const found = this.logs.slice(since).find((m) => match(m.message));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching log message within ${timeoutMs} ms; logs:\n${this.logs.map((m) => m.message).join('\n')}`)), timeoutMs);
      this.logWaiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Resolves with the next diagnostics published for `uri`; register before causing them. */
  nextDiagnostics(uri: string, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      const queue = this.waiters.get(uri) ?? [];
      queue.push((p) => {
        clearTimeout(timer);
        resolve(p);
      });
      this.waiters.set(uri, queue);
    });
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<PublishedDiagnostics> {
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return published;
  }

  async changeAll(uri: string, version: number, text: string): Promise<PublishedDiagnostics> {
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return published;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
