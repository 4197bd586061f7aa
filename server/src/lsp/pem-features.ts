// PEM bundles in the editor beyond diagnostics: a code lens above each certificate with who issued
// it and when it expires, and a hover with its details, from the bundle the analysis read.
import { MarkupKind, type CodeLens, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { certificateAt, certificateLensTitle, certificateMarkdown } from '../core/pem/info';

export class PemFeatures {
  constructor(
    private readonly analysis: (document: TextDocument) => Analysis,
    private readonly now: () => Date = () => new Date(),
  ) {}

  codeLenses(document: TextDocument): CodeLens[] {
    const bundle = this.analysis(document).pem;
    if (!bundle) return [];
    const now = this.now();
    return bundle.certificates.map((c) => {
      const at = document.positionAt(c.block.begin.start);
      return { range: { start: at, end: at }, command: { title: certificateLensTitle(c.facts, now), command: '' } };
    });
  }

  hover(document: TextDocument, position: Position): Hover | null {
    const bundle = this.analysis(document).pem;
    const certificate = bundle && certificateAt(bundle, document.offsetAt(position));
    if (!bundle || !certificate) return null;
    const { block } = certificate;
    return {
      contents: { kind: MarkupKind.Markdown, value: certificateMarkdown(bundle, certificate, this.now()) },
      range: { start: document.positionAt(block.begin.start), end: document.positionAt(block.end.end) },
    };
  }
}
