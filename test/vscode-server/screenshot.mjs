// Takes the README screenshot: a CloudFormation template in the editor, the squiggle on a
// bucket without versioning, and the quick-fix menu open on it, driven as a person would
// (Quick Open, Go to Line, Ctrl+.).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { workbenchUrl } from './server.mjs';

const STEP_TIMEOUT_MS = 30_000;

/**
 * The first bucket without VersioningConfiguration in a YAML template under `folder`:
 * { file, line } with `line` 1-based on the bucket's logical id. Deliberately textual, so
 * it needs no YAML parser.
 */
export function findUnversionedBucket(folder) {
  for (const file of listYaml(folder)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length - 1; i++) {
      const key = /^(\s+)[A-Za-z0-9]+:\s*$/.exec(lines[i]);
      if (!key || !/^\s+Type:\s*['"]?AWS::S3::Bucket['"]?\s*$/.test(lines[i + 1])) continue;
      const indent = key[1].length;
      let end = i + 1;
      while (end < lines.length && (lines[end].trim() === '' || lines[end].search(/\S/) > indent)) end++;
      if (!lines.slice(i, end).some((l) => l.includes('VersioningConfiguration'))) return { file, line: i + 1 };
    }
  }
  return undefined;
}

function listYaml(folder, depth = 0) {
  if (!existsSync(folder) || depth > 2) return [];
  const found = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (name.startsWith('.') || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...listYaml(path, depth + 1));
    else if (/\.ya?ml$/.test(name)) found.push(path);
  }
  return found;
}

/**
 * Opens a copy of examples/ (or of the test fixtures, when no example has an unversioned
 * bucket) with the extension loaded, and saves the screenshot to `output`.
 */
export async function takeQuickFixScreenshot({ context, server, root, scratch, output }) {
  let source = join(root, 'examples');
  if (!findUnversionedBucket(source)) source = join(root, 'test', 'fixtures', 'workspace');
  const folder = join(scratch, 'screenshot-workspace');
  cpSync(source, folder, { recursive: true });
  const target = findUnversionedBucket(folder);
  if (!target) throw new Error(`no YAML template with an unversioned bucket in ${source}`);

  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    await page.goto(workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: root }));
    await page.locator('.monaco-workbench .part.editor').waitFor();
    await page.locator('.part.activitybar').waitFor();

    // Quick Open is how a person opens a file by name.
    const name = relative(folder, target.file);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').waitFor();

    // The findings view in the side bar shows what the extension adds besides squiggles.
    await page.locator('.part.activitybar [aria-label^="AWS Hardening"]').first().click().catch(() => {});
    await page.mouse.move(1100, 760); // Off the activity bar, so its tooltip goes away.

    await page.keyboard.press('Control+G');
    await input.waitFor();
    // Go to Line is Quick Open with a ':' prefix; fill() replaces the prefix, so type it too.
    await input.fill(`:${target.line}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home'); // The caret goes onto the logical id, inside the finding.

    // The squiggle appears once the language server has published its diagnostics.
    await editor.locator('.squiggly-warning, .squiggly-error, .squiggly-info').first().waitFor();
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget').filter({ hasText: /enable versioning/i });
    await menu.waitFor();
    // Walk the keyboard focus down to the versioning fix, as a person choosing it would.
    const focused = menu.locator('.monaco-list-row.focused');
    for (let i = 0; i < 12 && !/enable versioning/i.test((await focused.textContent().catch(() => '')) ?? ''); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.screenshot({ path: output });
  } catch (error) {
    // What the page looked like when a step gave up is the quickest way to see why.
    const failure = join(tmpdir(), 'aws-hardening-screenshot-failure.png');
    await page.screenshot({ path: failure }).catch(() => {});
    throw new Error(`${error instanceof Error ? error.message : error}\n(the page at that moment: ${failure})`);
  } finally {
    await page.close();
  }
}

/**
 * The README screenshot of the Accounts view: a workspace whose settings choose the emulator's
 * `emu` profile and scan it on start, the view opened from the activity bar, and the Regular
 * backups group expanded to show its findings.
 */
export async function takeAccountsScreenshot({ context, server, root, scratch, output }) {
  const folder = join(scratch, 'accounts-screenshot-workspace');
  cpSync(join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'awsHardening.account.profiles': ['emu'], 'awsHardening.account.autoScan': true }, null, 2));
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    await page.goto(workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: root }));
    await page.locator('.part.activitybar').waitFor();
    await page.locator('.part.activitybar [aria-label^="AWS Hardening"]').first().click();
    await page.mouse.move(1100, 760);
    const group = page.locator('.pane-body .monaco-list-row').filter({ hasText: /Regular backups/ }).first();
    await group.waitFor();
    await group.click();
    await page.locator('.pane-body .monaco-list-row').filter({ hasText: /orders|weak-logs/ }).first().waitFor();
    await page.mouse.move(1100, 760);
    await page.screenshot({ path: output });
  } catch (error) {
    const failure = join(tmpdir(), 'aws-hardening-accounts-screenshot-failure.png');
    await page.screenshot({ path: failure }).catch(() => {});
    throw new Error(`${error instanceof Error ? error.message : error}\n(the page at that moment: ${failure})`);
  } finally {
    await page.close();
  }
}
