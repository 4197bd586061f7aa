// The edge checks where the emulator cannot go: a zone Route53 signs with DNSSEC, a record listing
// over several pages, and calls the profile may not make. The SDK clients are mocked (no network);
// the session comes from a temporary AWS config with a keys profile.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { CloudFrontClient, CloudFrontServiceException, GetDistributionConfigCommand, ListDistributionsCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  GetDNSSECCommand,
  ListHostedZonesCommand,
  ListQueryLoggingConfigsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  Route53ServiceException,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { liveRules } from '../../server/src/account/checks';
import { edgeChecks } from '../../server/src/account/checks/edge';
import type { AccountFinding } from '../../server/src/account/scan/model';
import { scan } from '../../server/src/account/scan/scanner';
import { AccountSession } from '../../server/src/account/session';

const ACCOUNT = '210987654321';
const saved = { ...process.env };
let home = '';

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const cloudfront = mockClient(CloudFrontClient);
const route53 = mockClient(Route53Client);

before(() => {
  home = mkdtempSync(join(tmpdir(), 'aws-hardening-edge-'));
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, ['[profile keys]', 'region = eu-west-1', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = secret', ''].join('\n'));
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
});

afterEach(() => {
  for (const mock of [sts, iam, tagging, cloudfront, route53]) mock.reset();
});

after(() => {
  for (const mock of [sts, iam, tagging, cloudfront, route53]) mock.restore();
  process.env = saved;
  rmSync(home, { recursive: true, force: true });
});

/** The account answers as itself; nothing else is set up unless a test says so. */
function account(): void {
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/scanner` });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
  cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0, Items: [] } });
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: [], Marker: '', IsTruncated: false, MaxItems: 100 });
  route53.on(ListQueryLoggingConfigsCommand).resolves({ QueryLoggingConfigs: [] });
}

function denied(Exception: typeof Route53ServiceException | typeof CloudFrontServiceException, name: string): Error {
  return new Exception({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'User is not authorized to perform this action' });
}

async function run(): Promise<AccountFinding[]> {
  const session = await AccountSession.open();
  const result = await scan({ session, profiles: ['keys'], collectors: edgeChecks.collectors, rules: liveRules });
  const scanned = result.profiles[0]!;
  assert.equal(scanned.error, undefined);
  return [...scanned.findings];
}

function keys(findings: readonly AccountFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.resourceName}`).sort();
}

const HARDENED_RECORDS: ResourceRecordSet[] = [
  { Name: 'signed.example.', Type: 'NS', TTL: 86400, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] },
  { Name: 'signed.example.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }] },
  { Name: 'signed.example.', Type: 'CAA', TTL: 3600, ResourceRecords: [{ Value: '0 issue "amazon.com"' }] },
  { Name: 'signed.example.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=spf1 -all"' }] },
  { Name: '_dmarc.signed.example.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=DMARC1; p=reject"' }] },
];

function zone(id: string, name: string): { Id: string; Name: string; CallerReference: string; Config: { PrivateZone: boolean } } {
  return { Id: `/hostedzone/${id}`, Name: name, CallerReference: id, Config: { PrivateZone: false } };
}

test('a zone Route53 signs with DNSSEC and logs is clean; one whose signing is being removed is reported', async () => {
  account();
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: [zone('ZSIGNED', 'signed.example.'), zone('ZDELETING', 'deleting.example.')], Marker: '', IsTruncated: false, MaxItems: 100 });
  route53.on(ListQueryLoggingConfigsCommand).resolves({
    QueryLoggingConfigs: ['ZSIGNED', 'ZDELETING'].map((id) => ({ Id: `q-${id}`, HostedZoneId: id, CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/route53/${id}:*` })),
  });
  route53.on(GetDNSSECCommand, { HostedZoneId: 'ZSIGNED' }).resolves({ Status: { ServeSignature: 'SIGNING' }, KeySigningKeys: [] });
  route53.on(GetDNSSECCommand, { HostedZoneId: 'ZDELETING' }).resolves({ Status: { ServeSignature: 'DELETING' }, KeySigningKeys: [] });
  route53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZSIGNED' }).resolves({ ResourceRecordSets: HARDENED_RECORDS, IsTruncated: false, MaxItems: 300 });
  route53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZDELETING' }).resolves({
    ResourceRecordSets: HARDENED_RECORDS.map((r) => ({ ...r, Name: r.Name!.replace('signed.example.', 'deleting.example.') })),
    IsTruncated: false,
    MaxItems: 300,
  });
  const findings = await run();
  assert.deepEqual(keys(findings), ['route53-dnssec-off deleting.example']);
  assert.deepEqual(findings[0]!.evidence, { hostedZoneId: 'ZDELETING', zone: 'deleting.example.', ServeSignature: 'DELETING' });
});

test('record sets over several pages are read from where each page stops, and all of them are judged', async () => {
  account();
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: [zone('ZPAGED', 'paged.example.')], Marker: '', IsTruncated: false, MaxItems: 100 });
  route53.on(GetDNSSECCommand).resolves({ Status: { ServeSignature: 'SIGNING' }, KeySigningKeys: [] });
  route53.on(ListQueryLoggingConfigsCommand).resolves({ QueryLoggingConfigs: [{ Id: 'q', HostedZoneId: 'ZPAGED', CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:1:log-group:q:*' }] });
  const page1 = HARDENED_RECORDS.slice(0, 3).map((r) => ({ ...r, Name: r.Name!.replace('signed.example.', 'paged.example.') }));
  route53
    .on(ListResourceRecordSetsCommand, { HostedZoneId: 'ZPAGED' })
    .resolvesOnce({ ResourceRecordSets: page1, IsTruncated: true, NextRecordName: 'paged.example.', NextRecordType: 'TXT', MaxItems: 3 })
    .resolvesOnce({
      ResourceRecordSets: [
        { Name: 'paged.example.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=spf1 -all"' }] },
        { Name: 'www.paged.example.', Type: 'A', SetIdentifier: 'blue', Weight: 1, TTL: 600, ResourceRecords: [{ Value: '192.0.2.1' }] },
      ],
      IsTruncated: true,
      NextRecordName: 'www.paged.example.',
      NextRecordType: 'A',
      NextRecordIdentifier: 'green',
      MaxItems: 3,
    })
    .resolvesOnce({
      ResourceRecordSets: [
        { Name: 'www.paged.example.', Type: 'A', SetIdentifier: 'green', Weight: 1, TTL: 600, ResourceRecords: [{ Value: '192.0.2.2' }] },
        { Name: '_dmarc.paged.example.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=DMARC1; p=reject"' }] },
      ],
      IsTruncated: false,
      MaxItems: 3,
    });
  const findings = await run();
  const starts = route53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input);
  assert.deepEqual(starts, [
    { HostedZoneId: 'ZPAGED' },
    { HostedZoneId: 'ZPAGED', StartRecordName: 'paged.example.', StartRecordType: 'TXT' },
    { HostedZoneId: 'ZPAGED', StartRecordName: 'www.paged.example.', StartRecordType: 'A', StartRecordIdentifier: 'green' },
  ]);
  // Both weighted variants' TTLs are judged; the SPF, DMARC and CAA spread over the pages are all seen.
  assert.deepEqual(keys(findings), ['dns-ttl-long paged.example', 'dns-ttl-long paged.example']);
  assert.deepEqual(
    findings.map((f) => (f.evidence as { record: { setIdentifier: string } }).record.setIdentifier).sort(),
    ['blue', 'green'],
  );
});

test('a record listing cut short by a refusal is one finding, and no record is taken for missing', async () => {
  account();
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: [zone('ZCUT', 'cut.example.')], Marker: '', IsTruncated: false, MaxItems: 100 });
  route53.on(GetDNSSECCommand).resolves({ Status: { ServeSignature: 'NOT_SIGNING' }, KeySigningKeys: [] });
  route53
    .on(ListResourceRecordSetsCommand)
    .resolvesOnce({ ResourceRecordSets: HARDENED_RECORDS.slice(0, 2), IsTruncated: true, NextRecordName: 'cut.example.', NextRecordType: 'CAA', MaxItems: 2 })
    .rejectsOnce(denied(Route53ServiceException, 'AccessDenied'));
  const findings = await run();
  assert.deepEqual(keys(findings), ['route53-dnssec-off cut.example', 'route53-query-logging-off cut.example', 'scan-not-permitted arn:aws:route53:::hostedzone/ZCUT']);
  const refused = findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.deepEqual(refused.evidence, { action: 'route53:ListResourceRecordSets', resource: 'arn:aws:route53:::hostedzone/ZCUT', error: 'AccessDenied' });
});

test('query logging that may not be listed is one finding, and the zone is still judged on the rest', async () => {
  account();
  route53.on(ListHostedZonesCommand).resolves({ HostedZones: [zone('ZWEAK', 'weak.example.')], Marker: '', IsTruncated: false, MaxItems: 100 });
  route53.on(ListQueryLoggingConfigsCommand).rejects(denied(Route53ServiceException, 'AccessDenied'));
  route53.on(GetDNSSECCommand).resolves({ Status: { ServeSignature: 'NOT_SIGNING' }, KeySigningKeys: [] });
  route53.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      { Name: 'weak.example.', Type: 'NS', TTL: 86400, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] },
      { Name: 'weak.example.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 +all"' }] },
      { Name: 'weak.example.', Type: 'CAA', TTL: 300, ResourceRecords: [{ Value: '0 issue "amazon.com"' }] },
      { Name: '_dmarc.weak.example.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=DMARC1; p=none"' }] },
    ],
    IsTruncated: false,
    MaxItems: 300,
  });
  const findings = await run();
  assert.deepEqual(keys(findings), [
    'dns-dmarc-not-enforced weak.example',
    'dns-spf-permissive weak.example',
    'route53-dnssec-off weak.example',
    `scan-not-permitted Route53 query logging configurations of account ${ACCOUNT}`,
  ]);
  const refused = findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.match(refused.message, /route53:ListQueryLoggingConfigs/);
});

function config(overrides: Partial<DistributionConfig>): DistributionConfig {
  return {
    CallerReference: 'c',
    Comment: '',
    Enabled: true,
    Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: 'app.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] } } }] },
    DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'https-only', ResponseHeadersPolicyId: '' },
    ViewerCertificate: { CloudFrontDefaultCertificate: false, ACMCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', MinimumProtocolVersion: 'TLSv1.2_2021', SSLSupportMethod: 'sni-only' },
    ...overrides,
  };
}

test('a distribution whose configuration may not be read is one finding, and the others are still judged', async () => {
  account();
  const summary = (id: string): { Id: string; ARN: string; DomainName: string } => ({ Id: id, ARN: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`, DomainName: `${id.toLowerCase()}.cloudfront.net` });
  cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 3, Items: [summary('EHIDDEN'), summary('EEDGEFN'), summary('EOLD')] as never } });
  cloudfront.on(GetDistributionConfigCommand, { Id: 'EHIDDEN' }).rejects(denied(CloudFrontServiceException, 'AccessDenied'));
  // A CloudFront function on viewer-response can add the headers itself (moto drops associations).
  cloudfront.on(GetDistributionConfigCommand, { Id: 'EEDGEFN' }).resolves({
    DistributionConfig: config({
      DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'https-only', FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: 'arn:aws:cloudfront::1:function/headers', EventType: 'viewer-response' }] } },
    }),
  });
  cloudfront.on(GetDistributionConfigCommand, { Id: 'EOLD' }).resolves({
    DistributionConfig: config({
      ViewerCertificate: { CloudFrontDefaultCertificate: false, ACMCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', MinimumProtocolVersion: 'TLSv1.2_2019', SSLSupportMethod: 'sni-only' },
      DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'https-only', ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03' },
    }),
  });
  const findings = await run();
  const arn = `arn:aws:cloudfront::${ACCOUNT}:distribution/EHIDDEN`;
  assert.deepEqual(keys(findings), ['cloudfront-tls-outdated EOLD', `scan-not-permitted ${arn}`]);
  const refused = findings.find((f) => f.ruleId === 'scan-not-permitted')!;
  assert.deepEqual(refused.evidence, { action: 'cloudfront:GetDistributionConfig', resource: arn, error: 'AccessDenied' });
  assert.match(findings.find((f) => f.ruleId === 'cloudfront-tls-outdated')!.message, /^Distribution EOLD \(eold\.cloudfront\.net\) accepts TLS 1\.2 with older CBC cipher suites/);
});
