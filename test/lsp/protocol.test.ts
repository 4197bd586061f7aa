// The protocol's edges (issue 11, items 14 and 15): requests after shutdown, frames no client
// would send, and didChange notifications with invalid positions or old versions.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { repoRoot } from '../helpers/paths';

interface Server {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly exited: Promise<number | null>;
  stderr: string;
}

const started: ChildProcess[] = [];

// A test that fails by timing out leaves its server running: stop them all at the end.
after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill();
});

/** A server of its own, so that shutting it down or making it exit spoils no other test. */
async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  const server: Server = { child, connection, exited, stderr: '' };
  child.stderr!.on('data', (d: Buffer) => (server.stderr += d.toString()));
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  return server;
}

/** Shutdown and exit as a client ends a session: the server exits with 0. */
async function stopCleanly(server: Server): Promise<void> {
  await server.connection.sendRequest('shutdown');
  await server.connection.sendNotification('exit');
  assert.equal(await server.exited, 0);
  server.connection.dispose();
}

async function errorCode(request: Promise<unknown>): Promise<number | undefined> {
  try {
    await request;
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

test('after shutdown, requests get InvalidRequest and exit ends the server cleanly', { timeout: 20_000 }, async () => {
  const server = await startServer();
  const uri = 'file:///work/shutdown.yaml';
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n' } });
  const position = { line: 2, character: 4 };
  assert.equal(await errorCode(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })), undefined, 'answered before shutdown');
  assert.equal(await errorCode(server.connection.sendRequest('awsHardening/noSuchRequest', {})), -32601, 'an unknown method before shutdown');
  await server.connection.sendRequest('shutdown');
  assert.equal(await errorCode(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })), -32600);
  assert.equal(await errorCode(server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } })), -32600);
  assert.equal(await errorCode(server.connection.sendRequest('awsHardening/noSuchRequest', {})), -32600);
  assert.equal(await errorCode(server.connection.sendRequest('shutdown')), -32600, 'a second shutdown is a request after shutdown too');
  await server.connection.sendNotification('exit');
  assert.equal(await server.exited, 0);
  server.connection.dispose();
});

test('a frame announcing an absurd Content-Length ends the server with a clear message', { timeout: 20_000 }, async () => {
  const server = await startServer();
  server.child.stdin!.write('Content-Length: 1099511627776\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{}}');
  assert.equal(await server.exited, 1, 'the server exits with 1 so that the client restarts it');
  assert.match(server.stderr, /announces 1099511627776 bytes, more than the 256 MB a message may have/);
  server.connection.dispose();
});

test('a header that never ends ends the server too', { timeout: 20_000 }, async () => {
  const server = await startServer();
  server.child.stdin!.write(`X-Padding: ${'a'.repeat(70 * 1024)}`);
  assert.equal(await server.exited, 1);
  assert.match(server.stderr, /header is longer than/);
  server.connection.dispose();
});

test('messages split across and packed into chunks pass the guard unchanged', { timeout: 20_000 }, async () => {
  const server = await startServer();
  const frame = (id: number): string => {
    const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'awsHardening/analysisStats', params: null });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const answers = new Map<number, unknown>();
  const answered = new Promise<void>((resolve) => {
    server.child.stdout!.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/"id":(\d+),"result":/g)) answers.set(Number(m[1]), true);
      if (answers.has(1001) && answers.has(1002) && answers.has(1003)) resolve();
    });
  });
  // Two frames in one write, then one frame a byte at a time.
  server.child.stdin!.write(frame(1001) + frame(1002));
  for (const byte of Buffer.from(frame(1003))) server.child.stdin!.write(Buffer.from([byte]));
  await answered;
  await stopCleanly(server);
});

/** The next diagnostics the server publishes for `uri`. */
function nextDiagnostics(server: Server, uri: string): Promise<{ version?: number; diagnostics: Array<{ code: string; message: string }> }> {
  return new Promise((resolve) => {
    const listener = server.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Array<{ code: string; message: string }> }) => {
      if (p.uri !== uri) return;
      listener.dispose();
      resolve(p);
    });
  });
}

const BUCKET = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n';
const versioningOf = (p: { diagnostics: Array<{ code: string; message: string }> }): string[] => p.diagnostics.filter((d) => d.code === 's3-versioning-off').map((d) => d.message);

test('a didChange with a null, fractional, negative or past-the-end position keeps the last good text until a full resync', { timeout: 20_000 }, async () => {
  const server = await startServer();
  const uri = 'file:///work/positions.yaml';
  const opened = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BUCKET } });
  assert.equal(versioningOf(await opened).length, 1);
  const bad = [
    { start: { line: null, character: 0 }, end: { line: 2, character: 6 } },
    { start: { line: 2, character: 2.5 }, end: { line: 2, character: 6 } },
    { start: { line: 2, character: 2 }, end: { line: 40, character: 0 } },
    { start: { line: 2, character: 6 }, end: { line: 2, character: 2 } },
    { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
  ];
  let version = 2;
  for (const range of bad) {
    const published = nextDiagnostics(server, uri);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ range, text: 'Data' }] });
    const p = await published;
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['document-out-of-sync'], JSON.stringify(range));
    assert.match(p.diagnostics[0]!.message, /lost track of this document's text: the editor sent a/);
  }
  // Incremental changes cannot be trusted until the whole text comes again: this one is ignored.
  const ignored = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } }, text: 'Data' }] });
  assert.deepEqual((await ignored).diagnostics.map((d) => d.code), ['document-out-of-sync']);
  // The whole text brings the copy back in step.
  const resynced = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text: BUCKET.replace('Logs', 'Audit') }] });
  const after = await resynced;
  assert.deepEqual(after.diagnostics.filter((d) => d.code === 'document-out-of-sync'), []);
  assert.match(versioningOf(after)[0]!, /Audit/);
  // And incremental sync works again afterwards.
  const edited = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } }, text: 'Data' }] });
  assert.match(versioningOf(await edited)[0]!, /Data/);
  await stopCleanly(server);
});

test('a character past the end of its line stands for the line end, as the protocol says', { timeout: 20_000 }, async () => {
  const server = await startServer();
  const uri = 'file:///work/clamped.yaml';
  const opened = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BUCKET } });
  assert.equal(versioningOf(await opened).length, 1);
  // Line 3 is `    Type: AWS::S3::Bucket`; character 99 is its end, so the properties go after the type.
  const edited = nextDiagnostics(server, uri);
  const insertion = '\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled';
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 99 }, end: { line: 3, character: 99 } }, text: insertion }] });
  const p = await edited;
  assert.deepEqual(p.diagnostics.filter((d) => d.code === 'document-out-of-sync' || d.code === 'cfn-syntax'), [], 'in step, and the text reads');
  assert.deepEqual(versioningOf(p), [], 'versioning is on: the insertion landed at the line end');
  await stopCleanly(server);
});

test('a change with a version not newer than the known one is ignored', { timeout: 20_000 }, async () => {
  const server = await startServer();
  const uri = 'file:///work/versions.yaml';
  const opened = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 5, text: BUCKET } });
  await opened;
  // Old and repeated versions: a whole new text that would rename the bucket, twice.
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: BUCKET.replace('Logs', 'Stale') }] });
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: BUCKET.replace('Logs', 'Stale') }] });
  // Version 6 edits "Logs" where the version-5 text has it.
  const published = nextDiagnostics(server, uri);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } }, text: 'Audit' }] });
  const p = await published;
  assert.equal(p.version, 6);
  assert.deepEqual(versioningOf(p).map((m) => /bucket (\w+)/i.exec(m)?.[1]), ['Audit']);
  await stopCleanly(server);
});
