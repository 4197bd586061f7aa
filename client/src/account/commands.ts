// The accounts view's commands, by id; `extension.ts` adds them to its one table. Each takes the
// tree node it was invoked on (or a profile name from the palette and tests, or nothing).
import type { Accounts } from './accounts';
import { STATUS_MENU_COMMAND } from './status';
import { REFRESH_PROFILE_COMMAND, SHOW_FINDING_COMMAND, SIGN_IN_COMMAND } from './tree';

type AccountCommand = (accounts: Accounts) => (...args: never[]) => unknown;

export const accountCommands: Record<string, AccountCommand> = {
  'awsHardening.account.chooseProfiles': (a) => (names?: unknown) => a.chooseProfiles(names),
  'awsHardening.account.refresh': (a) => () => a.refreshAll(),
  [REFRESH_PROFILE_COMMAND]: (a) => (target?: unknown) => a.refreshProfile(target),
  // The same as a refresh of the profile, named for the failure and error nodes it is offered on.
  'awsHardening.account.retry': (a) => (target?: unknown) => a.refreshProfile(target),
  [SIGN_IN_COMMAND]: (a) => (target?: unknown, method?: unknown) => a.signIn(target, method),
  'awsHardening.account.signInWithAwsCli': (a) => (target?: unknown) => a.signIn(target, 'awsCli'),
  [SHOW_FINDING_COMMAND]: (a) => (target?: unknown) => a.showFinding(target),
  'awsHardening.account.openInTemplate': (a) => (target?: unknown, applyFirst?: unknown) => a.openInTemplate(target, applyFirst),
  'awsHardening.account.export': (a) => (format?: unknown, target?: unknown) => a.exportReport(format, target),
  'awsHardening.account.groupByService': (a) => () => a.setGroupBy('service'),
  'awsHardening.account.groupByStrategy': (a) => () => a.setGroupBy('strategy'),
  [STATUS_MENU_COMMAND]: (a) => () => a.statusMenu(),
};
