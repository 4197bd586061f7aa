// Readers the IAM rules share: how to name a resource in a message, whether a name or reference
// points at a given user or group, and the AWS managed AdministratorAccess ARN in its usual spellings.
import { asMap, asString, get, type Node } from '../../cfn/model';
import { intrinsicArg, refName } from '../../cfn/refs';
import { ifBranches, intrinsicName, isNoValue, literal, type Resource, type Template } from '../../cfn/template';

export type Answer = 'yes' | 'no' | 'unknown';

const LABELS: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'Role',
  'AWS::IAM::User': 'User',
  'AWS::IAM::Group': 'Group',
  'AWS::IAM::ManagedPolicy': 'Managed policy',
  'AWS::IAM::Policy': 'Policy',
  'AWS::IAM::RolePolicy': 'Role policy',
  'AWS::IAM::UserPolicy': 'User policy',
  'AWS::IAM::GroupPolicy': 'Group policy',
};

/** "Role Deployer", "Managed policy Admins": how messages name a resource. */
export function label(resource: Resource): string {
  return `${LABELS[resource.type] ?? resource.type} ${resource.logicalId}`;
}

/** The values a node may take: both branches of `Fn::If`, nothing for `AWS::NoValue` or null. */
export function branches(node: Node | null | undefined): Node[] {
  if (!node || isNoValue(node) || (node.kind === 'scalar' && !node.tag && node.value === null)) return [];
  const split = ifBranches(node);
  return split ? split.flatMap(branches) : [node];
}

/**
 * The items of a list property over every branch (an item that is an intrinsic is returned as it
 * is), or undefined when an intrinsic hides the list itself. Both branches of an `Fn::If` are included: callers use the list to find what may be
 * attached, so more items only make them quieter.
 */
export function listItems(node: Node | null | undefined): Node[] | undefined {
  const out: Node[] = [];
  for (const list of branches(node)) {
    if (list.kind !== 'seq' || list.tag) return undefined;
    for (const item of list.items) out.push(...branches(item));
  }
  return out;
}

/**
 * Whether a user or group name (or a `Ref` to one) written in another resource means `target`,
 * whose own name is in `nameKey` (`UserName`, `GroupName`). A literal name matches the target's
 * literal name; a target without a name gets a generated one, so no literal can mean it. A `Ref`
 * to a parameter, an import or any other intrinsic could mean it.
 */
export function namesTarget(template: Template, node: Node, target: Resource, nameKey: string): Answer {
  const ref = refName(node);
  if (ref !== undefined && intrinsicName(node) === 'Ref') {
    if (template.byId.has(ref)) return ref === target.logicalId ? 'yes' : 'no';
    return 'unknown';
  }
  const written = literal(node);
  if (!written) return 'unknown';
  const own = get(target.properties, nameKey);
  if (!own) return 'no';
  const ownName = asString(own);
  if (ownName === undefined) return 'unknown';
  return ownName === String(written.value) ? 'yes' : 'no';
}

/** Whether any name in a list property (or a single-name property) means `target`. */
export function listNamesTarget(template: Template, node: Node | null | undefined, target: Resource, nameKey: string): Answer {
  const items = listItems(node) ?? (node && node.kind !== 'seq' ? branches(node) : undefined);
  if (!items) return 'unknown';
  let answer: Answer = 'no';
  for (const item of items) {
    const one = namesTarget(template, item, target, nameKey);
    if (one === 'yes') return 'yes';
    if (one === 'unknown') answer = 'unknown';
  }
  return answer;
}

/** The template resource a name or `Ref` in a user's `Groups` means, or undefined when it cannot be told. */
export function groupOf(template: Template, node: Node): Resource | undefined {
  const ref = intrinsicName(node) === 'Ref' ? refName(node) : undefined;
  if (ref !== undefined) {
    const resource = template.byId.get(ref);
    return resource?.type === 'AWS::IAM::Group' ? resource : undefined;
  }
  const written = literal(node);
  if (!written) return undefined;
  const groups = template.resources.filter((r) => r.type === 'AWS::IAM::Group');
  // A literal name could also be an intrinsic-named group of the template: then it cannot be told.
  if (groups.some((g) => get(g.properties, 'GroupName') && asString(get(g.properties, 'GroupName')) === undefined)) return undefined;
  return groups.find((g) => asString(get(g.properties, 'GroupName')) === String(written.value));
}

const ADMIN_ARN = /^arn:aws(-[a-z]+)*:iam::aws:policy\/AdministratorAccess$/;

/** The text of a `Fn::Sub` string, `${AWS::Partition}` read as any partition. */
function subArn(node: Node): string | undefined {
  const arg = intrinsicArg(node);
  const text = arg?.kind === 'seq' ? arg.items[0] : arg;
  if (!text || text.kind !== 'scalar' || typeof text.value !== 'string') return undefined;
  // A variable map (`!Sub [text, {…}]`) may redefine names: only a plain Sub is read.
  if (arg?.kind === 'seq' && arg.items.length > 1 && asMap(arg.items[1]!)?.pairs.length) return undefined;
  return text.value.replace(/\$\{AWS::Partition\}/g, 'aws');
}

/** The text of a `Fn::Join` of literals and `!Ref AWS::Partition`. */
function joinArn(node: Node): string | undefined {
  const arg = intrinsicArg(node);
  if (arg?.kind !== 'seq' || arg.items.length !== 2) return undefined;
  const [delimiter, parts] = arg.items;
  const sep = literal(delimiter);
  if (!sep || parts?.kind !== 'seq' || parts.tag) return undefined;
  const out: string[] = [];
  for (const part of parts.items) {
    const text = literal(part);
    if (text) out.push(String(text.value));
    else if (intrinsicName(part) === 'Ref' && refName(part) === 'AWS::Partition') out.push('aws');
    else return undefined;
  }
  return out.join(String(sep.value));
}

/** A `ManagedPolicyArns` item as text, partitions read as `aws`; undefined when not readable. */
function arnText(node: Node): string | undefined {
  const name = intrinsicName(node);
  return !name ? asString(node) : name === 'Fn::Sub' ? subArn(node) : name === 'Fn::Join' ? joinArn(node) : undefined;
}

/** True when a `ManagedPolicyArns` item is the AWS managed AdministratorAccess policy. */
export function isAdministratorAccess(node: Node): boolean {
  const text = arnText(node);
  return text !== undefined && ADMIN_ARN.test(text);
}

const AWS_MANAGED_ARN = /^arn:aws(-[a-z]+)*:iam::aws:policy\//;

/**
 * True when a `ManagedPolicyArns` item is an AWS managed policy. AWS managed policies grant
 * permissions for jobs and services; none of them denies access without MFA, so such an
 * attachment is known not to enforce MFA, unlike a customer policy from another stack.
 */
export function isAwsManagedPolicy(node: Node): boolean {
  const text = arnText(node);
  return text !== undefined && AWS_MANAGED_ARN.test(text);
}
