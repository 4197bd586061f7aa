// The network checks' error paths and what the emulator cannot show, with the SDK clients' `send`
// replaced by aws-sdk-client-mock: a call refused on one resource is one `scan-not-permitted`
// finding and the rest is still checked; listings are followed page by page; a security policy
// the table does not know is judged by what DescribeSSLPolicies says; instances whose metadata
// options are not reported, delivery-class log groups and account-level retention policies. No
// network: the profile has static keys and every client of the scan is mocked.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { CloudWatchLogsClient, CloudWatchLogsServiceException, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { liveRules } from '../../server/src/account/checks';
import { networkChecks } from '../../server/src/account/checks/network';
import type { AccountFinding } from '../../server/src/account/scan/model';
import { scan } from '../../server/src/account/scan/scanner';
import { AccountSession } from '../../server/src/account/session';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const saved = { ...process.env };
let home = '';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const ec2 = mockClient(EC2Client);
const elb = mockClient(ElasticLoadBalancingV2Client);
const logs = mockClient(CloudWatchLogsClient);

before(() => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-network-mock-'));
  mkdirSync(join(home, '.aws'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, '.aws', 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, `[profile audit]\nregion = ${REGION}\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example\n`);
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
});

after(() => {
  for (const mock of [sts, iam, tagging, ec2, elb, logs]) mock.restore();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

const LB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer`;
const web = { LoadBalancerArn: `${LB}/app/web/1111111111111111`, LoadBalancerName: 'web', Type: 'application' as const, Scheme: 'internet-facing' as const };
const api = { LoadBalancerArn: `${LB}/app/api/2222222222222222`, LoadBalancerName: 'api', Type: 'application' as const, Scheme: 'internet-facing' as const };
const gateway = { LoadBalancerArn: `${LB}/gwy/inspect/3333333333333333`, LoadBalancerName: 'inspect', Type: 'gateway' as const };

function listener(lb: { LoadBalancerArn: string }, protocol: 'HTTP' | 'HTTPS', port: number, policy?: string): Listener {
  return {
    ListenerArn: `${lb.LoadBalancerArn.replace(':loadbalancer/', ':listener/')}/${port}`,
    LoadBalancerArn: lb.LoadBalancerArn,
    Protocol: protocol,
    Port: port,
    ...(policy ? { SslPolicy: policy } : {}),
    DefaultActions: [{ Type: 'forward', TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/app/4444444444444444` }],
  };
}

const openSsh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

/** A quiet account: every call answers with nothing to report; each test adds what it examines. */
beforeEach(() => {
  for (const mock of [sts, iam, tagging, ec2, elb, logs]) mock.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/audit`, UserId: 'AIDAEXAMPLE' });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
});

async function findings(severities?: Record<string, 'off'>): Promise<AccountFinding[]> {
  const session = await AccountSession.open();
  const result = await scan({ session, profiles: ['audit'], collectors: networkChecks.collectors, rules: liveRules, ...(severities ? { severities } : {}) });
  const [profile] = result.profiles;
  assert.ok(profile);
  assert.equal(profile.error, undefined);
  return [...profile.findings];
}

const keys = (list: readonly AccountFinding[]): string[] => list.map((f) => `${f.ruleId} ${f.resource}`).sort();

function denied<E>(make: new (o: { name: string; $fault: 'client'; $metadata: { httpStatusCode: number }; message: string }) => E, name: string): E {
  return new make({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: `User is not authorized (${name})` });
}

test('a listener listing refused on one load balancer is one scan-not-permitted finding, and the other load balancers and groups are still checked', async () => {
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [web, api, gateway] });
  elb.on(DescribeListenersCommand).callsFake((input: { LoadBalancerArn?: string }) => {
    if (input.LoadBalancerArn === web.LoadBalancerArn) throw denied(ElasticLoadBalancingV2ServiceException, 'AccessDenied');
    return { Listeners: [listener(api, 'HTTP', 80)] };
  });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0aaa', GroupName: 'bastion', OwnerId: ACCOUNT, IpPermissions: [openSsh] }] });
  const found = await findings();
  assert.deepEqual(keys(found), [
    `elb-listener-http ${api.LoadBalancerArn.replace(':loadbalancer/', ':listener/')}/80`,
    `scan-not-permitted ${web.LoadBalancerArn}`,
    `sg-admin-port-open-to-world arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0aaa`,
  ]);
  const refused = found.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.equal(
    refused.message,
    `Not permitted to call elasticloadbalancing:DescribeListeners on ${web.LoadBalancerArn} (AccessDenied): what it would show was not checked. Grant the scanning role elasticloadbalancing:DescribeListeners.`,
  );
  assert.deepEqual(refused.evidence, { action: 'elasticloadbalancing:DescribeListeners', resource: web.LoadBalancerArn, error: 'AccessDenied' });
  // A gateway load balancer's listeners carry GENEVE: they are not asked for.
  const asked = elb.commandCalls(DescribeListenersCommand).map((c) => c.args[0].input.LoadBalancerArn);
  assert.deepEqual(asked.sort(), [api.LoadBalancerArn, web.LoadBalancerArn]);
});

test('DescribeInstances refused is one finding naming the action and the region; security groups, read by the same client, are still checked', async () => {
  ec2.on(DescribeInstancesCommand).rejects(denied(EC2ServiceException, 'UnauthorizedOperation'));
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0bbb', GroupName: 'web', OwnerId: ACCOUNT, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }] });
  const found = await findings();
  assert.deepEqual(keys(found), [`scan-not-permitted instances in ${REGION}`, `sg-all-traffic-open-to-world arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0bbb`]);
  assert.match(found.find((f) => f.ruleId === 'scan-not-permitted')!.message, /^Not permitted to call ec2:DescribeInstances on instances in eu-west-1 \(UnauthorizedOperation\)/);
});

test('listings are followed through every page, and an instance whose metadata options are not reported is not judged', async () => {
  ec2.on(DescribeSecurityGroupsCommand).callsFake((input: { NextToken?: string }) =>
    input.NextToken === 'page-2'
      ? { SecurityGroups: [{ GroupId: 'sg-0ccc', GroupName: 'db', OwnerId: ACCOUNT, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }] }
      : { SecurityGroups: [{ GroupId: 'sg-0ddd', GroupName: 'default', OwnerId: ACCOUNT, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0ddd' }] }] }], NextToken: 'page-2' },
  );
  ec2.on(DescribeInstancesCommand).callsFake((input: { NextToken?: string; Filters?: Array<{ Name?: string; Values?: string[] }> }) => {
    assert.deepEqual(input.Filters, [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }], 'terminated instances are filtered out by the call');
    return input.NextToken === 'more'
      ? { Reservations: [{ OwnerId: ACCOUNT, Instances: [{ InstanceId: 'i-0old', State: { Name: 'stopped' }, MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' }, Tags: [{ Key: 'Name', Value: 'legacy' }] }] }] }
      : { Reservations: [{ OwnerId: ACCOUNT, Instances: [{ InstanceId: 'i-0unknown', State: { Name: 'pending' } }] }], NextToken: 'more' };
  });
  const found = await findings();
  assert.deepEqual(keys(found), [`ec2-imdsv1-allowed arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0old`, `sg-db-port-open-to-world arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0ccc`]);
  assert.equal(
    found.find((f) => f.ruleId === 'ec2-imdsv1-allowed')!.message,
    "Instance i-0old (legacy) accepts IMDSv1 (HttpTokens: optional), so a server-side request forgery in any application on it can read the instance role's credentials from the metadata service.",
  );
  assert.equal(ec2.commandCalls(DescribeSecurityGroupsCommand).length, 2);
});

test('a security policy the table does not know is judged by the protocols DescribeSSLPolicies lists, asked once for every such name', async () => {
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [web] });
  elb.on(DescribeListenersCommand).resolves({
    Listeners: [listener(web, 'HTTPS', 443, 'ELBSecurityPolicy-Legacy-2027-01'), listener(web, 'HTTPS', 8443, 'ELBSecurityPolicy-TLS13-1-2-2021-06'), listener(web, 'HTTPS', 9443, 'ELBSecurityPolicy-2016-08')],
  });
  elb.on(DescribeSSLPoliciesCommand).resolves({
    SslPolicies: [
      { Name: 'ELBSecurityPolicy-Legacy-2027-01', SslProtocols: ['TLSv1', 'TLSv1.2'] },
      { Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06', SslProtocols: ['TLSv1.3', 'TLSv1.2'] },
    ],
  });
  const found = await findings();
  const base = web.LoadBalancerArn.replace(':loadbalancer/', ':listener/');
  assert.deepEqual(keys(found), [`elb-tls-policy-outdated ${base}/443`, `elb-tls-policy-outdated ${base}/9443`]);
  assert.equal(found.find((f) => f.resource.endsWith('/443'))!.message, 'HTTPS listener on port 443 of load balancer web accepts TLS 1.0 (SslPolicy: ELBSecurityPolicy-Legacy-2027-01), deprecated since 2021.');
  const calls = elb.commandCalls(DescribeSSLPoliciesCommand);
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0]!.args[0].input.Names, ['ELBSecurityPolicy-Legacy-2027-01', 'ELBSecurityPolicy-TLS13-1-2-2021-06'], 'a policy the table names is not asked about');
});

test('DescribeSSLPolicies refused: one finding for it, policies the table knows are still judged, the others are not guessed', async () => {
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [web] });
  elb.on(DescribeListenersCommand).resolves({ Listeners: [listener(web, 'HTTPS', 443, 'ELBSecurityPolicy-Legacy-2027-01'), listener(web, 'HTTPS', 9443, 'ELBSecurityPolicy-TLS-1-1-2017-01')] });
  elb.on(DescribeSSLPoliciesCommand).rejects(denied(ElasticLoadBalancingV2ServiceException, 'AccessDenied'));
  const found = await findings();
  assert.deepEqual(keys(found), [
    `elb-tls-policy-outdated ${web.LoadBalancerArn.replace(':loadbalancer/', ':listener/')}/9443`,
    `scan-not-permitted security policies ELBSecurityPolicy-Legacy-2027-01 in ${REGION}`,
  ]);
});

test('log groups: no retention is a finding, an account policy that keeps events forever too, a delivery-class group and a set retention are not; a refused listing is one finding', async () => {
  logs.on(DescribeLogGroupsCommand).callsFake((input: { nextToken?: string }) =>
    input.nextToken === 'n2'
      ? {
          logGroups: [
            { logGroupName: '/aws/vendedlogs/delivery', logGroupClass: 'DELIVERY', logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/delivery` },
            { logGroupName: '/app/kept', retentionInDays: 90, logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/kept` },
          ],
        }
      : {
          logGroups: [
            { logGroupName: '/aws/lambda/orders', arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/orders:*`, storedBytes: 1024 },
            { logGroupName: '/app/forever', retentionPolicyName: 'keep-everything', logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/forever` },
          ],
          nextToken: 'n2',
        },
  );
  const found = await findings();
  assert.deepEqual(keys(found), [`logs-retention-unset arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/app/forever`, `logs-retention-unset arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/orders`]);
  assert.deepEqual(found.find((f) => f.resourceName === '/app/forever')!.evidence, { logGroupName: '/app/forever', retentionInDays: null, retentionPolicyName: 'keep-everything' });

  logs.reset();
  logs.on(DescribeLogGroupsCommand).rejects(denied(CloudWatchLogsServiceException, 'AccessDeniedException'));
  const refused = await findings();
  assert.deepEqual(keys(refused), [`scan-not-permitted log groups in ${REGION}`]);
  assert.match(refused[0]!.message, /^Not permitted to call logs:DescribeLogGroups on log groups in eu-west-1 \(AccessDeniedException\)/);
});

test('rules turned off skip their collectors entirely', async () => {
  await findings({ 'logs-retention-unset': 'off', 'ec2-imdsv1-allowed': 'off' });
  assert.equal(logs.commandCalls(DescribeLogGroupsCommand).length, 0);
  assert.equal(ec2.commandCalls(DescribeInstancesCommand).length, 0);
  assert.equal(ec2.commandCalls(DescribeSecurityGroupsCommand).length, 1);
});
