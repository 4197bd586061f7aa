// IAM and CloudTrail, read once per account: the root user and password policy, users' console
// sign-in without MFA, policies that grant administrator access, and whether trails record
// every region with validated logs.
import { cloudtrailCollector } from './cloudtrail';
import { cloudtrailLogValidationOffLive } from './cloudtrail-log-validation-off';
import { cloudtrailMissingLive } from './cloudtrail-missing';
import { cloudtrailNotMultiRegionLive } from './cloudtrail-not-multi-region';
import { iamAccountCollector } from './iam-account';
import { iamAdminWildcardAttachmentLive, iamAdminWildcardPolicyLive } from './iam-admin-wildcard';
import { iamPasswordPolicyWeakLive } from './iam-password-policy-weak';
import { iamPoliciesCollector } from './iam-policies';
import { iamRootMfaOffLive } from './iam-root-mfa-off';
import { iamUserConsoleWithoutMfaLive } from './iam-user-console-without-mfa';
import { iamUsersCollector } from './iam-users';

export const identityChecks = {
  collectors: [iamAccountCollector, iamUsersCollector(), iamPoliciesCollector, cloudtrailCollector],
  rules: [
    iamRootMfaOffLive,
    iamPasswordPolicyWeakLive,
    iamUserConsoleWithoutMfaLive,
    iamAdminWildcardPolicyLive,
    iamAdminWildcardAttachmentLive,
    cloudtrailMissingLive,
    cloudtrailNotMultiRegionLive,
    cloudtrailLogValidationOffLive,
  ],
};
