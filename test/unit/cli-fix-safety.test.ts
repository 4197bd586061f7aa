// `lint --fix` never loses bytes: a failed write keeps the original whole, a file that is not
// UTF-8 is not rewritten, and no symbolic link leads a rewrite out of the folders given.
import assert from 'node:assert/strict';
import { chmodSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, runCliProcess, withDir } from '../helpers/cli-run';

/** A template with one bucket without versioning: --fix adds VersioningConfiguration. */
const FIXABLE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Plain:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: plain-bucket\n';

function versioningFindings(out: string): number {
  return (JSON.parse(out) as { findings: Array<{ ruleId: string }> }).findings.filter((f) => f.ruleId === 's3-versioning-off').length;
}

test('a write cut off by a file-size limit leaves the original byte for byte, and no temporary file', () => {
  withDir((dir) => {
    const file = join(dir, 'big.yaml');
    // Larger than the 1 KB limit below, so the new copy cannot be written whole.
    const original = Buffer.from(`${FIXABLE}${'# padding that the rewrite must carry over\n'.repeat(60)}`);
    writeFileSync(file, original);
    const r = runCliProcess(['lint', '--fix', file], { shellPrefix: 'ulimit -f 1' });
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /cannot write '.*big\.yaml': file too large \(a file-size limit was reached\); the original was left unchanged/);
    assert.deepEqual(readFileSync(file), original);
    assert.deepEqual(readdirSync(dir), ['big.yaml'], 'the temporary file is removed');
    assert.match(r.out, /warning s3-versioning-off: Bucket Plain/, 'the findings of the unchanged file are still reported');
  });
});

test('a rewrite keeps the file mode and leaves nothing beside the file', () => {
  withDir((dir) => {
    const file = join(dir, 't.yaml');
    writeFileSync(file, FIXABLE);
    chmodSync(file, 0o640);
    const r = runCli(['lint', '--fix', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(file, 'utf8'), /VersioningConfiguration:\n {8}Status: Enabled/);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['t.yaml']);
  });
});

test('a file with several hard links is not rewritten, since a new copy would split them', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'a.yaml'), FIXABLE);
    linkSync(join(dir, 'a.yaml'), join(dir, 'b.yaml'));
    const r = runCli(['lint', '--fix', join(dir, 'a.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot write '.*a\.yaml': it has 2 hard links, which a rewrite would split; the original was left unchanged/);
    assert.equal(readFileSync(join(dir, 'b.yaml'), 'utf8'), FIXABLE);
    assert.equal(statSync(join(dir, 'a.yaml')).nlink, 2);
  });
});

test('a file that is not valid UTF-8 is linted but not rewritten: every byte stays', () => {
  withDir((dir) => {
    const file = join(dir, 'latin1.yaml');
    // "café" in Latin-1 in a comment: 0xE9 alone is not UTF-8.
    const original = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${FIXABLE}`)]);
    writeFileSync(file, original);
    const r = runCli(['lint', '--fix', '--format', 'json', file]);
    assert.equal(r.code, 0);
    assert.match(r.err, /note: '.*latin1\.yaml' was not rewritten \(\d+ safe fixes left unapplied\): it is not valid UTF-8/);
    assert.deepEqual(readFileSync(file), original);
    assert.equal(versioningFindings(r.out), 1, 'still linted, read-only');
  });
});

test('a UTF-8 byte-order mark is kept by a rewrite', () => {
  withDir((dir) => {
    const file = join(dir, 'bom.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FIXABLE)]));
    const r = runCli(['lint', '--fix', file]);
    assert.match(r.err, /fixed .*bom\.yaml: Enable versioning on bucket Plain/);
    const after = readFileSync(file);
    assert.deepEqual([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(after.toString('utf8'), /Status: Enabled/);
  });
});

test('a UTF-16 file is linted and said to be UTF-16, never rewritten', () => {
  withDir((dir) => {
    const file = join(dir, 'wide.yaml');
    const original = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FIXABLE, 'utf16le')]);
    writeFileSync(file, original);
    const r = runCli(['lint', '--fix', '--format', 'json', file]);
    assert.match(r.err, /not rewritten .*: it is UTF-16 \(little-endian, with a byte-order mark\), and --fix writes only UTF-8/);
    assert.deepEqual(readFileSync(file), original);
    assert.equal(versioningFindings(r.out), 1);
  });
});

test('walking a folder neither follows links out of it nor loops, and lints each real file once', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'proj', 'sub'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'theirs.yaml'), FIXABLE);
    writeFileSync(join(dir, 'proj', 'sub', 'own.yaml'), FIXABLE);
    symlinkSync('../outside/theirs.yaml', join(dir, 'proj', 'link.yaml'));
    symlinkSync('sub/own.yaml', join(dir, 'proj', 'alias.yaml'));
    symlinkSync('..', join(dir, 'proj', 'sub', 'up'));
    symlinkSync('.', join(dir, 'proj', 'self'));
    // A child process, so that a walk that never ends fails at the timeout instead of hanging the suite.
    const r = runCliProcess(['lint', '--fix', join(dir, 'proj')], { timeoutMs: 20_000 });
    assert.equal(r.status, 0, r.err);
    assert.equal(readFileSync(join(dir, 'outside', 'theirs.yaml'), 'utf8'), FIXABLE, 'the target out of the folder is untouched');
    assert.match(readFileSync(join(dir, 'proj', 'sub', 'own.yaml'), 'utf8'), /Status: Enabled/);
    assert.ok(lstatSync(join(dir, 'proj', 'alias.yaml')).isSymbolicLink(), 'a link inside is followed, and stays a link');
    const fixedFiles = new Set(r.err.match(/^fixed [^:]+/gm));
    assert.equal(fixedFiles.size, 1, `one file fixed: ${r.err}`);
    assert.equal(r.err.match(/Enable versioning on bucket Plain/g)?.length, 1, 'and fixed once');
    assert.match(r.out, /in 1 file[.:]/, 'the one real file, counted once');
  });
});

test('a link named on the command line is linted, but rewritten only when it leads inside the folders given', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'proj'));
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'theirs.yaml'), FIXABLE);
    symlinkSync('../outside/theirs.yaml', join(dir, 'proj', 'link.yaml'));
    const out = runCli(['lint', '--fix', '--format', 'json', join(dir, 'proj', 'link.yaml')]);
    assert.equal(versioningFindings(out.out), 1);
    assert.match(out.err, /not rewritten .*: it is a symbolic link to '.*outside[\\/]theirs\.yaml', outside the folders given/);
    assert.equal(readFileSync(join(dir, 'outside', 'theirs.yaml'), 'utf8'), FIXABLE);
    // Naming the target's folder too makes it one of the roots.
    const both = runCli(['lint', '--fix', join(dir, 'proj', 'link.yaml'), join(dir, 'outside')]);
    assert.match(both.err, /fixed .*link\.yaml: Enable versioning/);
    assert.match(readFileSync(join(dir, 'outside', 'theirs.yaml'), 'utf8'), /Status: Enabled/);
    assert.ok(lstatSync(join(dir, 'proj', 'link.yaml')).isSymbolicLink());
  });
});

test("a zone reached through a link reads its includes from the real file's folder", () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'zones'));
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'zones', 'corp.zone'), '$ORIGIN corp.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\n$INCLUDE hosts.inc\n');
    writeFileSync(join(dir, 'zones', 'hosts.inc'), 'ns1 IN A 192.0.2.1\n');
    symlinkSync('../zones/corp.zone', join(dir, 'elsewhere', 'corp.zone'));
    const r = runCli(['lint', '--format', 'json', join(dir, 'elsewhere', 'corp.zone')]);
    const { findings } = JSON.parse(r.out) as { findings: Array<{ ruleId: string; message: string }> };
    assert.deepEqual(findings.filter((f) => f.ruleId === 'dns-syntax').map((f) => f.message), [], 'the include is found and ns1 has its address');
    assert.ok(findings.some((f) => f.ruleId === 'dns-caa-missing'), 'the zone was linted');
  });
});

test('a zone that includes itself, named by a relative path or through a link, is caught at its first include', () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'z'));
    writeFileSync(join(dir, 'z', 'self.zone'), '$ORIGIN corp.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE self.zone\n');
    symlinkSync('z/self.zone', join(dir, 'link.zone'));
    for (const path of ['z/self.zone', 'link.zone']) {
      const r = runCliProcess(['lint', '--format', 'json', path], { cwd: dir });
      const syntax = (JSON.parse(r.out) as { findings: Array<{ ruleId: string; message: string; range: { start: { line: number } } }> }).findings.filter((f) => f.ruleId === 'dns-syntax');
      assert.deepEqual(syntax.map((f) => [f.range.start.line, f.message]), [[5, "$INCLUDE 'self.zone': includes itself (a cycle)"]], `${path}: one cycle finding on the zone's own line, nothing read twice`);
    }
  });
});

test("naming a file does not open up its folder to links found in a walk", () => {
  withDir((dir) => {
    mkdirSync(join(dir, 'project'));
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'home', 'named.yaml'), FIXABLE);
    writeFileSync(join(dir, 'home', 'private.yaml'), FIXABLE);
    symlinkSync('../home/private.yaml', join(dir, 'project', 'sneaky.yaml'));
    const r = runCli(['lint', '--fix', join(dir, 'project'), join(dir, 'home', 'named.yaml')]);
    assert.equal(readFileSync(join(dir, 'home', 'private.yaml'), 'utf8'), FIXABLE, 'the link in the walked folder leads out of it, so its target is not rewritten');
    assert.notEqual(readFileSync(join(dir, 'home', 'named.yaml'), 'utf8'), FIXABLE, 'the file named is fixed');
    assert.ok(!r.out.includes('sneaky'), 'the link is not linted either');
  });
});
