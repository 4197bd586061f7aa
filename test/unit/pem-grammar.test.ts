// The pem language: the TextMate grammar scopes certificate bundles as VS Code would (the real
// vscode-textmate and Oniguruma), the language is contributed and shipped, and PEM documents reach
// the language server as `pem`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentOptions } from '../../server/src/lsp/analysis-cache';
import { documentSelector } from '../../server/src/protocol';
import { isShipped } from '../helpers/package-files';
import { repoRoot } from '../helpers/paths';
import { expectToken, hasScope, tokenizeLines, type Token } from '../helpers/textmate';

const GRAMMAR = join(repoRoot, 'syntaxes', 'pem.tmLanguage.json');
const tokenize = (lines: readonly string[]): Promise<Token[][]> => tokenizeLines(GRAMMAR, lines);

// The shapes OpenSSL writes: x509 -subject -issuer (its default and its compat name formats),
// a traditional encrypted key with RFC 1421 headers, s_client -showcerts, x509 -text.
const BUNDLE = [
  /* 0 */ '# Certificates for the staging databases',
  /* 1 */ 'Amazon RDS Test Root CA',
  /* 2 */ '=======================',
  /* 3 */ 'subject=C = US, O = "Amazon Web Services, Inc.", OU = RDS, CN = Test Root CA',
  /* 4 */ 'issuer=/C=US/O=Amazon Web Services\\, Inc./CN=Test Root CA',
  /* 5 */ '-----BEGIN CERTIFICATE-----',
  /* 6 */ 'MIICADCCAaegAwIBAgIUQcEK5jHgdq0K+HU5mYV0WiJOH5YwCgYIKoZIzj0EAwIw',
  /* 7 */ 'a2VlcCBpdCBzaG9ydA+/9w==',
  /* 8 */ '-----END CERTIFICATE-----',
  /* 9 */ '',
  /* 10 */ '-----BEGIN RSA PRIVATE KEY-----',
  /* 11 */ 'Proc-Type: 4,ENCRYPTED',
  /* 12 */ 'DEK-Info: AES-128-CBC,5ED4A2B522E4E5534B60E324D3AA2A56',
  /* 13 */ '',
  /* 14 */ 'MIIBOgIBAAJBAL$ne*QkK',
  /* 15 */ '-----END RSA PRIVATE KEY-----  ',
  /* 16 */ 'Certificate chain',
  /* 17 */ ' 0 s:CN = db.example.com',
  /* 18 */ "   i:C = US, O = Let's Encrypt, CN = R3",
  /* 19 */ '        Subject: C = US, CN = x + UID = 7',
  /* 20 */ '        Subject Public Key Info:',
  /* 21 */ '-----BEGIN X509 CRL-----',
  /* 22 */ 'MIIBbDCB1gIBATANBgkqhkiG9w0BAQsFADA=',
  /* 23 */ '-----END CERTIFICATE-----',
  /* 24 */ 'after the mismatch',
  /* 25 */ '-----END CERTIFICATE-----',
  /* 26 */ '  -----BEGIN CERTIFICATE-----',
  /* 27 */ '-----BEGIN CERTIFICATE',
  /* 28 */ '# -----BEGIN CERTIFICATE-----',
];

test('BEGIN and END lines: dashes, keyword and the label, each scoped', async () => {
  const t = await tokenize(BUNDLE);
  expectToken(t, BUNDLE, 5, '-----', ['punctuation.definition.boundary', 'meta.boundary.begin', 'meta.block']);
  expectToken(t, BUNDLE, 5, 'BEGIN', ['keyword.control.boundary.begin']);
  expectToken(t, BUNDLE, 5, 'CERTIFICATE', ['entity.name.type.label', 'meta.boundary.begin']);
  expectToken(t, BUNDLE, 5, '-----', ['punctuation.definition.boundary'], { nth: 1 });
  expectToken(t, BUNDLE, 8, 'END', ['keyword.control.boundary.end', 'meta.boundary.end', 'meta.block']);
  expectToken(t, BUNDLE, 8, 'CERTIFICATE', ['entity.name.type.label'], { not: ['invalid'] });
  // Labels with spaces are one token; trailing blanks after a boundary are allowed, as OpenSSL allows them.
  expectToken(t, BUNDLE, 10, 'RSA PRIVATE KEY', ['entity.name.type.label']);
  expectToken(t, BUNDLE, 15, 'RSA PRIVATE KEY', ['entity.name.type.label'], { not: ['invalid'] });
  expectToken(t, BUNDLE, 21, 'X509 CRL', ['entity.name.type.label']);
  // The blank line after a block and the text after it are outside any block.
  assert.ok(t[16]!.every((tok) => !hasScope(tok.scopes, 'meta.block')), 'line 16 is outside the blocks');
});

test('the body is base64, one token per line, and characters outside base64 are marked', async () => {
  const t = await tokenize(BUNDLE);
  expectToken(t, BUNDLE, 6, BUNDLE[6]!, ['constant.other.encoded.base64', 'meta.block']);
  expectToken(t, BUNDLE, 7, BUNDLE[7]!, ['constant.other.encoded.base64'], { not: ['invalid'] });
  expectToken(t, BUNDLE, 22, BUNDLE[22]!, ['constant.other.encoded.base64']);
  expectToken(t, BUNDLE, 14, 'MIIBOgIBAAJBAL', ['constant.other.encoded.base64']);
  expectToken(t, BUNDLE, 14, '$', ['invalid.illegal.character']);
  expectToken(t, BUNDLE, 14, '*', ['invalid.illegal.character']);
  expectToken(t, BUNDLE, 14, 'QkK', ['constant.other.encoded.base64']);
});

test('RFC 1421 headers inside a block: name, separator, value', async () => {
  const t = await tokenize(BUNDLE);
  expectToken(t, BUNDLE, 11, 'Proc-Type', ['entity.other.attribute-name.header', 'meta.block']);
  expectToken(t, BUNDLE, 11, ':', ['punctuation.separator.key-value']);
  expectToken(t, BUNDLE, 11, '4,ENCRYPTED', ['string.unquoted.header-value'], { not: ['invalid'] });
  expectToken(t, BUNDLE, 12, 'DEK-Info', ['entity.other.attribute-name.header']);
  expectToken(t, BUNDLE, 12, 'AES-128-CBC,5ED4A2B522E4E5534B60E324D3AA2A56', ['string.unquoted.header-value']);
});

test('subject= and issuer= lines, in both OpenSSL name formats, with attribute types scoped', async () => {
  const t = await tokenize(BUNDLE);
  expectToken(t, BUNDLE, 3, 'subject', ['keyword.other.certificate-field', 'meta.certificate-field'], { not: ['comment'] });
  expectToken(t, BUNDLE, 3, '=', ['punctuation.separator.key-value']);
  for (const name of ['C', 'O', 'OU', 'CN']) expectToken(t, BUNDLE, 3, name, ['entity.other.attribute-name.dn']);
  expectToken(t, BUNDLE, 3, '"', ['punctuation.definition.string.begin', 'string.quoted.double']);
  // The comma inside the quotes does not start an attribute.
  expectToken(t, BUNDLE, 3, 'Amazon Web Services, Inc.', ['string.quoted.double'], { not: ['entity.other.attribute-name'] });
  expectToken(t, BUNDLE, 3, ' Test Root CA', ['string.unquoted.distinguished-name'], { not: ['entity.other.attribute-name', 'comment'] });
  expectToken(t, BUNDLE, 4, 'issuer', ['keyword.other.certificate-field']);
  for (const name of ['C', 'O', 'CN']) expectToken(t, BUNDLE, 4, name, ['entity.other.attribute-name.dn']);
  // An escaped comma is part of the value.
  expectToken(t, BUNDLE, 4, '\\,', ['constant.character.escape']);
  expectToken(t, BUNDLE, 4, ' Inc./', ['string.unquoted.distinguished-name'], { not: ['entity.other.attribute-name'] });
});

test("s_client's s:/i: lines and x509 -text's Subject: lines are certificate fields too", async () => {
  const t = await tokenize(BUNDLE);
  expectToken(t, BUNDLE, 17, 's', ['keyword.other.certificate-field']);
  expectToken(t, BUNDLE, 17, 'CN', ['entity.other.attribute-name.dn']);
  expectToken(t, BUNDLE, 18, 'i', ['keyword.other.certificate-field']);
  expectToken(t, BUNDLE, 18, 'O', ['entity.other.attribute-name.dn']);
  expectToken(t, BUNDLE, 19, 'Subject', ['keyword.other.certificate-field']);
  expectToken(t, BUNDLE, 19, 'UID', ['entity.other.attribute-name.dn']);
  // Other x509 -text lines that start with the same word are plain text.
  assert.ok(t[20]!.every((tok) => !hasScope(tok.scopes, 'keyword.other.certificate-field')), 'Subject Public Key Info is not a field');
});

test('text outside the blocks is a comment; # lines are comments even when they hold a boundary', async () => {
  const t = await tokenize(BUNDLE);
  expectToken(t, BUNDLE, 0, '#', ['comment.line.number-sign', 'punctuation.definition.comment']);
  expectToken(t, BUNDLE, 1, BUNDLE[1]!, ['comment.line.explanatory']);
  expectToken(t, BUNDLE, 2, BUNDLE[2]!, ['comment.line.explanatory']);
  expectToken(t, BUNDLE, 16, BUNDLE[16]!, ['comment.line.explanatory'], { not: ['meta.block'] });
  expectToken(t, BUNDLE, 20, 'Subject Public Key Info:', ['comment.line.explanatory']);
  // A commented-out boundary opens no block, so the line after it is outside any.
  const commented = [BUNDLE[28]!, 'MIIB', '# -----END CERTIFICATE-----'];
  const c = await tokenize(commented);
  expectToken(c, commented, 0, '#', ['comment.line.number-sign']);
  assert.ok(c.flat().every((tok) => !hasScope(tok.scopes, 'meta.block')), 'no block opened');
});

test('a mismatched END label, an END without BEGIN and malformed boundaries are invalid', async () => {
  const t = await tokenize(BUNDLE);
  // The END closes the CRL block even with the wrong label, so the bundle after it is read normally.
  expectToken(t, BUNDLE, 23, 'CERTIFICATE', ['invalid.illegal.mismatched-label', 'meta.boundary.end']);
  expectToken(t, BUNDLE, 24, BUNDLE[24]!, ['comment.line.explanatory'], { not: ['meta.block'] });
  expectToken(t, BUNDLE, 25, BUNDLE[25]!, ['invalid.illegal.unmatched-end']);
  expectToken(t, BUNDLE, 26, BUNDLE[26]!, ['invalid.illegal.malformed-boundary']);
  expectToken(t, BUNDLE, 27, BUNDLE[27]!, ['invalid.illegal.malformed-boundary']);
  // A label that only starts like the BEGIN label is still a mismatch.
  const prefix = ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----END CERTIFICATE REQUEST-----'];
  expectToken(await tokenize(prefix), prefix, 2, 'CERTIFICATE REQUEST', ['invalid.illegal.mismatched-label']);
});

test('a block left open ends at the next BEGIN; empty labels are allowed', async () => {
  const lines = ['-----BEGIN CERTIFICATE-----', 'MIIB', '-----BEGIN PRIVATE KEY-----', 'MIIE', '-----END PRIVATE KEY-----', 'done', '-----BEGIN -----', 'AAAA', '-----END -----'];
  const t = await tokenize(lines);
  expectToken(t, lines, 2, 'PRIVATE KEY', ['entity.name.type.label', 'meta.boundary.begin']);
  expectToken(t, lines, 4, 'PRIVATE KEY', ['entity.name.type.label'], { not: ['invalid'] });
  expectToken(t, lines, 5, 'done', ['comment.line.explanatory'], { not: ['meta.block'] });
  expectToken(t, lines, 7, 'AAAA', ['constant.other.encoded.base64', 'meta.block']);
  expectToken(t, lines, 8, 'END', ['keyword.control.boundary.end']);
  assert.ok(t[8]!.every((tok) => !hasScope(tok.scopes, 'invalid')), 'an empty END label matches an empty BEGIN label');
});

test('the language configuration: # comments, a fold per block, base64 runs as words', () => {
  const config = JSON.parse(readFileSync(join(repoRoot, 'language-configuration', 'pem.json'), 'utf8')) as {
    comments: { lineComment: string };
    folding: { markers: { start: string; end: string } };
    wordPattern: string;
  };
  assert.equal(config.comments.lineComment, '#');
  assert.ok(new RegExp(config.folding.markers.start).test(BUNDLE[5]!) && new RegExp(config.folding.markers.end).test(BUNDLE[8]!));
  assert.ok(!new RegExp(config.folding.markers.start).test(BUNDLE[28]!), 'a commented-out block does not fold');
  const words = (line: string) => line.match(new RegExp(config.wordPattern, 'g'));
  assert.deepEqual(words(BUNDLE[7]!), [BUNDLE[7]]);
  assert.deepEqual(words('CN=Test'), ['CN', 'Test']);
});

test('package.json contributes the pem language and grammar for .pem, .crt and .cer, and the package ships them', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: {
      languages: { id: string; extensions: string[]; filenames?: string[]; firstLine: string; configuration: string }[];
      grammars: { language: string; scopeName: string; path: string }[];
    };
  };
  const language = pkg.contributes.languages.find((l) => l.id === 'pem')!;
  assert.ok(language);
  assert.deepEqual(language.extensions, ['.pem', '.crt', '.cer']);
  assert.equal(language.filenames, undefined);
  const grammarEntry = pkg.contributes.grammars.find((g) => g.language === 'pem')!;
  assert.equal(grammarEntry.scopeName, (JSON.parse(readFileSync(GRAMMAR, 'utf8')) as { scopeName: string }).scopeName);
  for (const path of [language.configuration, grammarEntry.path]) assert.ok(existsSync(join(repoRoot, path)), `${path} exists`);
  const firstLine = new RegExp(language.firstLine);
  for (const line of ['-----BEGIN CERTIFICATE-----', '-----BEGIN OPENSSH PRIVATE KEY-----']) assert.ok(firstLine.test(line), line);
  for (const line of ['# bundle', '-----', '------BEGIN', 'subject=CN = x', '---\nkey: value']) assert.ok(!firstLine.test(line), line);
  // The package is an allow-list: the grammar and configuration must be on it.
  for (const path of [language.configuration, grammarEntry.path]) assert.ok(isShipped(path), `package.json's files ship ${path}`);
});

test('package.json contributes the inspect command the client registers, in the command palette', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string; title: string; category: string }[]; menus: { commandPalette: { command: string; when?: string }[] } };
  };
  const source = readFileSync(join(repoRoot, 'client', 'src', 'inspect-bundle.ts'), 'utf8');
  const id = /INSPECT_BUNDLE_COMMAND = '([^']+)'/.exec(source)?.[1];
  assert.equal(id, 'awsHardening.inspectCertificateBundle');
  const command = pkg.contributes.commands.find((c) => c.command === id)!;
  assert.equal(`${command.category}: ${command.title}`, 'AWS Hardening: Inspect Certificate Bundle from URL…');
  const palette = pkg.contributes.menus.commandPalette.find((m) => m.command === id);
  assert.ok(palette && (palette.when === undefined || palette.when === 'true'), 'shown in the command palette');
});

test('pem documents, saved or untitled, go to the language server, which analyses them as pem', () => {
  for (const scheme of ['file', 'untitled']) {
    assert.ok(documentSelector.some((d) => d.scheme === scheme && d.language === 'pem'), `the selector has ${scheme} pem documents`);
  }
  const saved = TextDocument.create('file:///etc/ssl/rds/global-bundle.pem', 'pem', 1, '');
  assert.equal(documentOptions(saved).language, 'pem');
  assert.equal(documentOptions(saved).fileName, '/etc/ssl/rds/global-bundle.pem');
  assert.equal(documentOptions(TextDocument.create('untitled:Untitled-1', 'pem', 1, '')).language, 'pem');
  // Editors without a pem language send plain text; the extension decides.
  assert.equal(documentOptions(TextDocument.create('file:///certs/server.crt', 'plaintext', 1, '')).language, 'pem');
  assert.equal(documentOptions(TextDocument.create('file:///certs/notes.txt', 'plaintext', 1, '')).language, undefined);
  assert.equal(documentOptions(TextDocument.create('file:///templates/cert.pem.yaml', 'yaml', 1, '')).language, undefined);
});
