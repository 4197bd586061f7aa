// The analysis worker: a worker thread that answers for large documents, so that analysing one
// never keeps the server from answering about the others. It holds its own cache of analyses; the
// server sends, with each call, the document as it is now and the context it was made in.
import { parentPort } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisRecord } from './analysis-cache';
import { callFeature, DocumentFeatures, type FeatureContext } from './document-features';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread of the language server');

let context: FeatureContext | undefined;
let generation = -1;
/** The analyses the current call made, sent back with its answer for the server's log. */
let analysed: AnalysisRecord[] = [];
const features = new DocumentFeatures(() => context!, (record) => analysed.push(record));
const documents = new Map<string, TextDocument>();

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'forget') {
    documents.delete(request.uri);
    features.cache.forget(request.uri);
    return;
  }
  if (request.generation !== generation) {
    // New settings or folders: every cached analysis may be stale.
    context = request.context;
    generation = request.generation;
    features.cache.clear();
  }
  const { uri, languageId, version, text } = request.document;
  let document = documents.get(uri);
  if (!document || document.version !== version || document.languageId !== languageId) {
    document = TextDocument.create(uri, languageId, version, text);
    documents.set(uri, document);
  }
  analysed = [];
  let response: WorkerResponse;
  try {
    response = { id: request.id, ok: true, result: callFeature(features, request.method, document, request.args), counts: { ...features.cache.counts }, analysed };
  } catch (err) {
    response = { id: request.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err), counts: { ...features.cache.counts }, analysed };
  }
  port.postMessage(response);
});
