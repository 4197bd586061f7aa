// The accounts view's composition: state, tree, status bar, details, sign-in and what each command
// does. Commands are registered from the extension's one table (see `commands.ts`).
import * as vscode from 'vscode';
import type { AccountFindingInfo, ProfileScanInfo } from '../../../server/src/protocol';
import { FindingDetails } from './details';
import type { GroupBy } from './groups';
import { needsSignIn } from './groups';
import { accountSettings, AccountsModel } from './model';
import { exportReport, readProfiles, runScan, type ExportFormat } from './scan';
import type { ClientSource } from './server';
import { SignIn, type SignInMethod } from './sign-in';
import { AccountStatus } from './status';
import { openInTemplate } from './template';
import { AccountsTree, type AccountNode } from './tree';

export const ACCOUNTS_VIEW = 'awsHardening.accounts';
const GROUP_BY_CONTEXT = 'awsHardening.account.groupBy';
const HAS_RESULTS_CONTEXT = 'awsHardening.account.hasResults';

/** What `activate()` hands to extension-host tests: the tree to walk and an event to wait on. */
export interface AccountsApi {
  readonly tree: vscode.TreeDataProvider<AccountNode>;
  readonly onDidUpdate: vscode.Event<void>;
  results(): ReadonlyMap<string, ProfileScanInfo>;
}

/** A command's target: a tree node, a profile name, or nothing (then the user picks). */
function profileOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (typeof target === 'object' && target !== null && typeof (target as { profile?: unknown }).profile === 'string') return (target as { profile: string }).profile;
  return undefined;
}

function findingOf(target: unknown): AccountFindingInfo | undefined {
  const finding = (target as { finding?: AccountFindingInfo } | undefined)?.finding;
  return finding && typeof finding.ruleId === 'string' ? finding : undefined;
}

export class Accounts implements vscode.Disposable {
  readonly model: AccountsModel;
  readonly tree: AccountsTree;
  private readonly details: FindingDetails;
  private readonly signIns: SignIn;
  private readonly disposables: vscode.Disposable[] = [];
  private profilesAsked = false;

  constructor(
    context: vscode.ExtensionContext,
    readonly source: ClientSource,
  ) {
    this.model = new AccountsModel(context.workspaceState);
    this.tree = new AccountsTree(this.model, () => this.askProfiles());
    this.details = new FindingDetails(source);
    this.signIns = new SignIn(this.model, source, (profiles) => this.scan(profiles));
    const view = vscode.window.createTreeView(ACCOUNTS_VIEW, { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(this.model, this.tree, this.details, this.signIns, view, new AccountStatus(this.model));
    this.disposables.push(
      this.model.onDidUpdate(() => this.setContext()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('awsHardening.account.profiles')) this.model.fire();
      }),
    );
    this.setContext();
  }

  get api(): AccountsApi {
    return { tree: this.tree, onDidUpdate: this.model.onDidUpdate, results: () => this.model.results() };
  }

  /** Once the server runs: read the profiles, and scan the chosen ones when the user asked for that. */
  async started(): Promise<void> {
    const chosen = this.model.chosen();
    if (chosen.length === 0) return;
    await this.askProfiles();
    if (accountSettings().get<boolean>('autoScan', false)) await this.scan(chosen);
  }

  private askProfiles(): Promise<boolean> {
    if (this.profilesAsked) return Promise.resolve(this.model.profilesKnown);
    this.profilesAsked = true;
    return readProfiles(this.model, this.source, true).then((ok) => {
      // Not known yet (the server was starting): ask again the next time the tree is drawn.
      if (!ok) this.profilesAsked = false;
      return ok;
    });
  }

  private setContext(): void {
    void vscode.commands.executeCommand('setContext', GROUP_BY_CONTEXT, this.model.groupBy());
    void vscode.commands.executeCommand('setContext', HAS_RESULTS_CONTEXT, this.model.asScanResult() !== undefined);
  }

  private scan(profiles: readonly string[]): Promise<boolean> {
    return runScan(this.model, this.source, profiles);
  }

  /** Chooses the profiles shown; `names` skips the quick pick (for tests and scripts). */
  async chooseProfiles(names?: unknown): Promise<readonly string[] | undefined> {
    if (Array.isArray(names)) {
      await this.model.choose(names.filter((n): n is string => typeof n === 'string'));
      return this.model.chosen();
    }
    if (!(await readProfiles(this.model, this.source))) return undefined;
    const chosen = new Set(this.model.chosen());
    const items = this.model.allProfiles().map((p) => ({
      label: p.name,
      description: [p.kind, p.region, p.sso ? `IAM Identity Center: ${p.sso.token}` : undefined, p.name === this.model.defaultProfile() ? 'default' : undefined]
        .filter(Boolean)
        .join(' · '),
      ...(p.problem ? { detail: `Incomplete: ${p.problem}` } : {}),
      picked: chosen.has(p.name),
    }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('AWS Hardening: the AWS config has no profiles. Add one with `aws configure` or `aws configure sso`.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'AWS profiles to show in the Accounts view' });
    if (!picked) return undefined;
    const before = new Set(this.model.chosen());
    await this.model.choose(picked.map((p) => p.label));
    const added = this.model.chosen().filter((p) => !before.has(p) && !this.model.result(p));
    if (added.length > 0 && accountSettings().get<boolean>('autoScan', false)) void this.scan(added);
    return this.model.chosen();
  }

  async refreshAll(): Promise<boolean> {
    const chosen = this.model.chosen();
    if (chosen.length === 0) {
      return (await this.chooseProfiles()) ? this.refreshAll() : false;
    }
    this.signIns.forgetNotices();
    await readProfiles(this.model, this.source, true);
    return this.scan(chosen);
  }

  async refreshProfile(target?: unknown): Promise<boolean> {
    const profile = profileOf(target) ?? (await this.pickChosen('Scan profile'));
    if (!profile) return false;
    this.signIns.forgetNotices();
    await readProfiles(this.model, this.source, true);
    await this.model.setActive(profile);
    return this.scan([profile]);
  }

  signIn(target?: unknown, method?: unknown): Promise<boolean> {
    const how: SignInMethod | undefined = method === 'awsCli' || method === 'deviceFlow' ? method : undefined;
    return this.signIns.signIn(profileOf(target), how);
  }

  async showFinding(target?: unknown): Promise<vscode.Uri | undefined> {
    const finding = findingOf(target);
    return finding ? this.details.show(finding) : undefined;
  }

  openInTemplate(target?: unknown, applyFirst?: unknown): Promise<boolean> {
    const finding = findingOf(target);
    return finding ? openInTemplate(finding, this.source, applyFirst === true) : Promise.resolve(false);
  }

  exportReport(format?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
    const known = format === 'sarif' || format === 'csv' || format === 'markdown' ? (format as ExportFormat) : undefined;
    const uri = target instanceof vscode.Uri ? target : typeof target === 'string' && target ? vscode.Uri.file(target) : undefined;
    return exportReport(this.model, this.source, known, uri);
  }

  setGroupBy(by: GroupBy): Promise<void> {
    return this.model.setGroupBy(by);
  }

  async statusMenu(): Promise<void> {
    const active = this.model.active();
    const items: (vscode.QuickPickItem & { run: () => unknown })[] = [];
    for (const profile of this.model.chosen()) {
      if (profile === active) continue;
      const account = this.model.result(profile)?.identity?.account;
      items.push({ label: `$(arrow-swap) Switch to ${profile}`, ...(account ? { description: account } : {}), run: () => this.model.setActive(profile) });
    }
    if (active && needsSignIn(this.model.profile(active), this.model.result(active))) {
      items.unshift({ label: `$(sign-in) Sign in to ${active}`, run: () => this.signIn(active) });
    }
    items.push({ label: '$(checklist) Choose AWS profiles…', run: () => this.chooseProfiles() });
    if (active) items.push({ label: `$(refresh) Scan ${active}`, run: () => this.refreshProfile(active) });
    items.push({ label: '$(refresh) Scan all chosen profiles', run: () => this.refreshAll() });
    const picked = await vscode.window.showQuickPick(items, { title: active ? `AWS Hardening · ${active}` : 'AWS Hardening' });
    await picked?.run();
  }

  private async pickChosen(title: string): Promise<string | undefined> {
    const chosen = this.model.chosen();
    if (chosen.length <= 1) return chosen[0];
    return vscode.window.showQuickPick([...chosen], { title });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
