// Keys written twice in one mapping. CloudFormation rejects such a template, and a fix computed
// on it cannot converge: it reads the last of two resources of one name while the rules find the
// first still unfixed, so every fix-all would add the same thing again. The keys are found once
// per template, with a set per map, and fixes that depend on them are held until they are unique.
import type { Node } from './model';
import type { Template } from './template';

export interface Duplicates {
  /** Top-level sections written twice, or holding a duplicated key below them (outside Resources). */
  readonly sections: ReadonlySet<string>;
  /** Logical ids written twice under Resources, or whose resource holds a duplicated key. */
  readonly resources: ReadonlySet<string>;
}

const cache = new WeakMap<Template, Duplicates>();
const NONE: Duplicates = { sections: new Set(), resources: new Set() };

/** True when some map at or below `node` writes a key twice. */
function hasDuplicateBelow(node: Node | null): boolean {
  const stack: Array<Node | null> = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) continue;
    if (current.kind === 'seq') for (const item of current.items) stack.push(item);
    else if (current.kind === 'map') {
      const keys = new Set<string>();
      for (const pair of current.pairs) {
        if (keys.has(pair.key)) return true;
        keys.add(pair.key);
        stack.push(pair.value);
      }
    }
  }
  return false;
}

function repeated<T extends { readonly key: string }>(pairs: readonly T[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const pair of pairs) {
    if (seen.has(pair.key)) twice.add(pair.key);
    seen.add(pair.key);
  }
  return twice;
}

export function duplicatesOf(template: Template): Duplicates {
  let found = cache.get(template);
  if (found) return found;
  // A duplicate key is the one error a template is still read with: without an error there is none.
  if (!template.doc.error) return NONE;
  const sections = repeated(template.root.pairs);
  const resources = new Set<string>();
  for (const section of template.root.pairs) {
    const map = section.value?.kind === 'map' && section.key === 'Resources' ? section.value : undefined;
    if (!map) {
      if (hasDuplicateBelow(section.value)) sections.add(section.key);
      continue;
    }
    for (const id of repeated(map.pairs)) resources.add(id);
    for (const pair of map.pairs) if (hasDuplicateBelow(pair.value)) resources.add(pair.key);
  }
  found = { sections, resources };
  cache.set(template, found);
  return found;
}

/** The duplicated key a finding's fix depends on, or undefined when its fix may go ahead. */
export function heldBy(duplicates: Duplicates, resource: string | null): string | undefined {
  const [section] = duplicates.sections;
  if (section !== undefined) return section;
  return resource !== null && duplicates.resources.has(resource) ? resource : undefined;
}
