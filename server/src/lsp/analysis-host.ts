// Decides where a document is analysed. Small documents are answered in the server at once; large
// ones (64 KB and more, or zones that include or generate records) go to a worker thread, so the
// server keeps answering about other documents meanwhile. A worker that dies (out of memory, a bug)
// is restarted, at most a few times a minute; beyond that, large documents get an error instead.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analysable, isZoneDocument, type AnalysisRecord } from './analysis-cache';
import { callFeature, type DocumentFeatures, type FeatureCalls, type FeatureContext, type FeatureName } from './document-features';
import type { WorkerCounts, WorkerRequest, WorkerResponse } from './worker-protocol';

/** From this many characters a document is analysed in the worker. */
export const WORKER_THRESHOLD = 64 * 1024;
/** Restarts of a dead worker allowed within RESTART_WINDOW_MS. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** Zones whose size says nothing about their work: their includes and generated records count. */
const ZONE_EXPANSION = /^[ \t]*\$(INCLUDE|GENERATE)\b/im;

/** Why a call to the worker did not give an answer. */
export class WorkerUnavailable extends Error {}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

export class AnalysisHost {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Whether each document's current version is answered by the worker. */
  private readonly placement = new Map<string, { readonly version: number; readonly offThread: boolean }>();
  private nextId = 1;
  private readonly restarts: number[] = [];
  private gaveUp = false;
  /** The worker's counts, summed over the workers this host has started. */
  private readonly done = { analysed: 0, skipped: 0 };
  private current: WorkerCounts = { analysed: 0, skipped: 0 };
  workerStarts = 0;

  constructor(
    private readonly local: DocumentFeatures,
    private readonly context: () => { readonly context: FeatureContext; readonly generation: number },
    private readonly log: (message: string) => void,
    /** Told of each analysis the worker made; those made here are told by `local` itself. */
    private readonly onAnalysed: (record: AnalysisRecord) => void = () => {},
    private readonly workerFile = join(__dirname, 'analysis-worker.js'),
  ) {}

  /** Whether a document is answered by the worker; one that is none of ours is answered here, at once. */
  offThread(document: TextDocument): boolean {
    // Decided once per version: every hover, code action and code lens asks.
    const known = this.placement.get(document.uri);
    if (known?.version === document.version) return known.offThread;
    const text = document.getText();
    const offThread = (text.length >= WORKER_THRESHOLD || (isZoneDocument(document) && ZONE_EXPANSION.test(text))) && analysable(document);
    this.placement.set(document.uri, { version: document.version, offThread });
    return offThread;
  }

  call<M extends FeatureName>(method: M, document: TextDocument, ...args: FeatureCalls[M]['args']): Promise<FeatureCalls[M]['result']> {
    if (!this.offThread(document)) {
      try {
        return Promise.resolve(callFeature(this.local, method, document, args));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const worker = this.ensureWorker();
    if (!worker) return Promise.reject(new WorkerUnavailable(`the analysis worker stopped ${MAX_RESTARTS} times within a minute, so large documents are no longer analysed until the server restarts`));
    const id = this.nextId++;
    const { context, generation } = this.context();
    const request: WorkerRequest = {
      kind: 'call',
      id,
      method,
      args,
      generation,
      context,
      document: { uri: document.uri, languageId: document.languageId, version: document.version, text: document.getText() },
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage(request);
    });
  }

  forget(uri: string): void {
    this.placement.delete(uri);
    this.worker?.postMessage({ kind: 'forget', uri } satisfies WorkerRequest);
  }

  /** Documents analysed and skipped in the worker. */
  counts(): WorkerCounts {
    return { analysed: this.done.analysed + this.current.analysed, skipped: this.done.skipped + this.current.skipped };
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.gaveUp = true;
    void worker?.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.gaveUp) return undefined;
    const now = Date.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.workerStarts > 0) {
      if (this.restarts.length >= MAX_RESTARTS) {
        this.gaveUp = true;
        this.log(`the analysis worker stopped ${MAX_RESTARTS} times within a minute; large documents are no longer analysed`);
        return undefined;
      }
      this.restarts.push(now);
    }
    const heap = Number(process.env.AWS_HARDENING_WORKER_HEAP_MB);
    const worker = new Worker(this.workerFile, Number.isInteger(heap) && heap > 0 ? { resourceLimits: { maxOldGenerationSizeMb: heap } } : {});
    this.workerStarts++;
    this.worker = worker;
    this.current = { analysed: 0, skipped: 0 };
    worker.on('message', (response: WorkerResponse) => {
      this.current = response.counts;
      for (const record of response.analysed) this.onAnalysed(record);
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if (response.ok) pending.resolve(response.result);
      else pending.reject(new Error(response.error));
    });
    let reason = 'it exited';
    worker.on('error', (err) => {
      reason = err.message;
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.done.analysed += this.current.analysed;
      this.done.skipped += this.current.skipped;
      this.current = { analysed: 0, skipped: 0 };
      this.log(`the analysis worker stopped (${reason}, exit code ${code}); it is started again for the next large document`);
      const failed = [...this.pending.values()];
      this.pending.clear();
      for (const p of failed) p.reject(new WorkerUnavailable(`its analysis stopped the analysis worker (${reason})`));
    });
    return worker;
  }
}
