// Readers shared by the DynamoDB and RDS rules: values at a path read branch by branch, where a
// finding should sit, and a pair swap.
import { yamlScalar } from '../../cfn/edit';
import { asMap, getPair, type MapNode, type Node, type Pair, type ScalarNode } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import { everyBranch, ifBranches, intrinsicName, isNoValue, literal, type Resource } from '../../cfn/template';
import { contentEnd, type OffsetRange, type TextEdit } from '../../text';


/**
 * Whether the scalar at `path` below `node` is bad in every branch. `Fn::If` is followed at every
 * level, `AWS::NoValue` counts as not written, and any other intrinsic on the way is unknown.
 */
export function badAt(node: Node | null | undefined, path: readonly string[], leafBad: (leaf: ScalarNode | undefined) => boolean): boolean {
  return everyBranch(node, (n) => {
    const value = n && n.kind === 'scalar' && !n.tag && n.value === null ? null : n;
    if (path.length === 0) {
      if (value && value.kind !== 'scalar') return 'unknown';
      return leafBad(value ?? undefined);
    }
    const map = asMap(value);
    if (value && !map) return 'unknown';
    return badAt(getPair(map, path[0]!)?.value ?? null, path.slice(1), leafBad);
  });
}

/** `badAt` over a resource's `Properties`, which may itself be an `Fn::If`. */
export function badProperty(resource: Resource, path: readonly string[], leafBad: (leaf: ScalarNode | undefined) => boolean): boolean {
  return badAt(resource.propertiesPair?.value ?? null, path, leafBad);
}

/** The deepest pair along `path` through plain maps: where a finding about that path belongs. */
export function deepestPair(map: MapNode | undefined, path: readonly string[]): Pair | undefined {
  let found: Pair | undefined;
  let current = map;
  for (const key of path) {
    const pair = getPair(current, key);
    if (!pair) break;
    found = pair;
    current = asMap(pair.value);
  }
  return found;
}

/** The pair at the end of `path`, when every step is written and the leaf is a literal scalar. */
export function literalLeaf(map: MapNode | undefined, path: readonly string[]): Pair | undefined {
  let current = map;
  let pair: Pair | undefined;
  for (const key of path) {
    pair = getPair(current, key);
    if (!pair) return undefined;
    current = asMap(pair.value);
  }
  return pair && literal(pair.value) ? pair : undefined;
}


/** A pair from its key to the end of its value: the narrowest range naming the offending setting. */
export function pairRange(text: string, pair: Pair): OffsetRange {
  return { start: pair.keyStart, end: pair.value ? contentEnd(text, pair.value.end, pair.value.start) : pair.keyEnd };
}

/** Where a resource-level finding sits: on the property when written, else on the logical id. */
export function resourceRange(text: string, resource: Resource, path: readonly string[]): OffsetRange {
  const pair = deepestPair(resource.properties, path);
  return pair ? pairRange(text, pair) : { start: resource.idStart, end: resource.idEnd };
}

/** True when a property is written with a value other than `AWS::NoValue` or an empty string. */
export function isSet(node: Node | null | undefined): boolean {
  if (!node || isNoValue(node)) return false;
  const branches = ifBranches(node);
  // A property set in only one branch of `Fn::If` may be set: count it as set, so rules stay quiet.
  if (branches) return branches.some((b) => isSet(b));
  if (node.kind === 'scalar' && !node.tag) return node.value !== null && String(node.value) !== '';
  return true;
}


/** The string argument of a `Fn::Sub` (short or long form, with or without a variable map). */
export function subText(node: Node): string | undefined {
  if (intrinsicName(node) !== 'Fn::Sub') return undefined;
  const arg = node.tag ? node : node.kind === 'map' ? node.pairs[0]!.value : null;
  if (!arg) return undefined;
  const text = arg.kind === 'seq' ? arg.items[0] : arg;
  return text && text.kind === 'scalar' && text.value !== null ? String(text.value) : undefined;
}

/**
 * Replaces a whole `key: value` pair with `newKey: true`, in place, so the new key takes the old
 * one's position and any comment after it stays. The document's key quoting style is kept for JSON.
 */
export function replacePairWithTrue(doc: ParsedDocument, pair: Pair, newKey: string): TextEdit {
  const keyText = doc.json ? JSON.stringify(newKey) : yamlScalar(newKey);
  const value = pair.value;
  if (!value) return { start: pair.keyStart, end: pair.keyEnd, newText: keyText };
  const between = doc.text.slice(pair.keyEnd, value.start);
  // A value written on the lines below its key is replaced by a one-line value.
  const separator = /[\r\n]/.test(between) ? ': ' : between;
  return { start: pair.keyStart, end: contentEnd(doc.text, value.end, value.start), newText: `${keyText}${separator}true` };
}
