// The position-keeping model of a template, the same for YAML and JSON. Every node knows its
// offsets, so findings and fixes can point at and edit exact text.

export interface NodeBase {
  /** Offset of the node's first character, including a short-form tag such as `!Ref`. */
  readonly start: number;
  /** Offset just past the node's value (trailing comments excluded). */
  readonly end: number;
  /** A short-form intrinsic tag without the `!`, e.g. `Ref`, `GetAtt`, `If`. */
  readonly tag?: string;
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  /** True for `{…}` (and so for all of JSON), false for YAML block style. */
  readonly flow: boolean;
  readonly pairs: readonly Pair[];
}

export interface SeqNode extends NodeBase {
  readonly kind: 'seq';
  readonly flow: boolean;
  readonly items: readonly Node[];
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** How the scalar was written, so a replacement can keep the quoting. */
  readonly style: 'plain' | 'single' | 'double' | 'block';
}

export type Node = MapNode | SeqNode | ScalarNode;

export interface Pair {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Null when the key has no value at all (`Properties:` followed by nothing). */
  readonly value: Node | null;
  /** The map holding this pair. */
  readonly parent: MapNode;
}

export function getPair(map: MapNode | null | undefined, key: string): Pair | undefined {
  if (!map) return undefined;
  // The last duplicate wins, as in most YAML loaders; the parser reports duplicates anyway.
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i]!;
    if (pair.key === key) return pair;
  }
  return undefined;
}

/** The index of the pair whose key starts at `offset` (a map's pairs are in text order), or -1. */
export function pairIndexAt(map: MapNode, offset: number): number {
  let lo = 0;
  let hi = map.pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map.pairs[mid]!.keyStart < offset) lo = mid + 1;
    else hi = mid;
  }
  return map.pairs[lo]?.keyStart === offset ? lo : -1;
}

export function get(map: Node | null | undefined, key: string): Node | null | undefined {
  if (!map || map.kind !== 'map' || map.tag) return undefined;
  return getPair(map, key)?.value;
}

/** A plain (untagged) map, or undefined. */
export function asMap(node: Node | null | undefined): MapNode | undefined {
  return node && node.kind === 'map' && !node.tag ? node : undefined;
}

export function asString(node: Node | null | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.tag) return undefined;
  return node.value === null ? undefined : String(node.value);
}
