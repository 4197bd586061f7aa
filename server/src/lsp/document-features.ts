// Everything the server answers about one document, from its analysis: diagnostics, hover, code
// actions, code lenses, the serial increment and a bucket's hardening. The same object runs in the server for small
// documents and in the analysis worker for large ones, so both give the same answers.
import type { CodeAction, CodeActionParams, CodeLens, CompletionList, Diagnostic, Hover, Position, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { capFindings } from '../core/cap';
import type { AnalysisOptions } from '../core/rules/types';
import type { HardenBucketEditResult } from '../protocol';
import { AnalysisCache, documentOptions, type AnalysisRecord } from './analysis-cache';
import { codeActions } from './code-actions';
import { completable, completionList } from './completion';
import { toDiagnostic } from './diagnostics';
import { hardenActions, hardenBucketAnswer, type HardenTargetParams } from './harden-bucket';
import { hover } from './hover';
import { PemFeatures } from './pem-features';
import { ZoneFeatures } from './zone-features';

/** What the answers depend on beyond the document: plain data, so it can be sent to the worker. */
export interface FeatureContext {
  readonly options: AnalysisOptions;
  readonly maxFindingsPerRule: number;
  /** The workspace folders' paths. */
  readonly folders: readonly string[];
  /** The client asks for a suppression's reason itself. */
  readonly canSuppress: boolean;
  /** The client runs Harden This Bucket itself (with its preview), so the code action names the command. */
  readonly canHarden: boolean;
}

const CAP_HINT = 'Set awsHardening.maxFindingsPerRule to 0 to list them all.';

export class DocumentFeatures {
  readonly cache: AnalysisCache;
  private readonly zones: ZoneFeatures;
  private readonly pems: PemFeatures;

  constructor(
    private readonly context: () => FeatureContext,
    onAnalysed?: (record: AnalysisRecord) => void,
  ) {
    // A zone caps each rule's findings while it is analysed, as the diagnostics would: a zone of a
    // hundred thousand records would otherwise make (and keep) tens of thousands of findings that are
    // never shown. Fix-all analyses the text again in full.
    this.cache = new AnalysisCache(
      () => {
        const { options, maxFindingsPerRule } = this.context();
        return { ...options, cap: { max: maxFindingsPerRule, hint: CAP_HINT } };
      },
      () => this.context().folders,
      onAnalysed,
    );
    this.zones = new ZoneFeatures((document) => this.cache.get(document).analysis);
    this.pems = new PemFeatures((document) => this.cache.get(document).analysis);
  }

  diagnostics(document: TextDocument): Diagnostic[] {
    // Only what is shown is capped (a zone's analysis is capped already): code actions see every
    // finding of a template, and fix-all every finding of any document.
    const { shown, analysis } = this.cache.get(document);
    return (analysis.capped ? shown : capFindings(shown, this.context().maxFindingsPerRule, CAP_HINT)).map((f) => toDiagnostic(document, f));
  }

  hover(document: TextDocument, position: Position): Hover | null {
    const { shown, analysis } = this.cache.get(document);
    const parts = [hover(document, shown, position, analysis.template, analysis.kind !== 'none'), this.zones.hover(document, position), this.pems.hover(document, position)].filter((h) => h !== null);
    if (parts.length < 2) return parts[0] ?? null;
    // A TTL with a finding on it: the rule's docs, then what the TTL means.
    return { contents: { kind: 'markdown', value: parts.map((h) => (h.contents as { value: string }).value).join('\n\n---\n\n') } };
  }

  completion(document: TextDocument, position: Position): CompletionList | null {
    if (!completable(document)) return null;
    return completionList(document, position, this.cache.latestTemplate(document));
  }

  codeActions(document: TextDocument, params: CodeActionParams): CodeAction[] {
    const { options, folders, canSuppress, canHarden } = this.context();
    const own = { ...options, ...documentOptions(document, folders) };
    const { analysis } = this.cache.get(document);
    return [...codeActions(document, analysis.findings, params, own, canSuppress), ...hardenActions(document, analysis, params, own, canHarden)];
  }

  hardenBucket(document: TextDocument, target: HardenTargetParams): HardenBucketEditResult {
    const { options, folders } = this.context();
    return hardenBucketAnswer(document, target, { ...options, ...documentOptions(document, folders) });
  }

  codeLenses(document: TextDocument): CodeLens[] {
    return [...this.zones.codeLenses(document), ...this.pems.codeLenses(document)];
  }

  incrementSerial(document: TextDocument): WorkspaceEdit | null {
    return this.zones.incrementSerial(document);
  }
}

/** The requests either side can answer, by name, with their arguments and results. */
export interface FeatureCalls {
  diagnostics: { args: []; result: Diagnostic[] };
  hover: { args: [Position]; result: Hover | null };
  completion: { args: [Position]; result: CompletionList | null };
  codeActions: { args: [CodeActionParams]; result: CodeAction[] };
  codeLenses: { args: []; result: CodeLens[] };
  incrementSerial: { args: []; result: WorkspaceEdit | null };
  hardenBucket: { args: [HardenTargetParams]; result: HardenBucketEditResult };
}
export type FeatureName = keyof FeatureCalls;

export function callFeature<M extends FeatureName>(features: DocumentFeatures, method: M, document: TextDocument, args: FeatureCalls[M]['args']): FeatureCalls[M]['result'] {
  const call = features[method] as (document: TextDocument, ...rest: FeatureCalls[M]['args']) => FeatureCalls[M]['result'];
  return call.call(features, document, ...args);
}
