// S3 bucket rules, in catalogue order.
import type { CfnRule } from '../types';
import { s3NoncurrentVersionsUnmanaged } from './s3-noncurrent-versions-unmanaged';
import { s3PolicyPublicPrincipal } from './s3-policy-public-principal';
import { s3PublicAccessNotBlocked } from './s3-public-access-not-blocked';
import { s3PublicAcl } from './s3-public-acl';
import { s3TlsNotEnforced } from './s3-tls-not-enforced';
import { s3VersioningOff } from './s3-versioning-off';

export const s3Rules: readonly CfnRule[] = [
  s3VersioningOff,
  s3NoncurrentVersionsUnmanaged,
  s3PublicAccessNotBlocked,
  s3PublicAcl,
  s3TlsNotEnforced,
  s3PolicyPublicPrincipal,
];
