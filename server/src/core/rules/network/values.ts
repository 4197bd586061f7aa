// Reading network values the way CloudFormation would compute them, as far as the template alone
// allows: `Fn::If` gives alternatives, a parameter gives its literal `Default`, and subnet blocks
// computed with `!Select [i, !Cidr [block, count, bits]]` are worked out. Anything else is unknown.
import { get, type Node, type ScalarValue } from '../../cfn/model';
import { intrinsicArg, parameter, refName } from '../../cfn/refs';
import { ifBranches, intrinsicName, isNoValue, type Template } from '../../cfn/template';
import { cidrSubnets, parseCidr, type Cidr } from '../../net/cidr';

/** A value with the parameters whose `Default` it was computed from (a deployment may pass others). */
export interface Resolved<T> {
  readonly value: T;
  readonly params: readonly string[];
}

/** `!GetAtt`/`!Ref` chains (a subnet's block from its VPC's) are followed this deep at most. */
const MAX_DEPTH = 4;

/** The literal default of a String or Number parameter; SSM parameter types hold a name, not the value. */
export function parameterDefault(template: Template, name: string): string | undefined {
  const param = parameter(template, name);
  if (!param || (param.type !== 'String' && param.type !== 'Number')) return undefined;
  return param.default;
}

/** The `[logicalId, attribute]` of a `Fn::GetAtt`, in either of its written forms. */
export function getAttParts(node: Node | null | undefined): [string, string] | undefined {
  if (!node || intrinsicName(node) !== 'Fn::GetAtt') return undefined;
  const arg = intrinsicArg(node);
  if (arg?.kind === 'seq' && arg.items.length === 2) {
    const [id, attr] = arg.items.map((n) => (n.kind === 'scalar' && !n.tag && n.value !== null ? String(n.value) : undefined));
    return id !== undefined && attr !== undefined ? [id, attr] : undefined;
  }
  if (arg?.kind !== 'scalar' || arg.value === null) return undefined;
  const text = String(arg.value);
  const dot = text.indexOf('.');
  return dot > 0 ? [text.slice(0, dot), text.slice(dot + 1)] : undefined;
}

/** The items of an intrinsic's list argument (`[a, b]` or `Fn::X: [a, b]`), or undefined. */
function argItems(node: Node): readonly Node[] | undefined {
  const arg = intrinsicArg(node);
  return arg?.kind === 'seq' && !(arg.tag && arg !== node) ? arg.items : undefined;
}

/** Joins the alternatives of each `Fn::If` branch; undefined as soon as one branch is unknown. */
function branches<T>(node: Node, read: (n: Node | null) => T[] | undefined): T[] | undefined {
  const out: T[] = [];
  for (const branch of ifBranches(node) ?? []) {
    const values = read(branch);
    if (!values) return undefined;
    for (const value of values) out.push(value);
  }
  return out;
}

/**
 * The values a scalar property may take: one per `Fn::If` branch (null where it is not written),
 * a parameter's literal default, or undefined when any branch is something the template cannot tell.
 */
export function scalarAlternatives(template: Template, node: Node | null | undefined): Array<Resolved<ScalarValue>> | undefined {
  if (!node || isNoValue(node)) return [{ value: null, params: [] }];
  if (ifBranches(node)) return branches(node, (n) => scalarAlternatives(template, n));
  if (node.kind === 'scalar' && !node.tag) return [{ value: node.value, params: [] }];
  if (intrinsicName(node) === 'Ref') {
    const name = refName(node);
    const value = name !== undefined ? parameterDefault(template, name) : undefined;
    if (name !== undefined && value !== undefined) return [{ value, params: [name] }];
  }
  return undefined;
}

/** A whole number the template states once (no `Fn::If` alternatives), for `Fn::Select`/`Fn::Cidr` arguments. */
function singleInteger(template: Template, node: Node | undefined): Resolved<number> | undefined {
  const values = scalarAlternatives(template, node);
  if (!values || values.length !== 1) return undefined;
  const [only] = values;
  const text = only!.value === null ? '' : String(only!.value).trim();
  return /^\d+$/.test(text) ? { value: Number(text), params: only!.params } : undefined;
}

function union(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())];
}

/** `!Select [i, !Cidr [block, count, bits]]`, or `!Select [i, [literal, …]]`. */
function selectCidr(template: Template, node: Node, depth: number): Array<Resolved<Cidr> | null> | undefined {
  const args = argItems(node);
  if (!args || args.length !== 2) return undefined;
  const index = singleInteger(template, args[0]);
  const list = args[1]!;
  if (!index) return undefined;
  if (list.kind === 'seq' && !list.tag) {
    const item = list.items[index.value];
    return item ? cidrAlternatives(template, item, depth + 1)?.map((c) => c && { ...c, params: union(c.params, index.params) }) : undefined;
  }
  if (intrinsicName(list) !== 'Fn::Cidr') return undefined;
  const cidrArgs = argItems(list);
  if (!cidrArgs || cidrArgs.length !== 3) return undefined;
  const blocks = cidrAlternatives(template, cidrArgs[0], depth + 1);
  const count = singleInteger(template, cidrArgs[1]);
  const bits = singleInteger(template, cidrArgs[2]);
  if (!blocks || !count || !bits || index.value >= count.value) return undefined;
  const out: Array<Resolved<Cidr>> = [];
  for (const block of blocks) {
    const chosen = block && cidrSubnets(block.value, count.value, bits.value)?.[index.value];
    if (!block || !chosen) return undefined;
    out.push({ value: chosen, params: union(block.params, index.params, count.params, bits.params) });
  }
  return out;
}

/**
 * The blocks a CIDR property may hold, one per `Fn::If` branch (null where it is not written).
 * Literals, parameter defaults, `!GetAtt Vpc.CidrBlock` of a VPC in the template and
 * `!Select`/`!Cidr` over those are read; undefined when any branch is unknown or not a block.
 */
export function cidrAlternatives(template: Template, node: Node | null | undefined, depth = 0): Array<Resolved<Cidr> | null> | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (!node || isNoValue(node)) return [null];
  if (ifBranches(node)) return branches(node, (n) => cidrAlternatives(template, n, depth + 1));
  const name = intrinsicName(node);
  if (name === 'Fn::Select') return selectCidr(template, node, depth);
  const att = getAttParts(node);
  if (att) {
    const vpc = template.byId.get(att[0]);
    if (!vpc || vpc.type !== 'AWS::EC2::VPC' || att[1] !== 'CidrBlock') return undefined;
    const blocks = cidrAlternatives(template, get(vpc.properties, 'CidrBlock'), depth + 1);
    // A VPC whose primary block is not written gets one from IPAM: unknown here.
    return blocks?.every((b) => b !== null) ? blocks : undefined;
  }
  if (name && name !== 'Ref') return undefined;
  const values = scalarAlternatives(template, node);
  if (!values) return undefined;
  const out: Array<Resolved<Cidr> | null> = [];
  for (const { value, params } of values) {
    if (value === null) {
      out.push(null);
      continue;
    }
    const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
    if (!cidr) return undefined;
    out.push({ value: cidr, params });
  }
  return out;
}

/** The logical ids a property refers to by `Ref`/`GetAtt`, in every `Fn::If` branch; undefined for anything else. */
export function referencedIds(node: Node | null | undefined): string[] | undefined {
  if (!node || isNoValue(node)) return [];
  if (ifBranches(node)) return branches(node, referencedIds);
  const name = intrinsicName(node);
  if (name !== 'Ref' && name !== 'Fn::GetAtt') return undefined;
  const id = refName(node);
  return id !== undefined ? [id] : undefined;
}
