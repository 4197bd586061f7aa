// The live bucket plan decided from read states alone (no I/O): the cases the emulator cannot show
// or that are cheaper here — a public policy changed before public access is blocked, old-style
// lifecycle rules given an old-style rule, taken ids and Sids avoided, MFA Delete leaving the
// lifecycle alone, and a policy that is not JSON left with a note.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planFromSnapshot } from '../../server/src/account/harden/plan';
import type { BucketSnapshot } from '../../server/src/account/harden/read';

const ARN = 'arn:aws:s3:::b';
const OPTIONS = { profile: 'p', account: '111122223333', partition: 'aws', undeleteWindowDays: 30 };

function bucket(overrides: Partial<BucketSnapshot> = {}): BucketSnapshot {
  return {
    name: 'b',
    arn: ARN,
    region: 'eu-west-1',
    versioning: { status: 'Enabled', mfaDelete: null },
    publicAccessBlock: null,
    ownership: 'BucketOwnerEnforced',
    policy: null,
    lifecycle: [],
    website: false,
    acl: { owner: 'me', grants: [{ type: 'CanonicalUser', grantee: 'me', permission: 'FULL_CONTROL' }] },
    ...overrides,
  };
}

const policy = (document: object): BucketSnapshot['policy'] => ({ text: JSON.stringify(document), document: JSON.parse(JSON.stringify(document)) as never });

test('a public policy is changed before public access is blocked, which would refuse it afterwards', () => {
  const open = { Version: '2012-10-17', Statement: { Sid: 'DenyInsecureTransport', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${ARN}/*` } };
  const { plan } = planFromSnapshot(bucket({ policy: policy(open) }), OPTIONS);
  assert.deepEqual(plan.steps.map((s) => s.action), ['s3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutLifecycleConfiguration']);
  assert.ok(plan.notes.some((n) => n.includes('BlockPublicPolicy would refuse it afterwards')));
  // A single statement becomes a list, kept first; the taken Sid is not reused.
  const after = plan.steps[0]!.after as { Statement: Array<{ Sid: string }> };
  assert.deepEqual(after.Statement[0], open.Statement);
  assert.equal(after.Statement[1]!.Sid, 'DenyInsecureTransport-2');
});

test('old-style lifecycle rules (a top-level Prefix) get an old-style rule, with a free id', () => {
  const rules = [{ ID: 'aws-hardening-undelete-window', Status: 'Disabled' as const, Prefix: 'x/', NoncurrentVersionExpiration: { NoncurrentDays: 3 } }];
  const { plan } = planFromSnapshot(bucket({ lifecycle: rules, publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }), OPTIONS);
  const step = plan.steps.find((s) => s.action === 's3:PutLifecycleConfiguration')!;
  assert.deepEqual((step.after as { Rules: unknown[] }).Rules, [...rules, { ID: 'aws-hardening-undelete-window-2', Status: 'Enabled', Prefix: '', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }]);
});

test('with MFA Delete on, the lifecycle is left and MFA Delete counts as in place', () => {
  const { plan } = planFromSnapshot(bucket({ versioning: { status: 'Enabled', mfaDelete: 'Enabled' } }), OPTIONS);
  assert.ok(!plan.steps.some((s) => s.action === 's3:PutLifecycleConfiguration'));
  assert.ok(plan.inPlace.includes('MFA Delete is on.'));
  assert.ok(plan.notes.some((n) => n.startsWith('The undelete window is left')));
});

test('a policy that is not a JSON object is left with a note, never overwritten', () => {
  const { plan } = planFromSnapshot(bucket({ policy: { text: 'not json', document: null } }), OPTIONS);
  assert.ok(!plan.steps.some((s) => s.action === 's3:PutBucketPolicy'));
  assert.ok(plan.notes.some((n) => n.startsWith('The TLS-only statement is left')));
});
