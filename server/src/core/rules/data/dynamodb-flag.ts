// The shape both DynamoDB rules share: a boolean that must be true on every `AWS::DynamoDB::Table`
// and on every replica of an `AWS::DynamoDB::GlobalTable`, whose settings live per replica.
import { ensurePath } from '../../cfn/edit';
import { asMap, asString, get, getPair } from '../../cfn/model';
import { isNoValue, isTrue, literal, type Resource } from '../../cfn/template';
import type { CfnContext, CheckFinding } from '../types';
import { badAt, badProperty, deepestPair, literalLeaf, pairRange, resourceRange } from './util';
import { contentEnd } from '../../text';

export interface DynamoFlag {
  readonly ruleId: string;
  /** The path of the flag below a Table's `Properties`. */
  readonly tablePath: readonly string[];
  /** The path of the flag below one item of a GlobalTable's `Replicas`. */
  readonly replicaPath: readonly string[];
  /** What the flag turns on, for messages: "point-in-time recovery". */
  readonly feature: string;
  /** The consequence clause of the message, starting with "so". */
  readonly consequence: string;
  /**
   * The consequence clause when a retaining `DeletionPolicy` or `UpdateReplacePolicy` (named in
   * `policy`, e.g. `DeletionPolicy: Retain`) already keeps the table when CloudFormation lets go of it.
   */
  readonly retainedConsequence?: (policy: string) => string;
}

const RETAINING = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

/** The first retaining `DeletionPolicy`/`UpdateReplacePolicy` of a resource, as `Key: Value`. */
function retainingPolicy(resource: Resource): string | undefined {
  for (const key of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    const value = asString(get(resource.node, key));
    if (value !== undefined && RETAINING.has(value)) return `${key}: ${value}`;
  }
  return undefined;
}

/** The message's consequence clause for a resource. */
function consequenceFor(resource: Resource, flag: DynamoFlag): string {
  const policy = flag.retainedConsequence && retainingPolicy(resource);
  return policy ? flag.retainedConsequence!(policy) : flag.consequence;
}

const notTrue = (leaf: Parameters<typeof isTrue>[0]): boolean => !isTrue(leaf);

export function checkDynamoFlag(ctx: CfnContext, flag: DynamoFlag): CheckFinding[] {
  const { template } = ctx;
  const out: CheckFinding[] = [];
  const leafKey = flag.tablePath[flag.tablePath.length - 1]!;
  for (const resource of template.resources) {
    const id = resource.logicalId;
    if (resource.type === 'AWS::DynamoDB::Table') {
      if (!badProperty(resource, flag.tablePath, notTrue)) continue;
      const leaf = literalLeaf(resource.properties, flag.tablePath);
      const state = leaf ? `has ${leafKey} set to ${String(literal(leaf.value)?.value)}` : `does not enable ${flag.feature}`;
      out.push({
        ruleId: flag.ruleId,
        ...resourceRange(template.doc.text, resource, flag.tablePath),
        message: `Table ${id} ${state}, ${consequenceFor(resource, flag)}.`,
        resource: id,
        fix: {
          title: `Enable ${flag.feature} on table ${id}`,
          safety: 'safe',
          edits: () => {
            const edit = ensurePath(template.doc, ctx.style, resource.node, ['Properties', ...flag.tablePath], true);
            return edit ? [edit] : null;
          },
        },
      });
    } else if (resource.type === 'AWS::DynamoDB::GlobalTable') {
      // Replicas written as an intrinsic cannot be read item by item: they stay unknown.
      const replicas = get(resource.properties, 'Replicas');
      if (!replicas || replicas.kind !== 'seq' || replicas.tag) continue;
      replicas.items.forEach((item, index) => {
        if (isNoValue(item) || !badAt(item, flag.replicaPath, notTrue)) return;
        const map = asMap(item);
        const region = asString(get(map, 'Region'));
        const name = region ? `replica ${region}` : `replica ${index + 1}`;
        const leaf = literalLeaf(map, flag.replicaPath);
        const where = deepestPair(map, flag.replicaPath) ?? getPair(map, 'Region');
        const state = leaf ? `has ${leafKey} set to ${String(literal(leaf.value)?.value)}` : `does not enable ${flag.feature}`;
        out.push({
          ruleId: flag.ruleId,
          ...(where ? pairRange(template.doc.text, where) : { start: item.start, end: contentEnd(template.doc.text, item.end, item.start) }),
          message: `Global table ${id} ${name} ${state}, ${consequenceFor(resource, flag)}.`,
          resource: id,
          fix: {
            title: `Enable ${flag.feature} on ${name} of global table ${id}`,
            safety: 'safe',
            edits: () => {
              const edit = map ? ensurePath(template.doc, ctx.style, map, flag.replicaPath, true) : null;
              return edit ? [edit] : null;
            },
          },
        });
      });
    }
  }
  return out;
}
