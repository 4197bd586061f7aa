// The cfn-lint comparison of `npm run corpus`: when `cfn-lint` is on PATH, it lints the corpus's
// templates too (cached per file size and mtime, keyed by cfn-lint's version) and prints, per
// family of schema and reference checks, how often both tools flag the same resource (or
// parameter, condition, mapping) of the same file, and what each reports alone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';

/**
 * Each family: the cfn-lint codes and our rule ids that check the same thing. cfn-lint also
 * reports some of these under the code of the place they sit in (an `Fn::If`, a tag, an output):
 * `alsoWhen` takes those codes' matches whose message says the same thing.
 */
const NOT_ONE_OF = /^'[^']+' is not one of \[/;
const PLACE_CODES = ['E1016', 'E1021', 'E1028', 'E3015', 'E6101', 'E8004'];
export const FAMILIES = [
  { name: 'unknown resource type', cfnLint: ['E3006'], ours: ['cfn-schema-unknown-type'] },
  { name: 'unknown property', cfnLint: ['E3002'], alsoWhen: { codes: ['E3024'], message: /Additional properties are not allowed/ }, ours: ['cfn-schema-unknown-property'] },
  { name: 'missing required property', cfnLint: ['E3003'], alsoWhen: { codes: ['E3024'], message: /is a required property/ }, ours: ['cfn-schema-required-missing'] },
  { name: 'wrong value type', cfnLint: ['E3012'], ours: ['cfn-schema-wrong-type'] },
  { name: 'value not allowed', cfnLint: ['E3030'], ours: ['cfn-schema-value-not-allowed'] },
  { name: 'reference to nothing', cfnLint: ['E1010', 'E1019', 'E1020', 'E8002', 'E1011'], alsoWhen: { codes: PLACE_CODES, message: NOT_ONE_OF }, ours: ['cfn-ref-undefined', 'cfn-ref-attribute-unknown'] },
  { name: 'DependsOn to nothing', cfnLint: ['E3005'], ours: ['cfn-ref-depends-on-undefined'] },
  { name: 'circular dependency', cfnLint: ['E3004'], ours: ['cfn-ref-circular'] },
  { name: 'unused parameter', cfnLint: ['W2001'], ours: ['cfn-ref-unused-parameter'] },
  { name: 'unused condition', cfnLint: ['W8001'], ours: ['cfn-ref-unused-condition'] },
  { name: 'unused mapping', cfnLint: ['W7001'], ours: ['cfn-ref-unused-mapping'] },
];

function inFamily(family, match) {
  if (family.cfnLint.includes(match.rule)) return true;
  return family.alsoWhen !== undefined && family.alsoWhen.codes.includes(match.rule) && family.alsoWhen.message.test(match.message);
}

const BATCH = 25;
const BATCH_TIMEOUT_MS = 10 * 60 * 1000;

function cfnLintVersion() {
  const run = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** cfn-lint prints one JSON list per run; a crashed batch prints nothing and its files are left out. */
function lintBatch(files, cwd) {
  return new Promise((resolve) => {
    const child = spawn('cfn-lint', ['--format', 'json', '--', ...files], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), BATCH_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** cfn-lint's matches per file (relative to `base`), from the cache where the file is unchanged. */
async function cfnLintMatches(files, base, cacheFile, version) {
  const stamp = (f) => {
    const s = statSync(join(base, f));
    return `${s.size}:${Math.round(s.mtimeMs)}`;
  };
  let cache = { version, files: {} };
  if (existsSync(cacheFile)) {
    const read = JSON.parse(readFileSync(cacheFile, 'utf8'));
    if (read.version === version) cache = read;
  }
  const todo = files.filter((f) => cache.files[f]?.stamp !== stamp(f));
  if (todo.length > 0) {
    process.stdout.write(`running cfn-lint on ${todo.length} templates (cached for next time)…\n`);
    const batches = [];
    for (let i = 0; i < todo.length; i += BATCH) batches.push(todo.slice(i, i + BATCH));
    const workers = Math.max(1, cpus().length);
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          const matches = await lintBatch(batch, base);
          if (!matches) continue;
          for (const f of batch) cache.files[f] = { stamp: stamp(f), matches: [] };
          for (const m of matches) {
            const entry = cache.files[m.Filename];
            if (!entry) continue;
            entry.matches.push({ rule: m.Rule.Id, line: m.Location.Start.LineNumber, path: m.Location.Path ?? [], message: m.Message });
          }
        }
      }),
    );
    mkdirSync(join(cacheFile, '..'), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(cache));
  }
  return new Map(files.filter((f) => cache.files[f]).map((f) => [f, cache.files[f].matches]));
}

/**
 * What a finding is about, so the two tools can be compared: the logical id of a resource, or the
 * name of a parameter, condition or mapping (cfn-lint's path names it second), else the line.
 */
function cfnLintSubject(match) {
  const [section, name] = match.path;
  return typeof name === 'string' && ['Resources', 'Parameters', 'Conditions', 'Mappings', 'Outputs'].includes(section) ? name : `line ${match.line}`;
}

/**
 * Prints the comparison. `findings` is our CLI's JSON findings over the corpus (absolute paths),
 * `templates` the corpus's template files relative to `corpus`.
 */
export async function compareWithCfnLint({ corpus, templates, findings, cacheDir, expected }) {
  const version = cfnLintVersion();
  if (!version) {
    console.log('\ncfn-lint is not on PATH: no comparison (pip install cfn-lint to get one)');
    return;
  }
  const started = Date.now();
  const theirs = await cfnLintMatches(templates, corpus, join(cacheDir, 'cfn-lint-corpus.json'), version);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n## Against ${version} on ${theirs.size} of ${templates.length} templates (${seconds} s)\n`);
  const ours = new Map();
  for (const f of findings) {
    const file = relative(corpus, resolve(f.file));
    if (!theirs.has(file)) continue;
    const list = ours.get(file) ?? [];
    list.push(f);
    ours.set(file, list);
  }
  const rows = [];
  const details = [];
  for (const family of FAMILIES) {
    const a = new Map(); // subject key → cfn-lint message
    const b = new Map(); // subject key → our message
    for (const [file, matches] of theirs) {
      for (const m of matches) if (inFamily(family, m)) a.set(`${file}\t${cfnLintSubject(m)}`, `${m.rule} ${m.message}`);
      for (const f of ours.get(file) ?? []) {
        if (!family.ours.includes(f.ruleId)) continue;
        b.set(`${file}\t${f.resource ?? `line ${f.range.start.line + 1}`}`, `${f.ruleId} ${f.message}`);
      }
    }
    const both = [...a.keys()].filter((k) => b.has(k)).length;
    const onlyThem = [...a].filter(([k]) => !b.has(k));
    const onlyUs = [...b].filter(([k]) => !a.has(k));
    const union = a.size + b.size - both;
    rows.push(
      `| ${family.name} | ${[...family.cfnLint, ...(family.alsoWhen ? family.alsoWhen.codes.map((c) => `${c}*`) : [])].join(', ')} | ${a.size} | ${b.size} | ${both} | ${onlyThem.length} | ${onlyUs.length} | ${union ? ((100 * both) / union).toFixed(0) : '—'}% |`,
    );
    const sample = (list) => list.slice(0, process.env.CORPUS_ALL ? undefined : 8).map(([k, m]) => `  ${k.replace('\t', ' · ')} (${expected.get(k.split('\t')[0]) ?? '?'}): ${m.replace(/\s+/g, ' ').slice(0, 160)}`);
    if (onlyThem.length) details.push(`${family.name}: cfn-lint only (${onlyThem.length})`, ...sample(onlyThem));
    if (onlyUs.length) details.push(`${family.name}: ours only (${onlyUs.length})`, ...sample(onlyUs));
  }
  console.log("Counted per file and subject (a resource, parameter, condition or mapping), not per finding; a code marked * counts only where its message says the same thing (`'Name' is not one of [...]` for a name, unknown or required keys in tags).\n");
  console.log('| family | cfn-lint codes | cfn-lint | ours | both | cfn-lint only | ours only | agreement |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  if (details.length) console.log(`\n${details.join('\n')}`);
}
