// The accounts view reaches the language server only through these typed requests; when the
// server is down each says so once, in words, instead of failing later with a stack trace.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export type ClientSource = () => LanguageClient | undefined;

/** Thrown when there is no running server; the message is fit to show. */
export class ServerDown extends Error {}

export function requireClient(source: ClientSource): LanguageClient {
  const client = source();
  if (!client || !client.isRunning()) {
    throw new ServerDown('the language server is not running; run "AWS Hardening: Restart Language Server".');
  }
  return client;
}

export function request<P, R>(source: ClientSource, method: string, params: P, token?: vscode.CancellationToken): Promise<R> {
  return requireClient(source).sendRequest<R>(method, params, token);
}

/** An error's message for people: the server's answer, never a stack. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.message;
  return String(err);
}
