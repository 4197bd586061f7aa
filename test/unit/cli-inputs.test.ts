// Odd inputs each get their own clear message and the run goes on: missing paths, paths through a
// file, link loops, FIFOs and devices, binary and UTF-16 text, CR-only line ends, PEM text with only
// END lines. Files are recognised by content as well as by name, and text output escapes controls.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, runCliProcess, withDir, findingsOf } from '../helpers/cli-run';

const TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Plain:\n    Type: AWS::S3::Bucket\n';
const ZONE = '$ORIGIN corp.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN CNAME ns1\nwww IN TXT "x"\n';

test('paths that cannot be linted each get a message, the others are linted, and the summary counts only them', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'good.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'notdir'), 'a file, not a folder\n');
    symlinkSync('loop', join(dir, 'loop'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    // A child process: reading a FIFO that no one writes, or /dev/zero, would block or never end.
    const r = runCliProcess(['lint', 'good.yaml', 'missing.yaml', 'notdir/x.yaml', 'loop', 'pipe.yaml', '/dev/zero'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(r.status, 2, `I/O problems exit 2: ${r.err}`);
    assert.match(r.err, /cannot read 'missing\.yaml': no such file or directory/);
    assert.match(r.err, /cannot read 'notdir\/x\.yaml': a part of the path is not a folder/);
    assert.match(r.err, /cannot read 'loop': too many levels of symbolic links \(a link loop\?\)/);
    assert.match(r.err, /cannot read 'pipe\.yaml': a FIFO \(named pipe\), not a regular file, so it was not read/);
    assert.match(r.err, /cannot read '\/dev\/zero': a character device, not a regular file, so it was not read/);
    assert.match(r.out, /^good\.yaml:3:3: warning s3-versioning-off/m);
    assert.match(r.out, /findings? in 1 file:/);
  });
});

test('a FIFO found in a folder is passed over unread, and the rest of the folder is linted', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'a.yaml'), TEMPLATE);
    execFileSync('mkfifo', [join(dir, 'b.yaml')]);
    writeFileSync(join(dir, 'c.yaml'), TEMPLATE);
    const r = runCliProcess(['lint', dir], { timeoutMs: 20_000 });
    assert.match(r.out, /findings in 2 files:/, 'a FIFO in a folder is passed over, not read');
    assert.doesNotMatch(r.err, /b\.yaml/);
  });
});

test('a subfolder that cannot be read is named, and the rest of the walk goes on', (t) => {
  withDir((dir) => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'a', 'one.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'locked', 'hidden.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'z.yaml'), TEMPLATE);
    // Tests run as root, who may read any folder, so the refusal a user would meet is simulated, on
    // the module object itself (the one the CLI calls through).
    const fs = require('node:fs') as typeof import('node:fs');
    const readdir = fs.readdirSync;
    t.mock.method(fs, 'readdirSync', (path: import('node:fs').PathLike, ...rest: unknown[]) => {
      if (String(path).endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
      return (readdir as (...a: unknown[]) => unknown)(path, ...rest);
    });
    const r = runCli(['lint', dir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read folder '.*locked': permission denied/);
    assert.match(r.out, /a[\\/]one\.yaml:3:3: warning s3-versioning-off/);
    assert.match(r.out, /z\.yaml:3:3: warning s3-versioning-off/);
    assert.match(r.out, /findings in 2 files:/);
  });
});

test('binary files and UTF-16 without a byte-order mark named on the command line are skipped with the reason', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'wide.yaml'), Buffer.from(TEMPLATE, 'utf16le'));
    const r = runCli(['lint', join(dir, 'wide.yaml')]);
    assert.equal(r.code, 0);
    assert.match(r.err, /note: skipped '.*wide\.yaml': it holds NUL bytes: a binary file, or UTF-16 without a byte-order mark/);
    assert.match(r.out, /^No findings in 0 files\. 1 file skipped\.$/m);
  });
});

test('a .pem with only END lines is linted as PEM and says what is wrong, not taken for binary DER', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'ends.pem'), '-----END CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const r = runCli(['lint', '--format', 'json', join(dir, 'ends.pem')]);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.err, /DER/);
    assert.deepEqual(findingsOf(r.out).map((f) => [f.ruleId, f.range.start.line, f.message]), [
      ['pem-syntax', 0, '-----END CERTIFICATE----- has no BEGIN line before it.'],
      ['pem-syntax', 1, '-----END CERTIFICATE----- has no BEGIN line before it.'],
    ]);
  });
});

test('CR-only line ends are read as line ends in zones and templates, and a fix keeps them', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'mac.zone'), ZONE.replace(/\n/g, '\r'));
    writeFileSync(join(dir, 'mac.yaml'), TEMPLATE.replace(/\n/g, '\r'));
    const r = runCli(['lint', '--format', 'json', join(dir, 'mac.zone'), join(dir, 'mac.yaml')]);
    const findings = findingsOf(r.out);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'dns-syntax' || f.ruleId === 'cfn-syntax'), [], 'both parse');
    const cname = findings.find((f) => f.ruleId === 'dns-cname-and-other-data');
    assert.equal(cname?.range.start.line, 5, 'the CNAME is on the sixth line');
    assert.equal(findings.find((f) => f.ruleId === 's3-versioning-off')?.range.start.line, 2);
    const fixed = runCli(['lint', '--fix', join(dir, 'mac.yaml')]);
    assert.match(fixed.err, /fixed .*mac\.yaml: Enable versioning/);
    const text = readFileSync(join(dir, 'mac.yaml'), 'utf8');
    assert.match(text, /\r {6}VersioningConfiguration:\r {8}Status: Enabled\r/);
    assert.ok(!text.includes('\n'), 'no LF is mixed in');
  });
});

test('text output shows control characters from a file, and from its name, as escapes', () => {
  withDir((dir) => {
    const name = 'evil\u001b[2J.zone';
    writeFileSync(join(dir, name), `${ZONE}bad IN A 999.1.1.1\u001b]0;owned\u0007\n`);
    const r = runCli(['lint', dir]);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(r.out), `no raw control character: ${JSON.stringify(r.out)}`);
    assert.match(r.out, /evil\\x1b\[2J\.zone:\d+:\d+: error dns-syntax: A: bad dotted quad '999\.1\.1\.1\\027\]0'/, 'the zone reader quotes it as an RFC 1035 escape');
    const json = runCli(['lint', '--format', 'json', dir]);
    assert.ok(findingsOf(json.out).some((f) => f.file.endsWith(name)), 'JSON keeps the name, escaped by JSON itself');
  });
});

test('zone files are recognised by their first lines whatever their name; other files in folders are passed over', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'corp.db'), ZONE);
    writeFileSync(join(dir, 'corp.data'), ZONE);
    writeFileSync(join(dir, 'corp'), `; the corp zone\n\n${ZONE}`);
    writeFileSync(join(dir, 'README'), 'Zones for corp.example live here.\n');
    writeFileSync(join(dir, 'package.json'), '{"name": "not-a-template"}\n');
    // A fragment other zones include: records under an $ORIGIN, no SOA of its own.
    writeFileSync(join(dir, 'mail-hosts'), '$ORIGIN corp.example.\nmail IN A 192.0.2.9\n');
    // Other extensions are not opened at all in a walk, whatever they hold.
    writeFileSync(join(dir, 'zone-example.md'), ZONE);
    const r = runCli(['lint', '--format', 'json', dir]);
    assert.equal(r.code, 1);
    const cnameFiles = findingsOf(r.out).filter((f) => f.ruleId === 'dns-cname-and-other-data').map((f) => f.file.slice(dir.length + 1));
    assert.deepEqual(cnameFiles.sort(), ['corp', 'corp.data', 'corp.db']);
    assert.ok(!findingsOf(r.out).some((f) => f.file.endsWith('mail-hosts')), 'an include fragment is not linted as a zone of its own');
    assert.ok(!findingsOf(r.out).some((f) => f.file.endsWith('.md')), 'a Markdown file is not read in a walk');
    assert.equal(r.err, '', 'files of no kind found in a folder are passed over without a word');
    assert.match(runCli(['lint', dir]).out, /in 3 files:/);
  });
});

test('a file named on the command line that is no kind we lint is skipped with the reason, never "No findings"', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'README'), 'Zones for corp.example live here.\n');
    writeFileSync(join(dir, 'package.json'), '{"name": "not-a-template"}\n');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  db:\n    image: "AWS::like"\n');
    const r = runCli(['lint', join(dir, 'README'), join(dir, 'package.json'), join(dir, 'compose.yaml')]);
    assert.equal(r.code, 0);
    assert.match(r.err, /note: skipped '.*README': not a CloudFormation template, zone file or PEM bundle \(--language says which it is\)/);
    assert.match(r.err, /note: skipped '.*package\.json': not a CloudFormation template, zone file or PEM bundle/);
    assert.match(r.err, /note: skipped '.*compose\.yaml': not a CloudFormation template \(no AWSTemplateFormatVersion or Resources with AWS types\)/);
    assert.equal(r.out, 'No findings in 0 files. 3 files skipped.\n');
  });
});

test('--language forces the kind of the files named, and takes only zone, cfn or pem', () => {
  withDir((dir) => {
    // No $ORIGIN, $TTL or SOA first: by its content alone this is not recognisable as a zone.
    writeFileSync(join(dir, 'records.txt'), 'www 300 IN CNAME ns1.corp.example.\nwww 300 IN TXT "x"\n');
    const r = runCli(['lint', '--language', 'zone', '--origin', 'corp.example', '--format', 'json', join(dir, 'records.txt')]);
    assert.ok(findingsOf(r.out).some((f) => f.ruleId === 'dns-cname-and-other-data'));
    assert.match(runCli(['lint', join(dir, 'records.txt')]).err, /note: skipped/);
    const bad = runCli(['lint', '--language=bind', join(dir, 'records.txt')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--language takes zone, cfn or pem, not 'bind'/);
  });
});
