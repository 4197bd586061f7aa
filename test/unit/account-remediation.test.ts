// How a live finding is shown in the account view: every live rule id has console steps and AWS
// CLI commands; every live fixture's findings render with the resource's own names in the
// commands and no command that deletes data; a few details are compared whole; and what the
// account says (names, tags, evidence) cannot add markup, links or a fence that ends early.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { liveRules } from '../../server/src/account/checks';
import { findingDetails } from '../../server/src/account/report/details';
import { codeSpan, fenced, mdText } from '../../server/src/account/report/markdown';
import { REMEDIATIONS, remediationFor } from '../../server/src/account/report/remediation';
import { sh, zoneId } from '../../server/src/account/report/remediation-fill';
import { findingFromInput, InvalidScanInput, scanResultFromInput } from '../../server/src/account/report/scan-input';
import type { AccountFinding, LiveState } from '../../server/src/account/scan/model';
import { ruleMeta } from '../../server/src/core/rules/registry';
import { DEFAULT_SETTINGS } from '../../server/src/core/rules/types';
import { fixturesDir } from '../helpers/paths';

const SCAN_OWN = ['scan-not-permitted', 'scan-truncated'];
const LIVE_IDS = [...new Set([...liveRules.map((r) => r.id), ...SCAN_OWN])];
const NOW = new Date('2026-11-23T00:00:00Z');

function finding(ruleId: string, extra: Partial<AccountFinding> = {}): AccountFinding {
  return {
    ruleId,
    severity: 'warning',
    message: `${ruleId} message.`,
    resource: 'arn:aws:s3:::orders',
    resourceName: 'orders',
    account: '111122223333',
    region: 'eu-west-1',
    profile: 'prod',
    stack: null,
    logicalId: null,
    ...extra,
  };
}

/** The findings of every live-bad fixture, as the scanner would report them. */
function fixtureFindings(): AccountFinding[] {
  const out: AccountFinding[] = [];
  for (const id of new Set(liveRules.map((r) => r.id))) {
    const dir = join(fixturesDir, id);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => /^live-bad.*\.json$/.test(f) && !f.endsWith('.findings.json'))) {
      const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { kind: string; state: LiveState; now?: string };
      const ctx = { now: fixture.now ? new Date(fixture.now) : NOW, settings: DEFAULT_SETTINGS };
      for (const rule of liveRules.filter((r) => r.id === id && r.kind === fixture.kind)) {
        for (const f of rule.evaluate(fixture.state, ctx)) {
          const ref = f.ref ?? fixture.state.ref;
          out.push({
            ruleId: id,
            severity: f.severity ?? ruleMeta(id)!.severity,
            message: f.message,
            resource: ref.arn,
            resourceName: ref.name,
            account: '123456789012',
            region: ref.region,
            profile: 'emu',
            stack: null,
            logicalId: null,
            ...(f.evidence ? { evidence: f.evidence } : {}),
          });
        }
      }
    }
  }
  return out;
}

/** The lines of the details' AWS CLI block. */
function cliLines(markdown: string): string[] {
  const match = /\*\*With the AWS CLI:\*\*\n\n(`{3,})sh\n([\s\S]*?)\n\1/.exec(markdown);
  assert.ok(match, `no AWS CLI block in:\n${markdown}`);
  return match[2]!.split('\n');
}

test('every live rule id has a remediation, and every remediation is for a live rule id', () => {
  for (const id of LIVE_IDS) assert.ok(remediationFor(id), `no remediation for ${id}`);
  for (const id of Object.keys(REMEDIATIONS)) assert.ok(LIVE_IDS.includes(id), `remediation for ${id}, which is no live rule`);
  assert.equal(remediationFor('__proto__'), undefined);
  assert.equal(remediationFor('toString'), undefined);
});

test('every live fixture finding renders with its own names in the commands, and no command deletes data', () => {
  const findings = fixtureFindings();
  assert.ok(findings.length >= LIVE_IDS.length - SCAN_OWN.length, `only ${findings.length} fixture findings`);
  // These change account-wide settings that have no name to fill in.
  const unnamed = new Set(['iam-root-mfa-off', 'iam-password-policy-weak', 'cloudtrail-missing']);
  for (const f of findings) {
    const markdown = findingDetails(f);
    for (const heading of ['## Evidence', '## Why it matters', '## How to fix', '**In the console:**']) assert.ok(markdown.includes(heading), `${f.ruleId}: no ${heading}`);
    assert.ok(markdown.includes(ruleMeta(f.ruleId)!.docs.why), `${f.ruleId}: the rule's why`);
    const lines = cliLines(markdown);
    for (const line of lines) {
      assert.match(line, /^(aws |# )/, `${f.ruleId}: a line that is neither a command nor a comment: ${line}`);
      if (line.startsWith('aws ')) assert.doesNotMatch(line, /\bdelete-|\brb\b|\brm\b|"Action":"DELETE"/, `${f.ruleId}: ${line}`);
    }
    const commands = lines.filter((l) => l.startsWith('aws ')).join('\n');
    assert.ok(commands.length > 0, `${f.ruleId}: no command`);
    if (!unnamed.has(f.ruleId)) {
      const names = [sh(f.resourceName), sh(f.resource), sh(f.account), zoneId(f)];
      assert.ok(names.some((n) => commands.includes(n)), `${f.ruleId}: the commands name none of ${names.join(', ')}:\n${commands}`);
    }
    if (f.region !== 'global' && /^arn:aws:(dynamodb|lambda|rds|ec2|elasticloadbalancing|logs):/.test(f.resource)) {
      assert.ok(commands.includes(`--region ${f.region}`), `${f.ruleId}: a regional resource's commands name its region`);
    }
  }
});

test('details of a DynamoDB table: the whole Markdown', () => {
  const markdown = findingDetails(
    finding('dynamodb-pitr-off', {
      message: 'Table orders does not enable point-in-time recovery, so items deleted or overwritten by mistake cannot be restored to an earlier moment.',
      resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders',
      evidence: { PointInTimeRecoveryStatus: 'DISABLED' },
    }),
  );
  assert.equal(
    markdown,
    [
      '# `dynamodb-pitr-off`: DynamoDB table without point-in-time recovery',
      '',
      '**Warning.** Table orders does not enable point-in-time recovery, so items deleted or overwritten by mistake cannot be restored to an earlier moment.',
      '',
      '| | |',
      '| --- | --- |',
      '| Resource | `arn:aws:dynamodb:eu-west-1:111122223333:table/orders` |',
      '| Name | `orders` |',
      '| Region | `eu-west-1` |',
      '| Account | `111122223333` |',
      '| Profile | `prod` |',
      '',
      '## Evidence',
      '',
      'What the AWS API answered:',
      '',
      '```json',
      '{',
      '  "PointInTimeRecoveryStatus": "DISABLED"',
      '}',
      '```',
      '',
      '## Why it matters',
      '',
      ruleMeta('dynamodb-pitr-off')!.docs.why,
      '',
      '## How to fix',
      '',
      '**In the console:** In the DynamoDB console, open Tables → `orders` → Backups → Point-in-time recovery → Edit, turn it on and save.',
      '',
      '**With the AWS CLI:**',
      '',
      '```sh',
      'aws dynamodb update-continuous-backups --region eu-west-1 --table-name orders --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true',
      '```',
      '',
      '[Rule documentation](https://github.com/aws-hardening/aws-hardening/blob/main/docs/rules/dynamodb-pitr-off.md)',
      '',
    ].join('\n'),
  );
});

test('details of a stack resource say to fix the template, and a bucket\'s commands name the bucket', () => {
  const markdown = findingDetails(finding('s3-versioning-off', { stack: 'shop', logicalId: 'OrdersBucket', evidence: { 'GetBucketVersioning.Status': null } }));
  assert.ok(markdown.includes('> This resource belongs to stack `shop` (logical id `OrdersBucket`): fix it in the template instead, so the stack does not drift.'));
  assert.ok(markdown.includes('| Stack | `shop` |\n| Logical id | `OrdersBucket` |'));
  assert.deepEqual(cliLines(markdown), ['aws s3api put-bucket-versioning --bucket orders --versioning-configuration Status=Enabled']);
});

test('a security group rule is revoked exactly as EC2 holds it, and a narrower one offered', () => {
  const lines = cliLines(
    findingDetails(
      finding('sg-admin-port-open-to-world', {
        resource: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc',
        resourceName: 'sg-0abc',
        evidence: { groupId: 'sg-0abc', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, sources: ['0.0.0.0/0', '::/0'], ports: [22] },
      }),
    ),
  );
  assert.deepEqual(lines, [
    '# Remove the rule open to the internet (the group itself is kept):',
    "aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id sg-0abc --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}],Ipv6Ranges=[{CidrIpv6=::/0}]'",
    '# Then, if some clients still need it, allow only their range (203.0.113.0/24 stands for yours):',
    "aws ec2 authorize-security-group-ingress --region eu-west-1 --group-id sg-0abc --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=203.0.113.0/24,Description=office}]'",
  ]);
});

test('a missing DMARC record is added with CREATE; a p=none one is rewritten keeping its other terms', () => {
  const zone = { resource: 'arn:aws:route53:::hostedzone/Z0EXAMPLE', resourceName: 'example.com', region: 'global' };
  const missing = cliLines(findingDetails(finding('dns-dmarc-missing', { ...zone, evidence: { hostedZoneId: 'Z0EXAMPLE', zone: 'example.com.', missing: [{ name: '_dmarc.example.com.', type: 'TXT' }] } })));
  assert.equal(
    missing.at(-1),
    `aws route53 change-resource-record-sets --hosted-zone-id Z0EXAMPLE --change-batch '{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"_dmarc.example.com.","Type":"TXT","TTL":3600,"ResourceRecords":[{"Value":"\\"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com\\""}]}}]}'`,
  );
  const record = { name: '_dmarc.example.com.', type: 'TXT', ttl: 300, values: ['"v=DMARC1; p=none; rua=mailto:d@example.com"'] };
  const none = cliLines(findingDetails(finding('dns-dmarc-not-enforced', { ...zone, evidence: { hostedZoneId: 'Z0EXAMPLE', zone: 'example.com.', record } })));
  assert.ok(none.at(-1)!.includes('"UPSERT"') && none.at(-1)!.includes('p=quarantine; rua=mailto:d@example.com') && none.at(-1)!.includes('"TTL":300'), none.at(-1));
});

test('an SPF record is made strict in place, whatever its all term', () => {
  const zone = { resource: 'arn:aws:route53:::hostedzone/Z1', resourceName: 'example.com', region: 'global' };
  const rewritten = (values: string[]): string =>
    cliLines(findingDetails(finding('dns-spf-permissive', { ...zone, evidence: { hostedZoneId: 'Z1', zone: 'example.com.', record: { name: 'example.com.', type: 'TXT', ttl: 3600, values } } }))).at(-1)!;
  assert.ok(rewritten(['"v=spf1 mx ~all"', '"google-site-verification=abc"']).includes('"v=spf1 mx -all\\"'));
  assert.ok(rewritten(['"v=spf1 mx ~all"', '"google-site-verification=abc"']).includes('google-site-verification=abc'), 'other TXT values are kept');
  assert.ok(rewritten(['"v=spf1 mx"']).includes('v=spf1 mx -all'));
  assert.ok(rewritten(['"v=spf1 include:x.example +all"']).includes('v=spf1 include:x.example -all'));
});

test('a refused scan call says what to grant; a throttled one that nothing needs granting', () => {
  const refused = findingDetails(finding('scan-not-permitted', { resource: 'orders', evidence: { action: 's3:GetBucketPolicy', resource: 'orders', error: 'AccessDenied' } }));
  assert.match(refused, /Grant the role the profile signs in with `s3:GetBucketPolicy`/);
  assert.ok(cliLines(refused).some((l) => l.includes('"Action":"s3:GetBucketPolicy"')));
  const throttled = findingDetails(finding('scan-not-permitted', { evidence: { action: 'ec2:DescribeInstances', resource: 'x', error: 'Throttling' } }));
  assert.match(throttled, /throttled past its retries/);
  assert.deepEqual(cliLines(throttled), ['# Nothing to change in the account.']);
});

test('what the account says cannot add markup: names, messages, tags and evidence stay text', () => {
  const hostile = 'x](https://evil.example) <img src=x onerror=alert(1)> | col `code` ```';
  const markdown = findingDetails(
    finding('s3-versioning-off', {
      message: `Bucket ${hostile} is bad.\n# Heading`,
      resourceName: hostile,
      stack: `${hostile}`,
      logicalId: 'A|B',
      evidence: { note: '```\n# not a heading\n````' },
    }),
  );
  // Outside fences and code spans (which show their text as written), nothing of it is live.
  const prose = markdown.replace(/^(`{3,})\w*\n[\s\S]*?\n\1$/gm, '').replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  assert.doesNotMatch(prose, /(?<!\\)<img/, 'no raw HTML');
  assert.doesNotMatch(prose, /(?<!\\)\]\(https:\/\/evil/, 'no link');
  assert.ok(markdown.includes('\\n\\# Heading'), 'a newline in a message is shown escaped, and no heading starts');
  for (const line of markdown.split('\n').filter((l) => l.startsWith('| '))) {
    const cells = line.replace(/\\\|/g, '').split('|').length - 2;
    assert.equal(cells, 2, `a table row keeps two cells: ${line}`);
  }
  // The evidence fence is longer than any backtick run in it.
  assert.ok(markdown.includes('`````json\n'), markdown);
  assert.ok(cliLines(markdown).every((l) => !l.startsWith('aws ') || l.includes(`'${hostile.replace(/'/g, `'\\''`)}'`)), 'the name is one quoted shell word');
});

test('the Markdown helpers', () => {
  assert.equal(mdText('a *b* [c](d) <e> | #f'), 'a \\*b\\* \\[c\\](d) \\<e\\> \\| \\#f');
  assert.equal(mdText('- item'), '\\- item');
  assert.equal(mdText('1. item'), '1\\. item');
  assert.equal(codeSpan('a`b'), '``a`b``');
  assert.equal(codeSpan('`a'), '`` `a ``');
  assert.equal(codeSpan('a|b'), '`a\\|b`');
  assert.equal(fenced('sh', 'echo ```'), '````sh\necho ```\n````');
  assert.equal(fenced('json', '"\u202e"'), '```json\n"\\u202e"\n```');
  assert.equal(sh('orders'), 'orders');
  assert.equal(sh("it's"), `'it'\\''s'`);
  assert.equal(sh('a b'), "'a b'");
});

test('a finding or scan result from the client is checked field by field', () => {
  assert.throws(() => findingFromInput({ ...finding('x'), severity: 'fatal' }), (err: unknown) => err instanceof InvalidScanInput && /finding.severity/.test(err.message));
  assert.throws(() => findingFromInput({ ...finding('x'), resource: 1 }), /finding.resource must be a string/);
  assert.throws(() => findingFromInput(null), /finding must be an object/);
  assert.throws(() => scanResultFromInput({ scannedAt: 'yesterday', profiles: [] }), /ISO 8601/);
  assert.throws(() => scanResultFromInput({ scannedAt: NOW.toISOString(), profiles: [{ profile: 'p', regions: [], findings: [{}] }] }), /result.profiles\[0\].findings\[0\].severity must be a string/);
  const { result, scannedAt } = scanResultFromInput({ scannedAt: NOW.toISOString(), profiles: [{ profile: 'p', regions: ['eu-west-1'], findings: [finding('s3-versioning-off')], identity: { account: '1', arn: 'a' }, extra: 1 }] });
  assert.equal(scannedAt.getTime(), NOW.getTime());
  assert.deepEqual(result, { profiles: [{ profile: 'p', identity: { profile: 'p', account: '1', arn: 'a' }, regions: ['eu-west-1'], findings: [finding('s3-versioning-off')], notes: [], calls: 0 }] });
});
