// Policy documents found in every place a template can hold one, with their kind, location and
// statements; JSON strings parsed, Fn::If followed, intrinsics read as unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from '../../server/src/core/cfn/parse';
import { POLICY_PLACES, policyDocuments, statementKeyRange, type PolicyDocument } from '../../server/src/core/cfn/policies';
import { readTemplate, type Template } from '../../server/src/core/cfn/template';

function template(text: string): Template {
  const doc = parseText(text);
  assert.equal(doc.error, undefined);
  return readTemplate(doc)!;
}

/** One line per document: who holds it, kind, location, how it was read, how many statements. */
function summary(doc: PolicyDocument): string {
  const flags = [doc.conditional ? 'if' : '', doc.embedded ? 'json-string' : ''].filter(Boolean).join(',');
  const count = doc.statements ? String(doc.statements.length) : 'unknown';
  return `${doc.resource.logicalId} ${doc.kind} ${doc.location}${doc.name ? ` "${doc.name}"` : ''}${flags ? ` [${flags}]` : ''}: ${count}`;
}

const ALLOW = '{Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}';

const EVERY_PLACE = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: first
          PolicyDocument: ${ALLOW}
        - PolicyName: second
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: s3:PutObject, Resource: "*"}
              - {Effect: Deny, Action: s3:DeleteObject, Resource: "*"}
  User:
    Type: AWS::IAM::User
    Properties:
      Policies: [{PolicyName: user-inline, PolicyDocument: ${ALLOW}}]
  Group:
    Type: AWS::IAM::Group
    Properties:
      Policies: [{PolicyName: group-inline, PolicyDocument: ${ALLOW}}]
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties: {PolicyDocument: ${ALLOW}}
  Policy:
    Type: AWS::IAM::Policy
    Properties: {PolicyName: p, Roles: [!Ref Role], PolicyDocument: ${ALLOW}}
  RolePolicy:
    Type: AWS::IAM::RolePolicy
    Properties: {RoleName: !Ref Role, PolicyName: rp, PolicyDocument: ${ALLOW}}
  UserPolicy:
    Type: AWS::IAM::UserPolicy
    Properties: {UserName: !Ref User, PolicyName: up, PolicyDocument: ${ALLOW}}
  GroupPolicy:
    Type: AWS::IAM::GroupPolicy
    Properties: {GroupName: !Ref Group, PolicyName: gp, PolicyDocument: ${ALLOW}}
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties: {Bucket: b, PolicyDocument: ${ALLOW}}
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties: {VpcId: vpc-1, ServiceName: com.amazonaws.eu-west-1.s3, PolicyDocument: ${ALLOW}}
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties: {Topics: [t], PolicyDocument: ${ALLOW}}
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties: {Queues: [q], PolicyDocument: ${ALLOW}}
  Key:
    Type: AWS::KMS::Key
    Properties: {KeyPolicy: ${ALLOW}}
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {ResourcePolicy: {PolicyDocument: ${ALLOW}}}
  # Strings of JSON are parsed.
  Logs:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: delivery
      PolicyDocument: '{"Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}'
  # Both branches of Fn::If are read, marked conditional; AWS::NoValue is nothing.
  Conditional:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !If [IsProd, ${ALLOW}, {Statement: []}]
  ConditionalItem:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - !If [IsProd, {PolicyName: prod-only, PolicyDocument: ${ALLOW}}, !Ref AWS::NoValue]
  # Intrinsics hide the document, the list of inline policies, or one statement.
  Hidden:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "\${AWS::AccountId}"}]}'
  HiddenList:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole}]}
      Policies: !GetAtt Other.Policies
  # AWS::NoValue is no document at all.
  NoPolicies:
    Type: AWS::IAM::User
    Properties:
      Policies: !Ref AWS::NoValue
  HiddenStatement:
    Type: AWS::IAM::Group
    Properties:
      Policies: [{PolicyName: mixed, PolicyDocument: {Statement: [!If [IsProd, {Effect: Deny, Action: "*", Resource: "*"}, !Ref AWS::NoValue]]}}]
  HiddenProperties:
    Type: AWS::SQS::QueuePolicy
    Properties: !If [IsProd, {Queues: [q], PolicyDocument: ${ALLOW}}, !Ref AWS::NoValue]
  # Not a policy holder.
  Bucket:
    Type: AWS::S3::Bucket
`;

test('every place a template holds a policy document, with its kind and location', () => {
  const found = policyDocuments(template(EVERY_PLACE)).map(summary);
  assert.deepEqual(found, [
    'Role trust AssumeRolePolicyDocument: 1',
    'Role identity Policies[0].PolicyDocument "first": 1',
    'Role identity Policies[1].PolicyDocument "second": 2',
    'User identity Policies[0].PolicyDocument "user-inline": 1',
    'Group identity Policies[0].PolicyDocument "group-inline": 1',
    'Managed identity PolicyDocument: 1',
    'Policy identity PolicyDocument: 1',
    'RolePolicy identity PolicyDocument: 1',
    'UserPolicy identity PolicyDocument: 1',
    'GroupPolicy identity PolicyDocument: 1',
    'BucketPolicy resource PolicyDocument: 1',
    'Endpoint resource PolicyDocument: 1',
    'TopicPolicy resource PolicyDocument: 1',
    'QueuePolicy resource PolicyDocument: 1',
    'Key resource KeyPolicy: 1',
    'Table resource ResourcePolicy.PolicyDocument: 1',
    'Logs resource PolicyDocument [json-string]: 1',
    'Conditional identity PolicyDocument [if]: 1',
    'Conditional identity PolicyDocument [if]: 0',
    'ConditionalItem identity Policies[0].PolicyDocument "prod-only" [if]: 1',
    'Hidden identity PolicyDocument: unknown',
    'HiddenList trust AssumeRolePolicyDocument: 1',
    'HiddenList identity Policies: unknown',
    'HiddenStatement identity Policies[0].PolicyDocument "mixed": unknown',
    'HiddenProperties resource PolicyDocument: unknown',
  ]);
});

test('the same places in a JSON template, long-form intrinsics included', () => {
  const json = JSON.stringify({
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } },
          Policies: { 'Fn::If': ['C', [{ PolicyName: 'a', PolicyDocument: { Statement: [] } }], { Ref: 'AWS::NoValue' }] },
        },
      },
      Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryPolicyText: { 'Fn::ImportValue': 'repo-policy' } } },
      Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'v', AccessPolicy: '{"Statement": {"Effect": "Deny", "Action": "backup:DeleteRecoveryPoint", "Resource": "*"}}' } },
      Group: { Type: 'AWS::IAM::Group', Properties: { Policies: [{ 'Fn::If': ['C', { PolicyName: 'g', PolicyDocument: { Statement: [] } }, { PolicyName: 'h', PolicyDocument: '{not json' }] }] } },
    },
  }, null, 2);
  assert.deepEqual(policyDocuments(template(json)).map(summary), [
    'Role trust AssumeRolePolicyDocument: 1',
    'Role identity Policies[0].PolicyDocument "a" [if]: 0',
    'Repo resource RepositoryPolicyText: unknown',
    'Vault resource AccessPolicy [json-string]: 1',
    'Group identity Policies[0].PolicyDocument "g" [if]: 0',
    'Group identity Policies[0].PolicyDocument "h" [if]: unknown',
  ]);
});

test('statement ranges point at the key in the template, or at the whole string for JSON strings', () => {
  const t = template(EVERY_PLACE);
  const docs = policyDocuments(t);
  const second = docs.find((d) => d.name === 'second')!;
  const range = statementKeyRange(t.doc.text, second, second.statements![1]!, 'Action');
  assert.equal(t.doc.text.slice(range.start, range.end), 'Action: s3:DeleteObject');
  const logs = docs.find((d) => d.resource.logicalId === 'Logs')!;
  const whole = statementKeyRange(t.doc.text, logs, logs.statements![0]!, 'Action');
  assert.match(t.doc.text.slice(whole.start, whole.end), /^PolicyDocument: '\{"Statement".*\}'$/);
  assert.equal(logs.statements![0]!.actions?.[0], 'logs:PutLogEvents');
});

test('the covered types include every IAM policy holder', () => {
  for (const type of ['Role', 'User', 'Group', 'ManagedPolicy', 'Policy', 'RolePolicy', 'UserPolicy', 'GroupPolicy']) {
    assert.ok(POLICY_PLACES.has(`AWS::IAM::${type}`), type);
  }
});
