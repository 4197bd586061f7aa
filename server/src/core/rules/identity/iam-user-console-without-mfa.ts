import { asMap, asString, get, getPair } from '../../cfn/model';
import { documentsOf, type PolicyDocument } from '../../cfn/policies';
import { deniesWhenFalse, type Statement } from '../../cfn/policy';
import { refName } from '../../cfn/refs';
import { everyBranch, intrinsicName, literal, resourcesOfType, type Resource, type Template } from '../../cfn/template';
import { contentEnd } from '../../text';
import type { CfnRule, CheckFinding } from '../types';
import { branches, groupOf, isAwsManagedPolicy, listItems, listNamesTarget, type Answer } from './iam';

const ID = 'iam-user-console-without-mfa';
const MFA_KEY = 'aws:multifactorauthpresent';

/**
 * Whether a statement denies requests made without MFA. Any Deny with such a condition counts,
 * whatever actions it lists: judging which denials are enough would guess at the author's intent.
 */
function deniesWithoutMfa(statement: Statement): Answer {
  return deniesWhenFalse(statement, MFA_KEY, true);
}

/** Whether a document denies access without MFA; one that exists in a single `Fn::If` branch only may. */
function documentDenies(doc: PolicyDocument): Answer {
  if (!doc.statements) return 'unknown';
  let answer: Answer = 'no';
  for (const statement of doc.statements) {
    const one = deniesWithoutMfa(statement);
    if (one === 'yes') return doc.conditional ? 'unknown' : 'yes';
    if (one === 'unknown') answer = 'unknown';
  }
  return answer;
}

/** The combined answer of several sources: yes wins, then unknown. */
function any(answers: Iterable<Answer>): Answer {
  let answer: Answer = 'no';
  for (const one of answers) {
    if (one === 'yes') return 'yes';
    if (one === 'unknown') answer = 'unknown';
  }
  return answer;
}

/** A source that may or may not be attached counts only as "perhaps". */
function perhaps(attached: Answer, denies: () => Answer): Answer {
  if (attached === 'no') return 'no';
  const answer = denies();
  return attached === 'yes' || answer === 'no' ? answer : 'unknown';
}

/** What a resource's own inline policies and `ManagedPolicyArns` say. */
function ownPolicies(template: Template, principal: Resource): Answer[] {
  const answers = documentsOf(template, principal).map(documentDenies);
  const arns = getPair(principal.properties, 'ManagedPolicyArns')?.value;
  const items = listItems(arns);
  if (!items) return [...answers, 'unknown'];
  for (const item of items) {
    // `!Ref Policy` and `!GetAtt Policy.PolicyArn` both give a template managed policy's ARN.
    const managed = intrinsicName(item) ? template.byId.get(refName(item) ?? '') : undefined;
    // AWS managed policies never deny without MFA; another stack's policy cannot be read.
    if (!managed && isAwsManagedPolicy(item)) answers.push('no');
    else if (managed?.type !== 'AWS::IAM::ManagedPolicy') answers.push('unknown');
    else answers.push(any(documentsOf(template, managed).map(documentDenies)));
  }
  return answers;
}

/** Standalone policy resources and the property that names their users or groups. */
const POLICY_TARGETS: Readonly<Record<string, { users?: string; groups?: string }>> = {
  'AWS::IAM::ManagedPolicy': { users: 'Users', groups: 'Groups' },
  'AWS::IAM::Policy': { users: 'Users', groups: 'Groups' },
  'AWS::IAM::UserPolicy': { users: 'UserName' },
  'AWS::IAM::GroupPolicy': { groups: 'GroupName' },
};

const POLICY_TYPES = Object.keys(POLICY_TARGETS);

/** Policy resources sorted once per template by the users or groups they may name. */
interface NamingIndex {
  /** By the logical id a `Ref` in their list names. */
  readonly byRef: ReadonlyMap<string, readonly Resource[]>;
  /** By a literal name in their list; all of them in `literal`. */
  readonly byName: ReadonlyMap<string, readonly Resource[]>;
  readonly literal: readonly Resource[];
  /** Their list, or an item of it, could name anyone (hidden by an intrinsic, a parameter). */
  readonly anyone: readonly Resource[];
}

const namingIndexes = new WeakMap<Template, Partial<Record<'users' | 'groups', NamingIndex>>>();

function namingIndex(template: Template, which: 'users' | 'groups'): NamingIndex {
  let forTemplate = namingIndexes.get(template);
  if (!forTemplate) namingIndexes.set(template, (forTemplate = {}));
  const known = forTemplate[which];
  if (known) return known;
  const byRef = new Map<string, Resource[]>();
  const byName = new Map<string, Resource[]>();
  const literalOnes = new Set<Resource>();
  const anyone = new Set<Resource>();
  const add = (map: Map<string, Resource[]>, key: string, policy: Resource): void => {
    const list = map.get(key);
    if (!list) map.set(key, [policy]);
    else if (list[list.length - 1] !== policy) list.push(policy);
  };
  for (const policy of resourcesOfType(template, ...POLICY_TYPES)) {
    const key = POLICY_TARGETS[policy.type]?.[which];
    if (!key) continue;
    const node = get(policy.properties, key);
    const items = policy.propertiesPair && !policy.properties ? undefined : (listItems(node) ?? (node && node.kind !== 'seq' ? branches(node) : undefined));
    if (!items) {
      anyone.add(policy);
      continue;
    }
    // As namesTarget reads an item: a Ref to a resource, a literal name, or anything else.
    for (const item of items) {
      const ref = refName(item);
      if (ref !== undefined && intrinsicName(item) === 'Ref') {
        if (template.byId.has(ref)) add(byRef, ref, policy);
        else anyone.add(policy);
      } else if (literal(item)) {
        add(byName, String(literal(item)!.value), policy);
        literalOnes.add(policy);
      } else anyone.add(policy);
    }
  }
  const index = { byRef, byName, literal: [...literalOnes], anyone: [...anyone] };
  forTemplate[which] = index;
  return index;
}

/** The policy resources that may name `principal`: every other one certainly does not. */
function policiesNaming(template: Template, principal: Resource, which: 'users' | 'groups', nameKey: string): Resource[] {
  const index = namingIndex(template, which);
  const found = new Set<Resource>([...(index.byRef.get(principal.logicalId) ?? []), ...index.anyone]);
  const own = get(principal.properties, nameKey);
  const ownName = own ? asString(own) : undefined;
  // A name given by an intrinsic could be any literal; no name at all is generated, never written.
  for (const policy of own ? (ownName === undefined ? index.literal : (index.byName.get(ownName) ?? [])) : []) found.add(policy);
  return [...found].sort((a, b) => a.idStart - b.idStart);
}

/** What standalone policy resources that name `principal` (a user or a group) say. */
function namingPolicies(template: Template, principal: Resource, which: 'users' | 'groups'): Answer[] {
  const nameKey = which === 'users' ? 'UserName' : 'GroupName';
  const answers: Answer[] = [];
  for (const policy of policiesNaming(template, principal, which, nameKey)) {
    const key = POLICY_TARGETS[policy.type]?.[which];
    if (!key) continue;
    const denies = (): Answer => any(documentsOf(template, policy).map(documentDenies));
    if (policy.propertiesPair && !policy.properties) answers.push(perhaps('unknown', denies));
    else answers.push(perhaps(listNamesTarget(template, get(policy.properties, key), principal, nameKey), denies));
  }
  return answers;
}

/** What everything attached to a group says. */
function groupPolicies(template: Template, group: Resource): Answer {
  if (group.propertiesPair && !group.properties) return 'unknown';
  return any([...ownPolicies(template, group), ...namingPolicies(template, group, 'groups')]);
}

/** The answers of the groups a user is in, through its `Groups` and through `UserToGroupAddition`s. */
function groupsOf(template: Template, user: Resource): Answer[] {
  const answers: Answer[] = [];
  const items = listItems(get(user.properties, 'Groups'));
  if (!items) return ['unknown'];
  for (const item of items) {
    const group = groupOf(template, item);
    answers.push(group ? groupPolicies(template, group) : 'unknown');
  }
  for (const addition of resourcesOfType(template, 'AWS::IAM::UserToGroupAddition')) {
    const attached = addition.properties ? listNamesTarget(template, get(addition.properties, 'Users'), user, 'UserName') : 'unknown';
    answers.push(
      perhaps(attached, () => {
        const names = branches(get(addition.properties, 'GroupName'));
        const groups = names.map((n) => groupOf(template, n));
        return groups.length === 0 ? 'no' : any(groups.map((g) => (g ? groupPolicies(template, g) : 'unknown')));
      }),
    );
  }
  return answers;
}

/** Whether anything attached to the user denies access without MFA. */
function userDenies(template: Template, user: Resource): Answer {
  return any([...ownPolicies(template, user), ...namingPolicies(template, user, 'users'), ...groupsOf(template, user)]);
}

export const iamUserConsoleWithoutMfa: CfnRule = {
  meta: {
    id: ID,
    title: 'IAM user with a console password and no MFA requirement',
    severity: 'warning',
    fix: 'none',
    e8: ['MFA'],
    anchors: ['IAM.5'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::IAM::User` with a `LoginProfile` (a console password) when no policy attached to it, inline, through ' +
        'its groups, its `ManagedPolicyArns` or a policy resource that names it, denies access while ' +
        '`aws:MultiFactorAuthPresent` is false (`Bool`/`BoolIfExists` false, or `Null` true). AWS managed policies never ' +
        'deny without MFA, so they count as not enforcing it. When an attachment cannot be read (a customer policy ARN from ' +
        'another stack, a group named by a parameter, a policy hidden by an intrinsic) the rule stays quiet rather than guess.',
      why:
        'A password alone is phished, reused and guessed; with MFA a stolen password is not enough to sign in. IAM has no ' +
        'switch that makes MFA mandatory for a user: unless a policy denies what the user does without MFA, the user can work ' +
        'without ever enrolling a device. Multi-factor authentication for privileged and remote access is an Essential Eight ' +
        'strategy.',
      fix:
        'Prefer IAM Identity Center (or federation through your identity provider, which enforces MFA) to IAM users with ' +
        'passwords. Where an IAM user must stay, attach a policy with a `Deny` on `NotAction` (the few actions needed to ' +
        'enrol an MFA device and change the password) under `BoolIfExists: {aws:MultiFactorAuthPresent: "false"}`, for example ' +
        'through a group every console user is in. There is no quick fix: the exceptions a user needs are a decision.',
      bad:
        'Alice:\n  Type: AWS::IAM::User\n  Properties:\n    LoginProfile:\n      Password: !Ref InitialPassword\n' +
        '      PasswordResetRequired: true',
      good:
        'Alice:\n  Type: AWS::IAM::User\n  Properties:\n    LoginProfile:\n      Password: !Ref InitialPassword\n' +
        '      PasswordResetRequired: true\n    Groups: [!Ref RequireMfa]   # a group whose policy denies all but MFA set-up without MFA',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    // A Fn::ForEach loop may generate the policy or group that enforces MFA.
    if (template.generatesResources) return out;
    for (const user of template.resources) {
      if (user.type !== 'AWS::IAM::User' || !user.properties) continue;
      const login = getPair(user.properties, 'LoginProfile');
      // A login profile in one Fn::If branch only is judged like any conditional value: not reported.
      const console = everyBranch(login?.value, (n) => (n === null ? false : asMap(n) ? true : 'unknown'));
      if (!login?.value || !console) continue;
      if (userDenies(template, user) !== 'no') continue;
      out.push({
        ruleId: ID,
        start: login.keyStart,
        end: contentEnd(template.doc.text, login.value.end, login.value.start),
        message:
          `User ${user.logicalId} has a console password (LoginProfile) and no attached policy denies access without MFA, ` +
          'so a phished or guessed password alone is enough to sign in and use everything the user may do.',
        resource: user.logicalId,
      });
    }
    return out;
  },
};
