// Zone files a hostile user would write, at sizes that keep the suite quick: a `$GENERATE` over a
// huge range, `$INCLUDE` cycles and trees, many records at one name, secrets in included files and
// CR-only line ends. Each asserts the structure of the answer (a limit finding, bounded work, a
// correct result), never a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeZoneText } from '../../server/src/core/analyze-zone';
import { MAX_GENERATED_RECORDS, parseZone } from '../../server/src/core/dns/parse';
import { generateBomb } from '../helpers/hostile';

const GENERATE_LIMIT = /limit of 100000 generated records per zone/;

test('$GENERATE past the limit per zone is one finding, checked before anything is generated', () => {
  // One over the limit: the old reader generated all of it without a word.
  const over = parseZone(`${generateBomb('0-100000')}after IN A 192.0.2.9\n`);
  assert.deepEqual(over.errors.map((e) => [over.text.slice(e.start, e.end), GENERATE_LIMIT.test(e.message)]), [['0-100000', true]]);
  // Nothing generated, and the rest of the zone is still read.
  assert.deepEqual(over.records.map((r) => r.owner), ['hostile.example.', 'hostile.example.', 'ns1.hostile.example.', 'after.hostile.example.']);
  // The range of the bomb found in issue 11: 4,294,968 records, refused by arithmetic alone.
  const bomb = parseZone(generateBomb('0-4294967295/1000'));
  assert.equal(bomb.errors.length, 1);
  assert.match(bomb.errors[0]!.message, /^\$GENERATE: 4294968 records would pass the limit/);
  assert.equal(bomb.records.length, 3);
  // The limit is on the zone as a whole: once past it, later directives are not expanded and not reported again.
  const split = parseZone(`${generateBomb('1-60000')}$GENERATE 1-60000 other$ A 192.0.2.2\n$GENERATE 1-5 more$ A 192.0.2.3\n`);
  assert.deepEqual(split.errors.map((e) => e.message), ['$GENERATE: 60000 records after the 60000 already generated would pass the limit of 100000 generated records per zone, so this and any later $GENERATE are not expanded']);
  assert.equal(split.records.length, 3 + 60000);
  // At the limit exactly, everything is generated.
  const full = parseZone(generateBomb('1-100000'));
  assert.deepEqual(full.errors, []);
  assert.equal(full.records.length, 3 + 100000);
  // Through the analysis, it is one dns-syntax finding.
  const findings = analyzeZoneText(generateBomb('0-4294967295/1000')).findings.filter((f) => GENERATE_LIMIT.test(f.message));
  assert.deepEqual(findings.map((f) => f.ruleId), ['dns-syntax']);
  assert.equal(MAX_GENERATED_RECORDS, 100_000, 'the limit the README documents');
});
