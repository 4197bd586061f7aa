import { asMap, get, getPair, type Node } from '../../cfn/model';
import { refName } from '../../cfn/refs';
import { everyBranchOf, ifBranches, intrinsicName, isTrue, literal, type Template } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { replacePairWithTrue, resourceRange, subText } from './util';

const KIND: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'DB instance',
  'AWS::RDS::DBCluster': 'DB cluster',
};

/** Dynamic references CloudFormation resolves at deploy time from encrypted stores, never showing the value. */
const SECURE_REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure):/;
/** A plain `String` SSM parameter: out of the template, but stored and shown unencrypted. */
const PLAIN_SSM_REFERENCE = /\{\{resolve:ssm:/;

/** Why a password value is readable, or `ok`, or `unknown` for intrinsics the engine cannot follow. */
type Verdict =
  | { readonly kind: 'literal' }
  | { readonly kind: 'plain-ssm' }
  | { readonly kind: 'visible-parameter'; readonly name: string }
  | { readonly kind: 'parameter-default'; readonly name: string }
  | 'ok'
  | 'unknown';

function verdict(template: Template, node: Node | null): Verdict {
  if (!node) return 'ok';
  const name = intrinsicName(node);
  if (!name) {
    const scalar = literal(node);
    if (!scalar) return node.kind === 'scalar' ? 'ok' : 'unknown';
    const text = String(scalar.value);
    if (SECURE_REFERENCE.test(text)) return 'ok';
    return PLAIN_SSM_REFERENCE.test(text) ? { kind: 'plain-ssm' } : { kind: 'literal' };
  }
  if (name === 'Ref') {
    const ref = refName(node);
    const param = ref ? asMap(get(asMap(get(template.root, 'Parameters')), ref)) : undefined;
    // A resource or pseudo parameter, or a parameter this template does not declare: nothing to say.
    if (!ref || !param) return 'unknown';
    if (!isTrue(get(param, 'NoEcho'))) return { kind: 'visible-parameter', name: ref };
    const def = literal(get(param, 'Default'));
    // NoEcho hides the value in the console, but a Default still writes it in the template.
    return def && String(def.value) !== '' ? { kind: 'parameter-default', name: ref } : 'ok';
  }
  if (name === 'Fn::Sub' && SECURE_REFERENCE.test(subText(node) ?? '')) return 'ok';
  return 'unknown';
}

function message(kind: string, id: string, v: Verdict | undefined): string {
  const subject = `${kind} ${id}`;
  if (v === undefined || typeof v === 'string') {
    return `${subject} sets a readable master password in every branch of its condition, so anyone who can read the template or the stack can read the password.`;
  }
  switch (v.kind) {
    case 'literal':
      return `${subject} has its master password written in the template, so anyone who can read the template, its repository or the stack can read the password.`;
    case 'plain-ssm':
      return `${subject} reads its master password from a plain String SSM parameter, so the password is stored and shown unencrypted.`;
    case 'visible-parameter':
      return `${subject} takes its master password from parameter ${v.name}, which is not NoEcho, so the password shows in the console and in DescribeStacks output.`;
    case 'parameter-default':
      return `${subject} takes its master password from parameter ${v.name}, whose Default writes the password in the template.`;
  }
}

export const rdsPlaintextPassword: CfnRule = {
  meta: {
    id: 'rds-plaintext-password',
    title: 'RDS master password readable from the template or stack',
    severity: 'error',
    fix: 'unsafe',
    e8: ['RAP'],
    anchors: ['F23', 'W2501'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::RDS::DBInstance` or `AWS::RDS::DBCluster` whose `MasterUserPassword` can be read: a literal string, a ' +
        '`{{resolve:ssm:…}}` reference to a plain String parameter, or a `Ref` to a parameter that is not `NoEcho` or has a ' +
        '`Default`. A `{{resolve:secretsmanager:…}}` or `{{resolve:ssm-secure:…}}` reference (also inside `Fn::Sub`) and a ' +
        '`NoEcho` parameter without a default are fine; other intrinsics are not judged.',
      why:
        'The master user is the administrator of the database. A password in a template is in every copy of it, in version ' +
        'control history and in the stack\'s template for anyone allowed to view stacks; a parameter without `NoEcho` shows ' +
        'its value in the console and in `DescribeStacks`. Whoever reads it and can reach the endpoint has full control of ' +
        'the data.',
      fix:
        'Let RDS manage the password: `ManageMasterUserPassword: true` makes RDS generate it, keep it in Secrets Manager ' +
        '(`!GetAtt <Db>.MasterUserSecret.SecretArn`) and rotate it. The quick fix replaces the `MasterUserPassword` pair with ' +
        'that key and is unsafe: the old password stops working, so every application, job and person using it must read the ' +
        'secret instead, and a parameter that only fed the password is left unused for you to remove. Alternatively keep ' +
        '`MasterUserPassword` but point it at a secret with `{{resolve:secretsmanager:<secret>:SecretString:password}}`. Treat ' +
        'a password that was ever in a template as leaked.',
      bad: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    MasterUsername: admin\n    MasterUserPassword: hunter2hunter2',
      good: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    MasterUsername: admin\n    ManageMasterUserPassword: true',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      const kind = KIND[resource.type];
      if (!kind) continue;
      const readable = (n: Node | null): boolean | 'unknown' => {
        const v = verdict(template, n);
        return v === 'unknown' ? 'unknown' : v !== 'ok';
      };
      // The password may sit under a `Properties` that is itself an `Fn::If`.
      const propsNode = resource.propertiesPair?.value ?? null;
      const bad = everyBranchOf(propsNode, (props) => {
        const map = asMap(props);
        if (props && !map) return 'unknown';
        return everyBranchOf(getPair(map, 'MasterUserPassword')?.value ?? null, readable);
      });
      if (!bad) continue;
      const pair = getPair(resource.properties, 'MasterUserPassword');
      const value = pair?.value ?? null;
      const id = resource.logicalId;
      out.push({
        ruleId: 'rds-plaintext-password',
        ...resourceRange(template.doc.text, resource, ['MasterUserPassword']),
        message: message(kind, id, value && !ifBranches(value) ? verdict(template, value) : undefined),
        resource: id,
        fix: {
          title: `Let RDS manage the master password of ${kind} ${id} in Secrets Manager (the old password stops working)`,
          safety: 'unsafe',
          edits: () =>
            // With `ManageMasterUserPassword` already written, a second key would clash: left to a person.
            pair && !getPair(resource.properties, 'ManageMasterUserPassword')
              ? [replacePairWithTrue(template.doc, pair, 'ManageMasterUserPassword')]
              : null,
        },
      });
    }
    return out;
  },
};
