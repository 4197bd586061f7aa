// The PEM block reader: boundaries and their offsets, line endings, unbalanced blocks, other
// labels, and strict base64 in certificate blocks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPemBlocks } from '../../server/src/core/pem/blocks';
import type { OffsetRange } from '../../server/src/core/text';

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

function at(text: string, range: OffsetRange): string {
  return text.slice(range.start, range.end);
}

/** The text each error points at, with its message, for compact assertions. */
function errorsOf(text: string): Array<[string, string]> {
  return readPemBlocks(text).errors.map((e) => [at(text, e), e.message]);
}

test('blocks keep the offsets of their BEGIN and END lines, and text around them is ignored', () => {
  const text = `# bundle\nsubject=CN = Example\nissuer=CN = Example\n${BEGIN}\nAAEC\nAwQF\n${END}\ntrailing words\n`;
  const { blocks, errors } = readPemBlocks(text);
  assert.deepEqual(errors, []);
  assert.equal(blocks.length, 1);
  const [block] = blocks;
  assert.equal(block!.label, 'CERTIFICATE');
  assert.equal(at(text, block!.begin), BEGIN);
  assert.equal(at(text, block!.end), END);
  assert.equal(block!.begin.start, text.indexOf(BEGIN));
  assert.deepEqual([...block!.der!], [0, 1, 2, 3, 4, 5]);
});

test('CRLF, lone CR and trailing blanks give the same blocks, with ranges that exclude the line breaks', () => {
  for (const eol of ['\r\n', '\r', '\n']) {
    const text = [`${BEGIN}\t`, 'AAEC', ' AwQF  ', END, ''].join(eol);
    const { blocks, errors } = readPemBlocks(text);
    assert.deepEqual(errors, [], JSON.stringify(eol));
    assert.equal(at(text, blocks[0]!.begin), BEGIN);
    assert.equal(at(text, blocks[0]!.end), END);
    assert.deepEqual([...blocks[0]!.der!], [0, 1, 2, 3, 4, 5]);
  }
});

test('blocks with other labels are listed but not decoded, whatever their body', () => {
  const text = `-----BEGIN ENCRYPTED PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nnot base64 at all!\n-----END ENCRYPTED PRIVATE KEY-----\n${BEGIN}\nAAAA\n${END}\n`;
  const { blocks, errors } = readPemBlocks(text);
  assert.deepEqual(errors, []);
  assert.deepEqual(blocks.map((b) => [b.label, b.der === undefined]), [['ENCRYPTED PRIVATE KEY', true], ['CERTIFICATE', false]]);
});

test('a BEGIN without END is reported on the BEGIN line, also when another block starts first', () => {
  assert.deepEqual(errorsOf(`${BEGIN}\nAAAA\n`), [[BEGIN, `${BEGIN} has no END line.`]]);
  const text = `${BEGIN}\nAAAA\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`;
  assert.deepEqual(errorsOf(text), [[BEGIN, `${BEGIN} has no END line before the next BEGIN.`]]);
  assert.deepEqual(readPemBlocks(text).blocks.map((b) => b.label), ['PRIVATE KEY'], 'the block after it is still read');
});

test('an END without BEGIN, and an END with another label, are reported on the END line', () => {
  assert.deepEqual(errorsOf(`hello\n${END}\n`), [[END, `${END} has no BEGIN line before it.`]]);
  const mismatched = `${BEGIN}\nAAAA\n-----END PRIVATE KEY-----\n`;
  assert.deepEqual(errorsOf(mismatched), [['-----END PRIVATE KEY-----', `-----END PRIVATE KEY----- does not match ${BEGIN}; the block is not read.`]]);
  assert.deepEqual(readPemBlocks(mismatched).blocks, []);
});

test('malformed boundary lines are reported, and words that merely start alike are text', () => {
  const errors = errorsOf(`-----BEGIN CERTIFICATE----\n-----BEGIN CERTIFICATE-----MIIB\n-----BEGINNING of notes\n`);
  assert.deepEqual(errors.map(([line]) => line), ['-----BEGIN CERTIFICATE----', '-----BEGIN CERTIFICATE-----MIIB']);
  assert.match(errors[0]![1], /^Malformed PEM boundary/);
});

test('a character outside base64 is reported on its own line', () => {
  const text = `${BEGIN}\nAAAA\nAA*A\nAAAA\n${END}\n`;
  assert.deepEqual(errorsOf(text), [['AA*A', "This line of the certificate block holds '*', which is not base64."]]);
  assert.equal(readPemBlocks(text).blocks[0]!.der, undefined, 'the block stays listed without data');
  const header = `${BEGIN}\nProc-Type: 4,ENCRYPTED\nAAAA\n${END}\n`;
  assert.match(errorsOf(header)[0]![1], /a header line, which certificates do not have/);
});

test('padding before the last line, and base64 cut partway through a group, are reported', () => {
  assert.deepEqual(errorsOf(`${BEGIN}\nAA==\nAAAA\n${END}\n`), [['AA==', 'Base64 padding (=) may only end the last line of the certificate block.']]);
  assert.deepEqual(errorsOf(`${BEGIN}\nA=A=\n${END}\n`).map(([line]) => line), ['A=A=']);
  const cut = errorsOf(`${BEGIN}\nAAAA\nAAA\n${END}\n`);
  assert.deepEqual(cut.map(([line]) => line), ['AAA']);
  assert.match(cut[0]![1], /stops partway through a group \(7 characters\)/);
});

test('an empty certificate block is reported on its BEGIN line', () => {
  assert.deepEqual(errorsOf(`${BEGIN}\n\n${END}\n`), [[BEGIN, `${BEGIN} holds no data.`]]);
});

test('a blank line inside a certificate block is an error, as OpenSSL takes what precedes it for headers', () => {
  const text = `${BEGIN}\nAAEC\n\nAw==\n${END}\n`;
  const { blocks, errors } = readPemBlocks(text);
  assert.deepEqual(errors.map((e) => [e.start, e.end]), [[text.indexOf('\n\n') + 1, text.indexOf('\n\n') + 1]]);
  assert.match(errors[0]!.message, /^A blank line inside the certificate block/);
  assert.equal(blocks[0]!.der, undefined);
  assert.match(errorsOf(`${BEGIN}\nAAAA\n  \n${END}\n`)[0]![1], /^A blank line/, 'blanks alone make a blank line');
  const afterBegin = readPemBlocks(`${BEGIN}\n\nAAEC\nAw==\n${END}\n`);
  assert.deepEqual(afterBegin.errors, [], 'one blank line straight after BEGIN is an empty header section');
  assert.deepEqual([...afterBegin.blocks[0]!.der!], [0, 1, 2, 3]);
});

test('an indented boundary is reported once, since OpenSSL skips the block; the block is still read', () => {
  const message = (line: string): string => `${line} is indented: OpenSSL takes a boundary only at the start of a line, so it skips this block.`;
  const both = `  ${BEGIN}\nAAAA\n  ${END}\n`;
  assert.deepEqual(errorsOf(both), [[BEGIN, message(BEGIN)]]);
  assert.equal(readPemBlocks(both).blocks.length, 1);
  assert.deepEqual(errorsOf(`${BEGIN}\nAAAA\n\t${END}\n`), [[END, message(END)]]);
  assert.deepEqual(errorsOf(`${BEGIN}\n  AAAA\n${END}   \n`), [], 'indented base64 and blanks after a boundary are fine');
  assert.deepEqual(errorsOf(`# ${BEGIN}\n# AAAA\n# ${END}\n`), [], 'a commented-out block is text');
});
