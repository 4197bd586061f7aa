// A Findings view row leads with the rule id and line, so a narrow side bar cuts off the message
// instead; the message is the description, and the tooltip holds all three.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingRow } from '../../client/src/findings-label';

test('a finding row reads "<rule id> · line <n>", with the message as its description', () => {
  const message = 'Bucket Data has versioning off, so an overwritten or deleted object cannot be recovered.';
  assert.deepEqual(findingRow('s3-versioning-off', 11, message), {
    label: 's3-versioning-off · line 12',
    description: message,
    tooltip: `s3-versioning-off (line 12): ${message}`,
  });
});

test('a diagnostic without a rule id still shows its line first', () => {
  assert.deepEqual(findingRow('', 0, 'Unexpected text.'), { label: 'line 1', description: 'Unexpected text.', tooltip: 'line 1: Unexpected text.' });
});
