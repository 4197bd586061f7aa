import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ruleMarkdown } from '../../server/src/core/docs';
import { allRules } from '../../server/src/core/rules/registry';
import { repoRoot, updating } from '../helpers/paths';

const CATALOGUE_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

test('rule ids are unique and kebab-case', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, CATALOGUE_ID);
});

test('every rule is documented', () => {
  for (const rule of allRules) {
    assert.ok(rule.title.length > 0, `${rule.id} has no title`);
    for (const part of ['what', 'why', 'fix'] as const) {
      assert.ok(rule.docs[part].length > 20, `${rule.id} docs.${part} is missing or too short`);
    }
    assert.ok(rule.e8.length > 0, `${rule.id} names no Essential Eight strategy`);
  }
});

test('docs/rules/*.md are generated from the rule metadata and up to date', () => {
  const dir = join(repoRoot, 'docs', 'rules');
  if (updating) mkdirSync(dir, { recursive: true });
  for (const rule of allRules) {
    const file = join(dir, `${rule.id}.md`);
    const expected = ruleMarkdown(rule);
    if (updating) writeFileSync(file, expected);
    assert.ok(existsSync(file), `missing ${file}: run UPDATE_SNAPSHOTS=1 npm run test:unit`);
    assert.equal(readFileSync(file, 'utf8'), expected, `${file} is stale: run UPDATE_SNAPSHOTS=1 npm run test:unit`);
  }
  const known = new Set(allRules.map((r) => `${r.id}.md`));
  const extra = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md' && !known.has(f));
  assert.deepEqual(extra, [], 'docs for rules that no longer exist');
});

/** The README's rule table, generated from the metadata between two markers. */
function rulesTable(): string {
  const rows = allRules.map(
    (r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.title} | ${r.severity} | ${r.fix} | ${r.e8.join(', ')} |`,
  );
  return ['| id | flags | severity | fix | Essential Eight |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

test('the README rule table is generated from the rule metadata and up to date', () => {
  const file = join(repoRoot, 'README.md');
  const text = readFileSync(file, 'utf8');
  const match = /(<!-- rules:start -->\n)([\s\S]*?)(<!-- rules:end -->)/.exec(text);
  assert.ok(match, 'README.md has no rules:start/rules:end markers');
  const expected = `${rulesTable()}\n`;
  if (updating) writeFileSync(file, text.replace(match[0], `${match[1]}${expected}${match[3]}`));
  else assert.equal(match[2], expected, 'README rule table is stale: run UPDATE_SNAPSHOTS=1 npm run test:unit');
});

/** The `awsHardening.rules` settings schema, generated from the rule metadata. */
function rulesSettingSchema(): Record<string, unknown> {
  const levels = ['error', 'warning', 'information', 'off'];
  return {
    type: 'object',
    default: {},
    additionalProperties: false,
    markdownDescription:
      'Severity per rule id, overriding the default; `off` disables the rule. Example: `{"s3-versioning-off": "error"}`.',
    properties: Object.fromEntries(
      allRules.map((r) => [r.id, { type: 'string', enum: levels, markdownDescription: `${r.title} (default: ${r.severity}).` }]),
    ),
  };
}

test('the settings schema in package.json lists every rule', () => {
  const file = join(repoRoot, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const properties = manifest.contributes.configuration.properties;
  const expected = rulesSettingSchema();
  if (updating) {
    properties['awsHardening.rules'] = expected;
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  } else {
    assert.deepEqual(properties['awsHardening.rules'], expected, 'package.json settings are stale: run UPDATE_SNAPSHOTS=1 npm run test:unit');
  }
});
