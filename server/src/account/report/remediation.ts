// How to fix a live finding by hand, for every live rule id: console steps and the AWS CLI
// commands, filled with the finding's own names (bucket, table, function, group id, listener ARN,
// distribution id, zone id, account, region). The template fix is the rule's quick fix; these are
// for resources made outside CloudFormation, or to see what the template fix will change.
//
// Every command only changes settings: none deletes a bucket, table, database, log group or
// object. Where a command replaces a whole document (a bucket policy, a lifecycle configuration,
// a distribution's config) the comment above it says so and how to keep what is there.
import type { AccountFindingInfo } from '../../protocol';
import { classify } from '../scan/errors';
import { codeSpan } from './markdown';
import { edgeRemediations } from './remediation-edge';
import { evidence, evidenceText, partition, regionFlag, sh, type Remediation } from './remediation-fill';

export type { Remediation } from './remediation-fill';

const c = codeSpan;

const FULL_BLOCK = 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';

/** RDS findings name an instance or a cluster; the ARN says which. */
function isCluster(f: AccountFindingInfo): boolean {
  return /:cluster:/.test(f.resource);
}

/** The permission of a security group finding, in `--ip-permissions` shorthand, exactly as EC2 holds it (a revoke must match). */
function ipPermission(f: AccountFindingInfo, sources: readonly string[], extra = ''): string {
  const protocol = evidenceText(f, 'IpProtocol') ?? '-1';
  const from = evidenceText(f, 'FromPort');
  const to = evidenceText(f, 'ToPort');
  const v4 = sources.filter((s) => !s.includes(':'));
  const v6 = sources.filter((s) => s.includes(':'));
  const parts = [`IpProtocol=${protocol}`];
  if (from !== undefined) parts.push(`FromPort=${from}`);
  if (to !== undefined) parts.push(`ToPort=${to}`);
  if (v4.length) parts.push(`IpRanges=[${v4.map((s) => `{CidrIp=${s}}`).join(',')}]`);
  if (v6.length) parts.push(`Ipv6Ranges=[${v6.map((s) => `{CidrIpv6=${s}}`).join(',')}]`);
  return sh(parts.join(',') + extra);
}

function worldSources(f: AccountFindingInfo): string[] {
  const sources = evidence(f, 'sources');
  return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : ['0.0.0.0/0'];
}

const openIngress = (what: string): Remediation => ({
  console: (f) =>
    `In the EC2 console, open Security groups → ${c(f.resourceName)} → Inbound rules → Edit inbound rules, and delete the rule from ${worldSources(f).map(c).join(' and ')}, ` +
    `or narrow its source to the addresses or security group that need it. ${what}`,
  cli: (f) => {
    const group = sh(evidenceText(f, 'groupId') ?? f.resourceName);
    const region = regionFlag(f);
    const narrowed = ipPermission(f, [], ',IpRanges=[{CidrIp=203.0.113.0/24,Description=office}]');
    return [
      '# Remove the rule open to the internet (the group itself is kept):',
      `aws ec2 revoke-security-group-ingress${region} --group-id ${group} --ip-permissions ${ipPermission(f, worldSources(f))}`,
      '# Then, if some clients still need it, allow only their range (203.0.113.0/24 stands for yours):',
      `aws ec2 authorize-security-group-ingress${region} --group-id ${group} --ip-permissions ${narrowed}`,
    ];
  },
});

function rdsTarget(f: AccountFindingInfo): string {
  return isCluster(f) ? `--db-cluster-identifier ${sh(f.resourceName)}` : `--db-instance-identifier ${sh(f.resourceName)}`;
}

const remediations: Record<string, Remediation> = {
  's3-versioning-off': {
    console: (f) => `In the S3 console, open bucket ${c(f.resourceName)} → Properties → Bucket Versioning → Edit, choose Enable and save.`,
    cli: (f) => [`aws s3api put-bucket-versioning --bucket ${sh(f.resourceName)} --versioning-configuration Status=Enabled`],
  },
  's3-mfa-delete-off': {
    console: () =>
      'The console cannot turn MFA Delete on: only the root user can, with the AWS CLI and the MFA device of the root user. ' +
      'Where lifecycle expiry of old versions matters more, protect the versions with S3 Object Lock or AWS Backup instead.',
    cli: (f) => [
      '# As the root user; MFA-DEVICE-ARN is the serial of the MFA device of the root user, CODE the number it shows now:',
      `aws s3api put-bucket-versioning --bucket ${sh(f.resourceName)} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'MFA-DEVICE-ARN CODE'`,
    ],
  },
  's3-noncurrent-versions-unmanaged': {
    console: (f) =>
      `In the S3 console, open bucket ${c(f.resourceName)} → Management → Create lifecycle rule for the whole bucket, with "Permanently delete noncurrent versions of objects" after your undelete window (30 days, say). ` +
      'Versions older than the window are then deleted for good, so choose a window you can live with.',
    cli: (f) => [
      '# This replaces the lifecycle configuration: if the bucket has rules, add the NoncurrentVersionExpiration rule to them instead.',
      `aws s3api put-bucket-lifecycle-configuration --bucket ${sh(f.resourceName)} --lifecycle-configuration '{"Rules":[{"ID":"undelete-window","Status":"Enabled","Filter":{"Prefix":""},"NoncurrentVersionExpiration":{"NoncurrentDays":30}}]}'`,
    ],
  },
  's3-public-access-not-blocked': {
    console: (f) =>
      `In the S3 console, open bucket ${c(f.resourceName)} → Permissions → Block public access (bucket settings) → Edit, tick "Block all public access" and save. ` +
      'Check first that nothing reads it anonymously (a website served straight from S3).',
    cli: (f) => [`aws s3api put-public-access-block --bucket ${sh(f.resourceName)} --public-access-block-configuration ${FULL_BLOCK}`],
  },
  's3-public-acl': {
    console: (f) =>
      `In the S3 console, open bucket ${c(f.resourceName)} → Permissions → Access control list (ACL) → Edit, and remove the grants to Everyone and to Authenticated users. ` +
      'Then set Object Ownership to "Bucket owner enforced", which turns ACLs off; publish public content through CloudFront with origin access control.',
    cli: (f) => [
      '# Resets the bucket ACL to the owner alone, then turns ACLs off:',
      `aws s3api put-bucket-acl --bucket ${sh(f.resourceName)} --acl private`,
      `aws s3api put-bucket-ownership-controls --bucket ${sh(f.resourceName)} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
    ],
  },
  's3-tls-not-enforced': {
    console: (f) =>
      `In the S3 console, open bucket ${c(f.resourceName)} → Permissions → Bucket policy → Edit, and add a statement denying ${c('s3:*')} to every principal on the bucket and its objects when ${c('aws:SecureTransport')} is false.`,
    cli: (f) => {
      const policy = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [f.resource, `${f.resource}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      };
      return [
        '# This replaces the bucket policy: if the bucket has one, add the statement to it instead.',
        `aws s3api put-bucket-policy --bucket ${sh(f.resourceName)} --policy ${sh(JSON.stringify(policy))}`,
      ];
    },
  },
  's3-policy-public-principal': {
    console: (f) =>
      `In the S3 console, open bucket ${c(f.resourceName)} → Permissions → Bucket policy → Edit: in the statements named in the evidence, replace ${c('"Principal": "*"')} with the accounts or roles that need access, ` +
      `or add a condition such as ${c('aws:PrincipalOrgID')} or ${c('aws:SourceVpce')}. Serve public content through CloudFront with origin access control instead.`,
    cli: (f) => [
      `aws s3api get-bucket-policy --bucket ${sh(f.resourceName)} --query Policy --output text > bucket-policy.json`,
      '# Edit bucket-policy.json: name the principals, or add a condition that narrows who; then:',
      `aws s3api put-bucket-policy --bucket ${sh(f.resourceName)} --policy file://bucket-policy.json`,
    ],
  },
  's3-account-public-access-not-blocked': {
    console: () =>
      'In the S3 console, open "Block Public Access settings for this account" → Edit, tick "Block all public access" and confirm. ' +
      'Check first that no bucket in the account is meant to be public (CloudFront with origin access control needs none).',
    cli: (f) => [`aws s3control put-public-access-block --account-id ${sh(f.account)} --public-access-block-configuration ${FULL_BLOCK}`],
  },
  'vpce-s3-policy-unrestricted': {
    console: (f) =>
      `In the VPC console, open Endpoints → ${c(f.resourceName)} → Policy → Edit policy, and allow S3 only when ${c('s3:ResourceAccount')} is one of your accounts. ` +
      'Add exceptions for the buckets AWS serves from (the Amazon Linux package repositories, the layers behind ECR pulls) if the VPC uses them.',
    cli: (f) => {
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': [f.account] } } }] };
      return [
        '# This replaces the endpoint policy; add other account ids and the AWS-owned buckets the VPC needs.',
        `aws ec2 modify-vpc-endpoint${regionFlag(f)} --vpc-endpoint-id ${sh(f.resourceName)} --policy-document ${sh(JSON.stringify(policy))}`,
      ];
    },
  },
  'dynamodb-pitr-off': {
    console: (f) => `In the DynamoDB console, open Tables → ${c(f.resourceName)} → Backups → Point-in-time recovery → Edit, turn it on and save.`,
    cli: (f) => [`aws dynamodb update-continuous-backups${regionFlag(f)} --table-name ${sh(f.resourceName)} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`],
  },
  'dynamodb-deletion-protection-off': {
    console: (f) => `In the DynamoDB console, open Tables → ${c(f.resourceName)} → Additional settings → Deletion protection, and turn it on.`,
    cli: (f) => [`aws dynamodb update-table${regionFlag(f)} --table-name ${sh(f.resourceName)} --deletion-protection-enabled`],
  },
  'lambda-runtime-deprecated': {
    console: (f) => {
      const successor = evidenceText(f, 'successor');
      return (
        `Build and test the code on ${successor ? c(successor) : 'a supported runtime'} first. Then in the Lambda console, open Functions → ${c(f.resourceName)} → Code → Runtime settings → Edit, ` +
        'choose that runtime and save (deploy the rebuilt package too if it changed).'
      );
    },
    cli: (f) => [`aws lambda update-function-configuration${regionFlag(f)} --function-name ${sh(f.resourceName)} --runtime ${sh(evidenceText(f, 'successor') ?? 'NEW-RUNTIME')}`],
  },
  'lambda-code-signing-off': {
    console: (f) =>
      'Create an AWS Signer signing profile and, in the Lambda console, a code signing configuration that trusts it and enforces signatures. ' +
      `Then open Functions → ${c(f.resourceName)} → Configuration → Code signing → Edit and choose it; from then on, deploy only signed packages.`,
    cli: (f) => [
      `aws lambda create-code-signing-config${regionFlag(f)} --allowed-publishers SigningProfileVersionArns=SIGNING-PROFILE-VERSION-ARN --code-signing-policies UntrustedArtifactOnDeployment=Enforce`,
      `aws lambda put-function-code-signing-config${regionFlag(f)} --function-name ${sh(f.resourceName)} --code-signing-config-arn CODE-SIGNING-CONFIG-ARN`,
    ],
  },
  'lambda-permission-public': {
    console: (f) => {
      const sid = evidenceText(f, 'Sid');
      return (
        `In the Lambda console, open Functions → ${c(f.resourceName)} → Configuration → Permissions → Resource-based policy statements, ` +
        `and edit ${sid ? `statement ${c(sid)}` : 'the statement'} so it names the service or account that calls the function, with its source ARN and account (or delete it if nothing needs it).`
      );
    },
    cli: (f) => {
      const sid = sh(evidenceText(f, 'Sid') ?? 'STATEMENT-ID');
      const action = evidenceText(f, 'Action') ?? 'lambda:InvokeFunction';
      return [
        '# Replace the open statement with one for the real caller (here a service, with its source ARN and account):',
        `aws lambda remove-permission${regionFlag(f)} --function-name ${sh(f.resourceName)} --statement-id ${sid}`,
        `aws lambda add-permission${regionFlag(f)} --function-name ${sh(f.resourceName)} --statement-id ${sid} --action ${sh(action)} --principal SERVICE.amazonaws.com --source-arn SOURCE-ARN --source-account ${sh(f.account)}`,
      ];
    },
  },
  'rds-ca-outdated': {
    console: (f) =>
      'Roll the new CA bundle out to every client that verifies the server certificate first. ' +
      `Then in the RDS console, open Databases → ${c(f.resourceName)} → Modify → Certificate authority, choose ${c('rds-ca-rsa2048-g1')} and apply (most engines restart to change it).`,
    cli: (f) => [
      '# Applies in the next maintenance window; add --apply-immediately to restart now.',
      `aws rds modify-db-instance${regionFlag(f)} --db-instance-identifier ${sh(f.resourceName)} --ca-certificate-identifier rds-ca-rsa2048-g1`,
    ],
  },
  'rds-publicly-accessible': {
    console: (f) =>
      'Give the clients that reach it over the internet a way into the VPC first. ' +
      `Then in the RDS console, open Databases → ${c(f.resourceName)} → Modify → Connectivity → Additional configuration, choose "Not publicly accessible" and apply.`,
    cli: (f) => [`aws rds modify-db-instance${regionFlag(f)} --db-instance-identifier ${sh(f.resourceName)} --no-publicly-accessible --apply-immediately`],
  },
  'rds-storage-unencrypted': {
    console: (f) =>
      `Encryption cannot be turned on in place: snapshot ${c(f.resourceName)}, restore the snapshot (or an encrypted copy of it) as a new, encrypted database, ` +
      'and move the clients to it. Keep the old database until the new one has served for a while.',
    cli: (f) => {
      const name = f.resourceName;
      const region = regionFlag(f);
      if (isCluster(f)) {
        const engine = sh(evidenceText(f, 'Engine') ?? 'ENGINE');
        return [
          `aws rds create-db-cluster-snapshot${region} --db-cluster-identifier ${sh(name)} --db-cluster-snapshot-identifier ${sh(`${name}-before-encryption`)}`,
          `aws rds restore-db-cluster-from-snapshot${region} --db-cluster-identifier ${sh(`${name}-encrypted`)} --snapshot-identifier ${sh(`${name}-before-encryption`)} --engine ${engine} --kms-key-id alias/aws/rds`,
          '# Then add instances to the new cluster (aws rds create-db-instance --db-cluster-identifier …) as the old one has.',
        ];
      }
      return [
        `aws rds create-db-snapshot${region} --db-instance-identifier ${sh(name)} --db-snapshot-identifier ${sh(`${name}-before-encryption`)}`,
        `aws rds copy-db-snapshot${region} --source-db-snapshot-identifier ${sh(`${name}-before-encryption`)} --target-db-snapshot-identifier ${sh(`${name}-encrypted`)} --kms-key-id alias/aws/rds`,
        `aws rds restore-db-instance-from-db-snapshot${region} --db-instance-identifier ${sh(`${name}-encrypted`)} --db-snapshot-identifier ${sh(`${name}-encrypted`)}`,
      ];
    },
  },
  'rds-backups-off': {
    console: (f) =>
      `In the RDS console, open Databases → ${c(f.resourceName)} → Modify → Backup, set the retention period to 7 days or more and apply. ` +
      'Turning backups on from 0 causes a short outage, so apply it in a quiet moment.',
    cli: (f) => [`aws rds ${isCluster(f) ? 'modify-db-cluster' : 'modify-db-instance'}${regionFlag(f)} ${rdsTarget(f)} --backup-retention-period 7 --apply-immediately`],
  },
  'sg-db-port-open-to-world': openIngress('Reach the database from outside through a bastion, Session Manager port forwarding or a VPN.'),
  'sg-admin-port-open-to-world': openIngress('For administration, Systems Manager Session Manager needs no inbound port at all.'),
  'sg-all-traffic-open-to-world': openIngress('Allow only the protocols and ports the service needs (for a web server, TCP 443).'),
  'ec2-imdsv1-allowed': {
    console: (f) =>
      'Check that the software on the instance uses a current AWS SDK (every SDK since 2019 speaks IMDSv2). ' +
      `Then in the EC2 console, select instance ${c(f.resourceName)} → Actions → Instance settings → Modify instance metadata options, set IMDSv2 to Required and save.`,
    cli: (f) => [`aws ec2 modify-instance-metadata-options${regionFlag(f)} --instance-id ${sh(evidenceText(f, 'instanceId') ?? f.resourceName)} --http-tokens required --http-endpoint enabled`],
  },
  'elb-listener-http': {
    console: (f) =>
      `With an HTTPS listener in place on the load balancer, open EC2 → Load balancers → the listener ${c(f.resourceName)} → Edit, ` +
      'and change its default action to "Redirect to URL" on HTTPS port 443 with status 301 (or remove the listener when no person types the address).',
    cli: (f) => [`aws elbv2 modify-listener${regionFlag(f)} --listener-arn ${sh(f.resource)} --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'`],
  },
  'elb-tls-policy-outdated': {
    console: (f) =>
      `In the EC2 console, open Load balancers → the listener ${c(f.resourceName)} → Edit, and choose the security policy ${c('ELBSecurityPolicy-TLS13-1-2-2021-06')}. ` +
      'Check the access logs for TLS 1.0 or 1.1 clients first if very old devices call it.',
    cli: (f) => [`aws elbv2 modify-listener${regionFlag(f)} --listener-arn ${sh(f.resource)} --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06`],
  },
  'logs-retention-unset': {
    console: (f) =>
      `In the CloudWatch console, open Log groups → ${c(f.resourceName)} → Actions → Edit retention setting, and choose the period your logging policy names. ` +
      'Events older than it are then deleted, so export what you must keep longer first.',
    cli: (f) => [
      '# 365 days stands for the period your logging policy names:',
      `aws logs put-retention-policy${regionFlag(f)} --log-group-name ${sh(evidenceText(f, 'logGroupName') ?? f.resourceName)} --retention-in-days 365`,
    ],
  },
  'iam-root-mfa-off': {
    console: () =>
      'Sign in as the root user, open the account menu → Security credentials → Multi-factor authentication (MFA) → Assign MFA device, and register a passkey or security key. ' +
      'In an AWS Organization, member accounts can instead have their root credentials removed (IAM → Root access management).',
    cli: () => [
      '# No command assigns it: the root user does so in the console (root access keys to script it would be worse). To check afterwards:',
      'aws iam get-account-summary --query SummaryMap.AccountMFAEnabled',
    ],
  },
  'iam-password-policy-weak': {
    console: () =>
      'In the IAM console, open Account settings → Password policy → Edit, choose a custom policy with a minimum length of 14 and reuse of the last 24 passwords prevented, and save. ' +
      'Better still, move people to IAM Identity Center and leave IAM users without passwords.',
    cli: () => [
      '# This replaces the whole policy: add the other settings you use today.',
      'aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --allow-users-to-change-password',
    ],
  },
  'iam-user-console-without-mfa': {
    console: (f) =>
      `In the IAM console, open Users → ${c(f.resourceName)} → Security credentials → Assign MFA device (or have the user do it), ` +
      'or remove the console password if the user needs none. Better still, sign people in through IAM Identity Center.',
    cli: (f) => [
      '# A virtual MFA device: the user scans the QR code, then enters two codes in a row.',
      `aws iam create-virtual-mfa-device --virtual-mfa-device-name ${sh(f.resourceName)} --outfile mfa-qr.png --bootstrap-method QRCodePNG`,
      `aws iam enable-mfa-device --user-name ${sh(f.resourceName)} --serial-number ${sh(`arn:${partition(f)}:iam::${f.account}:mfa/${f.resourceName}`)} --authentication-code1 CODE1 --authentication-code2 CODE2`,
    ],
  },
  'iam-admin-wildcard': {
    console: (f) => {
      const entity = /:(user|group|role)\//.exec(f.resource)?.[1];
      if (entity) {
        return `In the IAM console, open ${entity === 'user' ? 'Users' : entity === 'group' ? 'User groups' : 'Roles'} → ${c(f.resourceName)} → Permissions: attach a policy granting what it needs, then remove ${c('AdministratorAccess')}.`;
      }
      return `In the IAM console, open Policies → ${c(f.resourceName)} → Edit, and replace the statement granting every action with the actions and resources its users need (IAM Access Analyzer can generate one from CloudTrail activity).`;
    },
    cli: (f) => {
      const entity = /:(user|group|role)\//.exec(f.resource)?.[1];
      if (entity) {
        const policy = evidenceText(f, 'policyArn') ?? `arn:${partition(f)}:iam::aws:policy/AdministratorAccess`;
        return [
          `aws iam attach-${entity}-policy --${entity}-name ${sh(f.resourceName)} --policy-arn NARROWER-POLICY-ARN`,
          `aws iam detach-${entity}-policy --${entity}-name ${sh(f.resourceName)} --policy-arn ${sh(policy)}`,
        ];
      }
      const version = sh(evidenceText(f, 'versionId') ?? 'v1');
      return [
        `aws iam get-policy-version --policy-arn ${sh(f.resource)} --version-id ${version} --query PolicyVersion.Document > policy.json`,
        '# Edit policy.json: list the actions and resources needed; then make it the default version:',
        `aws iam create-policy-version --policy-arn ${sh(f.resource)} --policy-document file://policy.json --set-as-default`,
      ];
    },
  },
  'cloudtrail-missing': {
    console: () =>
      'In the CloudTrail console, open Trails → Create trail: the console makes it multi-region, with log file validation and a bucket whose policy lets CloudTrail write. ' +
      'In an AWS Organization, one organization trail from the management account covers every account.',
    cli: (f) => {
      const trails = evidence(f, 'trails');
      const stopped = Array.isArray(trails) ? (trails as Array<{ name?: unknown; homeRegion?: unknown; isMultiRegionTrail?: unknown; isLogging?: unknown }>).find((t) => t.isMultiRegionTrail === true && t.isLogging === false && typeof t.name === 'string') : undefined;
      if (stopped) return [`aws cloudtrail start-logging${typeof stopped.homeRegion === 'string' ? ` --region ${sh(stopped.homeRegion)}` : ''} --name ${sh(stopped.name as string)}`];
      return [
        '# BUCKET needs the bucket policy that lets CloudTrail write to it.',
        'aws cloudtrail create-trail --name management --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation',
        'aws cloudtrail start-logging --name management',
      ];
    },
  },
  'cloudtrail-not-multi-region': {
    console: () => 'The console cannot widen an existing trail to every region: run the command below, in the trail\'s home region, or create a new trail in the console (those are multi-region).',
    cli: (f) => [`aws cloudtrail update-trail --region ${sh(evidenceText(f, 'HomeRegion') ?? f.region)} --name ${sh(f.resourceName)} --is-multi-region-trail`],
  },
  'cloudtrail-log-validation-off': {
    console: (f) => `In the CloudTrail console, open Trails → ${c(f.resourceName)} → General details → Edit, tick "Log file validation" and save.`,
    cli: (f) => [`aws cloudtrail update-trail${regionFlag(f)} --name ${sh(f.resourceName)} --enable-log-file-validation`],
  },
  ...edgeRemediations,
  'scan-not-permitted': {
    console: (f) => {
      const action = evidenceText(f, 'action');
      const kind = classify({ name: evidenceText(f, 'error') ?? '' }).kind;
      if (kind === 'throttled') return 'The call was throttled past its retries: scan again later, or with fewer calls at once (a lower concurrency).';
      if (kind === 'unavailable') return 'The service is not offered in this region or the account is not opted in to it: nothing to grant.';
      return (
        `Grant the role the profile signs in with ${action ? c(action) : 'the read-only actions of the scan'}: attach the AWS managed policies ${c('SecurityAudit')} and ${c('ViewOnlyAccess')} ` +
        '(for IAM Identity Center, to the permission set), and scan again.'
      );
    },
    cli: (f) => {
      const action = evidenceText(f, 'action');
      const kind = classify({ name: evidenceText(f, 'error') ?? '' }).kind;
      if (kind === 'throttled' || kind === 'unavailable') return ['# Nothing to change in the account.'];
      const lines = ['# ROLE is the role the profile signs in with (for IAM Identity Center, edit the permission set instead):', `aws iam attach-role-policy --role-name ROLE --policy-arn arn:${partition(f)}:iam::aws:policy/SecurityAudit`];
      if (action) {
        const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] };
        lines.push('# or only the action that was refused:', `aws iam put-role-policy --role-name ROLE --policy-name aws-hardening-scan --policy-document ${sh(JSON.stringify(policy))}`);
      }
      return lines;
    },
  },
  'scan-truncated': {
    console: () => 'The listing had more pages than one scan reads: scan this region or profile on its own, or look at the rest in the console.',
    cli: (f) => {
      const region = f.region && f.region !== 'global' ? ` --region ${sh(f.region)}` : '';
      return [`aws-hardening scan --profile ${sh(f.profile)}${region}`];
    },
  },
};

export const REMEDIATIONS: Readonly<Record<string, Remediation>> = remediations;

export function remediationFor(ruleId: string): Remediation | undefined {
  return Object.prototype.hasOwnProperty.call(REMEDIATIONS, ruleId) ? REMEDIATIONS[ruleId] : undefined;
}
