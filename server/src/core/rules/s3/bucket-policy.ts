// Reading `AWS::S3::BucketPolicy` resources for the bucket rules: which policies apply to a bucket
// (certainly, or possibly when the policy names its bucket through something the engine cannot
// resolve), and what their statements allow or deny, with "unknown" wherever an intrinsic hides it.
import { asMap, asString, get, getPair, type Node } from '../../cfn/model';
import { deniesWhenFalse, knownStatements, stringList, type Statement } from '../../cfn/policy';
import { intrinsicArg, refName } from '../../cfn/refs';
import { intrinsicName, type Resource, type Template } from '../../cfn/template';

export const BUCKET_POLICY = 'AWS::S3::BucketPolicy';

export type Answer = 'yes' | 'no' | 'unknown';

/** True when any scalar below `node` names `logicalId` (`!Ref B`, `!GetAtt B.Arn`, `${B}`, `${B.Arn}`). */
function mentions(node: Node | null | undefined, logicalId: string): boolean {
  if (!node) return false;
  if (node.kind === 'scalar') {
    const s = node.value === null ? '' : String(node.value);
    return s === logicalId || s.startsWith(`${logicalId}.`) || s.includes(`\${${logicalId}}`) || s.includes(`\${${logicalId}.`);
  }
  if (node.kind === 'seq') return node.items.some((item) => mentions(item, logicalId));
  return node.pairs.some((pair) => mentions(pair.value, logicalId));
}

/**
 * Whether `policy` applies to `bucket`: `yes` for a `Ref`/`GetAtt` to it or its literal name,
 * `no` for another resource or a name it cannot have, `unknown` when the bucket is named through
 * something unresolvable (a parameter, an import, `Fn::If`) that could evaluate to this bucket.
 * A bucket without `BucketName` gets a generated name nobody can know before the stack exists, so
 * only an expression that mentions its logical id can reach it.
 */
export function policyTarget(template: Template, policy: Resource, bucket: Resource): Answer {
  if (policy.propertiesPair && !policy.properties) return 'unknown';
  const node = get(policy.properties, 'Bucket');
  if (!node) return 'no';
  const bucketName = get(bucket.properties, 'BucketName') ?? null;
  const literal = asString(node);
  if (literal !== undefined) {
    if (literal === asString(bucketName)) return 'yes';
    return bucketName && intrinsicName(bucketName) ? 'unknown' : 'no';
  }
  const name = refName(node);
  if (name !== undefined && template.byId.has(name)) return name === bucket.logicalId ? 'yes' : 'no';
  if (mentions(node, bucket.logicalId)) return 'unknown';
  return bucketName ? 'unknown' : 'no';
}

export interface BucketPolicies {
  /** Policies that certainly apply to the bucket. */
  readonly definite: readonly Resource[];
  /** Policies that might: their `Bucket` cannot be resolved and could be this bucket. */
  readonly possible: readonly Resource[];
}

/**
 * Bucket policies per template, sorted once by how they name their bucket, so that asking for
 * every bucket's policies costs the policies that concern it, not every policy for every bucket
 * (policyTarget, case by case).
 */
interface PolicyIndex {
  /** By the logical id their `Bucket` refers to (a `Ref`/`GetAtt` to a resource of the template). */
  readonly byRef: ReadonlyMap<string, readonly Resource[]>;
  /** By the literal name their `Bucket` is; all of them in `literal`. */
  readonly byName: ReadonlyMap<string, readonly Resource[]>;
  readonly literal: readonly Resource[];
  /** Properties hidden behind an intrinsic: they may apply to any bucket. */
  readonly hidden: readonly Resource[];
  /** Named through something unresolvable: decided per bucket. */
  readonly other: readonly Resource[];
}

const policyIndex = new WeakMap<Template, PolicyIndex>();

function push(map: Map<string, Resource[]>, key: string, resource: Resource): void {
  const list = map.get(key);
  if (list) list.push(resource);
  else map.set(key, [resource]);
}

function bucketPolicies(template: Template): PolicyIndex {
  let found = policyIndex.get(template);
  if (!found) {
    const byRef = new Map<string, Resource[]>();
    const byName = new Map<string, Resource[]>();
    const literal: Resource[] = [];
    const hidden: Resource[] = [];
    const other: Resource[] = [];
    for (const policy of template.resources) {
      if (policy.type !== BUCKET_POLICY) continue;
      if (policy.propertiesPair && !policy.properties) {
        hidden.push(policy);
        continue;
      }
      const node = get(policy.properties, 'Bucket');
      if (!node) continue;
      const name = asString(node);
      const ref = name === undefined ? refName(node) : undefined;
      if (name !== undefined) {
        push(byName, name, policy);
        literal.push(policy);
      } else if (ref !== undefined && template.byId.has(ref)) push(byRef, ref, policy);
      else other.push(policy);
    }
    found = { byRef, byName, literal, hidden, other };
    policyIndex.set(template, found);
  }
  return found;
}

/**
 * Entries under `Resources` whose `Type` is written but not a plain string, such as a Rain module
 * (`Type: !Rain::Module "bucket-policy.yaml"`): readTemplate leaves them out, and what they create
 * is unknown. They carry no `properties`, so their statements read as unknown.
 */
const opaqueIndex = new WeakMap<Template, readonly Resource[]>();

function opaqueEntries(template: Template): readonly Resource[] {
  let found = opaqueIndex.get(template);
  if (!found) {
    const { text } = template.doc;
    const entries: Resource[] = [];
    for (const pair of asMap(get(template.root, 'Resources'))?.pairs ?? []) {
      const node = asMap(pair.value);
      const type = get(node, 'Type');
      if (!node || !type || asString(type) !== undefined) continue;
      entries.push({ logicalId: pair.key, idStart: pair.keyStart, idEnd: pair.keyEnd, node, type: text.slice(type.start, type.end) });
    }
    found = entries;
    opaqueIndex.set(template, found);
  }
  return found;
}

/** The text a bucket's `BucketName` is written as: a literal, or the string of a `Fn::Sub`. */
function bucketNameText(bucket: Resource): string | undefined {
  const node = get(bucket.properties, 'BucketName');
  if (!node) return undefined;
  const name = intrinsicName(node);
  const arg = name === 'Fn::Sub' ? intrinsicArg(node) : name ? null : node;
  const value = arg?.kind === 'scalar' && arg.value !== null ? String(arg.value) : undefined;
  return value === '' ? undefined : value;
}

/** True when any scalar below `node` contains `text`. */
function contains(node: Node | null | undefined, text: string): boolean {
  if (!node) return false;
  if (node.kind === 'scalar') return node.value !== null && String(node.value).includes(text);
  if (node.kind === 'seq') return node.items.some((item) => contains(item, text));
  return node.pairs.some((pair) => contains(pair.value, text));
}

/** Whether an opaque entry may attach a policy to `bucket`: it names the bucket's logical id or its name as written. */
function mayReach(entry: Resource, bucket: Resource): boolean {
  if (mentions(entry.node, bucket.logicalId)) return true;
  const name = bucketNameText(bucket);
  return name !== undefined && contains(entry.node, name);
}

function inTextOrder(resources: Resource[]): Resource[] {
  return resources.sort((a, b) => a.idStart - b.idStart);
}

/** The policies that apply to `bucket`, as policyTarget decides, from the template's index. */
export function policiesOf(template: Template, bucket: Resource): BucketPolicies {
  const index = bucketPolicies(template);
  const bucketName = get(bucket.properties, 'BucketName') ?? null;
  const name = asString(bucketName);
  const definite = [...(index.byRef.get(bucket.logicalId) ?? []), ...(name !== undefined ? (index.byName.get(name) ?? []) : [])];
  const possible = [...index.hidden];
  if (bucketName && intrinsicName(bucketName)) for (const policy of index.literal) possible.push(policy);
  for (const policy of index.other) if (policyTarget(template, policy, bucket) === 'unknown') possible.push(policy);
  inTextOrder(definite);
  inTextOrder(possible);
  for (const entry of opaqueEntries(template)) if (mayReach(entry, bucket)) possible.push(entry);
  return { definite, possible };
}

/** The statements of a policy resource, or undefined when an intrinsic hides the document or any statement. */
export function policyStatements(policy: Resource): readonly Statement[] | undefined {
  if (!policy.properties) return undefined;
  return knownStatements(get(policy.properties, 'PolicyDocument'));
}

/** The statement's `Effect` as written, or undefined when an intrinsic decides it. */
function effectOf(statement: Statement): string | null | undefined {
  const node = get(statement.node, 'Effect');
  if (!node) return null;
  return intrinsicName(node) ? undefined : (asString(node) ?? null);
}

/** True when the Principal is everyone: `"*"` or `{AWS: "*"}` (also inside a list); unknown behind an intrinsic. */
function everyonePrincipal(node: Node | null | undefined): Answer {
  if (!node) return 'no';
  if (intrinsicName(node)) return 'unknown';
  const plain = asString(node);
  if (plain !== undefined) return plain === '*' ? 'yes' : 'no';
  const aws = getPair(asMap(node), 'AWS')?.value;
  if (!aws) return asMap(node) ? 'no' : 'unknown';
  const values = stringList(aws);
  if (!values) return 'unknown';
  return values.includes('*') ? 'yes' : 'no';
}

/**
 * Condition keys that do not narrow who may act: transport and time tests, and request headers
 * that any caller can set to whatever it likes. A condition made only of these leaves a statement
 * open to everyone.
 */
const NOT_RESTRICTING = new Set(['aws:securetransport', 's3:tlsversion', 'aws:currenttime', 'aws:epochtime', 'aws:referer', 'aws:useragent']);

/** `no` when the statement has a condition that narrows its callers, `unknown` behind an intrinsic. */
function unrestricted(statement: Statement): Answer {
  const pair = getPair(statement.node, 'Condition');
  if (!pair?.value) return 'yes';
  const condition = asMap(pair.value);
  if (!condition || intrinsicName(condition)) return 'unknown';
  for (const operator of condition.pairs) {
    const tests = asMap(operator.value);
    if (!tests || intrinsicName(tests)) return 'unknown';
    if (tests.pairs.some((test) => !NOT_RESTRICTING.has(test.key.toLowerCase()))) return 'no';
  }
  return 'yes';
}

/** Whether a statement allows everyone, with no condition that narrows who. */
export function publicAllow(statement: Statement): Answer {
  const effect = effectOf(statement);
  if (effect === undefined) return 'unknown';
  if (effect !== 'Allow') return 'no';
  const principal = everyonePrincipal(get(statement.node, 'Principal'));
  if (principal !== 'yes') return principal;
  return unrestricted(statement);
}

/** Whether a statement denies requests made without TLS (`aws:SecureTransport` false). */
export function deniesInsecureTransport(statement: Statement): Answer {
  return deniesWhenFalse(statement, 'aws:securetransport');
}

/** Whether any policy that may apply to the bucket could allow everyone. */
export function mayHavePublicPolicy(template: Template, bucket: Resource): boolean {
  const { definite, possible } = policiesOf(template, bucket);
  return [...definite, ...possible].some((policy) => {
    const list = policyStatements(policy);
    return list === undefined || list.some((s) => publicAllow(s) !== 'no');
  });
}
