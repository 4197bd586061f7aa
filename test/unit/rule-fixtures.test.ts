// Every rule against its fixture files: findings and fixed text are snapshots beside the input,
// good inputs have no finding of the rule, and fixes are idempotent and leave no finding behind.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { fixAll } from '../../server/src/core/fix-all';
import { allRules, checkedRules } from '../../server/src/core/rules/registry';
import type { AnalysisOptions } from '../../server/src/core/rules/types';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { fixturesDir } from '../helpers/paths';
import { matchSnapshot } from '../helpers/snapshot';

const NOW = new Date('2026-11-23T00:00:00Z');

/** Zone files are `.zone` fixtures, certificate bundles `.pem`; everything else is a template. */
function languageOf(file: string): 'dns-zone' | 'pem' | 'cloudformation' {
  return file.endsWith('.zone') ? 'dns-zone' : file.endsWith('.pem') ? 'pem' : 'cloudformation';
}

/** Only `id` runs, so each fixture speaks about its own rule. */
function only(id: string, file: string): AnalysisOptions {
  return { now: NOW, language: languageOf(file), severities: Object.fromEntries(allRules.filter((r) => r.id !== id).map((r) => [r.id, 'off' as const])) };
}

function inputs(dir: string, prefix: 'bad' | 'good'): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(prefix) && !f.includes('.fixed.') && !f.endsWith('.findings.json'));
}

function fixedName(file: string): string {
  const ext = extname(file);
  return `${file.slice(0, -ext.length)}.fixed${ext}`;
}

/** Unsafe fixes never run in fix-all: apply them one at a time, as a person would. */
function applyOneByOne(text: string, id: string, file: string): string {
  let current = text;
  for (let i = 0; i < 100; i++) {
    const next = analyzeText(current, only(id, file)).findings.find((f) => f.fix?.edits());
    if (!next) break;
    current = applyEdits(current, next.fix!.edits()!);
  }
  return current;
}

/** `RULES=id,id` limits the run (and any snapshot update) to those rules. */
const selected = process.env.RULES ? new Set(process.env.RULES.split(',')) : undefined;

for (const meta of checkedRules) {
  const { id } = meta;
  if (selected && !selected.has(id)) continue;
  const dir = join(fixturesDir, id);
  describe(`rule ${id}`, () => {
    test('has bad and good fixtures', () => {
      assert.ok(existsSync(dir), `no fixtures folder test/fixtures/${id}`);
      assert.ok(inputs(dir, 'bad').length > 0, 'no bad fixture');
      assert.ok(inputs(dir, 'good').length > 0, 'no good fixture');
    });
    if (!existsSync(dir)) return;

    for (const file of inputs(dir, 'bad')) {
      const text = readFileSync(join(dir, file), 'utf8');
      const findings = analyzeText(text, only(id, file)).findings;

      test(`${file}: findings match the snapshot`, () => {
        assert.ok(findings.length > 0, 'a bad fixture must have findings');
        const lines = new LineIndex(text);
        const snapshot = findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, range: lines.range(f), resource: f.resource, message: f.message, fix: f.fix?.safety ?? 'none', ...(f.alternatives ? { alternatives: f.alternatives.map((a) => `${a.safety}: ${a.title}`) } : {}) }));
        matchSnapshot(join(dir, `${file}.findings.json`), `${JSON.stringify(snapshot, null, 2)}\n`);
      });

      const fixable = findings.filter((f) => f.fix?.edits());
      if (meta.fix === 'none' || fixable.length === 0) {
        test(`${file}: no fix is offered`, () => {
          assert.equal(existsSync(join(dir, fixedName(file))), false, 'a fixed snapshot exists for a fixture without fixes');
        });
        continue;
      }

      test(`${file}: each quick fix alone removes its finding and is idempotent`, () => {
        for (const finding of fixable) {
          const once = applyEdits(text, finding.fix!.edits()!);
          const after = analyzeText(once, only(id, file));
          assert.equal(after.parseFailed, false, `fix for ${finding.resource} broke the document:\n${once}`);
          // A resource may hold several findings (one per cache behaviour, say): this one must go.
          const same = after.findings.filter((f) => f.resource === finding.resource && f.message === finding.message);
          assert.deepEqual(same.map((f) => f.message), [], `finding for ${finding.resource} remains after its fix`);
          assert.equal(after.findings.length, findings.length - 1, 'a fix must not change other findings');
        }
      });

      const alternatives = fixable.flatMap((finding) => (finding.alternatives ?? []).map((fix) => ({ finding, fix })));
      if (alternatives.length > 0) {
        test(`${file}: each alternative quick fix alone removes its finding`, () => {
          for (const { finding, fix } of alternatives) {
            const edits = fix.edits();
            assert.ok(edits && edits.length > 0, `alternative "${fix.title}" offers no edit`);
            const once = applyEdits(text, edits);
            const after = analyzeText(once, only(id, file));
            assert.equal(after.parseFailed, false, `"${fix.title}" broke the document:\n${once}`);
            assert.deepEqual(after.findings.filter((f) => f.resource === finding.resource && f.message === finding.message).map((f) => f.message), [], `"${fix.title}" leaves its finding`);
            assert.equal(after.findings.length, findings.length - 1, 'an alternative fix must not change other findings');
          }
        });
      }

      test(`${file}: applying every fix gives the expected text, and again changes nothing`, () => {
        // Safe fixes run in fix-all; whatever is left (unsafe variants) is applied one at a time.
        const all = applyOneByOne(fixAll(text, only(id, file)).text, id, file);
        matchSnapshot(join(dir, fixedName(file)), all);
        const left = analyzeText(all, only(id, file));
        assert.equal(left.parseFailed, false);
        assert.deepEqual(left.findings.map((f) => f.resource), [], 'findings remain after every fix');
        assert.equal(fixAll(all, only(id, file)).text, all, 'a second fix-all changed the text');
      });
    }

    for (const file of inputs(dir, 'good')) {
      test(`${file}: no finding`, () => {
        const analysis = analyzeText(readFileSync(join(dir, file), 'utf8'), only(id, file));
        assert.equal(analysis.kind, languageOf(file), 'a good fixture must still be recognised for what it is');
        assert.deepEqual(analysis.findings.map((f) => `${f.resource}: ${f.message}`), []);
      });
    }
  });
}
