// S3 in a live account: its buckets (one listing for the account), the account's own public access
// block, and the S3 endpoints of each region's VPCs.
import { s3AccountCollector } from './account';
import { bucketsCollector } from './buckets';
import { vpcEndpointsCollector } from './endpoints';
import { s3AccountPublicAccessNotBlockedLive } from './s3-account-public-access-not-blocked';
import { s3MfaDeleteOffLive } from './s3-mfa-delete-off';
import { s3NoncurrentVersionsUnmanagedLive } from './s3-noncurrent-versions-unmanaged';
import { s3PolicyPublicPrincipalLive } from './s3-policy-public-principal';
import { s3PublicAccessNotBlockedLive } from './s3-public-access-not-blocked';
import { s3PublicAclLive } from './s3-public-acl';
import { s3TlsNotEnforcedLive } from './s3-tls-not-enforced';
import { s3VersioningOffLive } from './s3-versioning-off';
import { vpceS3PolicyUnrestrictedLive } from './vpce-s3-policy-unrestricted';

export const s3Checks = {
  collectors: [bucketsCollector, s3AccountCollector, vpcEndpointsCollector],
  rules: [
    s3VersioningOffLive,
    s3MfaDeleteOffLive,
    s3NoncurrentVersionsUnmanagedLive,
    s3PublicAccessNotBlockedLive,
    s3PublicAclLive,
    s3TlsNotEnforcedLive,
    s3PolicyPublicPrincipalLive,
    s3AccountPublicAccessNotBlockedLive,
    vpceS3PolicyUnrestrictedLive,
  ],
};
