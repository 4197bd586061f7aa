// What the reference rules share: whether a template can be judged at all, the "did you mean"
// suggestion, and its fix.
import type { Template } from '../../cfn/template';
import type { Fix } from '../types';
import { references, type References } from './references';

/** The template's references, or undefined when a macro or transform makes every name uncertain. */
export function judgeable(template: Template): References | undefined {
  const refs = references(template);
  return refs.skip ? undefined : refs;
}

/** Edit distance of `a` and `b` when it is at most `max`, else max + 1 (a band, so long names stay cheap). */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Suggestions worked out per template at most: a template of thousands of typos stays fast. */
const MAX_SUGGESTIONS = 200;
const asked = new WeakMap<Template, Map<string, string | undefined>>();

/**
 * The one defined name closest to `name`: the same but for case, else within one edit (names of
 * up to four characters) or two. Undefined when none is that close, or two are equally close.
 */
export function closestName(template: Template, kind: string, name: string, candidates: Iterable<string>): string | undefined {
  let known = asked.get(template);
  if (!known) {
    known = new Map();
    asked.set(template, known);
  }
  const key = `${kind}\n${name}`;
  if (known.has(key)) return known.get(key);
  if (known.size >= MAX_SUGGESTIONS) return undefined;
  const lower = name.toLowerCase();
  const max = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  let tie = false;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : boundedDistance(name, candidate, max);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && distance <= max) tie = true;
  }
  const found = tie ? undefined : best;
  known.set(key, found);
  return found;
}

/** Replaces the text `start..end` (a name as written) with `name`: a person checks it is the one meant. */
export function renameFix(text: string, start: number, end: number, was: string, name: string, what: string): Fix {
  return {
    title: `Change ${what} "${was}" to "${name}"`,
    safety: 'unsafe',
    edits: () => (text.slice(start, end) === was ? [{ start, end, newText: name }] : null),
  };
}

/** A list of names for a message: the first few, then how many more. */
export function nameList(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
