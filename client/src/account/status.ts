// The status-bar item of the active profile and its account; clicking it offers what can be done
// with profiles from anywhere: switch, choose, sign in, refresh.
import * as vscode from 'vscode';
import { needsSignIn } from './groups';
import type { AccountsModel } from './model';

export const STATUS_MENU_COMMAND = 'awsHardening.account.statusMenu';

export class AccountStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('awsHardening.account', vscode.StatusBarAlignment.Left, 10);
  private readonly listener: vscode.Disposable;

  constructor(private readonly model: AccountsModel) {
    this.item.name = 'AWS Hardening: active profile';
    this.item.command = STATUS_MENU_COMMAND;
    this.listener = model.onDidUpdate(() => this.update());
    this.update();
  }

  private update(): void {
    const profile = this.model.active();
    if (!profile) {
      this.item.hide();
      return;
    }
    const scan = this.model.result(profile);
    const signIn = needsSignIn(this.model.profile(profile), scan);
    const account = scan?.identity?.account;
    this.item.text = `$(cloud) ${profile}${signIn ? ' · signed out' : account ? ` · ${account}` : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**AWS Hardening**: active profile ');
    tooltip.appendText(profile);
    if (scan?.identity?.alias) tooltip.appendText(`\n\nAlias: ${scan.identity.alias}`);
    if (scan?.regions.length) tooltip.appendText(`\n\nRegions: ${scan.regions.join(', ')}`);
    if (signIn) tooltip.appendText('\n\nSigned out: click to sign in.');
    this.item.tooltip = tooltip;
    this.item.backgroundColor = signIn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
