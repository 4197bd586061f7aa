// `aws-hardening login [--profile P]`: signs an IAM Identity Center profile in through the device
// flow and writes the token where the AWS CLI keeps it, for machines without the AWS CLI v2.
// Exit codes: 0 signed in, 2 for a usage problem or a sign-in that did not complete.
import { signIn, SignInError } from '../account/login';
import { AccountSession } from '../account/session';
import { escapeControls } from '../core/escape';
import { LOGIN_USAGE } from './account-help';

export interface LoginIo {
  out(text: string): void;
  err(text: string): void;
}

export interface LoginOptions {
  /** Ends a pending sign-in (Ctrl-C). */
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

function parseLoginArgs(args: readonly string[], env: NodeJS.ProcessEnv): string {
  let profile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--profile' || arg.startsWith('--profile=')) {
      const value = arg.startsWith('--profile=') ? arg.slice('--profile='.length) : args[++i];
      if (!value || value.startsWith('-')) throw new UsageError('--profile takes a profile name');
      if (profile !== undefined) throw new UsageError('login signs in one profile: --profile is given twice');
      profile = value;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else throw new UsageError(`login takes no argument '${arg}' (the profile is given with --profile)`);
  }
  return profile ?? (env.AWS_PROFILE || 'default');
}

/** Times in messages: UTC to the minute is what a person compares with a clock. */
function shortTime(date: Date): string {
  return date.toISOString().replace(/:\d{2}\.\d{3}Z$/, ' UTC').replace('T', ' ');
}

export async function login(args: readonly string[], io: LoginIo, options: LoginOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const report = (message: string): void => io.err(`aws-hardening: ${escapeControls(message)}`);
  let name: string;
  try {
    name = parseLoginArgs(args, env);
  } catch (err) {
    report((err as Error).message);
    io.err(LOGIN_USAGE);
    return 2;
  }
  try {
    const session = await AccountSession.open(env);
    const signedIn = await signIn(session, name, {
      env,
      ...(options.signal ? { signal: options.signal } : {}),
      onCode: (code) => {
        io.err(`To sign in profile ${name}, open this page in a browser:`);
        io.err(`  ${escapeControls(code.verificationUriComplete)}`);
        io.err(`and check that it shows the code ${escapeControls(code.userCode)} before confirming (the code is valid until ${shortTime(code.expiresAt)}).`);
        io.err('Waiting for the confirmation…');
      },
    });
    io.out(`Signed in: profile ${name} (IAM Identity Center ${escapeControls(signedIn.startUrl)}), token valid until ${signedIn.expiresAt.toISOString()}.`);
    return 0;
  } catch (err) {
    report(err instanceof SignInError ? err.message : `the sign-in of profile ${name} failed: ${(err as Error).message}`);
    return 2;
  }
}
