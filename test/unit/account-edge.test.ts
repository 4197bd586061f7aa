// The edge checks against a real AWS API emulator (moto): a weak and a hardened CloudFront
// distribution, a weak and a hardened public hosted zone, and a private zone the scan leaves alone.
// Every weak setting must be found, nothing on the hardened resources, and no call refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudFrontClient, CreateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, CreateQueryLoggingConfigCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { liveRules } from '../../server/src/account/checks';
import { edgeChecks } from '../../server/src/account/checks/edge';
import type { AccountFinding } from '../../server/src/account/scan/model';
import { emulatorForFile, EMU_ACCOUNT, type EmulatedAccount } from '../helpers/account';

let acct: EmulatedAccount | undefined;
const emulator = emulatorForFile((started) => (acct = started));

function distribution(reference: string, overrides: Partial<DistributionConfig>): DistributionConfig {
  return {
    CallerReference: reference,
    Comment: reference,
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: 'app.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] } } }] },
    DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'https-only', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
    ...overrides,
  };
}

function upsert(zoneId: string, sets: ResourceRecordSet[]): ChangeResourceRecordSetsCommand {
  return new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: sets.map((set) => ({ Action: 'UPSERT', ResourceRecordSet: set })) } });
}

/** The findings as `rule resource`, sorted, so a set with repeats compares exactly. */
function keys(findings: readonly AccountFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.resourceName}`).sort();
}

test('weak distributions and zones are reported, hardened ones and private zones are not', async (t) => {
  if (!acct) return emulator.skip(t);
  const global = { ...acct.client, region: 'us-east-1' };
  const cloudfront = new CloudFrontClient(global);
  const route53 = new Route53Client(global);
  const logs = new CloudWatchLogsClient(global);
  const ec2 = new EC2Client(acct.client);
  t.after(() => [cloudfront, route53, logs, ec2].forEach((c) => c.destroy()));

  const weak = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: distribution('weak', {
        Origins: { Quantity: 1, Items: [{ Id: 'legacy', DomainName: 'legacy.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only', OriginSslProtocols: { Quantity: 2, Items: ['TLSv1', 'TLSv1.2'] } } }] },
        DefaultCacheBehavior: { TargetOriginId: 'legacy', ViewerProtocolPolicy: 'allow-all', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
        CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/api/*', TargetOriginId: 'legacy', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' }] },
      }),
    }),
  );
  const hardened = await cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: distribution('hardened', {
        Aliases: { Quantity: 1, Items: ['www.hardened.example'] },
        DefaultCacheBehavior: {
          TargetOriginId: 'app',
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
        },
        // moto takes the default certificate unless told otherwise, even beside a certificate of its own.
        ViewerCertificate: {
          CloudFrontDefaultCertificate: false,
          ACMCertificateArn: `arn:aws:acm:us-east-1:${EMU_ACCOUNT}:certificate/0f3e5a52-7c1d-4b8e-9a3f-2d6c8e1b4a70`,
          SSLSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      }),
    }),
  );
  const weakId = weak.Distribution!.Id!;
  const hardenedId = hardened.Distribution!.Id!;

  const weakZone = (await route53.send(new CreateHostedZoneCommand({ Name: 'weak.example', CallerReference: 'weak' }))).HostedZone!.Id!;
  await route53.send(
    upsert(weakZone, [
      { Name: 'www.weak.example.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '192.0.2.10' }] },
      { Name: 'weak.example.', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 mail.weak.example.' }] },
      { Name: 'mail.weak.example.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.25' }] },
    ]),
  );
  const hardZone = (await route53.send(new CreateHostedZoneCommand({ Name: 'hardened.example', CallerReference: 'hardened' }))).HostedZone!.Id!;
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
  // Route53 writes query logs only to a log group in us-east-1, named by its ARN with `:*`.
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/route53/hardened.example' }));
  const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/route53/hardened.example' }))).logGroups![0]!;
  const groupArn = group.arn!.endsWith(':*') ? group.arn! : `${group.arn!}:*`;
  await route53.send(new CreateQueryLoggingConfigCommand({ HostedZoneId: hardZone, CloudWatchLogsLogGroupArn: groupArn }));

  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  await route53.send(new CreateHostedZoneCommand({ Name: 'internal.example', CallerReference: 'private', VPC: { VPCRegion: 'eu-west-1', VPCId: vpc }, HostedZoneConfig: { PrivateZone: true } }));

  const result = await acct.scan({ collectors: edgeChecks.collectors, rules: liveRules });
  const scanned = result.profiles[0]!;
  assert.equal(scanned.error, undefined);
  const strip = (id: string): string => id.replace(/^\/hostedzone\//, '');
  const expected = [
    `cloudfront-viewer-http-allowed ${weakId}`,
    `cloudfront-http-redirect ${weakId}`,
    `cloudfront-tls-outdated ${weakId}`,
    `cloudfront-origin-insecure ${weakId}`,
    `cloudfront-origin-insecure ${weakId}`,
    `cloudfront-security-headers-missing ${weakId}`,
    'route53-query-logging-off weak.example',
    'route53-dnssec-off weak.example',
    // moto answers GetDNSSEC with NOT_SIGNING for every zone and cannot enable signing: the mock test covers a signed zone.
    'route53-dnssec-off hardened.example',
    'dns-caa-missing weak.example',
    'dns-spf-missing weak.example',
    'dns-dmarc-missing weak.example',
    'dns-tlsrpt-missing weak.example',
    'dns-mta-sts-missing weak.example',
    'dns-ttl-long weak.example',
    'dns-ns-ttl-long weak.example',
  ].sort();
  assert.deepEqual(keys(scanned.findings), expected);
  assert.ok(!scanned.findings.some((f) => f.resourceName === hardenedId || f.resourceName === 'internal.example'));

  const byRule = (id: string, name: string): AccountFinding => scanned.findings.find((f) => f.ruleId === id && f.resourceName === name)!;
  const ttl = byRule('dns-ttl-long', 'weak.example');
  assert.equal(ttl.resource, `arn:aws:route53:::hostedzone/${strip(weakZone)}`);
  assert.equal(ttl.region, 'global');
  assert.deepEqual(ttl.evidence, { hostedZoneId: strip(weakZone), zone: 'weak.example.', record: { name: 'www.weak.example.', type: 'A', ttl: 3600, values: ['192.0.2.10'] } });
  const tls = byRule('cloudfront-tls-outdated', weakId);
  assert.equal(tls.resource, `arn:aws:cloudfront::${EMU_ACCOUNT}:distribution/${weakId}`);
  assert.match(tls.message, /default certificate/);
});
