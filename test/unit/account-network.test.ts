// The network group's live checks against a real AWS API emulator (moto): one weak and one
// hardened resource of each kind, seeded through the SDK, and the exact findings the scan gives.
// moto pre-creates a default VPC and its default security group (no inbound rule from an address
// range), so those must give nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { liveRules } from '../../server/src/account/checks';
import { networkChecks } from '../../server/src/account/checks/network';
import type { AccountFinding } from '../../server/src/account/scan/model';
import { emulatorForFile, type EmulatedAccount } from '../helpers/account';
import { fixturesDir } from '../helpers/paths';

let acct: EmulatedAccount | undefined;
const emulator = emulatorForFile((started) => (acct = started));

/** What the seeding made, for the expected findings. */
interface Seeded {
  weakGroup: string;
  hardenedGroup: string;
  weakInstance: string;
  hardenedInstance: string;
  weakHttp: string;
  weakRedirect: string;
  weakHttps: string;
}

async function seed(emu: EmulatedAccount): Promise<Seeded> {
  const ec2 = new EC2Client(emu.client);
  const elb = new ElasticLoadBalancingV2Client(emu.client);
  const logs = new CloudWatchLogsClient(emu.client);
  const iam = new IAMClient({ ...emu.client, region: 'us-east-1' });
  try {
    const world = (from: number, to: number, protocol = 'tcp') => ({ IpProtocol: protocol, FromPort: from, ToPort: to, IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const weak = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'orders-open',
        Description: 'weak',
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'aws:cloudformation:stack-name', Value: 'orders' }, { Key: 'aws:cloudformation:logical-id', Value: 'OpenSg' }] }],
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: weak.GroupId,
        IpPermissions: [world(5432, 5432), world(22, 22), { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      }),
    );
    const hardened = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'orders-hardened', Description: 'hardened' }));
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: hardened.GroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: weak.GroupId }] },
          world(443, 443),
        ],
      }),
    );

    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
    assert.ok(image, 'moto lists an image to launch');
    const launch = async (tokens: 'optional' | 'required'): Promise<string> => {
      const run = await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', MetadataOptions: { HttpTokens: tokens, HttpEndpoint: 'enabled' } }));
      return run.Instances![0]!.InstanceId!;
    };
    const weakInstance = await launch('optional');
    const hardenedInstance = await launch('required');
    // A terminated instance still lists for a while but can no longer be reached: not reported.
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [await launch('optional')] }));

    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!.slice(0, 2).map((s) => s.SubnetId!);
    const cert = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'orders',
        CertificateBody: readFileSync(join(fixturesDir, 'pem-cert-expired', 'bad.pem'), 'utf8'),
        PrivateKey: 'not read by the emulator',
      }),
    );
    const certificates = [{ CertificateArn: cert.ServerCertificateMetadata!.Arn! }];
    const balancer = async (name: string, type: 'application' | 'network') =>
      (await elb.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets, Type: type }))).LoadBalancers![0]!;
    const weakLb = await balancer('orders-weak', 'application');
    const hardenedLb = await balancer('orders-hardened', 'application');
    const hardenedNlb = await balancer('orders-nlb', 'network');
    const group = async (name: string, protocol: 'HTTP' | 'TCP') =>
      (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: 443, VpcId: weakLb.VpcId }))).TargetGroups![0]!.TargetGroupArn!;
    const forward: Action[] = [{ Type: 'forward', TargetGroupArn: await group('orders-app', 'HTTP') }];
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
    const weakHttp = await listen(weakLb.LoadBalancerArn!, 'HTTP', 80, forward);
    const weakRedirect = await listen(weakLb.LoadBalancerArn!, 'HTTP', 8080, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    // No SslPolicy: the API applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1.
    const weakHttps = await listen(weakLb.LoadBalancerArn!, 'HTTPS', 443, forward);
    await listen(hardenedLb.LoadBalancerArn!, 'HTTPS', 443, forward, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
    const tcp: Action[] = [{ Type: 'forward', TargetGroupArn: await group('orders-tcp', 'TCP') }];
    await listen(hardenedNlb.LoadBalancerArn!, 'TLS', 443, tcp, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
    await listen(hardenedNlb.LoadBalancerArn!, 'TCP', 5432, tcp);

    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/orders-weak' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/orders-hardened' }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/app/orders-hardened', retentionInDays: 365 }));

    return { weakGroup: weak.GroupId!, hardenedGroup: hardened.GroupId!, weakInstance, hardenedInstance, weakHttp, weakRedirect, weakHttps };
  } finally {
    for (const client of [ec2, elb, logs, iam]) client.destroy();
  }
}

const key = (f: AccountFinding): string => `${f.ruleId} ${f.severity} ${f.resource}`;

test('the network checks find every weak setting and nothing on hardened or pre-created resources', async (t) => {
  if (!acct) return emulator.skip(t);
  await acct.moto.reset();
  const s = await seed(acct);
  const result = await acct.scan({ collectors: networkChecks.collectors, rules: liveRules });
  const [profile] = result.profiles;
  assert.ok(profile);
  assert.equal(profile.error, undefined);
  const sg = (id: string) => `arn:aws:ec2:eu-west-1:123456789012:security-group/${id}`;
  assert.deepEqual(profile.findings.map(key).sort(), [
    `ec2-imdsv1-allowed warning arn:aws:ec2:eu-west-1:123456789012:instance/${s.weakInstance}`,
    `elb-listener-http information ${s.weakRedirect}`,
    `elb-listener-http warning ${s.weakHttp}`,
    `elb-tls-policy-outdated warning ${s.weakHttps}`,
    'logs-retention-unset warning arn:aws:logs:eu-west-1:123456789012:log-group:/app/orders-weak',
    `sg-admin-port-open-to-world warning ${sg(s.weakGroup)}`,
    `sg-all-traffic-open-to-world error ${sg(s.weakGroup)}`,
    `sg-db-port-open-to-world error ${sg(s.weakGroup)}`,
  ].sort());
  const texts = Object.fromEntries(profile.findings.map((f) => [f.ruleId + (f.severity === 'information' ? ':info' : ''), f]));
  assert.equal(texts['sg-db-port-open-to-world']!.message, `Security group ${s.weakGroup} (orders-open) allows 0.0.0.0/0 to TCP port 5432 (PostgreSQL), so anyone on the internet can try passwords and exploits against the database.`);
  assert.match(texts['sg-all-traffic-open-to-world']!.message, /allows all traffic \(every protocol and port\) from ::\/0,/);
  assert.equal(texts['sg-admin-port-open-to-world']!.stack, 'orders', 'the group tags name its stack');
  assert.equal(texts['sg-admin-port-open-to-world']!.logicalId, 'OpenSg');
  assert.equal(texts['elb-tls-policy-outdated']!.message, 'HTTPS listener on port 443 of load balancer orders-weak accepts TLS 1.0 and TLS 1.1 (SslPolicy: ELBSecurityPolicy-2016-08), deprecated since 2021.');
  assert.equal(texts['elb-listener-http']!.resourceName, 'orders-weak:80');
  assert.deepEqual(texts['ec2-imdsv1-allowed']!.evidence, { instanceId: s.weakInstance, state: 'running', HttpTokens: 'optional', HttpEndpoint: 'enabled' });
  assert.equal(texts['logs-retention-unset']!.region, 'eu-west-1');
});

test('with the TLS rule off, the unknown-policy lookup is not made and nothing else changes', async (t) => {
  if (!acct) return emulator.skip(t);
  await acct.moto.reset();
  const s = await seed(acct);
  const on = await acct.scan({ collectors: networkChecks.collectors, rules: liveRules });
  const off = await acct.scan({ collectors: networkChecks.collectors, rules: liveRules, severities: { 'elb-tls-policy-outdated': 'off' } });
  assert.equal(off.profiles[0]!.calls, on.profiles[0]!.calls - 1, 'one DescribeSSLPolicies call fewer');
  assert.deepEqual(
    off.profiles[0]!.findings.map(key).sort(),
    on.profiles[0]!.findings
      .filter((f) => f.ruleId !== 'elb-tls-policy-outdated')
      .map(key)
      .sort(),
  );
  assert.ok(on.profiles[0]!.findings.some((f) => f.resource === s.weakHttps));
});
