// The messages between the language server and its analysis worker.
import type { AnalysisRecord } from './analysis-cache';
import type { FeatureCalls, FeatureContext, FeatureName } from './document-features';

export interface WorkerDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly text: string;
}

export type WorkerRequest =
  | {
      readonly kind: 'call';
      readonly id: number;
      readonly method: FeatureName;
      readonly args: FeatureCalls[FeatureName]['args'];
      readonly document: WorkerDocument;
      /** Changes whenever the context does, so the worker knows when to drop its cache. */
      readonly generation: number;
      readonly context: FeatureContext;
    }
  | { readonly kind: 'forget'; readonly uri: string };

export interface WorkerCounts {
  readonly analysed: number;
  readonly skipped: number;
}

/** Beside every answer: the worker's counts, and the analyses the call made, for the server's log. */
export type WorkerResponse = (
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string }
) & { readonly counts: WorkerCounts; readonly analysed: readonly AnalysisRecord[] };
