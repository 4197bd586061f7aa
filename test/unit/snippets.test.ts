// Snippets promise hardened resources: expanded with their defaults, they must lint clean.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { repoRoot } from '../helpers/paths';
import { expandSnippet } from '../helpers/snippets';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

test('the CloudFormation snippets, expanded together, give a template with no finding', () => {
  const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'cloudformation-yaml.json'), 'utf8')) as Record<string, Snippet>;
  assert.ok(Object.keys(snippets).length > 0);
  // The bucket snippet and its TLS policy snippet are meant to be used together.
  const resources = Object.entries(snippets).map(([name, snippet]) => {
    assert.match(snippet.prefix, /^awsh-/, `${name}: prefixes start with awsh-`);
    return expandSnippet(snippet.body).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
  });
  const analysis = analyzeText(`AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resources.join('\n')}\n`);
  assert.equal(analysis.kind, 'cloudformation');
  assert.equal(analysis.parseFailed, false);
  assert.deepEqual(analysis.findings.map((f) => `${f.ruleId}@${f.resource}: ${f.message}`), []);
});
