// The client stays thin: it starts the language server, registers commands from one table,
// and shows the findings tree and the accounts view. Every disposable is owned by the extension
// context.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
  type WorkspaceEdit,
} from 'vscode-languageclient/node';
import { Accounts, type AccountsApi } from './account/accounts';
import { accountCommands } from './account/commands';
import { hardenDocuments } from './account/harden-live';
import { FindingsTreeProvider } from './findings-tree';
import { hardenBucketCommand } from './harden-bucket';
import { INSPECT_BUNDLE_COMMAND, inspectCertificateBundle } from './inspect-bundle';
import {
  DIAGNOSTIC_SOURCE,
  documentSelector,
  HARDEN_BUCKET_COMMAND,
  INCREMENT_SERIAL_COMMAND,
  INCREMENT_SERIAL_REQUEST,
  type IncrementSerialParams,
  SUPPRESS_COMMAND,
  SUPPRESSION_EDIT_REQUEST,
  type SuppressionEditParams,
} from '../../server/src/protocol';

export type { AccountNode } from './account/tree';
export type { AccountsApi } from './account/accounts';
export type { FindingsItem } from './findings-tree';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly accounts: Accounts;
  client: LanguageClient | undefined;
}

/** What `activate()` returns: the accounts and findings views, for extension-host tests to walk and wait on. */
export interface ExtensionApi {
  readonly accounts: AccountsApi;
  /** The Findings view's data, for tests to read its rows as VS Code shows them. */
  readonly findings: FindingsTreeProvider;
}

type CommandFactory = (ctx: Ctx) => (...args: never[]) => unknown;

// Every command of the extension, by id. Commands that need the server say so when it is down.
const commands: Record<string, CommandFactory> = {
  'awsHardening.restartServer': (ctx) => async () => {
    if (ctx.client) {
      await ctx.client.restart();
    } else {
      ctx.client = await startClient(ctx);
    }
  },
  'awsHardening.showOutput': (ctx) => () => ctx.output.show(true),
  // Offered as a quick fix by the server; `reason` may be passed by callers that already have one.
  [SUPPRESS_COMMAND]: (ctx) => async (target: unknown, reason?: unknown) => {
    const client = ctx.client;
    if (!client) {
      void vscode.window.showWarningMessage('AWS Hardening: the language server is not running; restart it first.');
      return false;
    }
    const args = target as Omit<SuppressionEditParams, 'reason'>;
    const typed =
      typeof reason === 'string'
        ? reason
        : await vscode.window.showInputBox({
            title: `Suppress ${args.ruleId}${args.resource ? ` for ${args.resource}` : ''}`,
            prompt: 'Why is this finding acceptable here? The reason is written next to the suppression.',
            validateInput: (value) => (value.trim() ? undefined : 'A suppression needs a reason.'),
          });
    if (!typed?.trim()) return false;
    const edit = await client.sendRequest<WorkspaceEdit | null>(SUPPRESSION_EDIT_REQUEST, { ...args, reason: typed } satisfies SuppressionEditParams);
    const converted = edit ? await client.protocol2CodeConverter.asWorkspaceEdit(edit) : undefined;
    return converted ? vscode.workspace.applyEdit(converted) : false;
  },
  // From the code lens above a zone's SOA (with its document's URI) or the command palette.
  [INCREMENT_SERIAL_COMMAND]: (ctx) => async (uri?: unknown) => {
    const client = ctx.client;
    const target = typeof uri === 'string' ? uri : vscode.window.activeTextEditor?.document.uri.toString();
    if (!client || !target) {
      void vscode.window.showWarningMessage(client ? 'AWS Hardening: open a zone file first.' : 'AWS Hardening: the language server is not running; restart it first.');
      return false;
    }
    const edit = await client.sendRequest<WorkspaceEdit | null>(INCREMENT_SERIAL_REQUEST, { uri: target } satisfies IncrementSerialParams);
    if (!edit) {
      void vscode.window.showInformationMessage('AWS Hardening: this document has no SOA record whose serial could be incremented.');
      return false;
    }
    return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  },
  // A template's bucket (from the palette or the server's code action), or a live one (the Accounts view).
  [HARDEN_BUCKET_COMMAND]: (ctx) => (target?: unknown, options?: unknown) => hardenBucketCommand(ctx.client, ctx.accounts, target, options),
  // Needs no server: the downloaded bundle opens as a PEM document, which the server analyses once it runs.
  [INSPECT_BUNDLE_COMMAND]: () => inspectCertificateBundle,
  // The accounts view's commands (choose, scan, sign in, export, open in template, …).
  ...Object.fromEntries(Object.entries(accountCommands).map(([id, factory]) => [id, (ctx: Ctx) => factory(ctx.accounts)])),
};

function createClient(ctx: Ctx): LanguageClient {
  const module = ctx.extension.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector.map((d) => ({ ...d })),
    outputChannel: ctx.output,
    diagnosticCollectionName: DIAGNOSTIC_SOURCE,
    synchronize: { configurationSection: 'awsHardening' },
    initializationOptions: { clientCommands: [SUPPRESS_COMMAND, HARDEN_BUCKET_COMMAND] },
  };
  return new LanguageClient('awsHardening', 'AWS Hardening', serverOptions, clientOptions);
}

async function startClient(ctx: Ctx): Promise<LanguageClient> {
  const client = createClient(ctx);
  await client.start();
  return client;
}

let current: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('AWS Hardening', { log: true });
  // The accounts view asks the server through ctx.client, which a restart replaces.
  const accounts = new Accounts(context, () => ctx.client);
  const ctx: Ctx = { extension: context, output, accounts, client: undefined };
  current = ctx;
  context.subscriptions.push(output, accounts, hardenDocuments());
  for (const [id, factory] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
  const tree = new FindingsTreeProvider();
  context.subscriptions.push(tree, vscode.window.registerTreeDataProvider('awsHardening.findings', tree));
  try {
    ctx.client = await startClient(ctx);
    void accounts.started();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`The language server failed to start: ${message}`);
    void vscode.window.showErrorMessage(`AWS Hardening: the language server failed to start (${message}).`, 'Show Output').then(
      (choice) => {
        if (choice) output.show(true);
      },
    );
  }
  return { accounts: accounts.api, findings: tree };
}

export async function deactivate(): Promise<void> {
  const client = current?.client;
  current = undefined;
  if (client) await client.stop();
}
