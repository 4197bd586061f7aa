// Signing profiles in to IAM Identity Center: the device flow through the server (the page opened
// and the code copied for the user), or `aws sso login` in a terminal for those who prefer the
// AWS CLI v2. Either way the CLI's token cache changes; watching it, the profiles waiting for a
// sign-in are scanned again, whoever signed them in.
import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ACCOUNT_SIGN_IN_CODE_NOTIFICATION,
  ACCOUNT_SIGN_IN_REQUEST,
  type AccountSignInCode,
  type AccountSignInParams,
  type AccountSignInResult,
} from '../../../server/src/protocol';
import { needsSignIn } from './groups';
import { accountSettings, type AccountsModel } from './model';
import { readProfiles } from './scan';
import { messageOf, requireClient, type ClientSource } from './server';

export type SignInMethod = 'deviceFlow' | 'awsCli';

/** Changes in the token cache come in bursts (a token and its client registration). */
const CACHE_SETTLE_MS = 300;

/** The AWS CLI's IAM Identity Center token cache, under HOME as the CLI and the SDK read it. */
export function tokenCacheDir(): string {
  return path.join(process.env.HOME || homedir(), '.aws', 'sso', 'cache');
}

let cliCheck: Promise<boolean> | undefined;

/** Whether `aws --version` says AWS CLI v2 (v1 has no `sso login` for every profile kind). Asked once. */
export function awsCliV2(): Promise<boolean> {
  cliCheck ??= new Promise((resolve) => {
    execFile('aws', ['--version'], { timeout: 5000, windowsHide: true }, (err, stdout, stderr) => {
      resolve(!err && /aws-cli\/2\./.test(`${stdout} ${stderr}`));
    });
  });
  return cliCheck;
}

export class SignIn implements vscode.Disposable {
  /** Profiles seen needing a sign-in and not scanned since: rescanned when the token cache changes. */
  private readonly waiting = new Set<string>();
  /** Profiles told about in a notification since the last refresh. */
  private readonly notified = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private resuming: Promise<void> = Promise.resolve();

  constructor(
    private readonly model: AccountsModel,
    private readonly source: ClientSource,
    private readonly rescan: (profiles: readonly string[]) => Promise<unknown>,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(tokenCacheDir()), '*.json'));
    const changed = () => this.cacheChanged();
    this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    this.disposables.push(model.onDidUpdate(() => this.look()));
  }

  /** A refresh asked for by the user: profiles still signed out are told about again. */
  forgetNotices(): void {
    this.notified.clear();
  }

  private look(): void {
    for (const profile of this.model.chosen()) {
      if (this.model.scanning.has(profile) || !needsSignIn(this.model.profile(profile), this.model.result(profile))) continue;
      this.waiting.add(profile);
      if (this.notified.has(profile)) continue;
      this.notified.add(profile);
      void this.notify(profile);
    }
  }

  private async notify(profile: string): Promise<void> {
    const expired = this.model.profile(profile)?.sso?.token === 'expired';
    const actions = ['Sign in', ...((await awsCliV2()) ? ['Sign in with AWS CLI'] : [])];
    const choice = await vscode.window.showWarningMessage(
      `AWS Hardening: profile ${profile} is ${expired ? 'no longer signed in (the sign-in expired)' : 'signed out'} of IAM Identity Center, so it cannot be scanned.`,
      ...actions,
    );
    if (choice) await this.signIn(profile, choice === 'Sign in' ? 'deviceFlow' : 'awsCli');
  }

  /** Signs a profile in (the chosen method, else the setting's); true once the device flow confirmed it. */
  async signIn(profile?: string, method?: SignInMethod): Promise<boolean> {
    const name = profile ?? (await this.pickProfile());
    if (!name) return false;
    this.waiting.add(name);
    let how: SignInMethod = method ?? (accountSettings().get<string>('signInWith') === 'awsCli' ? 'awsCli' : 'deviceFlow');
    if (how === 'awsCli' && !(await awsCliV2())) {
      void vscode.window.showWarningMessage('AWS Hardening: the AWS CLI v2 was not found on the PATH; signing in from VS Code instead.');
      how = 'deviceFlow';
    }
    if (how === 'awsCli') {
      // The CLI writes the token cache when done; the watcher rescans then.
      const terminal = vscode.window.createTerminal({ name: `AWS sign-in: ${name}`, shellPath: 'aws', shellArgs: ['sso', 'login', '--profile', name] });
      terminal.show();
      return false;
    }
    return this.deviceFlow(name);
  }

  private async deviceFlow(profile: string): Promise<boolean> {
    let client;
    try {
      client = requireClient(this.source);
    } catch (err) {
      void vscode.window.showErrorMessage(`AWS Hardening: cannot sign in: ${messageOf(err)}`);
      return false;
    }
    const running = client;
    const signedIn = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AWS Hardening: signing in to ${profile}`, cancellable: true },
      async (progress, token) => {
        const codes = running.onNotification(ACCOUNT_SIGN_IN_CODE_NOTIFICATION, (code: AccountSignInCode) => {
          if (code.profile !== profile) return;
          progress.report({ message: `confirm the code ${code.userCode} in the browser…` });
          void this.showCode(code);
        });
        try {
          const params: AccountSignInParams = { profile };
          await running.sendRequest<AccountSignInResult>(ACCOUNT_SIGN_IN_REQUEST, params, token);
          return !token.isCancellationRequested;
        } catch (err) {
          if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`AWS Hardening: the sign-in of ${profile} failed: ${messageOf(err)}`);
          return false;
        } finally {
          codes.dispose();
        }
      },
    );
    if (signedIn) await this.resume([profile]);
    return signedIn;
  }

  private async showCode(code: AccountSignInCode): Promise<void> {
    await vscode.env.clipboard.writeText(code.userCode);
    // Only a web page is opened: the address comes from IAM Identity Center through the server.
    if (/^https:\/\//i.test(code.verificationUriComplete)) await vscode.env.openExternal(vscode.Uri.parse(code.verificationUriComplete, true));
    const choice = await vscode.window.showInformationMessage(
      `AWS Hardening: to sign in ${code.profile}, confirm the code ${code.userCode} (copied to the clipboard) at ${code.verificationUri}.`,
      'Open the Page Again',
    );
    if (choice && /^https:\/\//i.test(code.verificationUriComplete)) await vscode.env.openExternal(vscode.Uri.parse(code.verificationUriComplete, true));
  }

  private async pickProfile(): Promise<string | undefined> {
    if (!this.model.profilesKnown) await readProfiles(this.model, this.source);
    const sso = this.model.allProfiles().filter((p) => p.sso);
    if (sso.length === 0) {
      void vscode.window.showInformationMessage('AWS Hardening: no profile in the AWS config signs in with IAM Identity Center.');
      return undefined;
    }
    const chosen = new Set(this.model.chosen());
    const items = sso
      .map((p) => ({ label: p.name, description: `${p.sso!.token}${chosen.has(p.name) ? ' · chosen' : ''}`, detail: p.sso!.startUrl }))
      .sort((a, b) => Number(chosen.has(b.label)) - Number(chosen.has(a.label)) || a.label.localeCompare(b.label));
    return (await vscode.window.showQuickPick(items, { title: 'Sign in to IAM Identity Center with profile' }))?.label;
  }

  private cacheChanged(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.resume([...this.waiting]), CACHE_SETTLE_MS);
  }

  /** Reads the profiles again and scans those of `candidates` now signed in; one at a time. */
  private resume(candidates: readonly string[]): Promise<void> {
    this.resuming = this.resuming.then(async () => {
      if (!(await readProfiles(this.model, this.source, true))) return;
      const ready = candidates.filter((p) => this.waiting.has(p) && !this.model.scanning.has(p) && !needsSignIn(this.model.profile(p), undefined));
      if (ready.length === 0) return;
      for (const p of ready) {
        this.waiting.delete(p);
        this.notified.delete(p);
      }
      await this.rescan(ready);
    });
    return this.resuming;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
