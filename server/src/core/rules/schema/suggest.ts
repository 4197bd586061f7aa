// "Did you mean": the known names nearest a misspelt one. The work is bounded whatever the input:
// names longer than MAX_NAME are not compared, and each comparison stops as soon as the distance
// is sure to pass the limit: names of other lengths cost nothing, the rest at most length².

/** Longer names are not compared: no real property or type name comes near. */
const MAX_NAME = 120;

/** The edit distance allowed for a name of this length: small names must be close to be a typo. */
export function typoLimit(length: number): number {
  return length <= 4 ? 1 : length <= 12 ? 2 : 3;
}

/**
 * The Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it is sure to exceed `limit`:
 * names whose lengths differ by more are not compared, and a row whose every cell passes the
 * limit ends the comparison.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, limit + 1);
}

/**
 * Up to `max` names of `candidates` nearest `name`: one differing only in case first, then those
 * within the typo limit, nearest first (ties in candidate order). Empty when none is close.
 */
export function nearestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  if (name.length === 0 || name.length > MAX_NAME) return [];
  const lower = name.toLowerCase();
  const limit = typoLimit(name.length);
  const found: Array<{ name: string; distance: number }> = [];
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const candidateLower = candidate.toLowerCase();
    // Case alone is the likeliest slip, ranked before any edit.
    const distance = candidateLower === lower ? -1 : boundedDistance(lower, candidateLower, limit);
    if (distance <= limit) found.push({ name: candidate, distance });
  }
  // A name differing only in case is the one meant: edits that happen to be as near are noise.
  const sameLetters = found.filter((f) => f.distance < 0);
  return (sameLetters.length > 0 ? sameLetters : found)
    .sort((x, y) => x.distance - y.distance)
    .slice(0, max)
    .map((f) => f.name);
}
