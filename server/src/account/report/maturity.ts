// Where each live finding falls on the ASD Essential Eight maturity model: the lowest maturity
// level whose requirements the finding shows are not met, for the eight strategies only (the
// hardening beyond them has no levels). Our reading of the model (November 2023 edition):
// - ML1 asks for the basics: backups made and kept, MFA for internet-facing sign-in, privileged
//   access limited, unsupported software removed, applications hardened against the common abuse;
// - ML2 adds that ordinary users cannot delete backups, and application control on servers;
// - ML3 adds that even privileged users cannot destroy backups.
// A rule not listed here counts in its strategy without a level.
export type MaturityLevel = 1 | 2 | 3;

export const MATURITY_LEVEL: Readonly<Record<string, MaturityLevel>> = {
  's3-versioning-off': 1,
  's3-noncurrent-versions-unmanaged': 1,
  'dynamodb-pitr-off': 1,
  'rds-backups-off': 1,
  'rds-storage-unencrypted': 2,
  'dynamodb-deletion-protection-off': 2,
  's3-mfa-delete-off': 3,
  'iam-root-mfa-off': 1,
  'iam-user-console-without-mfa': 1,
  'iam-password-policy-weak': 1,
  'iam-admin-wildcard': 1,
  'sg-admin-port-open-to-world': 1,
  'rds-plaintext-password': 1,
  'lambda-runtime-deprecated': 1,
  'rds-ca-outdated': 1,
  'cloudfront-security-headers-missing': 1,
  'ec2-imdsv1-allowed': 1,
  'lambda-code-signing-off': 2,
  'vpce-s3-policy-unrestricted': 3,
};
