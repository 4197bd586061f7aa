// Read-only Markdown documents the extension writes (a finding's details, a hardening plan and its
// result), served under a scheme of their own to VS Code's Markdown preview: no webview of ours,
// nothing a person could edit or save by mistake. The newest few are kept, so a preview reopened
// from its tab still has its text.
import * as vscode from 'vscode';

export class MarkdownDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly scheme: string,
    private readonly keep: number,
    /** Shown for a document no longer kept, saying how to get it again. */
    private readonly gone: string,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? this.gone;
  }

  /** Opens `markdown` as `<name>.md` in the preview; resolves with the document's URI. */
  async show(name: string, markdown: string, query = ''): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${name.replace(/[\\?#%:*"<>|]/g, '_')}.md`, query });
    const key = uri.toString();
    this.texts.delete(key);
    this.texts.set(key, markdown);
    while (this.texts.size > this.keep) this.texts.delete(this.texts.keys().next().value!);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // Without the built-in Markdown extension, the source is still readable.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
