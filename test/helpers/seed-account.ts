// One account seeded, through the SDK, with a weak and a hardened resource of every kind the live
// scan reads, and the findings a scan of its home region must give: every weak setting, the
// account-wide ones, and on hardened resources only what the emulator forces. The seeding follows
// the group tests (account-{s3,compute,network,identity,edge}.test.ts), with names kept apart
// (`weak-…`, `hardened-…`) so that all of it lives in one account without one group's resources
// showing up in another's findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFrontClient, CreateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeImagesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client, type Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AttachRolePolicyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand, CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, CreateQueryLoggingConfigCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { EmulatedAccount } from './account';
import { fixturesDir } from './paths';

type ClientConfig = EmulatedAccount['client'];
/** A finding as `[ruleId, resource]`. */
export type Expected = readonly [ruleId: string, resource: string];

export interface SeededAccount {
  /** Every finding a scan of the home region gives, repeats included (one distribution has two insecure origins). */
  readonly expected: readonly Expected[];
  /** The part of `expected` on hardened resources: settings the emulator cannot store or show. */
  readonly forced: readonly Expected[];
  /** ARNs (names where a resource has no ARN) of everything seeded hardened. */
  readonly hardened: readonly string[];
  /** Where CloudFormation tags were seeded: resource ARN to [stack, logical id]. */
  readonly stacks: ReadonlyMap<string, readonly [string, string]>;
}

const ACCOUNT = '123456789012';
const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
/** The smallest valid .zip archive (an end-of-central-directory record alone): moto stores it unread. */
const EMPTY_ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
const LAMBDA_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03';

/** Collects what one seeding step adds to the expectations. */
class Plan {
  readonly expected: Expected[] = [];
  readonly forced: Expected[] = [];
  readonly hardened: string[] = [];
  readonly stacks = new Map<string, readonly [string, string]>();
  weak(resource: string, ...rules: string[]): void {
    for (const rule of rules) this.expected.push([rule, resource]);
  }
  /** A finding on a hardened resource that only the emulator's limits cause. */
  force(rule: string, resource: string): void {
    this.expected.push([rule, resource]);
    this.forced.push([rule, resource]);
  }
}

const stackTags = (stack: string, logicalId: string) => [
  { Key: 'aws:cloudformation:stack-name', Value: stack },
  { Key: 'aws:cloudformation:logical-id', Value: logicalId },
];

/**
 * Seeds every kind, in the region of `client` (eu-west-1 for `emulatedAccount()`); global services
 * and the Route53 query-log group go to us-east-1, as on AWS.
 */
export async function seedAccount(client: ClientConfig): Promise<SeededAccount> {
  const plan = new Plan();
  const here = client.region;
  const arn = (service: string, resource: string): string => `arn:aws:${service}:${here}:${ACCOUNT}:${resource}`;
  const east = { ...client, region: 'us-east-1' };
  const s3 = new S3Client(client);
  const ec2 = new EC2Client(client);
  const iam = new IAMClient(east);
  const clients: Array<{ destroy(): void }> = [s3, ec2, iam];
  const make = <C extends { destroy(): void }>(c: C): C => (clients.push(c), c);
  try {
    await seedBuckets(s3, here, plan);
    await seedEndpoints(ec2, here, plan, arn);
    await seedCompute(make(new DynamoDBClient(client)), iam, make(new LambdaClient(client)), make(new RDSClient(client)), plan, arn);
    await seedNetwork(ec2, make(new ElasticLoadBalancingV2Client(client)), iam, make(new CloudWatchLogsClient(client)), plan, arn);
    await seedIdentity(iam, make(new CloudTrailClient(client)), plan, arn);
    await seedEdge(make(new CloudFrontClient(east)), make(new Route53Client(east)), make(new CloudWatchLogsClient(east)), ec2, here, plan);
  } finally {
    for (const c of clients) c.destroy();
  }
  // Account-wide: no account public access block (only one exists, so it is the weak one), and
  // the root user's MFA, which moto reports off and cannot turn on.
  plan.weak(ACCOUNT, 's3-account-public-access-not-blocked');
  plan.weak(`arn:aws:iam::${ACCOUNT}:root`, 'iam-root-mfa-off');
  return { expected: plan.expected, forced: plan.forced, hardened: plan.hardened, stacks: plan.stacks };
}

async function seedBuckets(s3: S3Client, region: string, plan: Plan): Promise<void> {
  const here = { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } };
  const bucket = (name: string): string => `arn:aws:s3:::${name}`;
  // Never versioned, no public access block, no policy, and a public-read ACL.
  await s3.send(new CreateBucketCommand({ Bucket: 'weak-bucket-acl', ...here }));
  await s3.send(new PutBucketAclCommand({ Bucket: 'weak-bucket-acl', ACL: 'public-read' }));
  plan.weak(bucket('weak-bucket-acl'), 's3-versioning-off', 's3-public-access-not-blocked', 's3-public-acl', 's3-tls-not-enforced');
  // Versioned without MFA Delete or lifecycle, half a public access block, and a policy open to everyone without a TLS deny.
  await s3.send(new CreateBucketCommand({ Bucket: 'weak-bucket-policy', ...here }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'weak-bucket-policy', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'weak-bucket-policy', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } }));
  const open = { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::weak-bucket-policy/*' }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'weak-bucket-policy', Policy: JSON.stringify(open) }));
  plan.weak(bucket('weak-bucket-policy'), 's3-mfa-delete-off', 's3-noncurrent-versions-unmanaged', 's3-policy-public-principal', 's3-public-access-not-blocked', 's3-tls-not-enforced');
  // Everything on. It also takes the CloudTrail logs, so no unhardened bucket is needed for them.
  const name = 'hardened-bucket';
  await s3.send(new CreateBucketCommand({ Bucket: name, ...here }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' }, MFA: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device 123456` }));
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: name,
      LifecycleConfiguration: { Rules: [{ ID: 'undelete-window', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
    }),
  );
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: ALL_ON }));
  const tlsDeny = { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket(name), `${bucket(name)}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsDeny] }) }));
  plan.hardened.push(bucket(name));
  // moto accepts MFADelete and drops it, so the bucket reads as versioned without it.
  plan.force('s3-mfa-delete-off', bucket(name));
}

type Arn = (service: string, resource: string) => string;

async function seedEndpoints(ec2: EC2Client, region: string, plan: Plan, arn: Arn): Promise<void> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const routes = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  const service = `com.amazonaws.${region}.s3`;
  // The default policy, which lets the VPC reach any bucket of any account; tagged as a stack's.
  const weak = await ec2.send(
    new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: service, RouteTableIds: [routes], TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: stackTags('network', 'S3Endpoint') }] }),
  );
  const weakArn = arn('ec2', `vpc-endpoint/${weak.VpcEndpoint!.VpcEndpointId!}`);
  plan.weak(weakArn, 'vpce-s3-policy-unrestricted');
  plan.stacks.set(weakArn, ['network', 'S3Endpoint']);
  const pinned = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 's3:ResourceAccount': ACCOUNT } } }] };
  const hardened = await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpc, ServiceName: service, RouteTableIds: [routes], PolicyDocument: JSON.stringify(pinned) }));
  plan.hardened.push(arn('ec2', `vpc-endpoint/${hardened.VpcEndpoint!.VpcEndpointId!}`));
}

async function seedCompute(ddb: DynamoDBClient, iam: IAMClient, lambda: LambdaClient, rds: RDSClient, plan: Plan, arn: Arn): Promise<void> {
  const table = { AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
  await ddb.send(new CreateTableCommand({ TableName: 'weak-table', ...table }));
  await ddb.send(new CreateTableCommand({ TableName: 'hardened-table', DeletionProtectionEnabled: true, ...table }));
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: 'hardened-table', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  plan.weak(arn('dynamodb', 'table/weak-table'), 'dynamodb-deletion-protection-off', 'dynamodb-pitr-off');
  plan.hardened.push(arn('dynamodb', 'table/hardened-table'));

  const role = (await iam.send(new CreateRoleCommand({ RoleName: 'hardened-fn-role', AssumeRolePolicyDocument: LAMBDA_TRUST }))).Role!.Arn!;
  const base = { Role: role, Handler: 'index.handler', Code: { ZipFile: EMPTY_ZIP } };
  // python3.9 was deprecated on 2025-12-15: found by any scan after that day.
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'weak-fn', Runtime: 'python3.9', ...base }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'weak-fn', StatementId: 'AnyoneMayInvoke', Action: 'lambda:InvokeFunction', Principal: '*' }));
  plan.weak(arn('lambda', 'function:weak-fn'), 'lambda-code-signing-off', 'lambda-permission-public', 'lambda-runtime-deprecated');
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'hardened-fn', Runtime: 'nodejs24.x', CodeSigningConfigArn: arn('lambda', 'code-signing-config:csc-0123456789abcdef0'), ...base }));
  await lambda.send(
    new AddPermissionCommand({ FunctionName: 'hardened-fn', StatementId: 'FromUploads', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::uploads', SourceAccount: ACCOUNT }),
  );
  plan.hardened.push(arn('lambda', 'function:hardened-fn'));

  const instance = { DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'admin_user', MasterUserPassword: 'not-a-secret-1' };
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'weak-db', Engine: 'postgres', PubliclyAccessible: true, StorageEncrypted: false, BackupRetentionPeriod: 0, CACertificateIdentifier: 'rds-ca-2019', Tags: stackTags('orders', 'Database'), ...instance }),
  );
  plan.weak(arn('rds', 'db:weak-db'), 'rds-backups-off', 'rds-ca-outdated', 'rds-publicly-accessible', 'rds-storage-unencrypted');
  plan.stacks.set(arn('rds', 'db:weak-db'), ['orders', 'Database']);
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'hardened-db', Engine: 'postgres', PubliclyAccessible: false, StorageEncrypted: true, BackupRetentionPeriod: 7, CACertificateIdentifier: 'rds-ca-rsa2048-g1', ...instance }),
  );
  plan.hardened.push(arn('rds', 'db:hardened-db'));
  const cluster = { Engine: 'aurora-postgresql', MasterUsername: 'admin_user', MasterUserPassword: 'not-a-secret-1', BackupRetentionPeriod: 7 };
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'weak-cluster', StorageEncrypted: false, ...cluster }));
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'hardened-cluster', StorageEncrypted: true, ...cluster }));
  // A member of the unencrypted cluster: its storage is the cluster's, so only the cluster is reported.
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'weak-cluster-1', DBClusterIdentifier: 'weak-cluster', Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', PubliclyAccessible: false, CACertificateIdentifier: 'rds-ca-rsa2048-g1' }),
  );
  plan.weak(arn('rds', 'cluster:weak-cluster'), 'rds-storage-unencrypted');
  plan.hardened.push(arn('rds', 'cluster:hardened-cluster'), arn('rds', 'db:weak-cluster-1'));
}

async function seedNetwork(ec2: EC2Client, elb: ElasticLoadBalancingV2Client, iam: IAMClient, logs: CloudWatchLogsClient, plan: Plan, arn: Arn): Promise<void> {
  const world = (from: number, to: number) => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
  const weak = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'weak-sg', Description: 'weak' }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: weak, IpPermissions: [world(5432, 5432), world(22, 22), { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }));
  plan.weak(arn('ec2', `security-group/${weak}`), 'sg-admin-port-open-to-world', 'sg-all-traffic-open-to-world', 'sg-db-port-open-to-world');
  const hardened = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'hardened-sg', Description: 'hardened' }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: hardened,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: weak }] },
        world(443, 443),
      ],
    }),
  );
  plan.hardened.push(arn('ec2', `security-group/${hardened}`));

  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
  if (!image) throw new Error('moto lists no image to launch');
  const launch = async (tokens: 'optional' | 'required'): Promise<string> =>
    (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', MetadataOptions: { HttpTokens: tokens, HttpEndpoint: 'enabled' } }))).Instances![0]!.InstanceId!;
  plan.weak(arn('ec2', `instance/${await launch('optional')}`), 'ec2-imdsv1-allowed');
  plan.hardened.push(arn('ec2', `instance/${await launch('required')}`));

  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!.slice(0, 2).map((s) => s.SubnetId!);
  const cert = await iam.send(
    new UploadServerCertificateCommand({ ServerCertificateName: 'orders', CertificateBody: readFileSync(join(fixturesDir, 'pem-cert-expired', 'bad.pem'), 'utf8'), PrivateKey: 'not read by the emulator' }),
  );
  const certificates = [{ CertificateArn: cert.ServerCertificateMetadata!.Arn! }];
  const balancer = async (name: string, type: 'application' | 'network') => (await elb.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets, Type: type }))).LoadBalancers![0]!;
  const weakLb = await balancer('weak-alb', 'application');
  const hardenedLb = await balancer('hardened-alb', 'application');
  const hardenedNlb = await balancer('hardened-nlb', 'network');
  const group = async (name: string, protocol: 'HTTP' | 'TCP') => (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: 443, VpcId: weakLb.VpcId }))).TargetGroups![0]!.TargetGroupArn!;
  const forward: Action[] = [{ Type: 'forward', TargetGroupArn: await group('app', 'HTTP') }];
  const listen = async (lb: string, protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP', port: number, actions: Action[], policy?: string): Promise<string> =>
    (
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb,
          Protocol: protocol,
          Port: port,
          DefaultActions: actions,
          ...(protocol === 'HTTPS' || protocol === 'TLS' ? { Certificates: certificates } : {}),
          ...(policy ? { SslPolicy: policy } : {}),
        }),
      )
    ).Listeners![0]!.ListenerArn!;
  // Plain HTTP forwarded (a warning) and plain HTTP redirected to HTTPS (information): both found.
  plan.weak(await listen(weakLb.LoadBalancerArn!, 'HTTP', 80, forward), 'elb-listener-http');
  plan.weak(await listen(weakLb.LoadBalancerArn!, 'HTTP', 8080, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]), 'elb-listener-http');
  // No SslPolicy: the API applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1.
  plan.weak(await listen(weakLb.LoadBalancerArn!, 'HTTPS', 443, forward), 'elb-tls-policy-outdated');
  const modern = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
  plan.hardened.push(await listen(hardenedLb.LoadBalancerArn!, 'HTTPS', 443, forward, modern));
  const tcp: Action[] = [{ Type: 'forward', TargetGroupArn: await group('tcp', 'TCP') }];
  plan.hardened.push(await listen(hardenedNlb.LoadBalancerArn!, 'TLS', 443, tcp, modern), await listen(hardenedNlb.LoadBalancerArn!, 'TCP', 5432, tcp));

  await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/weak-logs' }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/hardened-logs' }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/app/hardened-logs', retentionInDays: 365 }));
  plan.weak(arn('logs', 'log-group:/app/weak-logs'), 'logs-retention-unset');
  plan.hardened.push(arn('logs', 'log-group:/app/hardened-logs'));
}

async function seedIdentity(iam: IAMClient, trails: CloudTrailClient, plan: Plan, arn: Arn): Promise<void> {
  const iamArn = (rest: string): string => `arn:aws:iam::${ACCOUNT}:${rest}`;
  // Eight characters and reuse allowed: weak (the only password policy an account has).
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8 }));
  plan.weak(ACCOUNT, 'iam-password-policy-weak');

  await iam.send(new CreateUserCommand({ UserName: 'weak-console-user' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'weak-console-user', Password: 'correct-horse-battery' }));
  plan.weak(iamArn('user/weak-console-user'), 'iam-user-console-without-mfa');
  await iam.send(new CreateUserCommand({ UserName: 'hardened-console-user' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'hardened-console-user', Password: 'correct-horse-battery' }));
  const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'hardened-console-user' }));
  await iam.send(new EnableMFADeviceCommand({ UserName: 'hardened-console-user', SerialNumber: device.VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  // A user with keys only and no console password needs no MFA for this rule.
  await iam.send(new CreateUserCommand({ UserName: 'hardened-api-user' }));
  plan.hardened.push(iamArn('user/hardened-console-user'), iamArn('user/hardened-api-user'));

  const everything = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const narrow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::site/*' }] });
  const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'weak-admin-role', AssumeRolePolicyDocument: ec2Trust }));
  const admin = (await iam.send(new CreatePolicyCommand({ PolicyName: 'weak-admin-policy', PolicyDocument: everything }))).Policy!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'weak-admin-role', PolicyArn: admin }));
  plan.weak(admin, 'iam-admin-wildcard');
  await iam.send(new CreateRoleCommand({ RoleName: 'hardened-deploy-role', AssumeRolePolicyDocument: ec2Trust }));
  const scoped = (await iam.send(new CreatePolicyCommand({ PolicyName: 'hardened-deploy-policy', PolicyDocument: narrow }))).Policy!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'hardened-deploy-role', PolicyArn: scoped }));
  // Granting everything but attached to nobody: no one holds it, so it is not reported.
  const unused = (await iam.send(new CreatePolicyCommand({ PolicyName: 'hardened-unattached-admin', PolicyDocument: everything }))).Policy!.Arn!;
  plan.hardened.push(scoped, unused, iamArn('role/hardened-deploy-role'));

  // One region, no log file validation, not logging; beside it a multi-region trail that validates and logs.
  await trails.send(new CreateTrailCommand({ Name: 'weak-trail', S3BucketName: 'hardened-bucket' }));
  plan.weak(arn('cloudtrail', 'trail/weak-trail'), 'cloudtrail-log-validation-off', 'cloudtrail-not-multi-region');
  await trails.send(new CreateTrailCommand({ Name: 'hardened-trail', S3BucketName: 'hardened-bucket', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
  await trails.send(new StartLoggingCommand({ Name: 'hardened-trail' }));
  plan.hardened.push(arn('cloudtrail', 'trail/hardened-trail'));
}

function distribution(reference: string, overrides: Partial<DistributionConfig>): DistributionConfig {
  return {
    CallerReference: reference,
    Comment: reference,
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: 'app.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] } } }] },
    DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'https-only', CachePolicyId: CACHING_OPTIMIZED },
    ...overrides,
  };
}

function upsert(zoneId: string, sets: ResourceRecordSet[]): ChangeResourceRecordSetsCommand {
  return new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: sets.map((set) => ({ Action: 'UPSERT', ResourceRecordSet: set })) } });
}

async function seedEdge(cloudfront: CloudFrontClient, route53: Route53Client, logs: CloudWatchLogsClient, ec2: EC2Client, region: string, plan: Plan): Promise<void> {
  const legacy = { Id: 'legacy', DomainName: 'legacy.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' as const, OriginSslProtocols: { Quantity: 2, Items: ['TLSv1' as const, 'TLSv1.2' as const] } } };
  const weak = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: distribution('weak-distribution', {
        Origins: { Quantity: 1, Items: [legacy] },
        DefaultCacheBehavior: { TargetOriginId: 'legacy', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_OPTIMIZED },
        CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/api/*', TargetOriginId: 'legacy', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHING_OPTIMIZED }] },
      }),
    }),
  );
  const weakArn = `arn:aws:cloudfront::${ACCOUNT}:distribution/${weak.Distribution!.Id!}`;
  // The origin is reached over plain HTTP and offers TLS 1.0: two findings of one rule.
  plan.weak(weakArn, 'cloudfront-viewer-http-allowed', 'cloudfront-http-redirect', 'cloudfront-tls-outdated', 'cloudfront-origin-insecure', 'cloudfront-origin-insecure', 'cloudfront-security-headers-missing');
  const hardened = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: distribution('hardened-distribution', {
        Aliases: { Quantity: 1, Items: ['www.hardened.example'] },
        DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'https-only', CachePolicyId: CACHING_OPTIMIZED, ResponseHeadersPolicyId: SECURITY_HEADERS },
        // moto takes the default certificate unless told otherwise, even beside a certificate of its own.
        ViewerCertificate: {
          CloudFrontDefaultCertificate: false,
          ACMCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0f3e5a52-7c1d-4b8e-9a3f-2d6c8e1b4a70`,
          SSLSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      }),
    }),
  );
  plan.hardened.push(`arn:aws:cloudfront::${ACCOUNT}:distribution/${hardened.Distribution!.Id!}`);

  const zoneArn = (id: string): string => `arn:aws:route53:::hostedzone/${id.replace(/^\/hostedzone\//, '')}`;
  const weakZone = (await route53.send(new CreateHostedZoneCommand({ Name: 'weak.example', CallerReference: 'weak-zone' }))).HostedZone!.Id!;
  await route53.send(
    upsert(weakZone, [
      { Name: 'www.weak.example.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '192.0.2.10' }] },
      { Name: 'weak.example.', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 mail.weak.example.' }] },
      { Name: 'mail.weak.example.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.25' }] },
    ]),
  );
  plan.weak(
    zoneArn(weakZone),
    'route53-query-logging-off',
    'route53-dnssec-off',
    'dns-caa-missing',
    'dns-spf-missing',
    'dns-dmarc-missing',
    'dns-tlsrpt-missing',
    'dns-mta-sts-missing',
    'dns-ttl-long',
    'dns-ns-ttl-long',
  );
  const hardZone = (await route53.send(new CreateHostedZoneCommand({ Name: 'hardened.example', CallerReference: 'hardened-zone' }))).HostedZone!.Id!;
  await route53.send(
    upsert(hardZone, [
      // Route53 gives a zone's own NS records two days; a zone ready to move keeps them at one.
      { Name: 'hardened.example.', Type: 'NS', TTL: 86400, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }, { Value: 'ns-2.awsdns-02.com.' }] },
      { Name: 'hardened.example.', Type: 'CAA', TTL: 3600, ResourceRecords: [{ Value: '0 issue "amazon.com"' }] },
      { Name: 'hardened.example.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=spf1 -all"' }] },
      { Name: '_dmarc.hardened.example.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=DMARC1; p=reject"' }] },
      { Name: 'www.hardened.example.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.20' }] },
      { Name: '\\052.hardened.example.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'www.hardened.example.' }] },
    ]),
  );
  // Route53 writes query logs only to a log group in us-east-1, named by its ARN with `:*`. The
  // group keeps its logs a year, so a scan of us-east-1 has nothing to say about it either.
  const groupName = '/aws/route53/hardened.example';
  await logs.send(new CreateLogGroupCommand({ logGroupName: groupName }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: groupName, retentionInDays: 365 }));
  const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: groupName }))).logGroups![0]!;
  const groupArn = group.arn!.endsWith(':*') ? group.arn! : `${group.arn!}:*`;
  await route53.send(new CreateQueryLoggingConfigCommand({ HostedZoneId: hardZone, CloudWatchLogsLogGroupArn: groupArn }));
  plan.hardened.push(zoneArn(hardZone), groupArn.replace(/:\*$/, ''));
  // moto answers GetDNSSEC with NOT_SIGNING for every zone and cannot enable signing.
  plan.force('route53-dnssec-off', zoneArn(hardZone));

  // A private zone: not on the internet, so none of the public-zone rules apply.
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const internal = await route53.send(
    new CreateHostedZoneCommand({ Name: 'internal.example', CallerReference: 'private-zone', VPC: { VPCRegion: region as 'eu-west-1', VPCId: vpc }, HostedZoneConfig: { PrivateZone: true } }),
  );
  plan.hardened.push(zoneArn(internal.HostedZone!.Id!));
}
