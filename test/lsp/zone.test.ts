// Zone files over real LSP: diagnostics, the CAA quick fix, hover on TTLs, $TTL and the serial, the
// protections code lens, the serial increment and suppression with a reason.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { LspClient } from '../helpers/lsp-client';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface LspTextEdit {
  range: LspRange;
  newText: string;
}

const ZONE = [
  '$ORIGIN example.org.',
  '$TTL 3600',
  '@\tIN\tSOA\tns1 hostmaster (',
  '\t\t2026010100 ; serial',
  '\t\t7200 3600 1209600 300 )',
  '\tIN\tNS\tns1',
  '\tIN\tMX\t10 mail',
  'ns1\tIN\tA\t192.0.2.1',
  'mail\t1h\tIN\tA\t192.0.2.25',
  'www\tIN\tCNAME\tmail',
  'www\tIN\tTXT\t"oops"',
  '',
].join('\n');

function apply(text: string, edits: LspTextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
}

let client: LspClient;
let dir: string;

before(async () => {
  client = new LspClient();
  await client.initialize();
  dir = mkdtempSync(join(tmpdir(), 'aws-hardening-zone-'));
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

test('a dns-zone document gets zone diagnostics with their rule ids', async () => {
  const uri = 'file:///work/example.org.zone';
  const published = await client.open(uri, 'dns-zone', ZONE);
  const codes = new Set(published.diagnostics.map((d) => d.code));
  for (const id of ['dns-caa-missing', 'dns-dmarc-missing', 'dns-cname-and-other-data', 'dns-ttl-long', 'dns-mta-sts-missing']) assert.ok(codes.has(id), `${id} missing`);
  const cname = published.diagnostics.find((d) => d.code === 'dns-cname-and-other-data')!;
  assert.deepEqual(cname.range, { start: { line: 9, character: 7 }, end: { line: 9, character: 12 } });
  assert.equal(cname.severity, 1);
});

test('the CAA quick fix inserts records after the apex records in the file\'s columns', async () => {
  const uri = 'file:///work/caa.zone';
  const published = await client.open(uri, 'dns-zone', ZONE);
  const caa = published.diagnostics.find((d) => d.code === 'dns-caa-missing')!;
  const actions = await client.connection.sendRequest<Array<{ title: string; edit: { changes: Record<string, LspTextEdit[]> } }>>('textDocument/codeAction', {
    textDocument: { uri },
    range: caa.range,
    context: { diagnostics: [caa], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.title.includes('CAA'))!;
  assert.match(fix.title, /unsafe/i);
  const fixed = apply(ZONE, fix.edit.changes[uri]!);
  assert.ok(fixed.includes('\tIN\tMX\t10 mail\n@\tIN\tCAA\t0 issue "amazon.com"\n@\tIN\tCAA\t0 issue "letsencrypt.org"\n@\tIN\tCAA\t0 iodef "mailto:hostmaster@example.org"\nns1'), fixed);
  const after = await client.changeAll(uri, 2, fixed);
  assert.ok(!after.diagnostics.some((d) => d.code === 'dns-caa-missing'));
});

test('hover on a TTL shows human units and the migration advice; on the serial, when to increment it', async () => {
  const uri = 'file:///work/hover.zone';
  await client.open(uri, 'dns-zone', ZONE);
  const ttl = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 6 } });
  assert.match(ttl!.contents.value, /TTL 3600 s = 1 hour/);
  assert.match(ttl!.contents.value, /lower it to 300 s/);
  assert.match(ttl!.contents.value, /dns-ttl-long/, 'the finding on the TTL is explained too');
  const serial = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } });
  assert.match(serial!.contents.value, /SOA serial 2026010100/);
  assert.match(serial!.contents.value, /date-based/);
});

test('hover on the $TTL directive explains it: its value in hours, the records it applies to, the advice', async () => {
  const uri = 'file:///work/ttl-directive.zone';
  await client.open(uri, 'dns-zone', ZONE);
  const hover = await client.connection.sendRequest<{ contents: { value: string }; range?: LspRange } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
  const value = hover!.contents.value;
  assert.match(value, /\*\*\$TTL 3600 = 1 hour\*\*: the zone's default TTL/);
  assert.match(value, /It applies to 6 records \(lines 3–11\): SOA, NS, MX, A, CNAME, TXT\./, value);
  assert.match(value, /1 record writes its own TTL and keeps it/);
  assert.match(value, /Before a migration, lower it to 300 s at least 1 hour/);
  assert.deepEqual(hover!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
});

test('a code lens above the SOA lists the protections and offers the serial increment', async () => {
  const uri = 'file:///work/lens.zone';
  await client.open(uri, 'dns-zone', ZONE);
  const lenses = await client.connection.sendRequest<Array<{ range: LspRange; command: { title: string; command: string; arguments?: unknown[] } }>>('textDocument/codeLens', { textDocument: { uri } });
  assert.equal(lenses.length, 2);
  assert.equal(lenses[0]!.command.title, 'Email & web: SPF ✗ · DMARC ✗ · CAA ✗ · TLS-RPT ✗ · MTA-STS ✗ · DNSSEC ✗');
  assert.deepEqual(lenses[0]!.range.start, { line: 2, character: 0 });
  assert.equal(lenses[1]!.command.command, 'awsHardening.incrementSerial');
  assert.deepEqual(lenses[1]!.command.arguments, [uri]);
  const edit = await client.connection.sendRequest<{ changes: Record<string, LspTextEdit[]> } | null>('awsHardening/incrementSerialEdit', { uri });
  const bumped = apply(ZONE, edit!.changes[uri]!);
  // A date-based serial from an earlier day moves to today's date with 00.
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  assert.ok(bumped.includes(`\t\t${today}00 ; serial`), bumped);
});

test('suppress with reason writes a ; comment above the finding, which hides it', async () => {
  const uri = 'file:///work/suppress.zone';
  const published = await client.open(uri, 'dns-zone', ZONE);
  const cname = published.diagnostics.find((d) => d.code === 'dns-cname-and-other-data')!;
  const edit = await client.connection.sendRequest<{ changes: Record<string, LspTextEdit[]> } | null>('awsHardening/suppressionEdit', {
    uri,
    ruleId: 'dns-cname-and-other-data',
    resource: 'www.example.org.',
    position: cname.range.start,
    reason: 'legacy name, removed next sprint',
  });
  const text = apply(ZONE, edit!.changes[uri]!);
  assert.ok(text.includes('; aws-hardening-ignore dns-cname-and-other-data legacy name, removed next sprint\nwww\tIN\tCNAME'), text);
  const after = await client.changeAll(uri, 2, text);
  assert.ok(!after.diagnostics.some((d) => d.code === 'dns-cname-and-other-data'));
});

test('$INCLUDE is read from disk relative to the zone, and its errors point at the directive', async () => {
  writeFileSync(join(dir, 'hosts.inc'), 'app IN A 192.0.2.9\nbad IN A 999.0.0.1\n');
  const path = join(dir, 'db.example.net');
  const text = '$TTL 300\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE hosts.inc\n';
  writeFileSync(path, text);
  const published = await client.open(pathToFileURL(path).toString(), 'plaintext', text);
  const syntax = published.diagnostics.filter((d) => d.code === 'dns-syntax');
  assert.equal(syntax.length, 1, JSON.stringify(published.diagnostics));
  assert.match(syntax[0]!.message, /^hosts\.inc: A: bad dotted quad '999\.0\.0\.1'/);
  assert.equal(syntax[0]!.range.start.line, 4);
});

test('an edit to a large zone is read again from where it starts, and gives what opening the edited text gives', async () => {
  // A zone of a few thousand records, analysed in the worker; edits near its top, middle and end.
  const lines = ['$ORIGIN big.example.', '$TTL 3600', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ IN NS ns1', 'ns1 IN A 192.0.2.1'];
  for (let i = 0; i < 4000; i++) lines.push(i % 500 === 0 ? `$ORIGIN s${i}.big.example.` : i % 3 === 0 ? `h${i} 7200 IN A 192.0.2.${i & 255}` : `h${i} IN TXT "v${i}"`);
  let text = `${lines.join('\n')}\n`;
  const uri = 'file:///work/big.example.zone';
  await client.open(uri, 'dns-zone', text);
  const edits: Array<[string, string]> = [['h1 IN TXT', 'h1 60 IN TXT'], ['h2001 IN TXT "v2001"', 'h2001 IN CNAME h3\nh2001 IN A 192.0.2.1'], ['h3999 IN TXT', 'h3999 IN CAA 0 issue "x" ;']];
  let version = 1;
  for (const [from, to] of edits) {
    text = text.replace(from, to);
    const edited = await client.changeAll(uri, ++version, text);
    const fresh = await client.open(`file:///work/fresh-${version}/big.example.zone`, 'dns-zone', text);
    assert.deepEqual(edited.diagnostics, fresh.diagnostics, `after ${from} → ${to}`);
    assert.ok(edited.diagnostics.length > 0);
  }
});
