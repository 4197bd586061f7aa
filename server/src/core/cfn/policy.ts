// IAM policy documents wherever they occur: statements with Effect, Principal, Action/NotAction,
// Resource/NotResource and Condition, each value a list of strings or unknown.
import { asMap, asString, get, getPair, type MapNode, type Node } from './model';
import { intrinsicName } from './template';

/** A list of strings, or undefined when an intrinsic makes it unknowable. */
export type StringList = readonly string[] | undefined;

export interface Statement {
  readonly node: MapNode;
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly actions: StringList;
  readonly notActions: StringList;
  readonly resources: StringList;
  /** `*` for the wildcard principal (`"*"` or `{AWS: "*"}`); AWS/Service/Federated values otherwise. */
  readonly principals: StringList;
  readonly condition: MapNode | undefined;
}

/** Reads a string or a list of strings; intrinsics inside make the whole list unknown. */
export function stringList(node: Node | null | undefined): StringList {
  if (!node) return [];
  if (intrinsicName(node)) return undefined;
  if (node.kind === 'scalar') return node.value === null ? [] : [String(node.value)];
  if (node.kind === 'seq') {
    const out: string[] = [];
    for (const item of node.items) {
      if (item.kind !== 'scalar' || item.tag || item.value === null) return undefined;
      out.push(String(item.value));
    }
    return out;
  }
  return undefined;
}

function principals(node: Node | null | undefined): StringList {
  if (!node) return [];
  const plain = asString(node);
  if (plain !== undefined) return [plain];
  const map = asMap(node);
  if (!map) return undefined;
  const out: string[] = [];
  for (const pair of map.pairs) {
    const values = stringList(pair.value);
    if (!values) return undefined;
    for (const value of values) out.push(value);
  }
  return out;
}

/** Statements read once per policy document: several rules look at the same policies. */
const statementCache = new WeakMap<Node, readonly Statement[]>();

export function statements(document: Node | null | undefined): readonly Statement[] {
  if (!document) return [];
  const cached = statementCache.get(document);
  if (cached) return cached;
  const read = readStatements(document);
  statementCache.set(document, read);
  return read;
}

function readStatements(document: Node): Statement[] {
  const list = get(document, 'Statement');
  const nodes = list?.kind === 'seq' && !list.tag ? list.items : list ? [list] : [];
  const out: Statement[] = [];
  for (const node of nodes) {
    const map = asMap(node);
    if (!map || intrinsicName(map)) continue;
    const effect = asString(get(map, 'Effect'));
    out.push({
      node: map,
      effect: effect === 'Allow' || effect === 'Deny' ? effect : undefined,
      actions: stringList(get(map, 'Action')),
      notActions: stringList(get(map, 'NotAction')),
      resources: stringList(get(map, 'Resource')),
      principals: principals(get(map, 'Principal')),
      condition: asMap(getPair(map, 'Condition')?.value),
    });
  }
  return out;
}

/** True when the list certainly holds the wildcard (`*`), e.g. `Principal: "*"`. */
export function hasWildcard(list: StringList): boolean {
  return list !== undefined && list.includes('*');
}

/** The condition keys a statement tests, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(statement: Statement): Set<string> {
  const keys = new Set<string>();
  for (const operator of statement.condition?.pairs ?? []) {
    for (const key of asMap(operator.value)?.pairs ?? []) keys.add(key.key.toLowerCase());
  }
  return keys;
}

/**
 * The statements of a policy document, or undefined when an intrinsic hides the document, its
 * statement list or any statement, so that nothing is judged on a partial reading.
 */
export function knownStatements(document: Node | null | undefined): readonly Statement[] | undefined {
  if (!document) return [];
  if (!asMap(document) || intrinsicName(document)) return undefined;
  const list = get(document, 'Statement');
  if (!list) return [];
  if (intrinsicName(list)) return undefined;
  const nodes = list.kind === 'seq' ? list.items : [list];
  if (nodes.some((n) => !asMap(n) || intrinsicName(n))) return undefined;
  return statements(document);
}

const BOOL_OPERATORS = new Set(['bool', 'boolifexists']);

/**
 * Whether a statement is a Deny that applies when the boolean condition key `key` (lower case) is
 * false: `Bool`/`BoolIfExists` false, and with `nullCounts` also `Null` true (the key absent, as
 * `aws:MultiFactorAuthPresent` is for long-term keys). `unknown` when an intrinsic hides the answer.
 */
export function deniesWhenFalse(statement: Statement, key: string, nullCounts = false): 'yes' | 'no' | 'unknown' {
  const effect = get(statement.node, 'Effect');
  if (effect && intrinsicName(effect)) return 'unknown';
  if (asString(effect) !== 'Deny') return 'no';
  const pair = getPair(statement.node, 'Condition');
  if (!pair?.value) return 'no';
  const condition = asMap(pair.value);
  if (!condition || intrinsicName(condition)) return 'unknown';
  let answer: 'no' | 'unknown' = 'no';
  for (const operator of condition.pairs) {
    const op = operator.key.toLowerCase();
    const denyingValue = BOOL_OPERATORS.has(op) ? 'false' : nullCounts && op === 'null' ? 'true' : undefined;
    if (denyingValue === undefined) continue;
    const tests = asMap(operator.value);
    if (!tests || intrinsicName(tests)) return 'unknown';
    for (const test of tests.pairs) {
      if (test.key.toLowerCase() !== key) continue;
      const values = stringList(test.value);
      if (!values) answer = 'unknown';
      else if (values.some((v) => v.toLowerCase() === denyingValue)) return 'yes';
    }
  }
  return answer;
}
