// What the resource-type index says about the spot under the cursor in a template: a resource's
// `Type` value, a property key under `Properties` (nested keys too, through property types), or
// the attribute a `!GetAtt` / `Fn::GetAtt` names.
// Works on the parsed model, so YAML block and flow style and JSON are the same.
import { attribute, propertyAt, propertyTypeDocs, resourceDocsUrl, resourceType, type CfnProperty } from '../cfn-spec';
import { getPair, type Node } from './model';
import type { Template } from './template';

export interface SpecHover {
  readonly start: number;
  readonly end: number;
  readonly markdown: string;
}

const UPDATE: Record<CfnProperty['replacement'], string> = { yes: 'replacement', no: 'no interruption', maybe: 'some interruption' };

/** The hover at `offset`, or undefined when the cursor is on nothing the index knows. */
export function specHover(template: Template, offset: number): SpecHover | undefined {
  return getAttHover(template, offset) ?? resourceHover(template, offset);
}

function resourceHover(template: Template, offset: number): SpecHover | undefined {
  const resource = template.resources.find((r) => r.node.start <= offset && offset <= r.node.end);
  if (!resource) return undefined;
  const typeNode = getPair(resource.node, 'Type')?.value;
  if (typeNode && typeNode.start <= offset && offset <= typeNode.end) {
    const type = resourceType(resource.type);
    if (!type) return undefined;
    const markdown = [`**${type.name}**`, type.docs, link(type.name)].filter(Boolean).join('\n\n');
    return { start: typeNode.start, end: typeNode.end, markdown };
  }
  const properties = resource.propertiesPair?.value;
  if (!properties) return undefined;
  const found = keyAt(properties, offset, []);
  if (!found) return undefined;
  const property = propertyAt(resource.type, found.path);
  if (!property) return undefined;
  const facts = [`\`${property.type}\``, property.required ? 'required' : 'optional', `Update requires: ${UPDATE[property.replacement]}`];
  const typeDocs = property.propertyType ? propertyTypeDocs(resource.type, property.propertyType) : undefined;
  const markdown = [`**${found.path.join('.')}** (${resource.type})`, facts.join(' · '), property.docs, typeDocs && `${property.propertyType}: ${typeDocs}`, link(resource.type)]
    .filter(Boolean)
    .join('\n\n');
  return { start: found.start, end: found.end, markdown };
}

function link(typeName: string): string {
  return `[${typeName} reference](${resourceDocsUrl(typeName)})`;
}

/**
 * The path of property keys down to the key under the cursor. Lists are stepped through (their
 * items are of the list's property type), and so are the two branches of an `If`; other
 * intrinsic functions end the walk, since what they return is not written in place.
 */
function keyAt(node: Node, offset: number, path: readonly string[]): { path: string[]; start: number; end: number } | undefined {
  if (offset < node.start || offset > node.end) return undefined;
  if (node.tag === 'If') return ifBranchKeyAt(node, offset, path);
  if (node.tag) return undefined;
  if (node.kind === 'seq') {
    const item = node.items.find((i) => i.start <= offset && offset <= i.end);
    return item ? keyAt(item, offset, path) : undefined;
  }
  if (node.kind !== 'map') return undefined;
  for (const pair of node.pairs) {
    if (pair.key === 'Fn::If' && node.pairs.length === 1 && pair.value) return ifBranchKeyAt(pair.value, offset, path);
    if (pair.key === 'Ref' || pair.key.startsWith('Fn::')) return undefined;
    if (pair.keyStart <= offset && offset <= pair.keyEnd) return { path: [...path, pair.key], start: pair.keyStart, end: pair.keyEnd };
    if (pair.value && pair.value.start <= offset && offset <= pair.value.end) return keyAt(pair.value, offset, [...path, pair.key]);
  }
  return undefined;
}

/** `[Condition, then, else]`: the branches hold what the `If` stands for. */
function ifBranchKeyAt(args: Node, offset: number, path: readonly string[]): ReturnType<typeof keyAt> {
  if (args.kind !== 'seq' || args.items.length !== 3) return undefined;
  const branch = args.items.slice(1).find((i) => i.start <= offset && offset <= i.end);
  return branch ? keyAt(branch, offset, path) : undefined;
}

/** `!GetAtt Bucket.Arn`, `!GetAtt [Bucket, Arn]` or `Fn::GetAtt` anywhere in the template. */
function getAttHover(template: Template, offset: number): SpecHover | undefined {
  const found = getAttAt(template.root, offset);
  if (!found) return undefined;
  let logicalId: string | undefined;
  let name: string | undefined;
  if (found.kind === 'scalar' && typeof found.value === 'string') {
    const dot = found.value.indexOf('.');
    if (dot > 0) [logicalId, name] = [found.value.slice(0, dot), found.value.slice(dot + 1)];
  } else if (found.kind === 'seq' && found.items.length === 2) {
    const [id, attr] = found.items.map((i) => (i.kind === 'scalar' && !i.tag && typeof i.value === 'string' ? i.value : undefined));
    [logicalId, name] = [id, attr];
  }
  const resource = logicalId ? template.byId.get(logicalId) : undefined;
  if (!resource || !name) return undefined;
  const attr = attribute(resource.type, name);
  if (!attr) return undefined;
  const markdown = [`**${logicalId}.${name}**: attribute of ${resource.type}`, `\`${attr.type}\``, attr.docs, link(resource.type)].filter(Boolean).join('\n\n');
  return { start: found.start, end: found.end, markdown };
}

/** The argument node of the innermost `GetAtt` holding `offset`, if any. */
function getAttAt(node: Node | null | undefined, offset: number): Node | undefined {
  if (!node || offset < node.start || offset > node.end) return undefined;
  if (node.tag === 'GetAtt') return node;
  if (node.kind === 'seq') {
    for (const item of node.items) if (item.start <= offset && offset <= item.end) return getAttAt(item, offset);
    return undefined;
  }
  if (node.kind !== 'map') return undefined;
  for (const pair of node.pairs) {
    if (!pair.value || offset < pair.value.start || offset > pair.value.end) continue;
    return pair.key === 'Fn::GetAtt' ? pair.value : getAttAt(pair.value, offset);
  }
  return undefined;
}
