// A tree of the findings currently shown in the editor, grouped by file. It reads VS Code's own
// diagnostics, so it always agrees with the Problems panel.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';

type Item = { kind: 'file'; uri: vscode.Uri; count: number } | { kind: 'finding'; uri: vscode.Uri; diagnostic: vscode.Diagnostic };

function ours(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

function ruleId(d: vscode.Diagnostic): string {
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? '' : String(code);
}

const severityIcon: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'lightbulb',
};

export class FindingsTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listener = vscode.languages.onDidChangeDiagnostics(() => this.changed.fire(undefined));

  getChildren(element?: Item): Item[] {
    if (!element) {
      return vscode.languages
        .getDiagnostics()
        .map(([uri, diagnostics]) => ({ kind: 'file' as const, uri, count: ours(diagnostics).length }))
        .filter((f) => f.count > 0)
        .sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
    }
    if (element.kind === 'file') {
      return ours(vscode.languages.getDiagnostics(element.uri))
        .sort((a, b) => a.range.start.compareTo(b.range.start))
        .map((diagnostic) => ({ kind: 'finding' as const, uri: element.uri, diagnostic }));
    }
    return [];
  }

  getTreeItem(element: Item): vscode.TreeItem {
    if (element.kind === 'file') {
      const item = new vscode.TreeItem(element.uri, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${element.count} finding${element.count === 1 ? '' : 's'}`;
      return item;
    }
    const d = element.diagnostic;
    const item = new vscode.TreeItem(d.message, vscode.TreeItemCollapsibleState.None);
    item.description = `${ruleId(d)} · line ${d.range.start.line + 1}`;
    item.iconPath = new vscode.ThemeIcon(severityIcon[d.severity]);
    item.tooltip = `${ruleId(d)}: ${d.message}`;
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [element.uri, { selection: d.range } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
