// `npm run bench`: speed and memory of the analysis, in-process and through the LSP.
// Targets (issues 3 and 5): a 1,500-resource template (about 1 MB) parsed and checked by every rule in
// a median of at most 100 ms; didChange → publishDiagnostics at most 250 ms including the
// debounce; a 20 MB document answered in bounded time or with a "too large" notice; and (issue 11)
// every hostile input within about a second or a clear limit finding (`--hostile` runs only that);
// (issue 12) the live scan's ratio to the ideal and its cancellation (`--account`). `--template`
// runs only the template part (the index's first load, in-process and LSP timings); `--completion`
// only completion at each kind of spot of the template; `--zones` only the large zone (issue 17:
// the CLI against kzonecheck and named-checkzone, and the language server; see bench-zone.ts).
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { analyzeText } from '../server/src/core/analyze';
import { cfnIndexPath, loadCfnIndex } from '../server/src/core/cfn-spec';
import type { Node } from '../server/src/core/cfn/model';
import { parseFully, parseText } from '../server/src/core/cfn/parse';
import { accountBench } from './bench-account';
import { completionBench } from './bench-complete';
import { hostileBench } from './bench-hostile';
import { zoneBench } from './bench-zone';
import { mb, median, medianOf, ms, peakRss } from './bench-util';

const RESOURCES = 1500;
const RUNS = 15;

/** A realistic mix of resources, with the weak spots the rules look for, about 700 bytes each. */
export function generateTemplate(count: number): string {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: Generated benchmark template', 'Parameters:', '  Env:', '    Type: String', '    Default: dev', 'Resources:'];
  // One VPC and one public hosted zone that the subnets and record sets below belong to, so the
  // relation rules (subnets of a VPC, records of a zone) work on hundreds of members.
  out.push('  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', '      CidrBlock: 10.0.0.0/8');
  out.push('  Zone:', '    Type: AWS::Route53::HostedZone', '    Properties:', '      Name: bench.example.com');
  for (let i = 0; i < count; i++) {
    switch (i % 10) {
      case 5:
        out.push(`  Subnet${i}:`, '    Type: AWS::EC2::Subnet', '    Properties:', '      VpcId: !Ref Vpc', `      CidrBlock: 10.${(i >> 8) & 255}.${i & 255}.0/24`, '      MapPublicIpOnLaunch: false', '      Tags:', '        - Key: Name', `          Value: !Sub '\${Env}-subnet-${i}'`);
        break;
      case 6:
        out.push(`  Role${i}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Version: "2012-10-17"', '        Statement:', '          - Effect: Allow', '            Principal: {Service: lambda.amazonaws.com}', '            Action: sts:AssumeRole', '      Policies:', '        - PolicyName: app', '          PolicyDocument:', '            Version: "2012-10-17"', '            Statement:', '              - Effect: Allow', '                Action: [dynamodb:GetItem, dynamodb:PutItem]', `                Resource: !GetAtt Table${i - 5}.Arn`);
        break;
      case 7:
        out.push(`  Logs${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', `      LogGroupName: /bench/${i}`, i % 20 === 7 ? '      RetentionInDays: 400' : '      KmsKeyId: !Ref AWS::NoValue');
        break;
      case 8:
        out.push(`  Record${i}:`, '    Type: AWS::Route53::RecordSet', '    Properties:', '      HostedZoneId: !Ref Zone', `      Name: host${i}.bench.example.com`, '      Type: A', `      TTL: "${i % 40 === 8 ? 86400 : 300}"`, '      ResourceRecords:', `        - 192.0.2.${i & 255}`);
        break;
      case 9:
        out.push(`  Distribution${i}:`, '    Type: AWS::CloudFront::Distribution', '    Properties:', '      DistributionConfig:', '        Enabled: true', '        Origins:', '          - Id: site', `            DomainName: site-${i}.example.com`, '            CustomOriginConfig:', '              OriginProtocolPolicy: https-only', '        DefaultCacheBehavior:', '          TargetOriginId: site', '          ViewerProtocolPolicy: allow-all', '          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6');
        break;
    }
    if (i % 10 < 5) switch (i % 5) {
      case 0:
        out.push(`  Bucket${i}:`, '    Type: AWS::S3::Bucket', '    Properties:', `      BucketName: !Sub 'bench-${i}-\${AWS::AccountId}'`, '      Tags:', '        - Key: owner', `          Value: team-${i % 17}`, '        - Key: cost-centre', `          Value: cc-${i % 23}`);
        break;
      case 1:
        out.push(`  Table${i}:`, '    Type: AWS::DynamoDB::Table', '    Properties:', '      BillingMode: PAY_PER_REQUEST', '      AttributeDefinitions:', '        - AttributeName: pk', '          AttributeType: S', '      KeySchema:', '        - AttributeName: pk', '          KeyType: HASH');
        break;
      case 2:
        out.push(`  Function${i}:`, '    Type: AWS::Lambda::Function', '    Properties:', '      Runtime: nodejs18.x', '      Handler: index.handler', `      Role: !GetAtt Role${i + 4}.Arn`, '      Code:', '        ZipFile: |', '          exports.handler = async () => ({ statusCode: 200 });', '      Environment:', '        Variables:', `          TABLE: !Ref Table${i - 1}`);
        break;
      case 3:
        out.push(`  Group${i}:`, '    Type: AWS::EC2::SecurityGroup', '    Properties:', `      GroupDescription: bench group ${i}`, '      SecurityGroupIngress:', '        - IpProtocol: tcp', '          FromPort: 443', '          ToPort: 443', '          CidrIp: 0.0.0.0/0', '        - IpProtocol: tcp', '          FromPort: 5432', '          ToPort: 5432', '          CidrIp: 10.0.0.0/8');
        break;
      default:
        out.push(`  Database${i}:`, '    Type: AWS::RDS::DBInstance', '    Properties:', '      Engine: postgres', '      DBInstanceClass: db.t4g.micro', '      AllocatedStorage: "20"', '      MasterUsername: admin', "      MasterUserPassword: '{{resolve:secretsmanager:db-secret:SecretString:password}}'", '      StorageEncrypted: true', '      BackupRetentionPeriod: 7', '      CACertificateIdentifier: rds-ca-rsa2048-g1');
    }
    out.push(
      `    Metadata:`,
      `      Comment: 'resource number ${i} of the generated benchmark template, padded to a realistic size'`,
      `      Owner: {team: platform-${i % 7}, contact: 'platform-team-${i % 7}@example.com', runbook: 'https://wiki.example.com/runbooks/${i}'}`,
      `      Review: {by: security, ticket: SEC-${1000 + i}, note: 'reviewed against the hardening catalogue during the quarterly audit'}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** The template as JSON, short-form tags written in their long form. */
function asJson(text: string): string {
  const toJs = (n: Node | null): unknown => {
    if (!n) return null;
    let value: unknown;
    if (n.kind === 'map') value = Object.fromEntries(n.pairs.map((p) => [p.key, toJs(p.value)]));
    else if (n.kind === 'seq') value = n.items.map(toJs);
    else value = n.tag === 'GetAtt' && typeof n.value === 'string' ? n.value.split('.') : n.value;
    if (!n.tag) return value;
    return { [n.tag === 'Ref' ? 'Ref' : `Fn::${n.tag}`]: value };
  };
  return `${JSON.stringify(toJs(parseText(text).root), null, 2)}\n`;
}

function inProcess(text: string): { median: number; findings: number } {
  const times: number[] = [];
  let findings = 0;
  analyzeText(text); // warm-up, as an editor's second keystroke would be
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    findings = analyzeText(`${text}# edit ${i}\n`).findings.length;
    times.push(ms(start));
  }
  return { median: median(times), findings };
}

async function throughLsp(text: string): Promise<{ median: number; open: number; peak?: number }> {
  const child = spawn(process.execPath, [join(__dirname, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<number, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
    if (p.version !== undefined) waiting.get(p.version)?.();
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const uri = 'file:///bench/template.yaml';
  const published = (version: number): Promise<void> => new Promise((resolve) => waiting.set(version, resolve));
  let ready = published(1);
  const opened = process.hrtime.bigint();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await ready;
  // The server's first template reads the resource-type index for the schema checks.
  const open = ms(opened);
  const times: number[] = [];
  for (let version = 2; version < RUNS + 2; version++) {
    ready = published(version);
    const start = process.hrtime.bigint();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `# edit ${version}\n` }],
    });
    await ready;
    times.push(ms(start));
  }
  const peak = peakRss(child.pid!);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  return { median: median(times), open, ...(peak ? { peak } : {}) };
}

/** The resource-type index: its size, and its first (cold) load, paid on a template's first hover. */
function cfnIndexLine(): string {
  const size = statSync(cfnIndexPath()).size;
  const start = process.hrtime.bigint();
  const index = loadCfnIndex();
  const loadMs = ms(start);
  return `resource-type index (${index.source}): ${index.typeNames.length} types, ${mb(size)} gzipped; first load ${loadMs.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  console.log(cfnIndexLine());
  const text = generateTemplate(RESOURCES);
  console.log(`template: ${RESOURCES} resources, ${mb(text.length)}`);
  // The first analysis compiles the index entries of the template's types (the index itself is loaded above).
  const firstStart = process.hrtime.bigint();
  analyzeText(text);
  console.log(`first analysis of the template (index loaded, its types looked up the first time): ${ms(firstStart).toFixed(0)} ms`);
  const local = inProcess(text);
  console.log(`parse + all rules: median ${local.median.toFixed(1)} ms over ${RUNS} runs (target ≤ 100 ms, ratio ${(local.median / 100).toFixed(2)}); ${local.findings} findings`);
  const json = asJson(text);
  const jsonMs = medianOf(RUNS, () => analyzeText(json));
  console.log(`same template as JSON (${mb(json.length)}): parse + all rules median ${jsonMs.toFixed(1)} ms (ratio ${(jsonMs / 100).toFixed(2)})`);
  const fastRead = medianOf(5, () => parseText(text));
  const fullRead = medianOf(5, () => parseFully(text));
  console.log(`reading the YAML alone: fast reader ${fastRead.toFixed(1)} ms, yaml package ${fullRead.toFixed(1)} ms (${(fullRead / fastRead).toFixed(1)}× faster)`);
  console.log(`bench process peak RSS: ${mb(peakRss(process.pid) ?? process.memoryUsage().rss)}`);
  const lsp = await throughLsp(text);
  console.log(`LSP didChange → publishDiagnostics: median ${lsp.median.toFixed(1)} ms over ${RUNS} edits, debounce included (target ≤ 250 ms, ratio ${(lsp.median / 250).toFixed(2)})`);
  console.log(`LSP didOpen → first publishDiagnostics (the server loads the index on the way): ${lsp.open.toFixed(0)} ms`);
  if (lsp.peak) console.log(`language server peak RSS: ${mb(lsp.peak)}`);
  const huge = generateTemplate(Math.ceil((RESOURCES * 20 * 1024 * 1024) / text.length));
  const start = process.hrtime.bigint();
  const result = analyzeText(huge);
  const hugeMs = ms(start);
  const notice = result.findings.find((f) => f.ruleId === 'document-too-large');
  console.log(`20 MB document (${mb(huge.length)}): ${notice ? `"too large" notice` : `${result.findings.length} findings`} in ${hugeMs.toFixed(0)} ms`);
}

function completionOnly(): Promise<void> {
  const text = generateTemplate(RESOURCES);
  return completionBench(__dirname, text, asJson(text));
}

if (require.main === module && !process.env.NO_BENCH_MAIN) {
  if (process.argv.includes('--zones')) void zoneBench(__dirname);
  else if (process.argv.includes('--hostile')) void hostileBench(__dirname);
  else if (process.argv.includes('--account')) void accountBench();
  else if (process.argv.includes('--template')) void main();
  else if (process.argv.includes('--completion')) void completionOnly();
  else void main().then(completionOnly).then(() => zoneBench(__dirname)).then(() => hostileBench(__dirname)).then(accountBench);
}
