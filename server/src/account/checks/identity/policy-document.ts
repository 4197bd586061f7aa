// Deployed IAM policy documents, read as the template rules read theirs: the API gives the JSON
// URL-encoded, and the template rules' statement reader works on the position-keeping model, so a
// document is decoded here and turned into that model (positions are meaningless and left at 0).
import type { MapNode, Node, Pair } from '../../../core/cfn/model';

/** Longer than any policy IAM accepts (managed policies stop at 6,144 characters, inline at 10,240). */
const MAX_DOCUMENT = 131_072;
/** Deeper than any policy: a Condition block is four levels down. */
const MAX_DEPTH = 32;

/**
 * The JSON of a policy document as `GetPolicyVersion` returns it: URL-encoded on the wire, which
 * the SDK leaves as it is. Undefined when it is not a JSON object (or absurdly long).
 */
export function decodePolicyDocument(raw: string | undefined): Record<string, unknown> | undefined {
  if (!raw || raw.length > MAX_DOCUMENT) return undefined;
  let text = raw.trimStart();
  // An encoded document starts with `%7B`; a decoded one with `{`, and may hold a literal `%`.
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON value as the template model, for the statement reader; undefined past MAX_DEPTH. */
export function jsonNode(value: unknown, depth = 0): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const items: Node[] = [];
    for (const item of value) {
      const node = jsonNode(item, depth + 1);
      if (!node) return undefined;
      items.push(node);
    }
    return { kind: 'seq', flow: true, items, start: 0, end: 0 };
  }
  if (typeof value === 'object' && value !== null) {
    const pairs: Pair[] = [];
    const map: MapNode = { kind: 'map', flow: true, pairs, start: 0, end: 0 };
    for (const [key, item] of Object.entries(value)) {
      const node = jsonNode(item, depth + 1);
      if (!node) return undefined;
      pairs.push({ key, keyStart: 0, keyEnd: 0, value: node, parent: map });
    }
    return map;
  }
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return { kind: 'scalar', value: scalar, style: typeof value === 'string' ? 'double' : 'plain', start: 0, end: 0 };
}
