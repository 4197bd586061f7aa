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

  return screenshotOf({ context, server, root, output }, folder, 'screenshot', async (page) => {
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
  });
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
  return screenshotOf({ context, server, root, output }, folder, 'accounts-screenshot', async (page) => {
    await page.locator('.part.activitybar [aria-label^="AWS Hardening"]').first().click();
    await page.mouse.move(1100, 760);
    const group = page.locator('.pane-body .monaco-list-row').filter({ hasText: /Regular backups/ }).first();
    await group.waitFor();
    await group.click();
    await page.locator('.pane-body .monaco-list-row').filter({ hasText: /orders|weak-logs/ }).first().waitFor();
    await page.mouse.move(1100, 760);
  });
}

/**
 * Opens `folder` in a new page with the extension loaded, runs `steps` on it once the workbench
 * is up, and saves the screenshot to `output`. On failure it saves what the page showed as
 * `aws-hardening-<name>-failure.png` in the temporary folder and names it in the error: what the
 * page looked like when a step gave up is the quickest way to see why.
 */
async function screenshotOf({ context, server, root, output }, folder, name, steps) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    await page.goto(workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: root }));
    await page.locator('.monaco-workbench .part.editor').waitFor();
    await page.locator('.part.activitybar').waitFor();
    await steps(page);
    await page.screenshot({ path: output });
  } catch (error) {
    const failure = join(tmpdir(), `aws-hardening-${name}-failure.png`);
    await page.screenshot({ path: failure }).catch(() => {});
    throw new Error(`${error instanceof Error ? error.message : error}\n(the page at that moment: ${failure})`);
  } finally {
    await page.close();
  }
}

/**
 * `screenshotOf` a fresh copy of examples/ named `name` under `scratch` (with `settings` as its
 * workspace settings); `steps` get the page and the folder.
 */
async function screenshotOfExamples({ context, server, root, scratch, output, name, settings }, steps) {
  const folder = join(scratch, name);
  cpSync(join(root, 'examples'), folder, { recursive: true });
  if (settings) {
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  }
  return screenshotOf({ context, server, root, output }, folder, name, async (page) => {
    await steps(page, folder);
    await page.mouse.move(1100, 760); // Away from anything with a tooltip.
  });
}

/** The first file under `folder` whose name matches `pattern`, relative to `folder`. */
function findExample(folder, pattern, depth = 0) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) {
      if (depth > 2) continue;
      const found = findExample(path, pattern, depth + 1);
      if (found) return join(name, found);
    } else if (pattern.test(name)) return name;
  }
  return undefined;
}

const baseName = (file) => file.split(/[\\/]/).pop();

/** Opens `file` (relative to the workspace) with Quick Open, and resolves with its editor once its text shows. */
async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(file);
  // Until the search answers, the list shows recently opened files: wait for the file itself on top.
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: baseName(file) }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.tabs-container .tab.active').filter({ hasText: baseName(file) }).waitFor();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').filter({ hasText: /\S/ }).waitFor();
  return editor;
}

/** Moves the caret to the start of `line` (1-based) with Go to Line. */
async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}`); // fill() replaces Go to Line's ':' prefix, so it is typed too.
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.keyboard.press('Home');
}

/** The 1-based numbers of the lines of `file` matching `pattern`. */
function linesOf(file, pattern) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l, i) => (pattern.test(l) ? [i + 1] : []));
}

/**
 * The README screenshot of a DNS zone file: examples/dns with its squiggles, the code lens above
 * the SOA (the protections present, Increment SOA serial) and the Problems panel listing the
 * zone's findings.
 */
export function takeZoneScreenshot(options) {
  return screenshotOfExamples({ ...options, name: 'zone-screenshot-workspace' }, async (page, folder) => {
    const file = findExample(folder, /\.zone$/);
    if (!file) throw new Error('no .zone file in examples/');
    const editor = await quickOpen(page, file);
    await editor.locator('.codelens-decoration').filter({ hasText: /SOA serial/ }).first().waitFor();
    await editor.locator('.squiggly-warning').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'dns-caa-missing' }).first().waitFor();
    await goToLine(page, linesOf(join(folder, file), /\bSOA\b/)[0] ?? 1);
  });
}

/**
 * The README screenshot of a certificate bundle: examples/pem with the side bar closed, the code
 * lens above each certificate, and the hover of the last one (signed with SHA-1, a 1024-bit
 * key) with its details, shown below the line so its code lens stays in view.
 */
export function takePemScreenshot(options) {
  return screenshotOfExamples({ ...options, name: 'pem-screenshot-workspace', settings: { 'editor.hover.above': false } }, async (page, folder) => {
    const file = findExample(folder, /\.pem$/);
    if (!file) throw new Error('no .pem file in examples/');
    const editor = await quickOpen(page, file);
    await editor.locator('.codelens-decoration').first().waitFor();
    await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor();
    await page.keyboard.press('Control+B'); // Close the side bar: the hover gets the width.
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    const begin = linesOf(join(folder, file), /^-----BEGIN CERTIFICATE/).pop();
    if (!begin) throw new Error(`no certificate in ${file}`);
    // Inside the body, away from the finding on the BEGIN line, the hover is the certificate's alone.
    await goToLine(page, begin + 1);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I'); // Show or Focus Hover, at the caret.
    const hover = page.locator('.monaco-hover').filter({ hasText: /SHA-256/ }).first();
    await hover.waitFor();
    // The hover opens at a default size: drag its lower and right edges (the resizable hover's
    // enabled sashes) out so every row and the whole fingerprint show.
    const grow = async (edge, by) => {
      const sash = page.locator(`.monaco-resizable-hover .monaco-sash.${edge === 'bottom' ? 'horizontal' : 'vertical'}:not(.disabled)`).first();
      const box = await sash.boundingBox();
      const before = await hover.boundingBox();
      if (!box || !before) throw new Error(`the hover has no ${edge} edge to drag`);
      const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + (edge === 'right' ? by : 0), from.y + (edge === 'bottom' ? by : 0), { steps: 8 });
      await page.mouse.up();
      await page.waitForFunction(({ edge, size }) => [...document.querySelectorAll('.monaco-hover')].some((h) => {
        const r = h.getBoundingClientRect();
        return /SHA-256/.test(h.textContent ?? '') && (edge === 'bottom' ? r.height : r.width) > size + 10;
      }), { edge, size: edge === 'bottom' ? before.height : before.width });
    };
    await grow('bottom', 120);
    await grow('right', 200);
  });
}

/**
 * The README screenshot of the Findings view: a template, the zone file and the certificate
 * bundle of examples/ open, and the view listing their findings by file in a widened side bar.
 */
export function takeFindingsScreenshot(options) {
  return screenshotOfExamples(
    // Quick Open would otherwise reuse one preview tab, closing each file as the next opens.
    { ...options, name: 'findings-screenshot-workspace', settings: { 'workbench.editor.enablePreviewFromQuickOpen': false } },
    async (page, folder) => {
      // A short template, so the three files' findings fit in the view together.
      const files = [/\.pem$/, /\.zone$/, /^serverless\.yaml$/].map((p) => findExample(folder, p)).filter(Boolean);
      if (files.length === 0) throw new Error('no example to open');
      for (const file of files) {
        const editor = await quickOpen(page, file);
        await editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').first().waitFor();
      }
      await page.locator('.part.activitybar [aria-label^="AWS Hardening"]').first().click();
      // The Accounts view below it is folded, so the Findings view has the side bar's height.
      const accounts = page.locator('.part.sidebar .pane-header').filter({ hasText: /^Accounts/i }).first();
      await accounts.waitFor();
      if ((await accounts.getAttribute('aria-expanded')) === 'true') await accounts.click();
      await page.locator('.part.sidebar .pane-header[aria-expanded="false"]').filter({ hasText: /^Accounts/i }).waitFor();
      const rows = page.locator('.pane-body .monaco-list-row');
      for (const file of files) await rows.filter({ hasText: baseName(file) }).first().waitFor();
      // A wider side bar shows the messages, not just their start: drag the sash beside it.
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      if (!sidebar) throw new Error('the side bar is not shown');
      const x = sidebar.x + sidebar.width + 1;
      const y = sidebar.y + sidebar.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 360, y, { steps: 8 });
      await page.mouse.up();
      await page.waitForFunction((width) => (document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) > width + 200, sidebar.width);
      // Back in the editor: no focus outline or sash highlight left in the side bar.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 400, y: 600 } });
    },
  );
}
