// What `scan` and `login` say about themselves, apart from the code that talks to AWS: the CLI
// shows it without loading the SDK.
import { DEFAULT_CONCURRENCY } from '../account/scan/limiter';

export const SCAN_USAGE = `       aws-hardening scan [--profile P]… [--region R|all]… [--format text|json|sarif|csv|markdown]
                          [--output FILE] [--concurrency N]`;

export const SCAN_HELP = `Scans live AWS accounts with the profiles of your AWS config (AWS_CONFIG_FILE, AWS_PROFILE;
IAM Identity Center profiles sign in with 'aws-hardening login' or 'aws sso login'):
  --profile     a profile to scan (repeat for several; default AWS_PROFILE, else default)
  --region      a region to scan (repeat for several), or all enabled regions; default the
                profile's own region. IAM, Route53, CloudFront and the S3 bucket list are read
                once per account; buckets are scanned in the regions chosen
  --format      text (default), json (as lint's, file null, with account, region, profile, stack
                and logicalId), sarif, csv, or markdown (a report with an Essential Eight scorecard)
  --output      write the report to FILE instead of standard output
  --concurrency calls in flight at once (default ${DEFAULT_CONCURRENCY})
Only read calls are made. A call that is refused is reported as a scan-not-permitted finding and
the scan goes on. Exit status: 0 no error finding, 1 errors found, 2 usage problems or no profile
could be scanned, 130 cancelled.`;

/** Told apart by name: the CLI and the account bundle each have their own copy of the class. */
export class ScanUsageError extends Error {
  override readonly name = 'ScanUsageError';
}

export function isScanUsageError(err: unknown): err is ScanUsageError {
  return err instanceof Error && err.name === 'ScanUsageError';
}

/** The command's line in a list of commands. */
export const LOGIN_SYNOPSIS = 'aws-hardening login [--profile <name>]';

export const LOGIN_USAGE = `Usage: ${LOGIN_SYNOPSIS}

Signs an IAM Identity Center profile in: shows a page to open and a code to confirm there, waits
for the confirmation, and keeps the token where the AWS CLI keeps it (~/.aws/sso/cache), so the
AWS CLI, the SDKs and the account scan all use it.
  --profile    the profile to sign in (default: AWS_PROFILE, else default)`;

/** The command's line in a list of commands. */
export const HARDEN_SYNOPSIS = 'aws-hardening harden-bucket BUCKET [--profile P] [--apply [--yes]] [--undelete-window-days N]';

export const HARDEN_HELP = `'harden-bucket' reads one live bucket and prints the plan that hardens it: each call, the
configuration before and after, and the AWS CLI command (versioning, public access block,
ownership controls, a TLS-only statement added to the bucket policy, a lifecycle rule expiring
noncurrent versions; existing statements and rules are kept, and what is in place is left alone).
It changes nothing unless given --apply, which asks 'Apply N changes…? [y/N]' on a terminal, or
needs --yes otherwise; the calls run in order, stop at the first failure, and the bucket is read
back. MFA Delete is explained, never attempted.
  --profile     the profile to use (default AWS_PROFILE, else default)
  --apply       make the changes of the plan
  --yes         confirm without asking (needed when standard input is not a terminal)
  --undelete-window-days
                days before noncurrent versions expire (default 30)
Exit status: 0 planned, or applied and verified, or nothing to do; 1 stopped at a failure, not
confirmed, or something still missing after; 2 usage, credentials, or no such bucket.`;

export const HARDEN_USAGE = `Usage: ${HARDEN_SYNOPSIS}

${HARDEN_HELP}`;
