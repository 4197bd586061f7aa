// Identity and logging rules: IAM, CloudTrail, CloudWatch Logs and Route53 hosted zones, in catalogue order.
import type { CfnRule } from '../types';
import { cloudtrailLogValidationOff } from './cloudtrail-log-validation-off';
import { cloudtrailNotMultiRegion } from './cloudtrail-not-multi-region';
import { iamAdminWildcard } from './iam-admin-wildcard';
import { iamUserConsoleWithoutMfa } from './iam-user-console-without-mfa';
import { logsRetentionUnset } from './logs-retention-unset';
import { route53DnssecOff } from './route53-dnssec-off';
import { route53QueryLoggingOff } from './route53-query-logging-off';

export const identityRules: readonly CfnRule[] = [
  logsRetentionUnset,
  iamAdminWildcard,
  iamUserConsoleWithoutMfa,
  cloudtrailNotMultiRegion,
  cloudtrailLogValidationOff,
  route53QueryLoggingOff,
  route53DnssecOff,
];
