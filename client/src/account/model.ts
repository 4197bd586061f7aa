// The accounts view's state: the profiles the user chose (per workspace), what the server said
// about each profile, and the last scan of each, kept until that profile is scanned again.
// Everything that changes fires one event, which the tree, the status bar and tests listen to.
import * as vscode from 'vscode';
import type { AccountProfileInfo, AccountProfilesResult, AccountScanResult, ProfileScanInfo } from '../../../server/src/protocol';
import type { GroupBy } from './groups';

const CHOSEN_KEY = 'awsHardening.account.chosenProfiles';
const ACTIVE_KEY = 'awsHardening.account.activeProfile';
const GROUP_BY_KEY = 'awsHardening.account.groupBy';

/** The setting's section, read for the profiles default, regions, concurrency and the rest. */
export function accountSettings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('awsHardening.account');
}

export class AccountsModel implements vscode.Disposable {
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after any change: profiles chosen or read, a scan kept, the grouping switched. */
  readonly onDidUpdate = this.updated.event;
  private profileInfo: ReadonlyMap<string, AccountProfileInfo> = new Map();
  private profilesRead = false;
  private defaultName: string | null = null;
  private readonly kept = new Map<string, ProfileScanInfo>();
  private readonly keptAt = new Map<string, string>();
  /** Profiles with a scan in flight, so their root says so. */
  readonly scanning = new Set<string>();

  constructor(private readonly state: vscode.Memento) {}

  /** The chosen profiles: this workspace's choice, else the `awsHardening.account.profiles` setting. */
  chosen(): readonly string[] {
    const remembered = this.state.get<string[]>(CHOSEN_KEY);
    if (Array.isArray(remembered)) return remembered;
    const setting = accountSettings().get<unknown>('profiles');
    return Array.isArray(setting) ? setting.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  }

  async choose(names: readonly string[]): Promise<void> {
    await this.state.update(CHOSEN_KEY, [...new Set(names)]);
    this.fire();
  }

  /** The profile the status bar shows: the last one used when still chosen, else the first chosen. */
  active(): string | undefined {
    const chosen = this.chosen();
    const last = this.state.get<string>(ACTIVE_KEY);
    return last && chosen.includes(last) ? last : chosen[0];
  }

  async setActive(name: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, name);
    this.fire();
  }

  groupBy(): GroupBy {
    return this.state.get<GroupBy>(GROUP_BY_KEY) === 'service' ? 'service' : 'strategy';
  }

  async setGroupBy(by: GroupBy): Promise<void> {
    await this.state.update(GROUP_BY_KEY, by);
    this.fire();
  }

  get profilesKnown(): boolean {
    return this.profilesRead;
  }

  profile(name: string): AccountProfileInfo | undefined {
    return this.profileInfo.get(name);
  }

  allProfiles(): readonly AccountProfileInfo[] {
    return [...this.profileInfo.values()];
  }

  defaultProfile(): string | null {
    return this.defaultName;
  }

  setProfiles(result: AccountProfilesResult): void {
    this.profileInfo = new Map(result.profiles.map((p) => [p.name, p]));
    this.defaultName = result.defaultProfile;
    this.profilesRead = true;
    this.fire();
  }

  result(name: string): ProfileScanInfo | undefined {
    return this.kept.get(name);
  }

  results(): ReadonlyMap<string, ProfileScanInfo> {
    return this.kept;
  }

  /** Keeps each profile's part of a scan, replacing only the profiles it scanned. */
  keep(result: AccountScanResult): void {
    for (const profile of result.profiles) {
      this.kept.set(profile.profile, profile);
      this.keptAt.set(profile.profile, result.scannedAt);
    }
    this.fire();
  }

  /** The kept results of the chosen profiles as one scan result, for reports; undefined when none. */
  asScanResult(): AccountScanResult | undefined {
    const names = this.chosen().filter((p) => this.kept.has(p));
    if (names.length === 0) return undefined;
    const earliest = names.map((p) => this.keptAt.get(p) ?? '').sort()[0] ?? new Date().toISOString();
    return { scannedAt: earliest, profiles: names.map((p) => this.kept.get(p)!) };
  }

  fire(): void {
    this.updated.fire();
  }

  dispose(): void {
    this.updated.dispose();
  }
}
