// Readers and edits shared by the edge rules: where a finding sits, values read branch by branch,
// and the one-scalar replacement most of their fixes come down to.
import { replaceScalar } from '../../cfn/edit';
import { asMap, getPair, type MapNode, type Node, type Pair, type ScalarNode } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import { everyBranch, ifBranches, isNoValue, literal, type Resource } from '../../cfn/template';
import { contentEnd, type OffsetRange, type TextEdit } from '../../text';
import type { Fix } from '../types';

/** From a pair's key to the end of its value, without the line break a block value runs on to. */
export function pairSpan(text: string, pair: Pair): OffsetRange {
  return { start: pair.keyStart, end: pair.value ? contentEnd(text, pair.value.end, pair.value.start) : pair.keyEnd };
}

/** The logical id: where a finding about a property that is not written sits. */
export function idSpan(resource: Resource): OffsetRange {
  return { start: resource.idStart, end: resource.idEnd };
}

/** A plain map at `key` of `map`, or undefined when it is missing, an intrinsic or not a map. */
export function mapAt(map: MapNode | undefined, key: string): MapNode | undefined {
  return asMap(getPair(map, key)?.value);
}

/** The text of a literal scalar, or undefined for intrinsics, collections and nulls. */
export function textOf(node: Node | null | undefined): string | undefined {
  const scalar = literal(node);
  return scalar ? String(scalar.value) : undefined;
}

/**
 * True when a scalar property is bad in every `Fn::If` branch. `judge` sees the literal text, or
 * undefined when the property is not written (`AWS::NoValue` included); any other intrinsic is
 * unknown and never bad.
 */
export function badScalar(node: Node | null | undefined, judge: (value: string | undefined) => boolean): boolean {
  return everyBranch(node ?? null, (n) => {
    if (!n || (n.kind === 'scalar' && n.value === null)) return judge(undefined);
    const value = textOf(n);
    return value === undefined ? 'unknown' : judge(value);
  });
}

/** Not written: no node, `AWS::NoValue`, or a key with no value (`Key:` or `Key: ~`). */
export function unwritten(node: Node | null | undefined): boolean {
  return !node || isNoValue(node) || (node.kind === 'scalar' && !node.tag && node.value === null);
}

/** True when a property may be written: a value other than an empty string, in at least one branch. */
export function written(node: Node | null | undefined): boolean {
  if (!node || isNoValue(node)) return false;
  const branches = ifBranches(node);
  if (branches) return branches.some((b) => written(b));
  if (node.kind === 'scalar' && !node.tag) return node.value !== null && String(node.value) !== '';
  return true;
}

/** The literal scalar written at `key` of `map`, if any: what a replacing fix can edit. */
export function literalAt(map: MapNode | undefined, key: string): ScalarNode | undefined {
  return literal(getPair(map, key)?.value);
}

/**
 * A fix that replaces one literal scalar with `to`, keeping its quoting. It reads the scalar when
 * applied and offers nothing once the value is already `to`, so a second application is a no-op.
 */
export function replaceFix(doc: ParsedDocument, scalar: ScalarNode, to: string, title: string, safety: Fix['safety']): Fix {
  return {
    title,
    safety,
    edits: (): TextEdit[] | null => (String(scalar.value) === to ? null : [replaceScalar(doc, scalar, to)]),
  };
}

/** The literal port of a listener or origin for messages, e.g. " on port 80", or nothing. */
export function portSuffix(map: MapNode | undefined, key: string): string {
  const port = textOf(getPair(map, key)?.value);
  return port !== undefined ? ` on port ${port}` : '';
}

/** A docs example: DistributionConfig keys (YAML) written as a whole CloudFront distribution resource. */
export function distributionExample(config: string): string {
  const body = config.split('\n').map((line) => `      ${line}`).join('\n');
  return `Cdn:\n  Type: AWS::CloudFront::Distribution\n  Properties:\n    DistributionConfig:\n      Enabled: true\n${body}`;
}
