// What the resource-type index says about the spot under the cursor in a template: a resource's
// `Type` value, or a property key under `Properties` (nested keys too, through property types).
// Works on the parsed model, so YAML block and flow style and JSON are the same.
import { propertyAt, propertyTypeDocs, resourceDocsUrl, resourceType, type CfnProperty } from '../cfn-spec';
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
 * items are of the list's property type); intrinsic functions end the walk, since what they
 * return is not written in place.
 */
function keyAt(node: Node, offset: number, path: readonly string[]): { path: string[]; start: number; end: number } | undefined {
  if (node.tag || offset < node.start || offset > node.end) return undefined;
  if (node.kind === 'seq') {
    const item = node.items.find((i) => i.start <= offset && offset <= i.end);
    return item ? keyAt(item, offset, path) : undefined;
  }
  if (node.kind !== 'map') return undefined;
  for (const pair of node.pairs) {
    if (pair.key === 'Ref' || pair.key.startsWith('Fn::')) return undefined;
    if (pair.keyStart <= offset && offset <= pair.keyEnd) return { path: [...path, pair.key], start: pair.keyStart, end: pair.keyEnd };
    if (pair.value && pair.value.start <= offset && offset <= pair.value.end) return keyAt(pair.value, offset, [...path, pair.key]);
  }
  return undefined;
}
