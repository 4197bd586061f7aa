// Dates as the PEM rules word them: calendar days in UTC, the way certificates state validity.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `2024-08-22`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Whole days between two instants, in either order, rounded down: 36 hours is one day. The one day
 * count of every PEM date: the findings, the code lens and the hover all word days through it.
 */
export function wholeDays(from: Date, to: Date): number {
  return Math.floor(Math.abs(to.getTime() - from.getTime()) / DAY_MS);
}

/** `1 day`, `53 days`. */
export function dayCount(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** `95 days ago`, or `less than a day ago`. */
export function ago(then: Date, now: Date): string {
  const n = wholeDays(then, now);
  return n === 0 ? 'less than a day ago' : `${dayCount(n)} ago`;
}

/** `in 53 days`, or `in less than a day`. */
export function until(then: Date, now: Date): string {
  const n = wholeDays(now, then);
  return n === 0 ? 'in less than a day' : `in ${dayCount(n)}`;
}
