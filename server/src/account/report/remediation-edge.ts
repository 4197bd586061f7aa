// How to fix the edge rules: CloudFront distributions (their config comes back whole, with an ETag
// that guards the update), a hosted zone's query logging and DNSSEC, and the zone rules in a
// Route53 hosted zone, as a `change-resource-record-sets` batch. A missing record is added with
// CREATE, which fails rather than replace a record set already at that name (an apex TXT set often
// holds site verifications too). A record set that needs changing is written with UPSERT, from
// the values the scan read, so none of its other values is lost.
import type { AccountFindingInfo } from '../../protocol';
import { codeSpan } from './markdown';
import { evidence, evidenceText, partition, sh, zoneId, type Remediation } from './remediation-fill';

interface RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

const c = codeSpan;

/** The record set the finding is about, as the scan read it. */
function readRecord(f: AccountFindingInfo): RecordSet | undefined {
  const record = evidence(f, 'record') as { name?: unknown; type?: unknown; ttl?: unknown; values?: unknown } | undefined;
  if (!record || typeof record.name !== 'string' || typeof record.type !== 'string') return undefined;
  const values = Array.isArray(record.values) ? record.values.filter((v): v is string => typeof v === 'string') : [];
  return { name: record.name, type: record.type, ttl: typeof record.ttl === 'number' ? record.ttl : 300, values };
}

/** The name a missing record should have: the evidence's, else the zone's apex with `prefix`. */
function missingName(f: AccountFindingInfo, prefix = ''): string {
  const missing = evidence(f, 'missing');
  const first = Array.isArray(missing) ? (missing[0] as { name?: unknown } | undefined) : undefined;
  if (first && typeof first.name === 'string') return first.name;
  return `${prefix}${apex(f)}.`;
}

/** The zone's domain, without the final dot: `example.com`. */
function apex(f: AccountFindingInfo): string {
  const zone = evidence(f, 'zone');
  return (typeof zone === 'string' ? zone : f.resourceName).replace(/\.$/, '');
}

function change(f: AccountFindingInfo, action: 'CREATE' | 'UPSERT', set: RecordSet): string {
  const batch = {
    Changes: [{ Action: action, ResourceRecordSet: { Name: set.name, Type: set.type, TTL: set.ttl, ResourceRecords: set.values.map((Value) => ({ Value })) } }],
  };
  return `aws route53 change-resource-record-sets --hosted-zone-id ${sh(zoneId(f))} --change-batch ${sh(JSON.stringify(batch))}`;
}

const CREATE_NOTE = '# CREATE fails if the name already has records of this type: then add the value to them (UPSERT with all their values).';

/** A record to add where none is. */
function add(type: string, name: (f: AccountFindingInfo) => string, value: (f: AccountFindingInfo) => string, advice: string): Remediation {
  return {
    console: (f) =>
      `In the Route 53 console, open Hosted zones → ${c(apex(f))} → Create record, with the name ${c(name(f))}, type ${type} and the value ${c(value(f))}. ${advice}`,
    cli: (f) => [CREATE_NOTE, change(f, 'CREATE', { name: name(f), type, ttl: 3600, values: [value(f)] })],
  };
}

/** A record set to rewrite: the values as they should be (or as read, with what to correct). */
function rewrite(consoleStep: string, fix: (set: RecordSet) => RecordSet, note?: string): Remediation {
  return {
    console: (f) => {
      const set = readRecord(f);
      const which = set ? `the ${set.type} record ${c(set.name)}` : 'the record';
      return `In the Route 53 console, open Hosted zones → ${c(apex(f))}, select ${which} → Edit record, and ${consoleStep}`;
    },
    cli: (f) => {
      const set = readRecord(f);
      if (!set) return [`aws route53 list-resource-record-sets --hosted-zone-id ${sh(zoneId(f))}`];
      return [...(note ? [`# ${note}`] : []), change(f, 'UPSERT', fix(set))];
    },
  };
}

const SPF = /^"?v=spf1\b/i;

/** The SPF value with its `all` term made `-all`, or `-all` added at its end. */
function strictSpf(value: string): string {
  if (/[+~?]?all\b/i.test(value)) return value.replace(/(^|\s)[+~?]?all\b/i, '$1-all');
  return value.endsWith('"') ? `${value.slice(0, -1)} -all"` : `${value} -all`;
}

const asIs = (set: RecordSet): RecordSet => set;

/** The three steps of a CloudFront change: its config comes back whole, with an ETag that guards the update. */
function distributionUpdate(f: AccountFindingInfo, edit: string): string[] {
  const id = sh(evidenceText(f, 'distributionId') ?? f.resourceName);
  return [
    `aws cloudfront get-distribution-config --id ${id} --query ETag --output text`,
    `aws cloudfront get-distribution-config --id ${id} --query DistributionConfig > distribution-config.json`,
    `# In distribution-config.json: ${edit}`,
    `aws cloudfront update-distribution --id ${id} --if-match ETAG --distribution-config file://distribution-config.json`,
  ];
}

function behaviourWords(f: AccountFindingInfo): string {
  const behaviour = evidenceText(f, 'behaviour');
  return !behaviour || behaviour === 'default' ? 'the default cache behaviour' : `the cache behaviour for ${c(behaviour)}`;
}

function behaviourPath(f: AccountFindingInfo): string {
  const behaviour = evidenceText(f, 'behaviour');
  return !behaviour || behaviour === 'default' ? 'DefaultCacheBehavior' : `the CacheBehaviors item whose PathPattern is ${behaviour}`;
}

export const edgeRemediations: Readonly<Record<string, Remediation>> = {
  'cloudfront-viewer-http-allowed': {
    console: (f) =>
      `In the CloudFront console, open distribution ${c(f.resourceName)} → Behaviors → ${behaviourWords(f)} → Edit, and set the viewer protocol policy to "Redirect HTTP to HTTPS" (or "HTTPS only" where nobody types the address).`,
    cli: (f) => distributionUpdate(f, `set ViewerProtocolPolicy to redirect-to-https (or https-only) in ${behaviourPath(f)}.`),
  },
  'cloudfront-http-redirect': {
    console: (f) =>
      `Where nobody types the address by hand, open distribution ${c(f.resourceName)} → Behaviors → ${behaviourWords(f)} → Edit in the CloudFront console, and set the viewer protocol policy to "HTTPS only". ` +
      'Old http:// links are then refused, so keep the redirect on the home page.',
    cli: (f) => distributionUpdate(f, `set ViewerProtocolPolicy to https-only in ${behaviourPath(f)}.`),
  },
  'cloudfront-tls-outdated': {
    console: (f) =>
      `In the CloudFront console, open distribution ${c(f.resourceName)} → General → Settings → Edit, and choose the security policy TLSv1.2_2021. ` +
      'With the default *.cloudfront.net certificate, first add your own domain name with an ACM certificate (in us-east-1).',
    cli: (f) => distributionUpdate(f, 'set ViewerCertificate.MinimumProtocolVersion to TLSv1.2_2021 (with your ACM certificate and SslSupportMethod sni-only).'),
  },
  'cloudfront-origin-insecure': {
    console: (f) => {
      const origin = evidenceText(f, 'origin');
      return (
        `Once the origin serves HTTPS with a valid certificate, open distribution ${c(f.resourceName)} → Origins → ${origin ? c(origin) : 'the origin'} → Edit in the CloudFront console, ` +
        'and choose the protocol "HTTPS only" with the minimum origin SSL protocol TLSv1.2.'
      );
    },
    cli: (f) => distributionUpdate(f, `in the Origins item ${evidenceText(f, 'origin') ?? ''}, set CustomOriginConfig.OriginProtocolPolicy to https-only and OriginSslProtocols to {"Quantity": 1, "Items": ["TLSv1.2"]}.`),
  },
  'cloudfront-security-headers-missing': {
    console: (f) =>
      `In the CloudFront console, open distribution ${c(f.resourceName)} → Behaviors → the default behaviour → Edit, and under Response headers policy choose ${c('SecurityHeadersPolicy')} (or a policy of your own with a Content-Security-Policy).`,
    cli: (f) => distributionUpdate(f, 'set DefaultCacheBehavior.ResponseHeadersPolicyId to 67f7725c-6f97-4210-82d7-5512b31e9d03 (the managed SecurityHeadersPolicy).'),
  },
  'route53-query-logging-off': {
    console: (f) =>
      `In the Route 53 console, open Hosted zones → ${c(f.resourceName)} → Configure query logging, and choose a new log group ${c(`/aws/route53/${f.resourceName}`)}: ` +
      'the console creates it in us-east-1 (the only region Route 53 writes query logs to) with the resource policy it needs.',
    cli: (f) => {
      const group = `/aws/route53/${f.resourceName}`;
      const arn = (name: string): string => `arn:${partition(f)}:logs:us-east-1:${f.account}:log-group:${name}`;
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'route53.amazonaws.com' }, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn('/aws/route53/*') }] };
      return [
        `aws logs create-log-group --region us-east-1 --log-group-name ${sh(group)}`,
        `aws logs put-resource-policy --region us-east-1 --policy-name route53-query-logging --policy-document ${sh(JSON.stringify(policy))}`,
        `aws route53 create-query-logging-config --hosted-zone-id ${sh(zoneId(f))} --cloud-watch-logs-log-group-arn ${sh(arn(group))}`,
      ];
    },
  },
  'route53-dnssec-off': {
    console: (f) =>
      `In the Route 53 console, open Hosted zones → ${c(f.resourceName)} → DNSSEC signing → Enable DNSSEC signing, with a key-signing key backed by a customer managed KMS key (ECC_NIST_P256, in us-east-1). ` +
      'Then add the DS record it shows at the parent zone or registrar; lower the TTLs first, as a broken chain stops the domain resolving.',
    cli: (f) => [
      '# KMS-KEY-ARN: an ECC_NIST_P256 SIGN_VERIFY key in us-east-1 whose policy lets dnssec-route53.amazonaws.com use it.',
      `aws route53 create-key-signing-key --hosted-zone-id ${sh(zoneId(f))} --name ksk1 --status ACTIVE --key-management-service-arn KMS-KEY-ARN --caller-reference ${sh(`ksk1-${zoneId(f)}`)}`,
      `aws route53 enable-hosted-zone-dnssec --hosted-zone-id ${sh(zoneId(f))}`,
      '# The DS record to add at the parent:',
      `aws route53 get-dnssec --hosted-zone-id ${sh(zoneId(f))}`,
    ],
  },
  'dns-caa-missing': {
    console: (f) =>
      `In the Route 53 console, open Hosted zones → ${c(apex(f))} → Create record, with the name ${c(missingName(f))}, type CAA, and one value per certificate authority you use, ` +
      `such as ${c('0 issue "amazon.com"')} for ACM. A CA not listed can no longer issue for the domain.`,
    cli: (f) => [
      '# List the CAs you use (amazon.com is ACM, letsencrypt.org is Let\'s Encrypt).',
      CREATE_NOTE,
      change(f, 'CREATE', { name: missingName(f), type: 'CAA', ttl: 3600, values: ['0 issue "amazon.com"', '0 issue "letsencrypt.org"'] }),
    ],
  },
  'dns-caa-invalid': rewrite(
    `correct the value the finding names: ${c('0 issue "ca.example"')} or ${c('0 iodef "mailto:security@example.com"')}.`,
    asIs,
    'The record set as read: correct the value the finding names before running this.',
  ),
  'dns-spf-missing': add(
    'TXT',
    (f) => missingName(f),
    () => '"v=spf1 mx -all"',
    'Add the ip4: or include: terms of every other service that sends your mail first, or its mail fails SPF.',
  ),
  'dns-spf-multiple': rewrite(
    'keep one value starting with v=spf1 that combines the mechanisms of all of them, with a single all term at the end.',
    (set) => {
      const spf = set.values.filter((v) => SPF.test(v));
      return { ...set, values: [...set.values.filter((v) => !SPF.test(v)), ...spf.slice(0, 1)] };
    },
    'Keeps the other TXT values and the first SPF value: merge the mechanisms of the others into it before running this.',
  ),
  'dns-spf-permissive': rewrite(
    `end the SPF value with ${c('-all')} (or ${c('~all')} while you are still finding your senders).`,
    (set) => ({ ...set, values: set.values.map((v) => (SPF.test(v) ? strictSpf(v) : v)) }),
    'Mail from hosts the record does not list then fails SPF.',
  ),
  'dns-spf-too-many-lookups': rewrite(
    'replace include: terms with the ip4: or ip6: ranges they stand for, or drop senders you no longer use.',
    asIs,
    'The record set as read: replace include: terms with the ranges they stand for before running this.',
  ),
  'dns-spf-rr-type': {
    console: (f) => {
      const set = readRecord(f);
      return `In the Route 53 console, open Hosted zones → ${c(apex(f))} and create a TXT record ${set ? c(set.name) : ''} with the same value as the SPF-type record, then delete the SPF-type record.`;
    },
    cli: (f) => {
      const set = readRecord(f);
      if (!set) return [`aws route53 list-resource-record-sets --hosted-zone-id ${sh(zoneId(f))}`];
      return [CREATE_NOTE, change(f, 'CREATE', { ...set, type: 'TXT' }), '# Then remove the SPF-type record set in the console.'];
    },
  },
  'dns-dmarc-missing': add(
    'TXT',
    (f) => missingName(f, '_dmarc.'),
    (f) => `"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${apex(f)}"`,
    'Use a mailbox you read for the reports, and move to p=reject once they show your own mail passing.',
  ),
  'dns-dmarc-not-enforced': rewrite(
    `once the aggregate reports show your own mail passing, change ${c('p=none')} to ${c('p=quarantine')}, later ${c('p=reject')}.`,
    (set) => ({ ...set, values: set.values.map((v) => v.replace(/(;\s*p\s*=\s*)none\b/i, '$1quarantine')) }),
  ),
  'dns-dmarc-invalid': rewrite(
    `keep one value of the form ${c('v=DMARC1; p=quarantine; rua=mailto:address')}.`,
    asIs,
    'The record set as read: leave one valid DMARC value before running this.',
  ),
  'dns-tlsrpt-missing': add(
    'TXT',
    (f) => missingName(f, '_smtp._tls.'),
    (f) => `"v=TLSRPTv1; rua=mailto:tls-reports@${apex(f)}"`,
    'Reports arrive daily as JSON; use a mailbox you read.',
  ),
  'dns-mta-sts-missing': add(
    'TXT',
    (f) => missingName(f, '_mta-sts.'),
    () => '"v=STSv1; id=1"',
    'Serve the policy itself at https://mta-sts.<domain>/.well-known/mta-sts.txt (start with mode: testing), and change the id whenever it changes.',
  ),
  'dns-mta-sts-invalid': rewrite(
    `keep one value ${c('v=STSv1; id=…')} whose id is 1 to 32 letters or digits.`,
    (set) => ({ ...set, values: set.values.map((v) => v.replace(/(id\s*=\s*)([^;"\s]*)/i, (_m, key: string, id: string) => `${key}${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 32) || '1'}`)) }),
  ),
  'dns-ttl-long': rewrite('set the TTL to 300 seconds.', (set) => ({ ...set, ttl: 300 })),
  'dns-ns-ttl-long': rewrite('set the TTL to 86400 seconds (a day) or less, well before moving the zone.', (set) => ({ ...set, ttl: 86400 })),
  'dns-cname-and-other-data': {
    console: (f) => {
      const set = readRecord(f);
      return (
        `In the Route 53 console, open Hosted zones → ${c(apex(f))} and keep either the CNAME ${set ? c(set.name) : ''} or the other records at that name: ` +
        'move those records to the CNAME target, or replace the CNAME with the records it points at (at the apex, with an alias record).'
      );
    },
    cli: (f) => {
      const set = readRecord(f);
      const query = set ? ` --query ${sh(`ResourceRecordSets[?Name == '${set.name.replace(/'/g, '')}']`)}` : '';
      return [`aws route53 list-resource-record-sets --hosted-zone-id ${sh(zoneId(f))}${query}`, '# Then keep the CNAME alone at the name, or the other records without it.'];
    },
  },
};
