// One walk of a template's resources against the resource-type index, shared by the five schema
// rules: each asks for the template's findings and keeps its own, so the walk runs once per
// analysis however many of them are on. What cannot be seen is never wrong: an intrinsic stands
// for a value we do not know, `Fn::If` is followed into both branches, and `AWS::NoValue` is a
// property not written.
import { attribute, propertyTypeSchema, resourceSchema, resourceTypeNames, type SchemaObject, type SchemaType } from '../../cfn-spec';
import { replaceScalar } from '../../cfn/edit';
import { asString, get, getPair, type MapNode, type Node, type Pair, type ScalarNode } from '../../cfn/model';
import { ifBranches, intrinsicName, isNoValue, type Resource, type Template } from '../../cfn/template';
import { contentEnd } from '../../text';
import type { CheckFinding, Fix } from '../types';
import { nearestNames } from './suggest';

export type SchemaRuleId =
  | 'cfn-schema-unknown-type'
  | 'cfn-schema-unknown-property'
  | 'cfn-schema-required-missing'
  | 'cfn-schema-wrong-type'
  | 'cfn-schema-value-not-allowed';

export type SchemaFindings = Readonly<Record<SchemaRuleId, readonly CheckFinding[]>>;

/** What the docs of every schema rule say about the templates they leave alone. */
export const SCHEMA_SCOPE =
  'Templates with a `Transform` other than SAM (`AWS::Serverless-2016-10-31`), or with a macro (`Fn::Transform`, `AWS::Include`) anywhere, are not ' +
  'checked, since what CloudFormation deploys is what the transform returns; nor are SAM resources (`AWS::Serverless::*`), custom resources, ' +
  'types outside the `AWS::` and `Alexa::` namespaces (or the CDK’s `AWS::CDK::Metadata`), or resources an `Fn::ForEach` loop generates.';

const SAM_TRANSFORM = /^AWS::Serverless-\d{4}-\d{2}-\d{2}$/;

/** Deeper than any property type nests (recursive ones such as WAF statements included). */
const MAX_DEPTH = 64;
/** "Did you mean" lookups per template: past these, findings come without a suggestion. */
const MAX_SUGGESTIONS = 200;
/** Values in a "use one of" list before it is cut short. */
const MAX_LISTED = 8;

/** CloudFormation's intrinsic functions and condition functions, written as keys. */
const INTRINSICS: ReadonlySet<string> = new Set(
  ['Ref', 'Fn::And', 'Fn::Base64', 'Fn::Cidr', 'Fn::Equals', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::If', 'Fn::ImportValue', 'Fn::Join', 'Fn::Length', 'Fn::Not', 'Fn::Or', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::ToJsonString'],
);

/**
 * Object properties that `aws cloudformation package` (and `sam package`) accept as a local path
 * and rewrite into the object before deployment: a string there is a path, not a wrong type.
 */
const PACKAGED: ReadonlySet<string> = new Set([
  'AWS::Lambda::Function Code',
  'AWS::Lambda::LayerVersion Content',
  'AWS::ApiGateway::RestApi BodyS3Location',
  'AWS::ApiGatewayV2::Api BodyS3Location',
  'AWS::ElasticBeanstalk::ApplicationVersion SourceBundle',
  'AWS::StepFunctions::StateMachine DefinitionS3Location',
  'AWS::CodeCommit::Repository Code.S3',
]);

const results = new WeakMap<Template, SchemaFindings>();

/** The schema findings of a template, worked out on the first rule's call and kept for the others. */
export function schemaFindings(template: Template): SchemaFindings {
  let found = results.get(template);
  if (!found) {
    const walker = new Walker(template);
    if (schemaCheckable(template)) {
      // A template is user input: whatever it holds, the rules report what they found so far
      // rather than fail the whole analysis.
      try {
        for (const resource of template.resources) walker.resource(resource);
      } catch {
        // Findings up to the failure stand.
      }
    }
    found = walker.out;
    results.set(template, found);
  }
  return found;
}

/** False for templates a transform or macro rewrites before CloudFormation reads them (see SCHEMA_SCOPE). */
export function schemaCheckable(template: Template): boolean {
  const transform = getPair(template.root, 'Transform');
  if (transform) {
    const value = transform.value;
    const names = value?.kind === 'seq' && !value.tag ? value.items.map(asString) : [asString(value)];
    if (!names.every((name) => name !== undefined && SAM_TRANSFORM.test(name))) return false;
  }
  return !hasMacro(template);
}

/** `Fn::Transform` (long or short form) anywhere; `AWS::Include` is only ever called through it or `Transform`. */
function hasMacro(template: Template): boolean {
  // Most templates never name it: the text says so without a walk.
  if (!/Fn::Transform|!Transform\b/.test(template.doc.text)) return false;
  // Aliases share nodes: each is looked at once, so an alias bomb costs its size, not its expansion.
  const seen = new Set<Node>();
  const stack: Node[] = [template.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.tag === 'Transform') return true;
    if (node.kind === 'seq') stack.push(...node.items);
    else if (node.kind === 'map') {
      for (const pair of node.pairs) {
        if (pair.key === 'Fn::Transform') return true;
        if (pair.value) stack.push(pair.value);
      }
    }
  }
  return false;
}

/**
 * A value not written: none, or a null (`~`, `null`, nothing), which CloudFormation drops. An alias
 * (`*name`) is a null in the model too, which does not resolve aliases (see the parser), but it
 * stands for its anchor's value, which `aws cloudformation package` and `sam` write in its place
 * (CloudFormation itself refuses aliases): a value not seen, not a property missing.
 */
function notWritten(text: string, node: Node | null | undefined): boolean {
  return !node || (node.kind === 'scalar' && !node.tag && node.value === null && text.charCodeAt(node.start) !== 42 /* * */);
}

/** Types the schema checks leave alone: SAM's (its transform defines them), custom resources, registry types. */
function unchecked(type: string): boolean {
  // `AWS::CDK::Metadata` is the CDK's own marker, which CloudFormation accepts without a schema.
  return !/^(AWS|Alexa)::/.test(type) || type.startsWith('AWS::Serverless::') || type === 'AWS::CloudFormation::CustomResource' || type === 'AWS::CDK::Metadata';
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Whether a scalar can be the primitive: CloudFormation reads numbers and booleans from strings, and anything as a string. */
function fitsPrimitive(node: ScalarNode, name: 'string' | 'integer' | 'number' | 'boolean'): boolean {
  const value = node.value;
  switch (name) {
    case 'string':
      return true;
    case 'integer':
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && NUMBER.test(value.trim()));
    case 'boolean':
      if (typeof value === 'boolean') return true;
      if (typeof value !== 'string') return false;
      // YAML 1.1 readers (CloudFormation's among them) take a plain yes/no/on/off as a boolean.
      return /^(true|false)$/i.test(value) || (node.style === 'plain' && /^(yes|no|on|off)$/i.test(value));
  }
}

/** The type as the message names what is expected. */
function expected(type: SchemaType): string {
  switch (type.kind) {
    case 'primitive':
      return { string: 'a string', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`' }[type.name];
    case 'list':
      return 'a list';
    case 'map':
      return 'a map of names to values';
    case 'object':
      return `a map of ${type.name} properties`;
    case 'union':
      return [...new Set(type.members.map(expected))].join(' or ');
    case 'json':
      return 'any value';
  }
}

function shown(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The value as the message names what was found. */
function actual(node: Node): string {
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a map';
  return `\`${shown(String(node.value))}\``;
}

/** The key text for `name`, quoted as `original` was, so a changed key keeps the document's style. */
function keyLike(original: string, name: string): string {
  if (original.startsWith('"')) return JSON.stringify(name);
  if (original.startsWith("'")) return `'${name}'`;
  return name;
}

function listed(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** `a`, `b` or `c`, cut short after MAX_LISTED values. */
function oneOf(values: readonly string[]): string {
  const quoted = values.slice(0, MAX_LISTED).map((v) => `\`${shown(v)}\``);
  if (values.length > MAX_LISTED) return `one of ${quoted.join(', ')}… (${values.length} values)`;
  return quoted.length === 1 ? quoted[0]! : `one of ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** Suggested type names per misspelt one, kept across analyses (a person types the same name for a while). */
const typeSuggestions = new Map<string, string[]>();
const MAX_TYPE_SUGGESTIONS_KEPT = 500;

function suggestTypes(name: string): string[] {
  let found = typeSuggestions.get(name);
  if (!found) {
    found = nearestNames(name, resourceTypeNames());
    if (typeSuggestions.size >= MAX_TYPE_SUGGESTIONS_KEPT) typeSuggestions.clear();
    typeSuggestions.set(name, found);
  }
  return found;
}

class Walker {
  readonly out: Record<SchemaRuleId, CheckFinding[]> = {
    'cfn-schema-unknown-type': [],
    'cfn-schema-unknown-property': [],
    'cfn-schema-required-missing': [],
    'cfn-schema-wrong-type': [],
    'cfn-schema-value-not-allowed': [],
  };
  /** Nodes visited at most: an alias bomb shares nodes, and a tree without aliases has fewer nodes than characters. */
  private budget: number;
  private suggestionsLeft = MAX_SUGGESTIONS;
  /** The keys (and list indexes) from `Properties` down to the value being checked; rendered only for a finding. */
  private readonly path: Array<string | number> = [];
  private current!: Resource;

  constructor(private readonly template: Template) {
    this.budget = template.doc.text.length + 1000;
  }

  resource(resource: Resource): void {
    if (unchecked(resource.type)) return;
    const schema = resourceSchema(resource.type);
    this.current = resource;
    if (!schema) {
      this.unknownType(resource);
      return;
    }
    this.path.length = 0;
    const pair = resource.propertiesPair;
    const value = pair?.value;
    if (!pair || !value || notWritten(this.template.doc.text, value)) {
      if (schema.required.length > 0) this.missing(schema.required, resource.idStart, resource.idEnd);
      return;
    }
    this.properties(value, schema, pair.keyStart, pair.keyEnd);
  }

  private unknownType(resource: Resource): void {
    const node = get(resource.node, 'Type');
    if (!node || node.kind !== 'scalar') return;
    const suggestions = this.suggestionsLeft-- > 0 ? suggestTypes(resource.type) : [];
    const { doc } = this.template;
    const fixes = suggestions.map(
      (name): Fix => ({ title: `Change the type to ${name}`, safety: 'unsafe', edits: () => (node.style === 'block' ? null : [replaceScalar(doc, node, name)]) }),
    );
    const advice = suggestions.length > 0 ? `did you mean \`${suggestions[0]}\`?` : 'correct the name (a type newer than this extension’s index is reported too).';
    this.report('cfn-schema-unknown-type', node.start, node.end, `\`${shown(resource.type, 80)}\` is not a CloudFormation resource type; ${advice}`, fixes);
  }

  /**
   * `Properties`: a map of the resource type's properties. When it is an `Fn::If`, each branch is
   * checked but for required properties: what a branch leaves out may be what its condition means.
   */
  private properties(node: Node, schema: SchemaObject, anchorStart: number, anchorEnd: number): void {
    const branches = ifBranches(node);
    if (branches) {
      for (const branch of branches) if (branch && branch.kind === 'map' && !intrinsicName(branch)) this.object(branch, schema, anchorStart, anchorEnd, 1, false);
      return;
    }
    // An intrinsic, or an alias (a null of the model once a written null is dealt with), is not seen.
    if (intrinsicName(node) || (node.kind === 'scalar' && node.value === null)) return;
    if (node.kind !== 'map') this.wrongType(node, { kind: 'object', name: schema.name }, 'a map of properties');
    else this.object(node, schema, anchorStart, anchorEnd, 0, true);
  }

  private object(map: MapNode, schema: SchemaObject, anchorStart: number, anchorEnd: number, depth: number, checkRequired: boolean): void {
    if (--this.budget < 0 || depth > MAX_DEPTH) return;
    let keys: Set<string> | undefined;
    for (const pair of map.pairs) {
      const property = schema.properties.get(pair.key);
      if (!property) {
        keys ??= new Set(map.pairs.map((p) => p.key));
        this.unknownProperty(pair, schema, keys, map.pairs.length);
        continue;
      }
      if (!pair.value) continue;
      this.path.push(pair.key);
      this.value(pair.value, property.type, property.allowedValues, pair.keyStart, pair.keyEnd, depth + 1);
      this.path.pop();
    }
    if (checkRequired && schema.required.length > 0) this.required(map, schema, anchorStart, anchorEnd);
  }

  /**
   * Required properties not written, written without a value (CloudFormation drops a null), or
   * `AWS::NoValue`. Directly under `Properties` of a resource without a `Condition`, a required
   * property that an `Fn::If` branch sets to `AWS::NoValue` is reported too: that branch deploys
   * without it. (Under a condition of its own the branch may never be taken; that is not judged.)
   */
  private required(map: MapNode, schema: SchemaObject, anchorStart: number, anchorEnd: number): void {
    const missing: string[] = [];
    for (const name of schema.required) {
      const value = getPair(map, name)?.value;
      if (notWritten(this.template.doc.text, value) || isNoValue(value)) missing.push(name);
    }
    if (missing.length > 0) this.missing(missing, anchorStart, anchorEnd);
    if (this.path.length > 0 || getPair(this.current.node, 'Condition')) return;
    for (const name of schema.required) {
      const pair = getPair(map, name);
      const branches = ifBranches(pair?.value);
      if (!pair || !branches?.includes(null)) continue;
      const { logicalId, type } = this.current;
      this.report('cfn-schema-required-missing', pair.keyStart, pair.keyEnd, `${logicalId} (${type}) is without the required property \`${name}\` when its \`Fn::If\` takes the \`AWS::NoValue\` branch; give it a value in both branches.`, []);
    }
  }

  private value(node: Node, type: SchemaType, allowed: ReadonlySet<string> | undefined, anchorStart: number, anchorEnd: number, depth: number): void {
    if (--this.budget < 0 || depth > MAX_DEPTH) return;
    const branches = ifBranches(node);
    if (branches) {
      for (const branch of branches) if (branch) this.value(branch, type, allowed, anchorStart, anchorEnd, depth + 1);
      return;
    }
    if (intrinsicName(node) || (node.kind === 'scalar' && node.value === null)) return;
    switch (type.kind) {
      case 'json':
        return;
      case 'primitive':
        if (node.kind !== 'scalar' || !fitsPrimitive(node, type.name)) this.wrongType(node, type);
        else if (allowed) this.allowed(node, allowed);
        return;
      case 'list':
        if (node.kind !== 'seq') {
          this.wrongType(node, type);
          return;
        }
        for (let i = 0; i < node.items.length; i++) {
          const item = node.items[i]!;
          const first = item.kind === 'map' && !item.tag ? item.pairs[0] : undefined;
          this.path.push(i);
          this.value(item, type.item, allowed, item.start, first ? first.keyEnd : item.end, depth + 1);
          this.path.pop();
        }
        return;
      case 'map':
        if (node.kind !== 'map') {
          this.wrongType(node, type);
          return;
        }
        for (const pair of node.pairs) {
          if (!pair.value) continue;
          this.path.push(pair.key);
          this.value(pair.value, type.value, undefined, pair.keyStart, pair.keyEnd, depth + 1);
          this.path.pop();
        }
        return;
      case 'object': {
        // A name the resource type does not define is a gap of the index: anything fits.
        const schema = propertyTypeSchema(this.current.type, type.name);
        if (!schema) return;
        if (node.kind === 'scalar' && typeof node.value === 'string' && PACKAGED.has(`${this.current.type} ${this.label()}`)) return;
        if (node.kind !== 'map') this.wrongType(node, type);
        else this.object(node, schema, anchorStart, anchorEnd, depth + 1, true);
        return;
      }
      case 'union':
        this.union(node, type, allowed, anchorStart, anchorEnd, depth);
    }
  }

  /** A union fits when a member does; a map or list is checked further only when one member alone can hold it. */
  private union(node: Node, type: Extract<SchemaType, { kind: 'union' }>, allowed: ReadonlySet<string> | undefined, anchorStart: number, anchorEnd: number, depth: number): void {
    const { members } = type;
    if (members.some((m) => m.kind === 'json')) {
      // `list<X> | json` (DynamoDB's KeySchema) is a list of X or an object: a list is still checked as one.
      const lists = members.filter((m) => m.kind === 'list');
      if (node.kind === 'seq' && lists.length === 1) this.value(node, lists[0]!, allowed, anchorStart, anchorEnd, depth);
      return;
    }
    if (node.kind === 'scalar') {
      const fits = members.some((m) => m.kind === 'primitive' && fitsPrimitive(node, m.name));
      if (!fits) this.wrongType(node, type);
      else if (allowed) this.allowed(node, allowed);
      return;
    }
    const holders = members.filter((m) => (node.kind === 'seq' ? m.kind === 'list' : m.kind === 'map' || m.kind === 'object'));
    if (holders.length === 0) this.wrongType(node, type);
    else if (holders.length === 1) this.value(node, holders[0]!, allowed, anchorStart, anchorEnd, depth);
  }

  private unknownProperty(pair: Pair, schema: SchemaObject, keys: ReadonlySet<string>, siblings: number): void {
    if (pair.key === 'Ref' || pair.key.startsWith('Fn::')) {
      // Alone, it is an intrinsic (read before we get here); beside other keys CloudFormation reads
      // it as a property. Names of other tools' directives (`Fn::Rain::…`) are left to those tools.
      if (siblings > 1 && INTRINSICS.has(pair.key)) {
        const where = this.path.length === 0 ? `\`Properties\` of ${this.current.type}` : `\`${this.label()}\` in ${this.current.type}`;
        this.report('cfn-schema-unknown-property', pair.keyStart, pair.keyEnd, `\`${pair.key}\` beside other keys is read as a property of ${where}, which has none of that name; make it the only key of its map.`, []);
      }
      return;
    }
    // The resource's attributes are read-only properties of its registry schema: CloudFormation
    // does not refuse them everywhere, so they are not reported as unknown.
    if (this.path.length === 0 && attribute(this.current.type, pair.key)) return;
    const owner = this.path.length === 0 ? this.current.type : `\`${this.label()}\` in ${this.current.type}`;
    const candidates = this.suggestionsLeft-- > 0 ? [...schema.properties.keys()].filter((name) => !keys.has(name)) : [];
    const suggestions = nearestNames(pair.key, candidates);
    const original = this.template.doc.text.slice(pair.keyStart, pair.keyEnd);
    const fixes = suggestions.map(
      (name): Fix => ({ title: `Change to ${name}`, safety: 'unsafe', edits: () => [{ start: pair.keyStart, end: pair.keyEnd, newText: keyLike(original, name) }] }),
    );
    const advice = suggestions.length > 0 ? `did you mean \`${suggestions[0]}\`?` : 'remove it or correct its name.';
    this.report('cfn-schema-unknown-property', pair.keyStart, pair.keyEnd, `\`${shown(pair.key, 80)}\` is not a property of ${owner}; ${advice}`, fixes);
  }

  private missing(names: readonly string[], start: number, end: number): void {
    const { logicalId, type } = this.current;
    const owner = this.path.length === 0 ? `${logicalId} (${type})` : `\`${this.label()}\` in ${logicalId} (${type})`;
    const what = names.length === 1 ? `the required property ${listed(names)}; add it.` : `the required properties ${listed(names)}; add them.`;
    this.report('cfn-schema-required-missing', start, end, `${owner} is missing ${what}`, []);
  }

  private wrongType(node: Node, type: SchemaType, wanted = expected(type)): void {
    const where = this.path.length === 0 ? '`Properties`' : `\`${this.label()}\``;
    const end = node.kind === 'scalar' ? node.end : contentEnd(this.template.doc.text, node.end, node.start);
    this.report('cfn-schema-wrong-type', node.start, end, `${where} of ${this.current.type} must be ${wanted}, not ${actual(node)}.`, []);
  }

  private allowed(node: ScalarNode, allowed: ReadonlySet<string>): void {
    const value = String(node.value);
    if (allowed.has(value)) return;
    const lower = value.toLowerCase();
    let match: string | undefined;
    for (const candidate of allowed) {
      if (candidate.toLowerCase() === lower) {
        match = candidate;
        break;
      }
    }
    const label = `\`${this.label()}\` (${this.current.type})`;
    let message: string;
    let fixes: Fix[] = [];
    if (match !== undefined) {
      const to = match;
      message = `\`${shown(value)}\` is not an allowed value of ${label}; did you mean \`${to}\`?`;
      const { doc } = this.template;
      fixes = node.style === 'block' ? [] : [{ title: `Change to ${to}`, safety: 'unsafe', edits: () => [replaceScalar(doc, node, to)] }];
    } else {
      message = `\`${shown(value)}\` is not an allowed value of ${label}; use ${oneOf([...allowed])}.`;
    }
    this.report('cfn-schema-value-not-allowed', node.start, node.end, message, fixes);
  }

  private label(): string {
    let text = '';
    for (const part of this.path) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
    return shown(text, 120);
  }

  private report(ruleId: SchemaRuleId, start: number, end: number, message: string, fixes: readonly Fix[]): void {
    const [fix, ...alternatives] = fixes;
    this.out[ruleId].push({
      ruleId,
      start,
      end,
      message,
      resource: this.current.logicalId,
      ...(fix ? { fix } : {}),
      ...(alternatives.length > 0 ? { alternatives } : {}),
    });
  }
}
