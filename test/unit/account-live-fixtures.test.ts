// Every live rule against its fixtures: `test/fixtures/<rule id>/live-bad*.json` and
// `live-good*.json` each hold a resource state as its collector builds it from the API
// (`{"kind": …, "state": …}`); bad states' findings are snapshots beside them, good ones have none.
// The rules are pure, so this is where each decision is tested; the emulator tests cover the reads.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { liveRules } from '../../server/src/account/checks';
import type { LiveState } from '../../server/src/account/scan/model';
import { accountRules } from '../../server/src/core/rules/account';
import { ruleMeta } from '../../server/src/core/rules/registry';
import { DEFAULT_SETTINGS } from '../../server/src/core/rules/types';
import { fixturesDir } from '../helpers/paths';
import { matchSnapshot } from '../helpers/snapshot';

const NOW = new Date('2026-11-23T00:00:00Z');

interface LiveFixture {
  readonly kind: string;
  readonly state: LiveState;
  readonly now?: string;
}

const ids = [...new Set(liveRules.map((r) => r.id))];

test('every live rule has catalogue metadata', () => {
  for (const id of ids) assert.ok(ruleMeta(id), `live rule ${id} is not in the rule registry`);
});

test('every live-only rule has a check', () => {
  const scanOwn = new Set(['scan-not-permitted', 'scan-truncated']);
  for (const meta of accountRules) if (!scanOwn.has(meta.id)) assert.ok(ids.includes(meta.id), `${meta.id} has no live rule`);
});

for (const id of ids) {
  const dir = join(fixturesDir, id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^live-(bad|good).*\.json$/.test(f) && !f.endsWith('.findings.json')) : [];
  describe(`live rule ${id}`, () => {
    test('has live bad and good fixtures', () => {
      assert.ok(files.some((f) => f.startsWith('live-bad')), `no test/fixtures/${id}/live-bad*.json`);
      assert.ok(files.some((f) => f.startsWith('live-good')), `no test/fixtures/${id}/live-good*.json`);
    });
    for (const file of files) {
      test(file, () => {
        const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as LiveFixture;
        const rules = liveRules.filter((r) => r.id === id && r.kind === fixture.kind);
        assert.ok(rules.length > 0, `no live rule ${id} reads kind ${fixture.kind}`);
        const ctx = { now: fixture.now ? new Date(fixture.now) : NOW, settings: DEFAULT_SETTINGS };
        const findings = rules.flatMap((r) => r.evaluate(fixture.state, ctx));
        if (file.startsWith('live-good')) return assert.deepEqual(findings, [], 'a good state has no finding');
        assert.ok(findings.length > 0, 'a bad state must have findings');
        matchSnapshot(join(dir, `${file}.findings.json`), `${JSON.stringify(findings, null, 2)}\n`);
      });
    }
  });
}
