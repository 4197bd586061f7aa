// TTLs as master files write them: seconds, or BIND's units (`1h30m`, `2W`), at most 2^31 - 1
// (RFC 2181 §8).

export const MAX_TTL = 2147483647;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds for a TTL token, or undefined when it is not one. */
export function parseTtl(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 0xffffffff ? n : undefined;
  }
  if (!/^(\d+[wdhmsWDHMS])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, digits, unit] of text.matchAll(/(\d+)([wdhmsWDHMS])/g)) total += Number(digits) * UNIT_SECONDS[unit!.toLowerCase()]!;
  return total <= 0xffffffff ? total : undefined;
}

/** Whether a token looks like a TTL (starts with a digit), so a bad one is "bad ttl", not a type. */
export function looksLikeTtl(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** A TTL in human units: `3600` → `1 hour`, `5400` → `1 hour 30 minutes`. */
export function humanTtl(seconds: number): string {
  if (seconds === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ');
}

/** A TTL in the style of an example: units when the example uses them, seconds otherwise. */
export function formatTtl(seconds: number, unitStyle: boolean): string {
  if (!unitStyle || seconds === 0) return String(seconds);
  let out = '';
  let rest = seconds;
  for (const [unit, size] of [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
