// Relations between resources: which logical id a `Ref`/`GetAtt` (short or long form) names,
// and which resources of a type point at a given resource through a property.
import { asMap, asString, get, type Node } from './model';
import { intrinsicName, type Resource, type Template } from './template';

/** The argument of a one-key intrinsic: the tagged node itself, or the long form's value. */
export function intrinsicArg(node: Node): Node | null {
  if (node.tag) return node;
  return node.kind === 'map' ? (node.pairs[0]?.value ?? null) : null;
}

/** The string inside an intrinsic argument, ignoring the tag. */
function rawString(node: Node | null): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** The logical id (or parameter, or pseudo parameter) named by `Ref`, `GetAtt` or a plain `${X}` Sub. */
export function refName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const name = intrinsicName(node);
  const arg = name ? intrinsicArg(node) : null;
  if (name === 'Ref') return rawString(arg);
  if (name === 'Fn::GetAtt') {
    if (arg?.kind === 'seq') return rawString(arg.items[0] ?? null);
    return rawString(arg)?.split('.')[0];
  }
  if (name === 'Fn::Sub') {
    const m = /^\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}$/.exec(rawString(arg) ?? '');
    return m?.[1];
  }
  return undefined;
}

/** The resource a node refers to, when it is a `Ref`/`GetAtt` to a resource of the template. */
export function referencedResource(template: Template, node: Node | null | undefined): Resource | undefined {
  const name = refName(node);
  return name ? template.byId.get(name) : undefined;
}

/** Resources of `type` whose property `property` refers to `target`. */
export function referrers(template: Template, target: Resource, type: string, property: string): Resource[] {
  return template.resources.filter(
    (r) => r.type === type && referencedResource(template, get(r.properties, property)) === target,
  );
}

export interface Parameter {
  readonly name: string;
  readonly type?: string;
  readonly default?: string;
  readonly noEcho: boolean;
}

export function parameter(template: Template, name: string): Parameter | undefined {
  const node = asMap(get(asMap(get(template.root, 'Parameters')), name));
  if (!node) return undefined;
  const noEcho = asString(get(node, 'NoEcho'));
  const type = asString(get(node, 'Type'));
  const def = asString(get(node, 'Default'));
  return {
    name,
    noEcho: noEcho === 'true',
    ...(type !== undefined ? { type } : {}),
    ...(def !== undefined ? { default: def } : {}),
  };
}
