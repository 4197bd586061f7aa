// The dns-zone language: the TextMate grammar scopes a master file as VS Code would (the real
// vscode-textmate and Oniguruma), and the DNS snippets expand to records the zone parser accepts.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseZone } from '../../server/src/core/dns/parse';
import { repoRoot } from '../helpers/paths';
import { expandSnippet } from '../helpers/snippets';
import { expectToken, hasScope, tokenizeLines, type Token } from '../helpers/textmate';

const GRAMMAR = join(repoRoot, 'syntaxes', 'dns-zone.tmLanguage.json');
const SNIPPETS = join(repoRoot, 'snippets', 'dns-zone.json');

const tokenize = (lines: readonly string[]): Promise<Token[][]> => tokenizeLines(GRAMMAR, lines);

const ZONE = [
  /* 0 */ '; example.com, a sample zone',
  /* 1 */ '$ORIGIN example.com. ; the origin',
  /* 2 */ '$TTL 1h30m',
  /* 3 */ '@\tIN\tSOA\tns1.example.com. hostmaster.example.com. (',
  /* 4 */ '\t\t2026112301 ; serial',
  /* 5 */ '\t\t7200       ; refresh',
  /* 6 */ '\t\t1h         ; retry',
  /* 7 */ '\t\t2W         ; expire',
  /* 8 */ '\t\t300 )      ; minimum',
  /* 9 */ '\tIN\tNS\tns1',
  /* 10 */ '\t3600 in\tMX\t10 mail.example.com.',
  /* 11 */ 'www\t300\tIN\tA\t192.0.2.10',
  /* 12 */ '\tIN\tAAAA\t2001:db8::10',
  /* 13 */ 'txt\tIN\ttxt\t"v=spf1 \\"quoted\\" \\065 -all" ; trailing',
  /* 14 */ 'unknown\t1d\tCLASS1\tTYPE65534\t\\# 4 0A000001',
  /* 15 */ '$INCLUDE "sub.zone" sub.example.com.',
  /* 16 */ '$GENERATE 1-10/2 host-${0,3,d} 60 IN A 10.0.0.$ ; generated',
  /* 17 */ '@\tCAA\t0 issue "amazon.com"',
  /* 18 */ '_sip._tcp\tSRV\t10 5 5060 sip',
  /* 19 */ '@\tDNSKEY\t257 3 13 ( mdsswUyr3DPW132mOi8V9xESWE8jTo0d',
  /* 20 */ '\t\txCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ== )',
  /* 21 */ 'mail\tIN\tA\t192.0.2.25',
  /* 22 */ 'ch\tCH\tTXT\tunquoted',
];

test('the sample zone is one the zone parser reads (so the grammar is tested on real syntax)', () => {
  // $INCLUDE and the CH record are left out: the parser would need the file, and CH is not the zone's class.
  const text = ZONE.filter((l) => !l.startsWith('$INCLUDE') && !l.startsWith('ch\t')).join('\n') + '\n';
  const zone = parseZone(text, { origin: 'example.com.' });
  assert.deepEqual(zone.errors, []);
  assert.ok(zone.records.some((r) => r.type === 'TYPE65534'));
});

test('directives and their arguments', async () => {
  const t = await tokenize(ZONE);
  expectToken(t, ZONE, 1, '$', ['keyword.control.directive', 'punctuation.definition.directive']);
  expectToken(t, ZONE, 1, 'ORIGIN', ['keyword.control.directive.origin']);
  expectToken(t, ZONE, 1, 'example.com.', ['variable.other.domain-name'], { not: ['keyword'] });
  expectToken(t, ZONE, 2, 'TTL', ['keyword.control.directive.ttl']);
  expectToken(t, ZONE, 2, '1h30m', ['constant.numeric.ttl']);
  expectToken(t, ZONE, 15, 'INCLUDE', ['keyword.control.directive.include']);
  expectToken(t, ZONE, 15, 'sub.zone', ['string.quoted.double.file-path'], { not: ['keyword'] });
  expectToken(t, ZONE, 15, 'sub.example.com.', ['variable.other.domain-name']);
  expectToken(t, ZONE, 16, 'GENERATE', ['keyword.control.directive.generate']);
  expectToken(t, ZONE, 16, '1-10/2', ['constant.numeric.range'], { not: ['keyword'] });
  expectToken(t, ZONE, 16, 'host-', ['entity.name.tag.owner']);
  expectToken(t, ZONE, 16, '${0,3,d}', ['variable.parameter.iterator']);
  expectToken(t, ZONE, 16, '60', ['constant.numeric.ttl']);
  expectToken(t, ZONE, 16, 'IN', ['storage.modifier.class']);
  expectToken(t, ZONE, 16, 'A', ['keyword.other.record-type']);
  expectToken(t, ZONE, 16, '$', ['variable.parameter.iterator'], { nth: 2 });
  expectToken(t, ZONE, 16, ';', ['comment.line.semicolon']);
  const unknown = await tokenize(['$FOO bar']);
  assert.ok(hasScope(unknown[0]![0]!.scopes, 'invalid.illegal.directive'));
});

test('owners: names and @ at the line start, none on lines that begin with white space', async () => {
  const t = await tokenize(ZONE);
  expectToken(t, ZONE, 3, '@', ['variable.language.origin']);
  expectToken(t, ZONE, 11, 'www', ['entity.name.tag.owner']);
  expectToken(t, ZONE, 13, 'txt', ['entity.name.tag.owner'], { not: ['keyword'] });
  expectToken(t, ZONE, 18, '_sip._tcp', ['entity.name.tag.owner']);
  // After the multi-line DNSKEY, the state is back at the line start: `mail` is an owner again.
  expectToken(t, ZONE, 21, 'mail', ['entity.name.tag.owner']);
  for (const lineNo of [9, 10, 12]) {
    assert.ok(!t[lineNo]!.some((tok) => hasScope(tok.scopes, 'entity.name.tag')), `line ${lineNo} has no owner token`);
  }
  expectToken(t, ZONE, 9, 'IN', ['storage.modifier.class']);
  expectToken(t, ZONE, 10, '3600', ['constant.numeric.ttl']);
});

test('TTLs with units and classes, case-insensitively, before the type only', async () => {
  const t = await tokenize(ZONE);
  expectToken(t, ZONE, 11, '300', ['constant.numeric.ttl']);
  expectToken(t, ZONE, 14, '1d', ['constant.numeric.ttl']);
  expectToken(t, ZONE, 10, 'in', ['storage.modifier.class']);
  expectToken(t, ZONE, 14, 'CLASS1', ['storage.modifier.class']);
  expectToken(t, ZONE, 22, 'CH', ['storage.modifier.class']);
  // RDATA numbers are numbers, not TTLs.
  expectToken(t, ZONE, 10, '10', ['constant.numeric'], { not: ['constant.numeric.ttl'] });
  expectToken(t, ZONE, 18, '5060', ['constant.numeric'], { not: ['constant.numeric.ttl'] });
  expectToken(t, ZONE, 7, '2W', ['constant.numeric']);
  expectToken(t, ZONE, 6, '1h', ['constant.numeric']);
});

test('every common record type and TYPEnnn, in any case', async () => {
  const types = ['A', 'AAAA', 'NS', 'CNAME', 'DNAME', 'SOA', 'MX', 'TXT', 'SPF', 'CAA', 'SRV', 'PTR', 'DS', 'DNSKEY', 'CDS', 'CDNSKEY', 'RRSIG', 'NSEC',
    'NSEC3', 'NSEC3PARAM', 'SVCB', 'HTTPS', 'TLSA', 'SSHFP', 'NAPTR', 'LOC', 'HINFO', 'RP', 'URI', 'OPENPGPKEY', 'SMIMEA', 'ZONEMD', 'CSYNC'];
  const lines = types.flatMap((type) => [`host\tIN\t${type}\tx`, `\t${type.toLowerCase()}\tx`]);
  const t = await tokenize(lines);
  lines.forEach((line, i) => {
    const type = line.split('\t')[i % 2 === 0 ? 2 : 1]!;
    expectToken(t, lines, i, type, ['keyword.other.record-type'], { not: ['invalid'] });
  });
  const generic = await tokenize(ZONE);
  expectToken(generic, ZONE, 14, 'TYPE65534', ['keyword.other.record-type.generic']);
  expectToken(generic, ZONE, 14, '\\#', ['keyword.operator.generic-rdata']);
  expectToken(generic, ZONE, 14, '4', ['constant.numeric']);
  expectToken(generic, ZONE, 14, '0A000001', ['constant.other.encoded']);
  const bogus = ['x\tIN\tBOGUS\t1'];
  expectToken(await tokenize(bogus), bogus, 0, 'BOGUS', ['invalid.illegal.unknown-type']);
});

test('quoted strings with \\" and \\DDD escapes, unquoted TXT, addresses and names in RDATA', async () => {
  const t = await tokenize(ZONE);
  expectToken(t, ZONE, 13, 'txt', ['keyword.other.record-type'], { nth: 1 });
  expectToken(t, ZONE, 13, '"', ['string.quoted.double', 'punctuation.definition.string.begin']);
  expectToken(t, ZONE, 13, 'v=spf1 ', ['string.quoted.double']);
  expectToken(t, ZONE, 13, '\\"', ['string.quoted.double', 'constant.character.escape']);
  expectToken(t, ZONE, 13, '\\065', ['string.quoted.double', 'constant.character.escape']);
  expectToken(t, ZONE, 13, ' -all', ['string.quoted.double'], { not: ['comment'] });
  expectToken(t, ZONE, 13, ';', ['comment.line.semicolon'], { not: ['string'] });
  expectToken(t, ZONE, 13, ' trailing', ['comment.line.semicolon'], { not: ['string'] });
  expectToken(t, ZONE, 22, 'unquoted', ['string.unquoted']);
  expectToken(t, ZONE, 17, 'issue', ['support.constant.caa-tag']);
  expectToken(t, ZONE, 17, 'amazon.com', ['string.quoted.double']);
  expectToken(t, ZONE, 11, '192.0.2.10', ['constant.numeric.ip-address.v4']);
  expectToken(t, ZONE, 12, '2001:db8::10', ['constant.numeric.ip-address.v6']);
  expectToken(t, ZONE, 10, 'mail.example.com.', ['variable.other.domain-name']);
  expectToken(t, ZONE, 3, 'hostmaster.example.com.', ['variable.other.domain-name']);
  expectToken(t, ZONE, 19, 'mdsswUyr3DPW132mOi8V9xESWE8jTo0d', ['constant.other.encoded']);
});

test('comments and parentheses, the SOA spanning lines', async () => {
  const t = await tokenize(ZONE);
  expectToken(t, ZONE, 0, ';', ['comment.line.semicolon', 'punctuation.definition.comment']);
  expectToken(t, ZONE, 0, ' example.com, a sample zone', ['comment.line.semicolon']);
  expectToken(t, ZONE, 1, ';', ['comment.line.semicolon']);
  expectToken(t, ZONE, 3, '(', ['punctuation.section.parens.begin']);
  expectToken(t, ZONE, 4, '2026112301', ['constant.numeric'], { not: ['constant.numeric.ttl', 'entity.name.tag'] });
  expectToken(t, ZONE, 4, ' serial', ['comment.line.semicolon']);
  expectToken(t, ZONE, 8, '300', ['constant.numeric'], { not: ['constant.numeric.ttl'] });
  expectToken(t, ZONE, 8, ')', ['punctuation.section.parens.end']);
  expectToken(t, ZONE, 8, ' minimum', ['comment.line.semicolon']);
  expectToken(t, ZONE, 20, ')', ['punctuation.section.parens.end']);
  // A `;` inside quotes is text, not a comment.
  const dmarc = ['_dmarc\tIN\tTXT\t"v=DMARC1; p=reject"'];
  expectToken(await tokenize(dmarc), dmarc, 0, 'v=DMARC1; p=reject', ['string.quoted.double'], { not: ['comment'] });
});

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

/** The values VS Code gives the snippet variables the DNS snippets use. */
function snippetVariables(now: Date): Record<string, string> {
  return {
    CURRENT_YEAR: String(now.getFullYear()),
    CURRENT_MONTH: String(now.getMonth() + 1).padStart(2, '0'),
    CURRENT_DATE: String(now.getDate()).padStart(2, '0'),
  };
}

const snippets = JSON.parse(readFileSync(SNIPPETS, 'utf8')) as Record<string, Snippet>;
const today = snippetVariables(new Date());
const serial = `${today.CURRENT_YEAR}${today.CURRENT_MONTH}${today.CURRENT_DATE}01`;

/** What each snippet must give: its record types and, for the TXT ones, owner and text. */
const EXPECTED: Record<string, { types: string[]; owner: string; text?: RegExp }> = {
  'awsh-soa': { types: ['SOA'], owner: 'example.com.' },
  'awsh-caa': { types: ['CAA', 'CAA', 'CAA'], owner: 'example.com.' },
  'awsh-spf': { types: ['TXT'], owner: 'example.com.', text: /^v=spf1 .* -all$/ },
  'awsh-dmarc': { types: ['TXT'], owner: '_dmarc.example.com.', text: /^v=DMARC1; p=reject; rua=mailto:\S+@\S+$/ },
  'awsh-tls-rpt': { types: ['TXT'], owner: '_smtp._tls.example.com.', text: /^v=TLSRPTv1; rua=mailto:\S+@\S+$/ },
  'awsh-mta-sts': { types: ['TXT'], owner: '_mta-sts.example.com.', text: new RegExp(`^v=STSv1; id=${serial}$`) },
};

test('the DNS snippets: awsh- prefixes, one-sentence descriptions, tab stops', () => {
  assert.deepEqual(Object.values(snippets).map((s) => s.prefix).sort(), Object.keys(EXPECTED).sort());
  for (const [name, s] of Object.entries(snippets)) {
    assert.match(s.description, /^[A-Z].*\.$/, `${name}: the description is a sentence`);
    assert.ok(!/[.!?]\s+[A-Z]/.test(s.description), `${name}: the description is one sentence`);
    assert.match(s.body.join('\n'), /\$\{1[:|]/, `${name}: has a first tab stop`);
  }
});

test('each DNS snippet expands to lines a master-file reader accepts', () => {
  const recordLine = /^(?:@|[A-Za-z0-9_*-][A-Za-z0-9_.*-]*)?[ \t]+(?:\d+[wdhmsWDHMS]?[ \t]+)?IN[ \t]+(?:SOA|CAA|TXT)[ \t]+\S/;
  for (const [name, s] of Object.entries(snippets)) {
    let depth = 0;
    for (const line of expandSnippet(s.body, today).split('\n')) {
      if (line.trim() === '') continue;
      const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/;.*$/, '');
      if (depth === 0) assert.match(line, recordLine, `${name}: ${JSON.stringify(line)} is a record`);
      else assert.match(line, /^[ \t]+\S/, `${name}: ${JSON.stringify(line)} continues the record`);
      depth += (code.match(/\(/g) ?? []).length - (code.match(/\)/g) ?? []).length;
      assert.ok(depth >= 0, `${name}: parentheses balance`);
    }
    assert.equal(depth, 0, `${name}: parentheses are closed`);
  }
});

test('each DNS snippet, expanded into a minimal zone, parses with no error to the expected records', () => {
  const soa = '@\tIN\tSOA\tns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300';
  const ns = '@\tIN\tNS\tns1.example.com.';
  for (const [name, s] of Object.entries(snippets)) {
    const expected = EXPECTED[s.prefix]!;
    const body = expandSnippet(s.body, today);
    // The SOA snippet is the zone's SOA; the others follow one.
    const text = s.prefix === 'awsh-soa' ? ['$TTL 300', body, ns].join('\n') : ['$TTL 300', soa, ns, body].join('\n');
    const zone = parseZone(`${text}\n`, { origin: 'example.com.' });
    assert.deepEqual(zone.errors, [], `${name}: no error in\n${text}`);
    const added = zone.records.filter((r) => r.type !== 'NS').slice(s.prefix === 'awsh-soa' ? 0 : 1);
    assert.deepEqual(added.map((r) => r.type), expected.types, name);
    for (const r of added) assert.equal(r.owner, expected.owner, name);
    if (expected.text) {
      const rdata = added[0]!.rdata;
      assert.equal(rdata.kind, 'strings');
      if (rdata.kind === 'strings') assert.match(rdata.strings.join(''), expected.text, name);
    }
    if (s.prefix === 'awsh-soa') {
      const rdata = added[0]!.rdata;
      assert.ok(rdata.kind === 'SOA');
      if (rdata.kind === 'SOA') {
        assert.equal(String(rdata.serial), serial, 'the serial is today as YYYYMMDD01');
        assert.ok(rdata.refresh > rdata.retry && rdata.expire > rdata.refresh, 'refresh > retry, expire > refresh');
      }
    }
    if (s.prefix === 'awsh-caa') {
      const caa = added.map((r) => (r.rdata.kind === 'CAA' ? `${r.rdata.flags} ${r.rdata.tag} ${r.rdata.value}` : ''));
      assert.deepEqual(caa, ['0 issue amazon.com', '0 issue letsencrypt.org', '0 iodef mailto:security@example.com']);
    }
  }
});

test('package.json contributes the dns-zone language, grammar and snippets', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: {
      languages: { id: string; firstLine: string; configuration: string; filenamePatterns: string[] }[];
      grammars: { language: string; scopeName: string; path: string }[];
      snippets: { language: string; path: string }[];
    };
  };
  const language = pkg.contributes.languages.find((l) => l.id === 'dns-zone')!;
  assert.ok(language);
  const grammarEntry = pkg.contributes.grammars.find((g) => g.language === 'dns-zone')!;
  assert.equal(grammarEntry.scopeName, (JSON.parse(readFileSync(GRAMMAR, 'utf8')) as { scopeName: string }).scopeName);
  const snippetEntry = pkg.contributes.snippets.find((s) => s.language === 'dns-zone')!;
  for (const path of [language.configuration, grammarEntry.path, snippetEntry.path]) assert.ok(existsSync(join(repoRoot, path)), `${path} exists`);
  const firstLine = new RegExp(language.firstLine);
  for (const line of ['$ORIGIN example.com.', '$TTL 3600', '@ IN SOA ns1.example.com. hostmaster.example.com. (', 'example.com.\t1h\tIN\tSOA\tns1 hostmaster 1 2 3 4 5']) {
    assert.ok(firstLine.test(line), `firstLine matches ${JSON.stringify(line)}`);
  }
  for (const line of ['; a comment', '#!/bin/sh', 'import x from "y";', 'www IN A 192.0.2.1', '$TTLX = 1']) {
    assert.ok(!firstLine.test(line), `firstLine does not match ${JSON.stringify(line)}`);
  }
  // A bare `db.*` would claim db.ts, db.py, db.test.ts: the patterns need a domain-like ending.
  assert.ok(language.filenamePatterns.every((p) => !/^db\.\*(\.\*)?$/.test(p)), 'no catch-all db.* pattern');
});
