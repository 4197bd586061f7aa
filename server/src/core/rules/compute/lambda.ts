// What the Lambda rules share: which resources are functions, and SAM's `Globals.Function`, whose
// properties every `AWS::Serverless::Function` inherits unless it sets its own.
import { asMap, get, getPair, type MapNode, type Node, type Pair } from '../../cfn/model';
import { ifBranches, intrinsicName, isNoValue, type Resource, type Template } from '../../cfn/template';

export const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
export const SAM_FUNCTION = 'AWS::Serverless::Function';

export function isFunction(resource: Resource): boolean {
  return resource.type === LAMBDA_FUNCTION || resource.type === SAM_FUNCTION;
}

/** The `Globals.Function` map of a SAM template, if written as a plain map. */
export function samFunctionGlobals(template: Template): MapNode | undefined {
  return asMap(get(asMap(get(template.root, 'Globals')), 'Function'));
}

/**
 * The pair that decides `key` for a function: its own property, or for a SAM function that does
 * not set it, the one in `Globals.Function`. Undefined when neither is written.
 */
export function effectivePair(template: Template, resource: Resource, properties: MapNode | undefined, key: string): Pair | undefined {
  const own = getPair(properties, key);
  if (own || resource.type !== SAM_FUNCTION) return own;
  return getPair(samFunctionGlobals(template), key);
}

/**
 * The plain values an `Fn::If` tree can take (null for `AWS::NoValue` or nothing), or undefined when
 * some branch is another intrinsic, whose value the engine cannot know.
 */
export function branchLeaves(node: Node | null | undefined): Array<Node | null> | undefined {
  const branches = ifBranches(node);
  if (branches) {
    const out: Array<Node | null> = [];
    for (const branch of branches) {
      const leaves = branchLeaves(branch);
      if (!leaves) return undefined;
      out.push(...leaves);
    }
    return out;
  }
  if (!node || isNoValue(node)) return [null];
  return intrinsicName(node) ? undefined : [node];
}
