// The AWS CLI command of each hardening call, as a person would type it in a POSIX shell: the
// same bucket, region and profile, and JSON documents in single quotes.

/** A word for the shell: left bare when it is plainly safe, else in single quotes. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface Target {
  readonly bucket: string;
  readonly region: string;
  readonly profile: string;
}

function command(name: string, target: Target, args: readonly string[]): string {
  return ['aws s3api', name, '--bucket', shellWord(target.bucket), ...args, '--region', shellWord(target.region), '--profile', shellWord(target.profile)].join(' ');
}

export function versioningCommand(target: Target): string {
  return command('put-bucket-versioning', target, ['--versioning-configuration', 'Status=Enabled']);
}

export function publicAccessBlockCommand(target: Target): string {
  return command('put-public-access-block', target, ['--public-access-block-configuration', 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true']);
}

export function ownershipCommand(target: Target): string {
  return command('put-bucket-ownership-controls', target, ['--ownership-controls', shellWord('Rules=[{ObjectOwnership=BucketOwnerEnforced}]')]);
}

export function policyCommand(target: Target, policy: unknown): string {
  return command('put-bucket-policy', target, ['--policy', shellWord(JSON.stringify(policy))]);
}

export function lifecycleCommand(target: Target, configuration: unknown): string {
  return command('put-bucket-lifecycle-configuration', target, ['--lifecycle-configuration', shellWord(JSON.stringify(configuration))]);
}

/** Only the root user can run it, with its MFA device's serial and a current code. */
export function mfaDeleteCommand(target: Target, partition: string, account: string): string {
  const device = `arn:${partition}:iam::${account || 'ACCOUNT'}:mfa/root-account-mfa-device CODE`;
  return command('put-bucket-versioning', target, ['--versioning-configuration', 'Status=Enabled,MFADelete=Enabled', '--mfa', shellWord(device)]);
}
