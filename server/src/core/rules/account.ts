// Rules only a live account can answer: settings that live outside any template (MFA Delete, the
// account's public access block, the root user, the password policy, whether any trail records),
// and the scan's own findings about what it could not read. The checks themselves are in
// `server/src/account/checks`; here is what every rule carries, so the catalogue, the docs, the
// settings schema and SARIF list them beside the template rules.
import type { RuleMeta } from './types';

export const s3MfaDeleteOff: RuleMeta = {
  id: 's3-mfa-delete-off',
  title: 'Versioned S3 bucket without MFA Delete',
  severity: 'information',
  fix: 'none',
  e8: ['BK', 'MFA'],
  anchors: ['S3.20'],
  language: 'account',
  docs: {
    what: 'A bucket in the account with versioning on whose `GetBucketVersioning` does not report `MFADelete: Enabled`. Advisory.',
    why:
      'With MFA Delete on, permanently deleting an object version or suspending versioning needs the root user and its MFA ' +
      'code as well as permission, so stolen access keys alone cannot destroy the backups that versioning keeps. It has two ' +
      'costs that make it advice, not a default: only the root user can turn it on, with its own MFA device, and a bucket with ' +
      'MFA Delete cannot have lifecycle rules that expire versions (the undelete window of `s3-noncurrent-versions-unmanaged`).',
    fix:
      'Signed in as the root user with its MFA device: `aws s3api put-bucket-versioning --bucket BUCKET ' +
      "--versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device CODE'`. " +
      'No tool can do this for you, and nothing here tries. Where lifecycle expiry matters more, S3 Object Lock or AWS Backup ' +
      'protects versions without it.',
    bad: '{ "Bucket": "orders", "GetBucketVersioning": { "Status": "Enabled" } }',
    good: '{ "Bucket": "orders", "GetBucketVersioning": { "Status": "Enabled", "MFADelete": "Enabled" } }',
  },
};

export const s3AccountPublicAccessNotBlocked: RuleMeta = {
  id: 's3-account-public-access-not-blocked',
  title: 'S3 public access not blocked for the whole account',
  severity: 'warning',
  fix: 'none',
  e8: ['+NET'],
  anchors: ['S3.1', 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC'],
  language: 'account',
  docs: {
    what: 'An account whose S3 Control `GetPublicAccessBlock` is missing or has any of its four settings not true.',
    why:
      "The account's public access block overrides every bucket's own: with all four settings on, no bucket policy or ACL in " +
      'the account can make data public, whatever a later template or console click sets. Without it, each bucket is only as ' +
      'safe as its own settings, and a single mistaken policy publishes its objects.',
    fix:
      'When no bucket in the account is meant to be public (websites served through CloudFront with origin access control ' +
      'need none): `aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration ' +
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`, or S3 → Block Public ' +
      'Access settings for this account in the console.',
    bad: '{ "Account": "123456789012", "GetPublicAccessBlock": "NoSuchPublicAccessBlockConfiguration" }',
    good:
      '{ "Account": "123456789012", "GetPublicAccessBlock": { "BlockPublicAcls": true, "IgnorePublicAcls": true, ' +
      '"BlockPublicPolicy": true, "RestrictPublicBuckets": true } }',
  },
};

export const iamRootMfaOff: RuleMeta = {
  id: 'iam-root-mfa-off',
  title: 'Root user without MFA',
  severity: 'error',
  fix: 'none',
  e8: ['MFA'],
  anchors: ['IAM.9', 'ROOT_ACCOUNT_MFA_ENABLED'],
  language: 'account',
  docs: {
    what: 'An account whose `GetAccountSummary` reports `AccountMFAEnabled: 0`: the root user signs in with a password alone.',
    why:
      'The root user can do anything in the account, including closing it and removing every other protection, and no policy ' +
      'can restrict it. A phished or reused password is then the whole account. Multi-factor authentication on the most ' +
      'privileged identity is the first thing the Essential Eight asks of it.',
    fix:
      'Sign in as the root user, open Security credentials and assign an MFA device (a passkey or security key is best). In an ' +
      'AWS Organization, member accounts can instead have their root credentials removed centrally (IAM → Root access ' +
      'management).',
    bad: '{ "GetAccountSummary": { "AccountMFAEnabled": 0 } }',
    good: '{ "GetAccountSummary": { "AccountMFAEnabled": 1 } }',
  },
};

export const iamPasswordPolicyWeak: RuleMeta = {
  id: 'iam-password-policy-weak',
  title: 'No IAM password policy, or a weak one',
  severity: 'warning',
  fix: 'none',
  e8: ['MFA'],
  anchors: ['IAM.7', 'IAM.15', 'IAM.16', 'IAM_PASSWORD_POLICY'],
  language: 'account',
  docs: {
    what:
      'An account with no password policy (`GetAccountPasswordPolicy` answers NoSuchEntity), or one that allows passwords ' +
      'shorter than 14 characters or does not prevent reusing recent ones.',
    why:
      "IAM users' console passwords are only as strong as the policy makes them: without one, an eight-character password " +
      'reused from another site is accepted. Long passphrases and no reuse are what the guidance asks for beside MFA, since ' +
      'MFA is often missing on some users.',
    fix:
      '`aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24` (add the other ' +
      'settings you want; the call replaces the whole policy). Better still, move people to IAM Identity Center and leave IAM ' +
      'users without passwords.',
    bad: '{ "GetAccountPasswordPolicy": { "MinimumPasswordLength": 8 } }',
    good: '{ "GetAccountPasswordPolicy": { "MinimumPasswordLength": 14, "PasswordReusePrevention": 24 } }',
  },
};

export const cloudtrailMissing: RuleMeta = {
  id: 'cloudtrail-missing',
  title: 'No multi-region CloudTrail trail logging',
  severity: 'error',
  fix: 'none',
  e8: ['+LOG'],
  anchors: ['CloudTrail.1', 'MULTI_REGION_CLOUD_TRAIL_ENABLED'],
  language: 'account',
  docs: {
    what:
      'An account where `DescribeTrails` finds no multi-region trail whose `GetTrailStatus` says `IsLogging: true` ' +
      '(an organization trail from the management account counts).',
    why:
      "Without a trail that records every region, the account keeps only CloudTrail's 90-day event history, which cannot be " +
      'protected from deletion, sent to a SIEM or alerted on. After a breach there is then no record of what the intruder ' +
      'did, in which region, with which credentials.',
    fix:
      '`aws cloudtrail create-trail --name management --s3-bucket-name BUCKET --is-multi-region-trail ' +
      '--enable-log-file-validation` then `aws cloudtrail start-logging --name management` (the bucket needs the CloudTrail ' +
      'bucket policy), or one organization trail from the management account. In a template: an `AWS::CloudTrail::Trail` ' +
      'with `IsMultiRegionTrail: true` and `IsLogging: true`.',
    bad: '{ "DescribeTrails": { "trailList": [] } }',
    good: '{ "DescribeTrails": { "trailList": [{ "Name": "management", "IsMultiRegionTrail": true }] }, "GetTrailStatus": { "IsLogging": true } }',
  },
};

export const ec2ImdsV1Allowed: RuleMeta = {
  id: 'ec2-imdsv1-allowed',
  title: 'EC2 instance accepts IMDSv1',
  severity: 'warning',
  fix: 'none',
  e8: ['UAH', '+NET'],
  anchors: ['EC2.8', 'EC2_IMDSV2_CHECK', 'CKV_AWS_79'],
  language: 'account',
  docs: {
    what: 'A running or stopped instance whose `MetadataOptions.HttpTokens` is `optional` while its metadata endpoint is enabled.',
    why:
      'Version 1 of the instance metadata service answers any plain GET, so a server-side request forgery in an application ' +
      "on the instance hands out the instance role's credentials. That is how data was taken from a bank's S3 buckets in " +
      '2019. IMDSv2 needs a session token obtained with a PUT first, which such requests cannot make.',
    fix:
      '`aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required --http-endpoint enabled`, after ' +
      'checking that the software on it uses a current SDK (every AWS SDK since 2019 speaks IMDSv2). In a template: ' +
      '`MetadataOptions: {HttpTokens: required}` on the launch template, and `ec2:MetadataHttpTokens` in an SCP for new ones.',
    bad: '{ "InstanceId": "i-0abc", "MetadataOptions": { "HttpTokens": "optional", "HttpEndpoint": "enabled" } }',
    good: '{ "InstanceId": "i-0abc", "MetadataOptions": { "HttpTokens": "required", "HttpEndpoint": "enabled" } }',
  },
};

export const scanNotPermitted: RuleMeta = {
  id: 'scan-not-permitted',
  title: 'Part of the account could not be read',
  severity: 'warning',
  fix: 'none',
  e8: ['—'],
  anchors: [],
  language: 'account',
  docs: {
    what:
      'A read call of the scan that failed: not permitted (AccessDenied), throttled beyond its retries, not offered in the ' +
      'region, or failed otherwise. The finding names the action (`s3:GetBucketPolicy`) and the resource.',
    why:
      'The scan reports what it could not see instead of passing over it in silence: a bucket whose policy could not be read ' +
      'is not known to be safe. The rest of the scan goes on.',
    fix:
      'Grant the scanning role the read-only permissions of the AWS managed policies `SecurityAudit` and `ViewOnlyAccess` ' +
      '(or the one action named), and scan again. A service absent in a region needs nothing.',
    bad: '{ "action": "s3:GetBucketPolicy", "resource": "arn:aws:s3:::orders", "error": "AccessDenied" }',
  },
};

export const scanTruncated: RuleMeta = {
  id: 'scan-truncated',
  title: 'A listing was longer than the scan reads',
  severity: 'information',
  fix: 'none',
  e8: ['—'],
  anchors: [],
  language: 'account',
  docs: {
    what: 'A paginated listing (buckets, functions, record sets…) that went on past the number of pages one scan reads.',
    why:
      'Every input is bounded, an API answer included: a listing that never ends (or a very large account) must not make the ' +
      'scan run forever. What was read is reported; the rest is named as not scanned.',
    fix: 'Scan the region or profile on its own, or ask for the limit to be raised if the account is really that large.',
  },
};

/** The live-only rules, in catalogue order. */
export const accountRules: readonly RuleMeta[] = [
  s3MfaDeleteOff,
  s3AccountPublicAccessNotBlocked,
  iamRootMfaOff,
  iamPasswordPolicyWeak,
  cloudtrailMissing,
  ec2ImdsV1Allowed,
  scanNotPermitted,
  scanTruncated,
];
