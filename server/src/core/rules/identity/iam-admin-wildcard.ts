import { get, getPair } from '../../cfn/model';
import { policyDocuments, statementKeyRange, type PolicyDocument } from '../../cfn/policies';
import { statements, type Statement } from '../../cfn/policy';
import { referencedResource } from '../../cfn/refs';
import type { Resource, Template } from '../../cfn/template';
import { contentEnd } from '../../text';
import type { CfnRule, CheckFinding } from '../types';
import { isAdministratorAccess, label } from './iam';

const ID = 'iam-admin-wildcard';

/** Resources that attach managed policies by ARN. */
const ATTACHERS = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/** The action wildcards that mean every action of every service. */
const EVERY_ACTION = new Set(['*', '*:*']);

/** How a message names where a statement is: the resource, and the inline policy when there is one. */
function where(doc: PolicyDocument): string {
  const owner = label(doc.resource);
  if (doc.location.startsWith('Policies[')) return `${owner} (inline policy ${doc.name ? `"${doc.name}"` : doc.location})`;
  return owner;
}

/** What a statement grants on every resource that makes it administrator access, if anything. */
export type AdminGrant = { readonly key: 'Action'; readonly wildcard: string } | { readonly key: 'NotAction'; readonly except: readonly string[] };

/**
 * Whether a statement allows every action, or every action but a list, on every resource. The
 * live scan reads deployed policies with the same statement reader, so both judge alike.
 */
export function adminGrant(statement: Statement): AdminGrant | undefined {
  if (statement.effect !== 'Allow' || !statement.resources?.includes('*')) return undefined;
  const wildcard = statement.actions?.find((a) => EVERY_ACTION.has(a));
  if (wildcard !== undefined) return { key: 'Action', wildcard };
  const except = statement.notActions;
  if (!getPair(statement.node, 'NotAction') || !except || except.length === 0 || except.includes('*')) return undefined;
  return { key: 'NotAction', except };
}

/** The sentence for a grant, after the name of the policy or resource that holds it. */
export function adminGrantMessage(owner: string, grant: AdminGrant): string {
  if (grant.key === 'Action') {
    return (
      `${owner} allows Action "${grant.wildcard}" on Resource "*": full administrator access, so anyone who gets these ` +
      'credentials can read every secret, delete every resource and create new users for themselves.'
    );
  }
  return (
    `${owner} allows every action except ${grant.except.join(', ')} (NotAction) on Resource "*": nearly administrator ` +
    'access, including every service and action AWS adds later.'
  );
}

/** The sentence for a user, group or role the AWS managed AdministratorAccess policy is attached to. */
export function administratorAccessMessage(owner: string): string {
  return `${owner} attaches the AWS managed AdministratorAccess policy: every action on every resource, so anyone who gets these credentials controls the account.`;
}

/** The finding for a statement that grants everything, or everything but a list, on every resource. */
function judge(doc: PolicyDocument, statement: Statement): { key: string; message: string } | undefined {
  const grant = adminGrant(statement);
  return grant ? { key: grant.key, message: adminGrantMessage(where(doc), grant) } : undefined;
}

/**
 * Managed policies used only as permissions boundaries. A boundary grants nothing: it caps what a
 * role or user's own policies may grant, and `Allow *` with a few `Deny`s is the usual way to
 * write one. A policy that is also attached (its `Roles`/`Users`/`Groups`, or a `ManagedPolicyArns`
 * item naming it) is judged as usual.
 */
function boundaryOnlyPolicies(template: Template): Set<Resource> {
  const boundaries = new Set<Resource>();
  const attached = new Set<Resource>();
  for (const resource of template.resources) {
    const boundary = referencedResource(template, get(resource.properties, 'PermissionsBoundary'));
    if (boundary?.type === 'AWS::IAM::ManagedPolicy') boundaries.add(boundary);
    const arns = get(resource.properties, 'ManagedPolicyArns');
    for (const item of arns?.kind === 'seq' ? arns.items : []) {
      const target = referencedResource(template, item);
      if (target) attached.add(target);
    }
    if (resource.type === 'AWS::IAM::ManagedPolicy' && ['Roles', 'Users', 'Groups'].some((key) => get(resource.properties, key))) attached.add(resource);
  }
  for (const policy of attached) boundaries.delete(policy);
  return boundaries;
}

export const iamAdminWildcard: CfnRule = {
  meta: {
    id: ID,
    title: 'IAM policy granting every action on every resource',
    severity: 'warning',
    fix: 'none',
    e8: ['RAP'],
    anchors: ['F2..F5', 'CKV_AWS_62/63', 'IAM.1'],
    language: 'cloudformation',
    docs: {
      what:
        'An identity policy (inline `Policies` of a role, user or group, an `AWS::IAM::ManagedPolicy`, `AWS::IAM::Policy` or ' +
        '`RolePolicy`/`UserPolicy`/`GroupPolicy`) with an `Allow` statement whose `Action` is `"*"` or `"*:*"` on `Resource: "*"`, ' +
        'or whose `NotAction` (everything except a list) applies to `Resource: "*"`; and a role, user or group whose ' +
        '`ManagedPolicyArns` attach the AWS managed `AdministratorAccess` policy. A `Condition` does not excuse the statement: ' +
        'it limits when the grant applies, not what it grants. Resource policies (a KMS key policy\'s usual `kms:*` for the account, ' +
        'a bucket policy) and trust policies are not judged: their reach is one resource, or one action. Nor is a managed ' +
        'policy used only as a `PermissionsBoundary`, which caps what other policies grant and grants nothing itself.',
      why:
        'Administrator access is the privilege attackers look for first: whoever holds the role\'s or user\'s credentials, ' +
        'through a leaked key, a compromised instance or an injected build step, can read every secret, switch off logging, ' +
        'delete backups and create new users to come back later. Restricting administrative privileges is an Essential Eight ' +
        'strategy because it limits what one compromise can do. `NotAction` with `Allow` is nearly as wide and also grants ' +
        'every service AWS adds later.',
      fix:
        'List the actions and resources the workload needs (IAM Access Analyzer can generate a policy from CloudTrail ' +
        'activity), or attach a narrower AWS managed job-function policy. Keep real administrator access for a few people, ' +
        'through a role that requires MFA to assume. There is no quick fix: only the author knows what the workload needs.',
      bad:
        'Deployer:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument: {…}\n    Policies:\n      - PolicyName: everything\n' +
        '        PolicyDocument:\n          Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n              Action: "*"\n' +
        '              Resource: "*"',
      good:
        'Deployer:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument: {…}\n    Policies:\n      - PolicyName: deploy-site\n' +
        '        PolicyDocument:\n          Version: "2012-10-17"\n          Statement:\n            - Effect: Allow\n' +
        '              Action: [s3:PutObject, s3:DeleteObject]\n              Resource: !Sub "${Site.Arn}/*"',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    const { text } = template.doc;
    const boundaries = boundaryOnlyPolicies(template);
    for (const doc of policyDocuments(template)) {
      // A document in one branch of Fn::If may never be deployed: like every rule here, only what
      // is there in every branch is judged.
      if (doc.kind !== 'identity' || doc.conditional || !doc.document || boundaries.has(doc.resource)) continue;
      // Statements are read one by one: a grant of everything stays one whatever its neighbours hide.
      for (const statement of statements(doc.document)) {
        const found = judge(doc, statement);
        if (!found) continue;
        out.push({ ruleId: ID, ...statementKeyRange(text, doc, statement, found.key), message: found.message, resource: doc.resource.logicalId });
      }
    }
    for (const resource of template.resources) {
      if (!ATTACHERS.has(resource.type)) continue;
      const arns = getPair(resource.properties, 'ManagedPolicyArns');
      // An item inside Fn::If is attached in one branch only, and is left alone like any conditional value.
      const items = arns?.value && arns.value.kind === 'seq' && !arns.value.tag ? arns.value.items : [];
      for (const item of items) {
        if (!isAdministratorAccess(item)) continue;
        out.push({
          ruleId: ID,
          start: item.start,
          end: contentEnd(text, item.end, item.start),
          message: administratorAccessMessage(label(resource)),
          resource: resource.logicalId,
        });
      }
    }
    return out;
  },
};
