// The client's table of each rule's Essential Eight strategies is a copy made so the client does
// not bundle the rule registry: it must list exactly the registry's rules with the same strategies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULE_STRATEGIES } from '../../client/src/account/strategies';
import { allRules } from '../../server/src/core/rules/registry';

test("the client's strategies table equals the rule registry's", () => {
  const expected = Object.fromEntries(allRules.map((r) => [r.id, [...r.e8]]));
  const actual = Object.fromEntries(Object.entries(RULE_STRATEGIES).map(([id, e8]) => [id, [...e8]]));
  assert.deepEqual(actual, expected, 'client/src/account/strategies.ts is stale: copy each rule id and its e8 from the registry');
});

test('every live rule of the scan has a strategy in the table', () => {
  for (const rule of allRules.filter((r) => r.language === 'account')) {
    assert.ok(RULE_STRATEGIES[rule.id]?.length, `${rule.id} has no strategies in the client's table`);
  }
});
