// A tree of the findings currently shown in the editor, grouped by file. It reads VS Code's own
// diagnostics, so it always agrees with the Problems panel.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';
import { findingRow } from './findings-label';

export type FindingsItem = { kind: 'file'; uri: vscode.Uri; count: number } | { kind: 'finding'; uri: vscode.Uri; diagnostic: vscode.Diagnostic };

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

export class FindingsTreeProvider implements vscode.TreeDataProvider<FindingsItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FindingsItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listener = vscode.languages.onDidChangeDiagnostics(() => this.changed.fire(undefined));

  getChildren(element?: FindingsItem): FindingsItem[] {
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

  getTreeItem(element: FindingsItem): vscode.TreeItem {
    if (element.kind === 'file') {
      const item = new vscode.TreeItem(element.uri, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${element.count} finding${element.count === 1 ? '' : 's'}`;
      return item;
    }
    const d = element.diagnostic;
    // The rule id and line lead, so a narrow side bar cuts off the message rather than them.
    const row = findingRow(ruleId(d), d.range.start.line, d.message);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.iconPath = new vscode.ThemeIcon(severityIcon[d.severity]);
    item.tooltip = row.tooltip;
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
