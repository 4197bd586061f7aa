// The acceptance test: the built CLI, `aws-hardening scan --profile emu`, run as a child
// process against moto seeded with a weak and a hardened resource of every kind the scan reads.
// The JSON report must name every weak setting and nothing on the hardened resources (beyond
// what moto cannot store, listed in the seeding helper); the other formats, --output, --region
// all, usage errors and profiles that cannot be scanned are checked on the same account.
import assert from 'node:assert/strict';
import { closeSync, existsSync, fstatSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { cliPath, runCliProcess, runCliProcessAsync, type ProcessRun } from '../helpers/cli-run';
import { EMU_ACCOUNT, EMU_REGION, emulatedAccount, type EmulatedAccount } from '../helpers/account';
import { seedAccount, type Expected, type SeededAccount } from '../helpers/seed-account';

let acct: EmulatedAccount | undefined;
let seeded: SeededAccount | undefined;
let unavailable = '';
/** The JSON scan of the seeded account, run once and compared with by the other formats. */
let jsonRun: ProcessRun | undefined;

interface ScanJson {
  version: number;
  profiles: Array<{ profile: string; account: string | null; alias: string | null; regions: string[]; error: string | null; notes: string[] }>;
  findings: Array<{
    ruleId: string;
    severity: 'error' | 'warning' | 'information';
    file: null;
    range: null;
    message: string;
    resource: string;
    account: string;
    region: string;
    profile: string;
    stack: string | null;
    logicalId: string | null;
    evidence?: Record<string, unknown>;
  }>;
}

/** A scan is a few hundred calls to moto and one wait for the credential report. */
const SCAN_TIMEOUT_MS = 120_000;

/** Runs `aws-hardening scan args…` as a child process, without blocking: moto's log pipe is drained by this process. */
function scanCli(args: readonly string[], cwd?: string): Promise<ProcessRun> {
  return runCliProcessAsync(['scan', ...args], { timeoutMs: SCAN_TIMEOUT_MS, ...(cwd ? { cwd } : {}) });
}

before(async () => {
  assert.ok(existsSync(cliPath), `${cliPath} is missing: run node scripts/build.mjs first`);
  const started = await emulatedAccount();
  if ('unavailable' in started) {
    unavailable = started.unavailable;
    return;
  }
  acct = started;
  seeded = await seedAccount(acct.client);
  // A profile with a region and no credentials of any kind: refused before any call is made.
  acct.writeConfig(['[profile nothing]', `region = ${EMU_REGION}`]);
  jsonRun = await scanCli(['--profile', 'emu', '--format', 'json']);
});

after(async () => {
  await acct?.stop();
});

function need(t: TestContext): { run: ProcessRun; report: ScanJson; seeded: SeededAccount } | undefined {
  if (!acct || !seeded || !jsonRun) {
    t.skip(`no AWS emulator: ${unavailable}`);
    return undefined;
  }
  return { run: jsonRun, report: JSON.parse(jsonRun.out) as ScanJson, seeded };
}

const pair = ([ruleId, resource]: Expected): string => `${ruleId} ${resource}`;
const pairsOf = (report: ScanJson): string[] => report.findings.map((f) => pair([f.ruleId, f.resource])).sort();

test('scan --format json reports every weak setting of the seeded account and nothing on its hardened resources', (t) => {
  const got = need(t);
  if (!got) return;
  const { run, report, seeded: s } = got;
  assert.equal(run.status, 1, `exit status 1 for error findings; stderr: ${run.err}`);
  assert.equal(run.err, '', 'nothing to say on standard error');
  assert.equal(report.version, 1);
  assert.equal(report.profiles.length, 1);
  assert.deepEqual(report.profiles[0], { profile: 'emu', account: EMU_ACCOUNT, alias: null, regions: [EMU_REGION], error: null, notes: [] });

  assert.deepEqual(
    report.findings.filter((f) => f.ruleId.startsWith('scan-')).map((f) => `${f.ruleId} ${f.message}`),
    [],
    'every read is one moto answers, and no listing is cut short',
  );
  assert.deepEqual(pairsOf(report), s.expected.map(pair).sort());
  const hardened = new Set(s.hardened);
  assert.deepEqual(
    report.findings.filter((f) => hardened.has(f.resource)).map((f) => pair([f.ruleId, f.resource])).sort(),
    s.forced.map(pair).sort(),
    'on hardened resources, only what the emulator cannot store',
  );

  for (const f of report.findings) {
    assert.deepEqual(
      Object.keys(f).filter((k) => k !== 'evidence'),
      ['ruleId', 'severity', 'file', 'range', 'message', 'resource', 'account', 'region', 'profile', 'stack', 'logicalId'],
    );
    assert.equal(f.file, null);
    assert.equal(f.range, null);
    assert.equal(f.account, EMU_ACCOUNT);
    assert.equal(f.profile, 'emu');
    assert.ok(f.region === EMU_REGION || f.region === 'global', `${f.ruleId} ${f.resource} in ${f.region}`);
    assert.ok(f.message.length > 0);
    const stack = s.stacks.get(f.resource);
    assert.deepEqual([f.stack, f.logicalId], stack ? [...stack] : [null, null], `stack of ${f.ruleId} ${f.resource}`);
  }
  const regionOf = (ruleId: string): string | undefined => report.findings.find((f) => f.ruleId === ruleId)?.region;
  assert.equal(regionOf('iam-admin-wildcard'), 'global');
  assert.equal(regionOf('route53-dnssec-off'), 'global');
  assert.equal(regionOf('dynamodb-pitr-off'), EMU_REGION);
  // Errors first, then by rule: the order every format lists findings in.
  const order = { error: 0, warning: 1, information: 2 };
  const ranks = report.findings.map((f) => order[f.severity]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.ok(ranks.includes(0), 'some findings are errors, hence exit status 1');
});

test('scan --format sarif is SARIF 2.1.0 with one result per finding', async (t) => {
  const got = need(t);
  if (!got) return;
  const run = await scanCli(['--profile', 'emu', '--format', 'sarif']);
  assert.equal(run.status, 1, run.err);
  const log = JSON.parse(run.out) as { version: string; runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }> }> };
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const results = log.runs[0]!.results;
  assert.equal(results.length, got.report.findings.length);
  assert.deepEqual(results.map((r) => `${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`).sort(), pairsOf(got.report));
});

/** Splits RFC 4180 text into records of fields (quoted fields may hold commas, quotes and line breaks). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      (fields = []), (field = ''), i++;
    } else field += c;
  }
  assert.equal(fields.length + field.length, 0, 'the text ends with a line break');
  return records;
}

test('scan --format csv has the header and one row per finding', async (t) => {
  const got = need(t);
  if (!got) return;
  const run = await scanCli(['--profile', 'emu', '--format', 'csv']);
  assert.equal(run.status, 1, run.err);
  assert.ok(run.out.endsWith('\r\n') && !run.out.endsWith('\n\r\n') && !run.out.endsWith('\r\n\n'), 'one CRLF ends the last record, no empty record after it');
  const [header, ...rows] = csvRecords(run.out);
  assert.deepEqual(header, ['severity', 'ruleId', 'account', 'region', 'profile', 'resource', 'stack', 'logicalId', 'message']);
  assert.equal(rows.length, got.report.findings.length);
  assert.deepEqual(rows.map((r) => `${r[1]} ${r[5]}`).sort(), pairsOf(got.report));
  assert.ok(rows.every((r) => r.length === 9 && r[2] === EMU_ACCOUNT && r[4] === 'emu'));
});

test('scan --format markdown has the account heading, the scorecard and every finding', async (t) => {
  const got = need(t);
  if (!got) return;
  const run = await scanCli(['--profile', 'emu', '--format', 'markdown']);
  assert.equal(run.status, 1, run.err);
  assert.match(run.out, /^# AWS Hardening account report\n/);
  assert.match(run.out, new RegExp(`^## Account ${EMU_ACCOUNT}$`, 'm'));
  assert.match(run.out, /^### Essential Eight scorecard\n\n\| Strategy \| Findings \| Short of ML1 \| Short of ML2 \| Short of ML3 \| Verdict \|$/m);
  // The root user without MFA is short of the first maturity level of the MFA strategy.
  assert.match(run.out, /^\| Multi-factor authentication \(MFA\) \| \d+ \| [1-9]\d* \| \d+ \| \d+ \| not yet ML1 \|$/m);
  assert.match(run.out, new RegExp(`^### Findings \\(${got.report.findings.length}\\)$`, 'm'));
  const rows = run.out.split('\n').filter((l) => /^\| (error|warning|information) \| \[/.test(l));
  assert.equal(rows.length, got.report.findings.length);
});

test('scan --format text lists the findings and ends with the count', async (t) => {
  const got = need(t);
  if (!got) return;
  const run = await scanCli(['--profile', 'emu']);
  assert.equal(run.status, 1, run.err);
  const lines = run.out.trimEnd().split('\n');
  assert.equal(lines[0], `Profile emu: account ${EMU_ACCOUNT}, ${EMU_REGION}`);
  const count = (severity: string): number => got.report.findings.filter((f) => f.severity === severity).length;
  const total = got.report.findings.length;
  assert.equal(lines.at(-1), `${total} findings in 1 account: ${count('error')} error, ${count('warning')} warning, ${count('information')} information.`);
  assert.equal(lines.filter((l) => /^ {2}(error|warning|information) [a-z0-9-]+: /.test(l)).length, total);
});

test('scan --output writes the report to the file, nothing to standard output, and replaces an existing file whole', async (t) => {
  const got = need(t);
  if (!got) return;
  const dir = mkdtempSync(join(tmpdir(), 'aws-hardening-scan-output-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'report.json');
  const fresh = await scanCli(['--profile', 'emu', '--format', 'json', '--output', file]);
  assert.equal(fresh.status, 1, fresh.err);
  assert.equal(fresh.out, '');
  assert.deepEqual(pairsOf(JSON.parse(readFileSync(file, 'utf8')) as ScanJson), pairsOf(got.report));

  // A descriptor held on the old file shows how it was replaced: a new file renamed into place
  // leaves the old one whole behind the descriptor; a rewrite in place would change what it reads.
  writeFileSync(file, 'the previous report\n');
  const held = openSync(file, 'r');
  t.after(() => closeSync(held));
  const oldInode = fstatSync(held).ino;
  const again = await scanCli(['--profile', 'emu', '--format', 'csv', '--output=report.json'], dir);
  assert.equal(again.status, 1, again.err);
  assert.equal(again.out, '');
  assert.equal(readFileSync(held, 'utf8'), 'the previous report\n');
  assert.notEqual(statSync(file).ino, oldInode);
  assert.match(readFileSync(file, 'utf8'), /^severity,ruleId,account,region,profile,resource,stack,logicalId,message\r\n/);
  assert.deepEqual(readdirSync(dir), ['report.json'], 'no temporary file is left behind');

  // A file with a second name cannot be replaced without splitting the two: it is left alone.
  linkSync(file, join(dir, 'second-name.csv'));
  const linked = readFileSync(file, 'utf8');
  const refused = await scanCli(['--profile', 'emu', '--format', 'json', '--output', file]);
  assert.equal(refused.status, 2);
  assert.match(refused.err, /cannot write '.*report\.json': it has 2 hard links, which a rewrite would split/);
  assert.equal(refused.out, '');
  assert.equal(readFileSync(file, 'utf8'), linked);
  assert.deepEqual(readdirSync(dir).sort(), ['report.json', 'second-name.csv']);
});

test('scan --region all scans every region moto has and reports global findings once', async (t) => {
  const got = need(t);
  if (!got) return;
  const run = await scanCli(['--profile', 'emu', '--region', 'all', '--format', 'json']);
  assert.equal(run.status, 1, run.err);
  const report = JSON.parse(run.out) as ScanJson;
  const [profile] = report.profiles;
  assert.equal(profile!.error, null);
  assert.ok(profile!.regions.length > 1 && profile!.regions.includes(EMU_REGION) && profile!.regions.includes('us-east-1'), profile!.regions.join(' '));
  const global = (r: ScanJson): string[] => r.findings.filter((f) => f.region === 'global').map((f) => pair([f.ruleId, f.resource])).sort();
  assert.deepEqual(global(report), global(got.report));
  // The other regions hold only what moto creates in each (a default VPC and security group), which is not weak.
  assert.deepEqual(pairsOf(report), pairsOf(got.report));
});

test('usage errors exit 2 with the reason on standard error and no report', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--format', 'xml'], /--format takes text, json, sarif, csv, markdown; not 'xml'/],
    [['--region', 'bogus'], /--region takes a region name such as eu-west-1, or all; not 'bogus'/],
    [['--concurrency', '0'], /--concurrency takes a whole number from 1 to 64; not '0'/],
    [['template.yaml'], /scan takes no file or folder \('template\.yaml'\); use --profile/],
  ];
  for (const [args, reason] of cases) {
    const run = await scanCli(['--profile', 'emu', ...args]);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.err, reason);
    assert.equal(run.out, '');
  }
});

test('a profile that cannot be used, scanned alone, exits 2 with the reason', async (t) => {
  if (!need(t)) return;
  const run = await scanCli(['--profile', 'nothing', '--format', 'json']);
  assert.equal(run.status, 2);
  assert.match(run.err, /^aws-hardening: Profile nothing cannot be used: no credentials/m);
  const report = JSON.parse(run.out) as ScanJson;
  assert.deepEqual(report.findings, []);
  assert.equal(report.profiles[0]!.account, null);
  assert.match(report.profiles[0]!.error!, /^Profile nothing cannot be used/);
});

test('an unknown profile beside emu is reported on standard error, and emu is still scanned', async (t) => {
  const got = need(t);
  if (!got) return;
  const run = await scanCli(['--profile', 'emu', '--profile', 'ghost', '--format', 'json']);
  assert.equal(run.status, 1);
  assert.match(run.err, /^aws-hardening: No profile named ghost in the AWS config \(profiles: [^)]*\bemu\b[^)]*\)\.$/m);
  const report = JSON.parse(run.out) as ScanJson;
  assert.deepEqual(
    report.profiles.map((p) => [p.profile, p.account]),
    [
      ['emu', EMU_ACCOUNT],
      ['ghost', null],
    ],
  );
  assert.deepEqual(pairsOf(report), pairsOf(got.report));
});

test('aws-hardening --help lists scan and login', () => {
  const run = runCliProcess(['--help']);
  assert.equal(run.status, 0);
  assert.match(run.out, /^ {7}aws-hardening scan \[--profile P\]/m);
  assert.match(run.out, /^ {7}aws-hardening login \[--profile <name>\]$/m);
  assert.match(run.out, /--region +a region to scan/);
});
