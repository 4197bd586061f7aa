// Analyses a document once per version. While a template does not parse, the findings of the
// last version that did are kept beside the parse error, so the user does not lose them mid-edit.
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, type Analysis, type DocumentKind } from '../core/analyze';
import type { Template } from '../core/cfn/template';
import { detectLanguage, isPemFileName } from '../core/detect';
import type { AnalysisOptions, Finding } from '../core/rules/types';
import { isZoneFile, zoneIncludeReader } from '../io/zone-includes';

/**
 * Which documents are PEM text: the editor's `pem` language, or, for editors that send plain text,
 * the file extensions the extension gives that language.
 */
export function isPemDocument(path: string | undefined, languageId: string): boolean {
  if (languageId === 'pem') return true;
  return languageId === 'plaintext' && path !== undefined && isPemFileName(path);
}

/**
 * Where a zone's `$INCLUDE` may read: the zone file's folder, and each workspace folder holding it
 * (a zone may include a shared file from a sibling folder of the same project).
 */
export function includeRoots(path: string, workspaceFolders: readonly string[]): string[] {
  const holding = workspaceFolders.filter((folder) => path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`));
  return [dirname(path), ...holding];
}

/** Whether a document is read as a zone file, decided as documentOptions decides it. */
export function isZoneDocument(document: TextDocument): boolean {
  const path = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
  return !isPemDocument(path, document.languageId) && isZoneFile(path ?? document.uri, document.languageId);
}

/** What the analysis needs to know about a document beyond its text; folders are the workspace's paths. */
export function documentOptions(document: TextDocument, workspaceFolders: readonly string[] = []): AnalysisOptions {
  const path = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
  if (isPemDocument(path, document.languageId)) return { language: 'pem', ...(path ? { fileName: path } : {}) };
  if (!isZoneFile(path ?? document.uri, document.languageId)) return {};
  return { language: 'dns-zone', ...(path ? { fileName: path, readInclude: zoneIncludeReader(includeRoots(path, workspaceFolders)) } : {}) };
}

/** One analysis, for the server's log: which document, what it was read as, and what it cost. */
export interface AnalysisRecord {
  readonly uri: string;
  readonly kind: DocumentKind;
  readonly findings: number;
  readonly parseFailed: boolean;
  readonly ms: number;
}

interface Entry {
  readonly version: number;
  readonly analysis: Analysis;
  /** Findings to show: the analysis, plus the last good findings while parsing fails. */
  readonly shown: readonly Finding[];
}

/**
 * Whether a document is worth analysing. Editors open every YAML and JSON file (lock files, CI
 * configs): a marker search decides whether one may be a template before any parse is paid for.
 */
export function analysable(document: TextDocument, own: AnalysisOptions = documentOptions(document)): boolean {
  return own.language !== undefined || detectLanguage(document.getText(), { languageId: document.languageId }) === 'cloudformation';
}

/** What a document that is not a template, zone or PEM bundle gets: nothing, and no parse. */
const NOT_ANALYSED: Analysis = { kind: 'none', findings: [], parseFailed: false };

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lastGood = new Map<string, readonly Finding[]>();
  /** The template of the newest version that parsed: completion reads its names while the text does not parse. */
  private readonly lastTemplate = new Map<string, Template>();
  /** Documents analysed, and documents skipped because a cheap look said they are none of ours. */
  readonly counts = { analysed: 0, skipped: 0 };

  constructor(
    private readonly options: () => AnalysisOptions,
    private readonly workspaceFolders: () => readonly string[] = () => [],
    /** Told of each document analysed (not of those skipped, nor of answers from the cache). */
    private readonly onAnalysed: (record: AnalysisRecord) => void = () => {},
  ) {}

  get(document: TextDocument): Entry {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const own = documentOptions(document, this.workspaceFolders());
    const skip = !analysable(document, own);
    if (skip) this.counts.skipped++;
    else this.counts.analysed++;
    const started = performance.now();
    // A zone edited since its last analysis is read again from where the edit starts.
    const previousZone = cached?.analysis.kind === 'dns-zone' && own.language === 'dns-zone' ? cached.analysis.zone?.zone : undefined;
    const analysis = skip ? NOT_ANALYSED : analyzeText(document.getText(), { ...this.options(), ...own, ...(previousZone ? { previousZone } : {}) });
    if (!skip) this.onAnalysed({ uri: document.uri, kind: analysis.kind, findings: analysis.findings.length, parseFailed: analysis.parseFailed, ms: performance.now() - started });
    let shown = analysis.findings;
    if (analysis.parseFailed) {
      const previous = this.lastGood.get(document.uri) ?? [];
      // Earlier findings point into older text: keep only those still inside the document.
      const length = document.getText().length;
      shown = [...analysis.findings, ...previous.filter((f) => f.end <= length).map(({ fix: _fix, ...rest }) => rest)];
    } else {
      this.lastGood.set(document.uri, analysis.findings);
    }
    if (analysis.template) this.lastTemplate.set(document.uri, analysis.template);
    const entry = { version: document.version, analysis, shown };
    this.entries.set(document.uri, entry);
    return entry;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.lastGood.delete(uri);
    this.lastTemplate.delete(uri);
  }

  /**
   * The newest template the document parsed to, without analysing the version typed since (the
   * debounced diagnostics do that); a document never analysed is analysed now.
   */
  latestTemplate(document: TextDocument): Template | undefined {
    if (!this.entries.has(document.uri)) return this.get(document).analysis.template;
    return this.lastTemplate.get(document.uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
