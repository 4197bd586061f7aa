// Hostile inputs, generated at run time so that no large or odd file is checked in. Each is a
// small folder: the bench (`npm run bench`, "hostile inputs") builds them at the sizes a hostile
// user tried, the unit tests at sizes that keep the suite quick. `scale` is 1 for the bench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface HostileInput {
  /** Short kebab-case name, the bench table's row. */
  readonly name: string;
  /** What it is, in words, with its size. */
  readonly what: string;
  /** The file to lint, relative to the folder. */
  readonly entry: string;
  /** The language the editor would give it. */
  readonly languageId: string;
  /** Files to write: text, or `{ link }` for a symbolic link to that target. */
  readonly files: Readonly<Record<string, string | { link: string }>>;
}

/** A CloudFormation template of `count` resources as one line of JSON, as minifiers write it. */
export function minifiedJson(count: number): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `minified-${i}`, Tags: [{ Key: 'owner', Value: `team-${i % 17}` }] } };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

/**
 * A YAML template with one anchor, which sends it past the fast reader, and a mapping of `count`
 * keys, the size at which a duplicate-key check that compares every pair stalls.
 */
export function anchoredYaml(count: number): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Mappings:', '  Regions:'];
  for (let i = 0; i < count; i++) out.push(`    key${i}: {Value: value-${i}}`);
  out.push('Resources:', '  Bucket:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags: &tags', '        - Key: owner', '          Value: platform');
  out.push('  Other:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags: *tags');
  return `${out.join('\n')}\n`;
}

/** `count` subnets of one VPC, all with the same CIDR block: every pair overlaps. */
export function identicalSubnets(count: number): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/16'];
  for (let i = 0; i < count; i++) out.push(`  Subnet${i}:`, '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc', '      CidrBlock: 10.0.0.0/24');
  return `${out.join('\n')}\n`;
}

/**
 * A template whose lists are `count` items long where rules gather values: a bucket policy's
 * principals and actions, a role's principals, actions and resources, security-group ingress. A
 * function call given that many arguments (`push(...items)`) overflows the stack.
 */
export function wideLists(count: number): string {
  const list = (item: string, n = count): string => `[${Array.from({ length: n }, () => item).join(', ')}]`;
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '  Policy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: !Ref Bucket',
    `      PolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: ${list('a')}}, Action: ${list('a')}, Resource: "*"}]}`,
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    `      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ${list('a')}}, Action: ${list('a')}}]}`,
    `      Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: ${list('a')}, Resource: ${list('a')}}]}}]`,
    '  Group:',
    '    Type: AWS::EC2::SecurityGroup',
    '    Properties:',
    '      GroupDescription: wide',
    `      SecurityGroupIngress: ${list('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}', Math.ceil(count / 20))}`,
    '',
  ].join('\n');
}

/** A template whose one property nests `depth` flow sequences, `[[[…]]]`. */
export function deepYaml(depth: number): string {
  return `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Deep:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** A JSON template whose one property nests `depth` objects, `{"a":{"a":…}}`. */
export function deepJson(depth: number): string {
  return `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"Deep":{"Type":"AWS::S3::Bucket","Properties":{"Tags":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}}}\n`;
}

const SOA = '$ORIGIN hostile.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';

/** A zone with `count` SPF policies at its apex, alternately as TXT and as the obsolete SPF type. */
export function spfAtOneName(count: number): string {
  const out = [SOA];
  for (let i = 0; i < count; i++) out.push(`@ IN ${i % 2 ? 'SPF' : 'TXT'} "v=spf1 ip4:10.${(i >> 8) & 255}.${i & 255}.0/24 include:_spf${i}.example.net -all"\n`);
  return out.join('');
}

/**
 * Two 12-character strings with equal hashes under the zone reader's name hash. The hash is
 * polynomial, so names made of these blocks in any order all share one hash: `count` owner names
 * (up to 65,536), four labels of four blocks each, that a plain hash table would chain together.
 */
const COLLIDING = ['loehttwdnnnb', 'tdhoqrjcbhht'] as const;

export function collidingNames(count: number): string {
  const out = [SOA];
  for (let i = 0; i < count; i++) {
    const blocks = Array.from({ length: 16 }, (_, b) => COLLIDING[(i >> b) & 1]);
    out.push(`${[0, 4, 8, 12].map((at) => blocks.slice(at, at + 4).join('')).join('.')} IN A 192.0.2.${i & 255}\n`);
  }
  return out.join('');
}

/** A zone with one `$GENERATE` over `range`. */
export function generateBomb(range: string): string {
  return `${SOA}$GENERATE ${range} host$ A 192.0.2.1\n`;
}

/** `levels` zone files, each including the next one twice: 2^levels reads of the last. */
export function includeTree(levels: number, recordsPerFile: number): Record<string, string> {
  const files: Record<string, string> = {};
  const records = (n: number): string => Array.from({ length: recordsPerFile }, (_, i) => `h${n}-${i} IN A 192.0.2.${i % 250}\n`).join('');
  files['tree.zone'] = `${SOA}$INCLUDE part1.inc\n$INCLUDE part1.inc\n`;
  for (let n = 1; n <= levels; n++) files[`part${n}.inc`] = `${records(n)}${n < levels ? `$INCLUDE part${n + 1}.inc\n$INCLUDE part${n + 1}.inc\n` : ''}`;
  return files;
}

/**
 * A self-issued certificate that is not self-signed, made by openssl in `dir`: its issuer's name is
 * its own subject, but another key signed it, so its own key never verifies it and every copy of it
 * is a candidate issuer of every other.
 */
export function selfIssuedPem(dir: string): string {
  const run = (args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const subject = '/CN=Hostile Self-Issued';
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', subject]);
  run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', subject]);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '7', '-days', '3650', '-out', 'leaf.pem']);
  return execFileSync('openssl', ['x509', '-in', 'leaf.pem'], { cwd: dir, encoding: 'utf8' });
}

/**
 * The inputs of issue 11's work budgets at `scale` (1: the sizes that were found to stall;
 * smaller for unit tests). `pem` is one self-issued certificate, repeated.
 */
export function hostileInputs(scale: number, pem: string): HostileInput[] {
  const n = (full: number): number => Math.max(2, Math.round(full * scale));
  const minified = minifiedJson(n(6000));
  const anchored = anchoredYaml(n(40000));
  return [
    { name: 'minified-json', what: `one-line JSON template, ${kb(minified.length)}`, entry: 'minified.json', languageId: 'json', files: { 'minified.json': minified } },
    { name: 'yaml-anchor', what: `YAML template with one anchor, ${kb(anchored.length)}`, entry: 'anchored.yaml', languageId: 'yaml', files: { 'anchored.yaml': anchored } },
    {
      name: 'include-self-symlink',
      what: 'zone including itself through a `d -> .` symlink',
      entry: 'loop.zone',
      languageId: 'dns-zone',
      files: { 'loop.zone': `${SOA}$INCLUDE d/loop.zone\n$INCLUDE d/loop.zone\n`, d: { link: '.' } },
    },
    { name: 'include-tree', what: `${n(21)} files each including the next twice`, entry: 'tree.zone', languageId: 'dns-zone', files: includeTree(n(21), 2) },
    { name: 'generate-range', what: '`$GENERATE 0-4294967295/1000`', entry: 'generate.zone', languageId: 'dns-zone', files: { 'generate.zone': generateBomb(`0-${scale >= 1 ? 4294967295 : n(4294967295)}/1000`) } },
    { name: 'pem-self-issued', what: `${n(1000)} copies of one self-issued certificate`, entry: 'bundle.pem', languageId: 'pem', files: { 'bundle.pem': pem.repeat(n(1000)) } },
    { name: 'identical-subnets', what: `${n(2000)} subnets with one CIDR block`, entry: 'subnets.yaml', languageId: 'yaml', files: { 'subnets.yaml': identicalSubnets(n(2000)) } },
    { name: 'hash-collisions', what: `${n(65536)} owner names with one hash`, entry: 'collide.zone', languageId: 'dns-zone', files: { 'collide.zone': collidingNames(Math.min(65536, n(65536))) } },
    { name: 'spf-one-name', what: `${n(50000)} SPF records at one name`, entry: 'spf.zone', languageId: 'dns-zone', files: { 'spf.zone': spfAtOneName(n(50000)) } },
    { name: 'wide-lists', what: `lists of ${n(200000)} principals, actions and resources`, entry: 'wide.yaml', languageId: 'yaml', files: { 'wide.yaml': wideLists(n(200000)) } },
    { name: 'deep-yaml', what: `${n(100000)} nested flow sequences`, entry: 'deep.yaml', languageId: 'yaml', files: { 'deep.yaml': deepYaml(n(100000)) } },
    { name: 'deep-yaml-1m', what: `${n(1000000)} nested flow sequences`, entry: 'deeper.yaml', languageId: 'yaml', files: { 'deeper.yaml': deepYaml(n(1000000)) } },
    { name: 'deep-json', what: `${n(100000)} nested JSON objects`, entry: 'deep.json', languageId: 'json', files: { 'deep.json': deepJson(n(100000)) } },
  ];
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Writes an input into a new temporary folder; returns the folder and the entry's path. */
export function writeHostile(input: HostileInput): { dir: string; entry: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `aws-hardening-${input.name}-`));
  for (const [path, content] of Object.entries(input.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === 'string') writeFileSync(full, content);
    else symlinkSync(content.link, full);
  }
  return { dir, entry: join(dir, input.entry), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
