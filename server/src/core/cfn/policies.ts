// Every IAM policy document in a template: which resource holds it, where it is written, and what
// kind it is: an identity policy (what a user, group or role may do), a role's trust policy (who
// may assume it) or a resource policy (who may use a bucket, key, queue…).
//
// Policy properties are of CloudFormation's `Json` type, which also takes the document as a JSON
// string. Such a string is parsed: its statements are read like any other, but their offsets are
// inside the string's value, so `embedded` is set and findings sit on the whole string instead.
import { contentEnd, type OffsetRange } from '../text';
import { asMap, asString, get, getPair, type MapNode, type Node, type Pair } from './model';
import { isJsonText, parseText } from './parse';
import { knownStatements, type Statement } from './policy';
import { ifBranches, intrinsicName, isNoValue, type Resource, type Template } from './template';

export type PolicyKind = 'identity' | 'trust' | 'resource';

export interface PolicyDocument {
  readonly kind: PolicyKind;
  /** The resource that holds the document. */
  readonly resource: Resource;
  /** Where it is below `Properties`, for messages: `PolicyDocument`, `Policies[1].PolicyDocument`. */
  readonly location: string;
  /** The inline policy's `PolicyName`, when written as a literal. */
  readonly name?: string;
  /** The property pair nearest to the document (`PolicyDocument`, `KeyPolicy`, or `Policies` for an unreadable list). */
  readonly pair: Pair;
  /** The value as written: the document's map, its JSON string, or the intrinsic that hides it. */
  readonly node: Node;
  /** The document, when it can be read: written as a map, or parsed from a JSON string. */
  readonly document: MapNode | undefined;
  /** True when the document was parsed from a JSON string (its nodes' offsets are not the template's). */
  readonly embedded: boolean;
  /** True when the document is reached through one branch of an `Fn::If`, so it may not be deployed. */
  readonly conditional: boolean;
  /** The statements, or undefined when an intrinsic hides the document, its list or any statement. */
  readonly statements: readonly Statement[] | undefined;
}

interface Place {
  /** The property path below `Properties`; more than one key for a document nested in a property. */
  readonly path: readonly string[];
  readonly kind: PolicyKind;
  /** True for a list of inline policies, each `{PolicyName, PolicyDocument}`. */
  readonly inline?: true;
}

const identity = (...path: string[]): Place => ({ path, kind: 'identity' });
const resourcePolicy = (...path: string[]): Place => ({ path, kind: 'resource' });
const INLINE: Place = { path: ['Policies'], kind: 'identity', inline: true };

/**
 * The places covered. IAM: all of them. Resource policies: the common services; others (IoT
 * policies, Lambda permissions, EventBridge bus statements) are not IAM documents or are not read.
 */
export const POLICY_PLACES: ReadonlyMap<string, readonly Place[]> = new Map<string, readonly Place[]>([
  ['AWS::IAM::Role', [{ path: ['AssumeRolePolicyDocument'], kind: 'trust' }, INLINE]],
  ['AWS::IAM::User', [INLINE]],
  ['AWS::IAM::Group', [INLINE]],
  ['AWS::IAM::ManagedPolicy', [identity('PolicyDocument')]],
  ['AWS::IAM::Policy', [identity('PolicyDocument')]],
  ['AWS::IAM::RolePolicy', [identity('PolicyDocument')]],
  ['AWS::IAM::UserPolicy', [identity('PolicyDocument')]],
  ['AWS::IAM::GroupPolicy', [identity('PolicyDocument')]],
  ['AWS::S3::BucketPolicy', [resourcePolicy('PolicyDocument')]],
  ['AWS::S3::AccessPoint', [resourcePolicy('Policy')]],
  ['AWS::S3::MultiRegionAccessPointPolicy', [resourcePolicy('Policy')]],
  ['AWS::EC2::VPCEndpoint', [resourcePolicy('PolicyDocument')]],
  ['AWS::SNS::TopicPolicy', [resourcePolicy('PolicyDocument')]],
  ['AWS::SNS::TopicInlinePolicy', [resourcePolicy('PolicyDocument')]],
  ['AWS::SQS::QueuePolicy', [resourcePolicy('PolicyDocument')]],
  ['AWS::SQS::QueueInlinePolicy', [resourcePolicy('PolicyDocument')]],
  ['AWS::KMS::Key', [resourcePolicy('KeyPolicy')]],
  ['AWS::KMS::ReplicaKey', [resourcePolicy('KeyPolicy')]],
  ['AWS::SecretsManager::ResourcePolicy', [resourcePolicy('ResourcePolicy')]],
  ['AWS::ECR::Repository', [resourcePolicy('RepositoryPolicyText')]],
  ['AWS::Logs::ResourcePolicy', [resourcePolicy('PolicyDocument')]],
  ['AWS::OpenSearchService::Domain', [resourcePolicy('AccessPolicies')]],
  ['AWS::Elasticsearch::Domain', [resourcePolicy('AccessPolicies')]],
  ['AWS::EFS::FileSystem', [resourcePolicy('FileSystemPolicy')]],
  ['AWS::Backup::BackupVault', [resourcePolicy('AccessPolicy')]],
  ['AWS::ApiGateway::RestApi', [resourcePolicy('Policy')]],
  ['AWS::DynamoDB::Table', [resourcePolicy('ResourcePolicy', 'PolicyDocument')]],
  ['AWS::Kinesis::ResourcePolicy', [resourcePolicy('ResourcePolicy')]],
  ['AWS::CodeArtifact::Domain', [resourcePolicy('PermissionsPolicyDocument')]],
  ['AWS::CodeArtifact::Repository', [resourcePolicy('PermissionsPolicyDocument')]],
]);

/** Calls `visit` with each value `node` may take: both branches of `Fn::If`, none for `AWS::NoValue`. */
function eachBranch(node: Node | null | undefined, conditional: boolean, visit: (value: Node, conditional: boolean) => void): void {
  if (!node || isNoValue(node)) return;
  if (node.kind === 'scalar' && !node.tag && node.value === null) return;
  const branches = ifBranches(node);
  if (branches) for (const branch of branches) eachBranch(branch, true, visit);
  else visit(node, conditional);
}

/** A JSON string's document, or undefined when the string is not a JSON object. */
function parseEmbedded(node: Node): MapNode | undefined {
  if (node.kind !== 'scalar' || node.tag || typeof node.value !== 'string' || !isJsonText(node.value)) return undefined;
  const parsed = parseText(node.value);
  return parsed.error ? undefined : asMap(parsed.root);
}

interface Site {
  readonly resource: Resource;
  readonly kind: PolicyKind;
  readonly location: string;
  readonly pair: Pair;
  readonly name?: string;
}

function documentAt(site: Site, node: Node, conditional: boolean): PolicyDocument {
  const plain = intrinsicName(node) ? undefined : asMap(node);
  const embedded = plain ? undefined : parseEmbedded(node);
  const document = plain ?? embedded;
  return {
    ...site,
    node,
    document,
    embedded: embedded !== undefined,
    conditional,
    // knownStatements treats a one-key `Ref`/`Fn::` map as the intrinsic it is: unknown.
    statements: document ? knownStatements(document) : undefined,
  };
}

function readInlineList(site: Site, out: PolicyDocument[]): void {
  eachBranch(site.pair.value, false, (list, conditional) => {
    if (list.kind !== 'seq' || list.tag) {
      out.push(documentAt(site, list, conditional));
      return;
    }
    list.items.forEach((item, index) => {
      eachBranch(item, conditional, (policy, itemConditional) => {
        const location = `Policies[${index}]`;
        const map = asMap(policy);
        if (!map) {
          out.push(documentAt({ ...site, location }, policy, itemConditional));
          return;
        }
        const docPair = getPair(map, 'PolicyDocument');
        if (!docPair) return;
        const name = asString(get(map, 'PolicyName'));
        const inner: Site = { ...site, location: `${location}.PolicyDocument`, pair: docPair, ...(name !== undefined ? { name } : {}) };
        eachBranch(docPair.value, itemConditional, (doc, docConditional) => out.push(documentAt(inner, doc, docConditional)));
      });
    });
  });
}

function readPlace(resource: Resource, place: Place, out: PolicyDocument[]): void {
  const location = place.path.join('.');
  // Properties written as an intrinsic hide every document of the resource.
  if (resource.propertiesPair?.value && !resource.properties && !isNoValue(resource.propertiesPair.value)) {
    out.push(documentAt({ resource, kind: place.kind, location, pair: resource.propertiesPair }, resource.propertiesPair.value, false));
    return;
  }
  let map = resource.properties;
  for (let i = 0; i < place.path.length; i++) {
    const pair = getPair(map, place.path[i]!);
    if (!pair?.value || isNoValue(pair.value)) return;
    const site: Site = { resource, kind: place.kind, location, pair };
    if (i === place.path.length - 1) {
      if (place.inline) readInlineList(site, out);
      else eachBranch(pair.value, false, (doc, conditional) => out.push(documentAt(site, doc, conditional)));
      return;
    }
    map = asMap(pair.value);
    if (!map) {
      out.push(documentAt(site, pair.value, false));
      return;
    }
  }
}

const cache = new WeakMap<Template, readonly PolicyDocument[]>();

/** Every policy document of the template, in template order; found once per template. */
export function policyDocuments(template: Template): readonly PolicyDocument[] {
  let found = cache.get(template);
  if (!found) {
    const out: PolicyDocument[] = [];
    for (const resource of template.resources) {
      for (const place of POLICY_PLACES.get(resource.type) ?? []) readPlace(resource, place, out);
    }
    found = out;
    cache.set(template, found);
  }
  return found;
}

/** The documents by the resource holding them, grouped once per template. */
const byResource = new WeakMap<Template, Map<Resource, PolicyDocument[]>>();

/** The documents a resource holds. */
export function documentsOf(template: Template, resource: Resource): PolicyDocument[] {
  let index = byResource.get(template);
  if (!index) {
    index = new Map();
    for (const doc of policyDocuments(template)) {
      const list = index.get(doc.resource);
      if (list) list.push(doc);
      else index.set(doc.resource, [doc]);
    }
    byResource.set(template, index);
  }
  return [...(index.get(resource) ?? [])];
}

/** From a pair's key to the end of its value. */
function pairSpan(text: string, pair: Pair): OffsetRange {
  return { start: pair.keyStart, end: pair.value ? contentEnd(text, pair.value.end, pair.value.start) : pair.keyEnd };
}

/**
 * Where a finding about `key` of a statement sits: that key and its value; the whole JSON string
 * for an embedded document, whose inner offsets do not point into the template.
 */
export function statementKeyRange(text: string, doc: PolicyDocument, statement: Statement, key: string): OffsetRange {
  if (doc.embedded) return pairSpan(text, doc.pair);
  const pair = getPair(statement.node, key);
  return pair ? pairSpan(text, pair) : { start: statement.node.start, end: contentEnd(text, statement.node.end, statement.node.start) };
}
