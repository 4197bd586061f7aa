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
