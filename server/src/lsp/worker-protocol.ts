// The messages between the language server and its analysis worker.
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

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown; readonly counts: WorkerCounts }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly counts: WorkerCounts };
