// The Accounts view: one root per chosen profile; under it the findings of its last scan grouped
// by strategy or service, what the scan could not read, and what to do when it could not scan.
import * as vscode from 'vscode';
import type { AccountFindingInfo } from '../../../server/src/protocol';
import {
  countsText,
  failureLabel,
  findingLabel,
  groupFindings,
  isFailure,
  needsSignIn,
  profileDescription,
  scanGroup,
  type FindingGroup,
} from './groups';
import type { AccountsModel } from './model';

export type AccountNode =
  | { readonly kind: 'profile'; readonly profile: string }
  | { readonly kind: 'group'; readonly profile: string; readonly group: FindingGroup }
  | { readonly kind: 'finding'; readonly profile: string; readonly finding: AccountFindingInfo }
  | { readonly kind: 'failure'; readonly profile: string; readonly finding: AccountFindingInfo }
  | { readonly kind: 'signIn'; readonly profile: string }
  | { readonly kind: 'error'; readonly profile: string; readonly message: string }
  | { readonly kind: 'notScanned'; readonly profile: string }
  | { readonly kind: 'note'; readonly profile: string; readonly message: string };

export const SHOW_FINDING_COMMAND = 'awsHardening.account.showFinding';
export const SIGN_IN_COMMAND = 'awsHardening.account.signIn';
export const REFRESH_PROFILE_COMMAND = 'awsHardening.account.refreshProfile';

const SEVERITY_ICON: Record<AccountFindingInfo['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

export class AccountsTree implements vscode.TreeDataProvider<AccountNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listener: vscode.Disposable;

  /** `wantProfiles` is called when the roots are first asked for and the profiles are not read yet. */
  constructor(
    private readonly model: AccountsModel,
    private readonly wantProfiles: () => void,
  ) {
    this.listener = model.onDidUpdate(() => this.changed.fire(undefined));
  }

  getChildren(element?: AccountNode): AccountNode[] {
    if (!element) {
      if (!this.model.profilesKnown) this.wantProfiles();
      return this.model.chosen().map((profile) => ({ kind: 'profile', profile }));
    }
    if (element.kind === 'profile') return this.profileChildren(element.profile);
    if (element.kind === 'group') {
      return element.group.findings.map((finding) =>
        isFailure(finding) ? { kind: 'failure', profile: element.profile, finding } : { kind: 'finding', profile: element.profile, finding },
      );
    }
    return [];
  }

  private profileChildren(profile: string): AccountNode[] {
    const info = this.model.profile(profile);
    const scan = this.model.result(profile);
    const nodes: AccountNode[] = [];
    if (needsSignIn(info, scan)) nodes.push({ kind: 'signIn', profile });
    else if (scan?.error) nodes.push({ kind: 'error', profile, message: scan.error });
    else if (info?.problem && !scan) nodes.push({ kind: 'error', profile, message: `Profile ${profile} is incomplete: ${info.problem}` });
    if (this.model.profilesKnown && !info && !scan) nodes.push({ kind: 'error', profile, message: `Profile ${profile} is not in the AWS config any more.` });
    if (!scan) {
      if (nodes.length === 0) nodes.push({ kind: 'notScanned', profile });
      return nodes;
    }
    for (const message of scan.notes) nodes.push({ kind: 'note', profile, message });
    for (const group of groupFindings(scan.findings, this.model.groupBy())) nodes.push({ kind: 'group', profile, group });
    const own = scanGroup(scan.findings);
    if (own) nodes.push({ kind: 'group', profile, group: own });
    return nodes;
  }

  getTreeItem(element: AccountNode): vscode.TreeItem {
    switch (element.kind) {
      case 'profile':
        return this.profileItem(element.profile);
      case 'group': {
        const item = new vscode.TreeItem(element.group.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${element.profile}/${element.group.key}`;
        item.description = countsText(element.group.counts);
        item.contextValue = 'group';
        item.iconPath = new vscode.ThemeIcon(element.group.key === 'scan' ? 'debug-disconnect' : 'folder');
        return item;
      }
      case 'finding': {
        const f = element.finding;
        const item = new vscode.TreeItem(findingLabel(f), vscode.TreeItemCollapsibleState.None);
        item.description = f.region;
        item.iconPath = SEVERITY_ICON[f.severity];
        item.tooltip = new vscode.MarkdownString().appendText(`${f.ruleId}: ${f.message}\n\n${f.resource}`);
        // `.bucket` offers Harden This Bucket on the findings of an S3 bucket.
        item.contextValue = `${f.stack && f.logicalId ? 'finding.inTemplate' : 'finding'}${bucketOfFinding(f) ? '.bucket' : ''}`;
        item.command = { command: SHOW_FINDING_COMMAND, title: 'Show Details', arguments: [element] };
        return item;
      }
      case 'failure': {
        const f = element.finding;
        const item = new vscode.TreeItem(failureLabel(f), vscode.TreeItemCollapsibleState.None);
        item.description = f.region;
        item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = f.message;
        item.contextValue = 'failure';
        item.command = { command: SHOW_FINDING_COMMAND, title: 'Show Details', arguments: [element] };
        return item;
      }
      case 'signIn': {
        const item = new vscode.TreeItem(`Sign in to ${element.profile}`, vscode.TreeItemCollapsibleState.None);
        const sso = this.model.profile(element.profile)?.sso;
        item.description = sso?.token === 'expired' ? 'sign-in expired' : 'signed out';
        item.tooltip = this.model.result(element.profile)?.error ?? `Profile ${element.profile} must sign in to IAM Identity Center before it can be scanned.`;
        item.iconPath = new vscode.ThemeIcon('sign-in');
        item.contextValue = 'signIn';
        item.command = { command: SIGN_IN_COMMAND, title: 'Sign In', arguments: [element.profile] };
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(element.message, vscode.TreeItemCollapsibleState.None);
        item.tooltip = element.message;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = 'error';
        return item;
      }
      case 'notScanned': {
        const scanning = this.model.scanning.has(element.profile);
        const item = new vscode.TreeItem(scanning ? 'Scanning…' : 'Not scanned yet: scan now', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(scanning ? 'loading~spin' : 'play');
        item.contextValue = 'notScanned';
        if (!scanning) item.command = { command: REFRESH_PROFILE_COMMAND, title: 'Scan', arguments: [element.profile] };
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(element.message, vscode.TreeItemCollapsibleState.None);
        item.tooltip = element.message;
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'note';
        return item;
      }
    }
  }

  private profileItem(profile: string): vscode.TreeItem {
    const info = this.model.profile(profile);
    const scan = this.model.result(profile);
    const item = new vscode.TreeItem(profile, vscode.TreeItemCollapsibleState.Expanded);
    item.id = profile;
    const scanning = this.model.scanning.has(profile);
    item.description = `${profileDescription(info, scan)}${scanning ? ' · scanning…' : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escape(profile)}**`);
    if (info) tooltip.appendText(` (${info.kind}${info.region ? `, ${info.region}` : ''})`);
    if (scan?.identity) {
      tooltip.appendText(`\n\n${scan.identity.arn}`);
      if (scan.identity.alias) tooltip.appendText(`\n\nAlias: ${scan.identity.alias}`);
    }
    if (scan?.regions.length) tooltip.appendText(`\n\nRegions: ${scan.regions.join(', ')}`);
    if (info?.sso) tooltip.appendText(`\n\nIAM Identity Center: ${info.sso.startUrl} (${info.sso.token}${info.sso.expiresAt ? ` until ${info.sso.expiresAt}` : ''})`);
    if (scan) tooltip.appendText(`\n\n${scan.findings.length} findings, ${scan.calls} calls`);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(needsSignIn(info, scan) ? 'account' : 'cloud');
    item.contextValue = 'profile';
    return item;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

/** The bucket a finding is about, from its S3 bucket ARN (`arn:aws:s3:::name`, no key). */
export function bucketOfFinding(finding: AccountFindingInfo): string | undefined {
  const match = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(finding.resource);
  return match?.[1];
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
