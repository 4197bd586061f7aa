// Policy documents as the API returns them (JSON text), read defensively into plain values for the
// resource states, and turned into the template engine's node model when a rule decides, so that
// a bucket or endpoint policy read from an account is judged by the very functions that judge one
// written in a template (`publicAllow`, `deniesInsecureTransport`, the endpoint's `openStatement`).
import type { MapNode, Node, Pair, SeqNode } from '../../../core/cfn/model';

export type Json = string | number | boolean | null | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

/** Deeper than any policy AWS accepts: a document nested past it is not read, so rules never recurse without bound. */
const MAX_DEPTH = 32;

function depthWithin(value: unknown, left: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (left === 0) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((child) => depthWithin(child, left - 1));
}

/**
 * A policy document from its JSON text, or null when it is not a JSON object (or absurdly deep):
 * a policy that cannot be read is unknown, never judged on a guess.
 */
export function parsePolicy(text: string): JsonObject | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return depthWithin(value, MAX_DEPTH) ? (value as JsonObject) : null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function toNode(value: Json): Node {
  if (Array.isArray(value)) {
    const seq: SeqNode = { kind: 'seq', flow: true, start: 0, end: 0, items: (value as readonly Json[]).map(toNode) };
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const map: Mutable<MapNode> = { kind: 'map', flow: true, start: 0, end: 0, pairs: [] };
    const pairs: Pair[] = [];
    for (const [key, child] of Object.entries(value as JsonObject)) pairs.push({ key, keyStart: 0, keyEnd: 0, value: toNode(child), parent: map });
    map.pairs = pairs;
    return map;
  }
  return { kind: 'scalar', start: 0, end: 0, value: value as string | number | boolean | null, style: typeof value === 'string' ? 'double' : 'plain' };
}

/** Several rules read the same document: each is turned into nodes once. */
const nodes = new WeakMap<JsonObject, Node>();

/** The document in the template engine's model (offsets are all 0: nothing points into a text). */
export function policyNode(document: JsonObject): Node {
  let node = nodes.get(document);
  if (!node) {
    node = toNode(document);
    nodes.set(document, node);
  }
  return node;
}

/** A statement's `Sid`, for evidence: which statement of the document is meant. */
export function sidOf(statement: { readonly node: MapNode }): string | null {
  const sid = statement.node.pairs.find((p) => p.key === 'Sid')?.value;
  return sid?.kind === 'scalar' && typeof sid.value === 'string' ? sid.value : null;
}
