// Loads the account module on first use. In the shipped bundles it is its own file beside the
// bundle (`dist/account.js`, built from `entry.ts`); elsewhere (tests bundled from source) it is
// bundled in, as any import.
import { join } from 'node:path';

declare const ACCOUNT_BUNDLE: boolean | undefined;

export type AccountModule = typeof import('./entry');

let loaded: AccountModule | undefined;

export function loadAccount(): AccountModule {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = typeof ACCOUNT_BUNDLE !== 'undefined' && ACCOUNT_BUNDLE ? (require(join(__dirname, 'account.js')) as AccountModule) : (require('./entry') as AccountModule);
  }
  return loaded;
}
