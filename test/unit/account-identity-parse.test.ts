// The readers the IAM checks need for what the API returns as text: the credential report's CSV
// and policy documents, URL-encoded JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialReportRows, parseCsv } from '../../server/src/account/checks/identity/credential-report';
import { decodePolicyDocument, jsonNode } from '../../server/src/account/checks/identity/policy-document';
import { statements } from '../../server/src/core/cfn/policy';

test('CSV: quoted fields with commas, doubled quotes and line breaks; CRLF; no blank rows', () => {
  assert.deepEqual(parseCsv('a,b,c\r\n"x,1","say ""hi""","two\nlines"\r\n\r\nlast,,\n'), [
    ['a', 'b', 'c'],
    ['x,1', 'say "hi"', 'two\nlines'],
    ['last', '', ''],
  ]);
  assert.deepEqual(parseCsv('no,newline'), [['no', 'newline']]);
  assert.deepEqual(parseCsv(''), []);
});

test('CSV: the row cap stops reading, and an unterminated quote ends with the text', () => {
  assert.equal(parseCsv('r\n'.repeat(50), 10).length, 10);
  assert.deepEqual(parseCsv('a,"open\nb'), [['a', 'open\nb']]);
});

test('credential report rows are keyed by the header; a text without a user column gives none', () => {
  assert.deepEqual(credentialReportRows('user,arn,mfa_active\nalice,arn:aws:iam::1:user/alice,false\nshort\n'), [
    { user: 'alice', arn: 'arn:aws:iam::1:user/alice', mfa_active: 'false' },
    { user: 'short', arn: '', mfa_active: '' },
  ]);
  assert.deepEqual(credentialReportRows('<html>denied</html>'), []);
});

test('policy documents: URL-encoded or plain JSON objects; anything else is unreadable', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a/100%' }] };
  assert.deepEqual(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc))), doc);
  assert.deepEqual(decodePolicyDocument(JSON.stringify(doc)), doc);
  assert.equal(decodePolicyDocument('%E0%A4%A'), undefined);
  assert.equal(decodePolicyDocument('%5B1%5D'), undefined);
  assert.equal(decodePolicyDocument(undefined), undefined);
  assert.equal(decodePolicyDocument(`{"a":"${'x'.repeat(200_000)}"}`), undefined);
});

test("a decoded document reads with the template rules' statement reader", () => {
  const node = jsonNode({ Statement: { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } } });
  const [statement, ...rest] = statements(node);
  assert.equal(rest.length, 0);
  assert.equal(statement!.effect, 'Allow');
  assert.deepEqual(statement!.notActions, ['iam:*']);
  assert.deepEqual(statement!.resources, ['*']);
  assert.deepEqual(statement!.actions, []);
  let deep: unknown = 'leaf';
  for (let i = 0; i < 40; i++) deep = [deep];
  assert.equal(jsonNode(deep), undefined);
});
