import { replaceScalar } from '../../cfn/edit';
import { asString, getPair, type Node, type Pair, type ScalarNode } from '../../cfn/model';
import { type Template } from '../../cfn/template';
import { dayOf, lambdaRuntime, runtimeStatus, successorOf, type LambdaRuntime, type RuntimeStatus } from '../../data/lambda-runtimes';
import type { CfnContext, CfnRule, CheckFinding, Severity } from '../types';
import { branchLeaves, isFunction, SAM_FUNCTION, samFunctionGlobals } from './lambda';

const ID = 'lambda-runtime-deprecated';

/** Statuses from mildest to worst; an `Fn::If` is reported at its mildest branch. */
const ORDER: readonly RuntimeStatus[] = ['deprecating', 'deprecated', 'blocked'];
export const RUNTIME_SEVERITY: Record<Exclude<RuntimeStatus, 'supported'>, Severity> = {
  deprecating: 'information',
  deprecated: 'warning',
  blocked: 'error',
};

/** A known runtime past or near its date: what the messages of both the template and the live rule describe. */
export interface AgingRuntime {
  readonly runtime: LambdaRuntime;
  readonly status: Exclude<RuntimeStatus, 'supported'>;
}

interface BadLeaf extends AgingRuntime {
  readonly node: ScalarNode;
}

/** Every value the `Runtime` can take, when each one is a known runtime past or near its date. */
function badLeaves(value: Node | null, now: Date): BadLeaf[] | undefined {
  const leaves = branchLeaves(value);
  if (!leaves) return undefined;
  const out: BadLeaf[] = [];
  for (const leaf of leaves) {
    const id = asString(leaf);
    // Unknown runtime strings (new ones, typos, custom values) are left to other tools.
    const runtime = id === undefined ? undefined : lambdaRuntime(id);
    if (!runtime || leaf?.kind !== 'scalar') return undefined;
    const status = runtimeStatus(runtime, now);
    if (status === 'supported') return undefined;
    out.push({ node: leaf, runtime, status });
  }
  return out.length > 0 ? out : undefined;
}

export function describeRuntime(leaf: AgingRuntime): string {
  const { id, deprecated, updateBlocked } = leaf.runtime;
  if (leaf.status === 'blocked') return `${id} (deprecated since ${deprecated}, updates blocked since ${updateBlocked})`;
  if (leaf.status === 'deprecated') return `${id} (deprecated since ${deprecated}${updateBlocked ? `, updates blocked from ${updateBlocked}` : ''})`;
  return `${id} (deprecated on ${deprecated})`;
}

export function runtimeConsequence(leaf: AgingRuntime, now: Date, plural: boolean): string {
  const it = plural ? 'they' : 'it';
  if (leaf.status === 'blocked') return `so ${it} can no longer be updated and ${plural ? 'get' : 'gets'} no security patches`;
  if (leaf.status === 'deprecated') return `so ${it} no longer ${plural ? 'get' : 'gets'} security patches`;
  const days = Math.ceil((dayOf(leaf.runtime.deprecated) - now.getTime()) / 86_400_000);
  return `so ${it} ${plural ? 'stop' : 'stops'} getting security patches in ${days} day${days === 1 ? '' : 's'}`;
}

/** A finding on one `Runtime` pair, for a function or for SAM's `Globals.Function`. */
function finding(ctx: CfnContext, pair: Pair, subject: string, resource: string | null, plural: boolean): CheckFinding | undefined {
  const leaves = badLeaves(pair.value, ctx.now);
  if (!leaves) return undefined;
  const mildest = leaves.reduce((a, b) => (ORDER.indexOf(b.status) < ORDER.indexOf(a.status) ? b : a));
  const names = leaves.map(describeRuntime).join(' or ');
  const branches = leaves.length > 1 ? ' in every branch of its Fn::If' : '';
  const successors = leaves.map((l) => successorOf(l.runtime, ctx.now));
  const targets = [...new Set(successors.map((s) => s?.id))];
  const fixable = successors.every((s) => s !== undefined);
  return {
    ruleId: ID,
    severity: RUNTIME_SEVERITY[mildest.status],
    start: pair.keyStart,
    end: pair.value!.end,
    message: `${subject} runtime ${names}${branches}, ${runtimeConsequence(mildest, ctx.now, plural)}.`,
    resource,
    ...(fixable
      ? {
          fix: {
            title: `Change the runtime to ${targets.join(' / ')} (test the code on it first)`,
            safety: 'unsafe' as const,
            edits: () => {
              const edits = leaves
                .map((l, i) => ({ node: l.node, to: successors[i]!.id }))
                .filter(({ node, to }) => asString(node) !== to)
                .map(({ node, to }) => replaceScalar(ctx.template.doc, node, to));
              return edits.length > 0 ? edits : null;
            },
          },
        }
      : {}),
  };
}

/** SAM functions that take their runtime from `Globals.Function` (Image functions have none). */
function inheritors(template: Template): string[] {
  return template.resources
    .filter((r) => r.type === SAM_FUNCTION && !getPair(r.properties, 'Runtime') && asString(getPair(r.properties, 'PackageType')?.value) !== 'Image')
    .map((r) => r.logicalId);
}

export const lambdaRuntimeDeprecated: CfnRule = {
  meta: {
    id: ID,
    title: 'Lambda function on a deprecated runtime',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['PA', 'PO'],
    anchors: ['W2531', 'E2531', 'CKV_AWS_363', 'Lambda.2'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::Lambda::Function` or `AWS::Serverless::Function` (or SAM `Globals.Function`) whose `Runtime` is deprecated (warning), ' +
        'past the date AWS blocks function updates (error), or deprecated within the next 180 days (information). The dates are a table ' +
        'compared with today, so the rule keeps up without a new list of names; runtimes it does not know are not reported.',
      why:
        'A deprecated runtime no longer receives security patches for its language or operating system, and once updates are blocked ' +
        'a fix to the function code cannot be deployed at all until the runtime is changed, which is the worst moment to do a migration.',
      fix:
        'Move the function to the newest supported runtime of the same language. The quick fix changes `Runtime` to that successor ' +
        '(for example `nodejs18.x` to `nodejs24.x`, `python3.9` to `python3.14`, `provided` or `go1.x` to `provided.al2023`). It is ' +
        'unsafe: a new major version can change language behaviour, bundled SDK versions and native dependencies, so build, test and ' +
        'redeploy the code on the new runtime before relying on it.',
      bad: 'Handler:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: nodejs18.x\n    Handler: index.handler',
      good: 'Handler:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: nodejs24.x\n    Handler: index.handler',
    },
  },
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const resource of ctx.template.resources) {
      if (!isFunction(resource)) continue;
      const pair = getPair(resource.properties, 'Runtime');
      if (!pair?.value) continue;
      const f = finding(ctx, pair, `Function ${resource.logicalId} uses`, resource.logicalId, false);
      if (f) out.push(f);
    }
    const global = getPair(samFunctionGlobals(ctx.template), 'Runtime');
    const users = inheritors(ctx.template);
    if (global?.value && users.length > 0) {
      const names = users.length > 1 ? `${users.slice(0, -1).join(', ')} and ${users[users.length - 1]}` : users[0];
      const subject = `Globals.Function gives ${names} the`;
      const f = finding(ctx, global, subject, null, users.length > 1);
      if (f) out.push(f);
    }
    return out;
  },
};
