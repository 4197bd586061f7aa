// A CloudFormation template over the parsed model: detection, resources by logical id, and
// three-valued reading of property values (an intrinsic we cannot resolve is "unknown").
import { asMap, asString, get, getPair, type MapNode, type Node, type Pair, type ScalarNode } from './model';
import type { ParsedDocument } from './parse';

export interface Resource {
  readonly logicalId: string;
  /** The logical id key, where findings about a missing property sit. */
  readonly idStart: number;
  readonly idEnd: number;
  readonly node: MapNode;
  readonly type: string;
  /** The `Properties` pair, if written. */
  readonly propertiesPair?: Pair;
  /** The `Properties` map when it is a plain map. */
  readonly properties?: MapNode;
}

export interface Template {
  readonly doc: ParsedDocument;
  readonly root: MapNode;
  readonly resources: readonly Resource[];
  readonly byId: ReadonlyMap<string, Resource>;
  /**
   * True when `Resources` holds `Fn::ForEach` loops (the `AWS::LanguageExtensions` transform):
   * the resources they generate are not read, so a rule that reports a resource for lacking
   * another one (a flow log, a bucket policy, a DNSSEC key) stays quiet: the loop may make it.
   */
  readonly generatesResources: boolean;
}

const SAM_TRANSFORM = /^AWS::Serverless-\d{4}-\d{2}-\d{2}$/;

/** True for the documents this engine analyses: the format version, or typed `AWS::` resources. */
export function isTemplateRoot(root: Node | null): root is MapNode {
  const map = asMap(root);
  if (!map) return false;
  if (getPair(map, 'AWSTemplateFormatVersion')) return true;
  const transform = get(map, 'Transform');
  if (asString(transform)?.match(SAM_TRANSFORM)) return true;
  const resources = asMap(get(map, 'Resources'));
  if (!resources) return false;
  return resources.pairs.some((p) => /^(AWS|Alexa)::/.test(asString(get(p.value, 'Type')) ?? ''));
}

/** A cheap look at raw text, to decide whether a YAML/JSON file is worth parsing as a template. */
export function looksLikeTemplate(text: string): boolean {
  return /AWSTemplateFormatVersion|\bResources\b|AWS::Serverless/.test(text);
}

export function readTemplate(doc: ParsedDocument): Template | undefined {
  if (!isTemplateRoot(doc.root)) return undefined;
  const root = doc.root;
  const resources: Resource[] = [];
  const byId = new Map<string, Resource>();
  let generatesResources = false;
  for (const pair of asMap(get(root, 'Resources'))?.pairs ?? []) {
    if (pair.key.startsWith('Fn::ForEach::')) generatesResources = true;
    const node = asMap(pair.value);
    const type = asString(get(node, 'Type'));
    if (!node || !type) continue;
    const propertiesPair = getPair(node, 'Properties');
    const properties = asMap(propertiesPair?.value);
    const resource: Resource = {
      logicalId: pair.key,
      idStart: pair.keyStart,
      idEnd: pair.keyEnd,
      node,
      type,
      ...(propertiesPair ? { propertiesPair } : {}),
      ...(properties ? { properties } : {}),
    };
    resources.push(resource);
    byId.set(pair.key, resource);
  }
  return { doc, root, resources, byId, generatesResources };
}

/**
 * Resources by type (and by the lists of types asked for), sorted once per template: rules that
 * look, for each resource, for others of a type read only those.
 */
const byType = new WeakMap<Template, Map<string, readonly Resource[]>>();

/** The template's resources of one of `types`, in template order. */
export function resourcesOfType(template: Template, ...types: string[]): readonly Resource[] {
  let index = byType.get(template);
  if (!index) {
    const found = new Map<string, Resource[]>();
    for (const resource of template.resources) {
      const list = found.get(resource.type);
      if (list) list.push(resource);
      else found.set(resource.type, [resource]);
    }
    index = found;
    byType.set(template, index);
  }
  const key = types.join('\n');
  let list = index.get(key);
  if (!list) {
    const known = index;
    list = types.flatMap((t) => known.get(t) ?? []).sort((a, b) => a.idStart - b.idStart);
    index.set(key, list);
  }
  return list;
}

/** A value as a rule sees it: known, or an intrinsic the engine cannot resolve. */
export type Known<T> = { known: true; value: T } | { known: false };

const UNKNOWN = { known: false } as const;

/** Long-form intrinsics are one-key maps whose key is `Ref` or starts with `Fn::`. */
export function intrinsicName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.tag) return node.tag === 'Ref' || node.tag === 'Condition' ? node.tag : `Fn::${node.tag}`;
  if (node.kind === 'map' && node.pairs.length === 1) {
    const key = node.pairs[0]!.key;
    if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) return key;
  }
  return undefined;
}

/** The branches of an `Fn::If` ([condition, then, else]) or undefined. */
export function ifBranches(node: Node | null | undefined): Array<Node | null> | undefined {
  if (intrinsicName(node) !== 'Fn::If' || !node) return undefined;
  const args = node.tag ? node : node.kind === 'map' ? node.pairs[0]!.value : null;
  if (!args || args.kind !== 'seq' || args.items.length !== 3) return undefined;
  return [args.items[1]!, args.items[2]!].map((n) => (isNoValue(n) ? null : n));
}

/** `!Ref AWS::NoValue`: the property is treated as not written. */
export function isNoValue(node: Node | null | undefined): boolean {
  if (!node || intrinsicName(node) !== 'Ref') return false;
  const arg = node.tag ? node : node.kind === 'map' ? node.pairs[0]!.value : null;
  return arg?.kind === 'scalar' && arg.value === 'AWS::NoValue';
}

/** A plain (untagged) scalar holding a value; an explicit `~`/null counts as not written. */
export function literal(node: Node | null | undefined): ScalarNode | undefined {
  return node && node.kind === 'scalar' && !node.tag && node.value !== null ? node : undefined;
}

/** CloudFormation reads `true` and the string "true" in any case as true. */
export function isTrue(node: Node | null | undefined): boolean {
  const s = literal(node);
  return s !== undefined && String(s.value).toLowerCase() === 'true';
}

/** The number a scalar holds, whether written as a number or as a string of digits. */
export function numberOf(node: Node | null | undefined): number | undefined {
  const s = literal(node);
  if (!s) return undefined;
  if (typeof s.value === 'number') return s.value;
  return typeof s.value === 'string' && /^\s*-?\d+\s*$/.test(s.value) ? Number(s.value) : undefined;
}

/** The scalar value of a node, or unknown when it is an intrinsic or not a scalar. */
export function scalarOf(node: Node | null | undefined): Known<string | number | boolean | null> {
  if (!node) return { known: true, value: null };
  if (node.kind !== 'scalar' || node.tag) return UNKNOWN;
  return { known: true, value: node.value };
}

/**
 * Decides whether a property is bad in every branch: `Fn::If` is followed into each branch and
 * `AWS::NoValue` is judged as not written; `judge` sees every other value, intrinsics included,
 * for rules that can tell something about a `Ref` or a `Fn::Sub`.
 */
export function everyBranchOf(node: Node | null | undefined, judge: (node: Node | null) => boolean | 'unknown'): boolean {
  const branches = ifBranches(node);
  if (branches) return branches.every((b) => everyBranchOf(b, judge));
  if (!node || isNoValue(node)) return judge(null) === true;
  return judge(node) === true;
}

/** As everyBranchOf, for rules that read plain values only: any other intrinsic is unknown, never bad. */
export function everyBranch(node: Node | null | undefined, bad: (node: Node | null) => boolean | 'unknown'): boolean {
  return everyBranchOf(node, (n) => (n && intrinsicName(n) ? false : bad(n)));
}

/** The forms found per template: fixes of every zone or VPC ask, and each answer walks the whole template. */
const formsOf = new WeakMap<Template, { readonly short: boolean; readonly long: boolean }>();

/** Which ways the template writes intrinsics: short-form tags (`!Ref`), long-form maps (`Ref:`), or both. */
export function intrinsicForms(template: Template): { readonly short: boolean; readonly long: boolean } {
  const known = formsOf.get(template);
  if (known) return known;
  let short = false;
  let long = false;
  const visit = (node: Node | null | undefined): void => {
    if (!node || (short && long)) return;
    if (node.tag) short = true;
    else if (intrinsicName(node)) long = true;
    if (node.kind === 'seq') node.items.forEach(visit);
    else if (node.kind === 'map') for (const pair of node.pairs) visit(pair.value);
  };
  visit(template.root);
  const forms = { short, long };
  formsOf.set(template, forms);
  return forms;
}

/** The names of every top-level section's entries, read once per template. */
const namesOf = new WeakMap<Template, ReadonlySet<string>>();

/**
 * Every name a template's top-level sections define: Parameters, Resources (typed or not),
 * Outputs, Conditions, Mappings, Rules and any other section that is a map. A new logical id
 * must be none of them, or the template gets a duplicate key or a Ref with two meanings.
 */
export function topLevelNames(template: Template): ReadonlySet<string> {
  let names = namesOf.get(template);
  if (!names) {
    const found = new Set<string>();
    for (const section of template.root.pairs) {
      found.add(section.key);
      const map = section.value?.kind === 'map' ? section.value : undefined;
      for (const pair of map?.pairs ?? []) found.add(pair.key);
    }
    names = found;
    namesOf.set(template, names);
  }
  return names;
}

/**
 * A logical id for a new resource that no top-level name (see topLevelNames) or id in `taken`
 * has: `base`, else `base2`, `base3`…; it is added to `taken`.
 */
export function freeLogicalId(template: Template, base: string, taken: Set<string> = new Set()): string {
  const names = topLevelNames(template);
  const used = (id: string): boolean => taken.has(id) || names.has(id);
  let id = base;
  for (let n = 2; used(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}
