// The versioning finding and its quick fix, end to end: the language server's diagnostic,
// the code action VS Code offers for it, the edit it makes and the finding going away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { test } from './runner';
import {
  applyAction,
  codeValue,
  indentOf,
  lastOffered,
  lineOf,
  openFixture,
  SOURCE,
  VERSIONING_RULE,
  versioningDiagnostics,
  versioningFixes,
  versioningFixesForNewFinding,
  waitForNoVersioningDiagnostic,
  waitForVersioningDiagnostic,
} from './helpers';

const BUCKET = 'LogsBucket';

interface Template {
  Resources: Record<string, { Properties?: Record<string, unknown> }>;
}

function bucketProperties(template: Template): Record<string, unknown> {
  const properties = template.Resources[BUCKET]?.Properties;
  assert.ok(properties, `${BUCKET} lost its Properties`);
  return properties;
}

/** Checks the finding, applies its quick fix and checks that no fix is offered again. */
async function fixVersioning(document: vscode.TextDocument): Promise<void> {
  const diagnostic = await waitForVersioningDiagnostic(document.uri);
  const fixes = await versioningFixesForNewFinding(document.uri, diagnostic.range);
  assert.equal(fixes.length, 1, `expected one versioning quick fix at ${JSON.stringify(diagnostic.range)}; ` +
    `all actions offered: ${JSON.stringify(lastOffered)}; diagnostics now: ${JSON.stringify(versioningDiagnostics(document.uri).map((d) => d.range))}`);
  const [fix] = fixes;
  assert.match(fix!.title, new RegExp(BUCKET));
  await applyAction(fix!);
  await waitForNoVersioningDiagnostic(document.uri);
  const again = await versioningFixes(document.uri, diagnostic.range);
  assert.deepEqual(again.map((f) => f.title), [], 'a versioning fix is still offered after applying it');
}

test('a YAML template without bucket versioning gets a diagnostic on the logical id', async () => {
  const document = await openFixture('versioning-bad.yaml');
  const diagnostic = await waitForVersioningDiagnostic(document.uri);
  assert.equal(diagnostic.source, SOURCE);
  assert.equal(codeValue(diagnostic), VERSIONING_RULE);
  const code = diagnostic.code;
  assert.ok(typeof code === 'object' && code.target instanceof vscode.Uri, 'the code has no documentation link');
  assert.equal(code.target.scheme, 'https');
  assert.equal(diagnostic.range.start.line, lineOf(document, `${BUCKET}:`));
  assert.ok(document.getText(diagnostic.range).includes(BUCKET), `range covers "${document.getText(diagnostic.range)}"`);
  assert.equal(versioningDiagnostics(document.uri).length, 1);
});

test('the YAML quick fix enables versioning at the right indentation and clears the finding', async () => {
  const document = await openFixture('versioning-bad.yaml');
  await fixVersioning(document);

  const propertyIndent = indentOf(document.lineAt(lineOf(document, 'BucketName: example-logs')).text);
  const versioningLine = lineOf(document, 'VersioningConfiguration:');
  assert.equal(indentOf(document.lineAt(versioningLine).text), propertyIndent, 'VersioningConfiguration is not a sibling of BucketName');
  const statusLine = document.lineAt(versioningLine + 1).text;
  assert.equal(statusLine.trim(), 'Status: Enabled');
  assert.equal(indentOf(statusLine), propertyIndent + 2);

  const properties = bucketProperties(parse(document.getText()) as Template);
  assert.deepEqual(properties.VersioningConfiguration, { Status: 'Enabled' });
  assert.equal(properties.BucketName, 'example-logs');
  assert.deepEqual(properties.Tags, [{ Key: 'team', Value: 'platform' }]);
});

test('the JSON quick fix enables versioning, keeps the JSON valid and clears the finding', async () => {
  const document = await openFixture('versioning-bad.json');
  const diagnostic = await waitForVersioningDiagnostic(document.uri);
  assert.equal(diagnostic.range.start.line, lineOf(document, `"${BUCKET}": {`));
  await fixVersioning(document);

  const propertyIndent = indentOf(document.lineAt(lineOf(document, '"BucketName": "example-logs",')).text);
  const versioningLine = lineOf(document, '"VersioningConfiguration": {');
  assert.equal(indentOf(document.lineAt(versioningLine).text), propertyIndent);

  const properties = bucketProperties(JSON.parse(document.getText()) as Template);
  assert.deepEqual(properties.VersioningConfiguration, { Status: 'Enabled' });
  assert.equal(properties.BucketName, 'example-logs');
});
