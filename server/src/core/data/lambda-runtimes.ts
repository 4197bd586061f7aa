// Lambda managed runtimes and their deprecation dates. Dates are data, compared with the injected
// clock, because hard-coded "deprecated" lists go stale the day after they ship. Sources: the
// project's rule catalogue ("Data that ages") and AWS's published runtime deprecation schedule.
//
// `updateBlocked` is left undefined where the block-function-update date is not settled: AWS has
// moved those dates several times for runtimes deprecated in 2023–2025, and has announced none yet
// for runtimes deprecating after 2026. Such runtimes report as deprecated (a warning), never as
// blocked (an error). Update this table when AWS publishes or moves a date.
//
// python3.11 follows AWS's table (2026-06-30, as cfn-lint's runtime data also has it), not the
// catalogue's 2027-06-30. cfn-lint has 2026-06-30 for java8.al2, java11, java17, python3.10 and
// provided.al2 too, and earlier block-update dates, where the catalogue differs: those rows keep the
// catalogue's dates until AWS's table settles which is right.

/** A family's runtimes share a language (or OS-only base) and so a successor. */
export type RuntimeFamily = 'nodejs' | 'python' | 'java' | 'ruby' | 'dotnet' | 'provided';

export interface LambdaRuntime {
  readonly id: string;
  readonly family: RuntimeFamily;
  /** ISO date (UTC) from which the runtime gets no more security patches. */
  readonly deprecated: string;
  /** ISO date (UTC) from which functions on the runtime can no longer be updated, where known. */
  readonly updateBlocked?: string;
}

/** The block-update date the catalogue gives for runtimes deprecated from late 2025 through 2026. */
const LATE_2026_BLOCK = '2027-03-03';

/** Oldest first within each family: the successor is the newest runtime still supported. */
export const LAMBDA_RUNTIMES: readonly LambdaRuntime[] = [
  { id: 'nodejs', family: 'nodejs', deprecated: '2016-10-31', updateBlocked: '2016-10-31' },
  { id: 'nodejs4.3', family: 'nodejs', deprecated: '2020-03-05', updateBlocked: '2020-03-05' },
  { id: 'nodejs4.3-edge', family: 'nodejs', deprecated: '2020-03-05', updateBlocked: '2019-04-30' },
  { id: 'nodejs6.10', family: 'nodejs', deprecated: '2019-08-12', updateBlocked: '2019-08-12' },
  { id: 'nodejs8.10', family: 'nodejs', deprecated: '2020-03-06', updateBlocked: '2020-03-06' },
  { id: 'nodejs10.x', family: 'nodejs', deprecated: '2021-07-30', updateBlocked: '2022-02-14' },
  { id: 'nodejs12.x', family: 'nodejs', deprecated: '2023-03-31', updateBlocked: '2023-04-30' },
  { id: 'nodejs14.x', family: 'nodejs', deprecated: '2023-12-04' },
  { id: 'nodejs16.x', family: 'nodejs', deprecated: '2024-06-12' },
  { id: 'nodejs18.x', family: 'nodejs', deprecated: '2025-09-01', updateBlocked: LATE_2026_BLOCK },
  { id: 'nodejs20.x', family: 'nodejs', deprecated: '2026-04-30', updateBlocked: LATE_2026_BLOCK },
  { id: 'nodejs22.x', family: 'nodejs', deprecated: '2027-04-30' },
  { id: 'nodejs24.x', family: 'nodejs', deprecated: '2028-04-30' },

  { id: 'python2.7', family: 'python', deprecated: '2021-07-15', updateBlocked: '2022-05-30' },
  { id: 'python3.6', family: 'python', deprecated: '2022-07-18', updateBlocked: '2022-08-29' },
  { id: 'python3.7', family: 'python', deprecated: '2023-12-04' },
  { id: 'python3.8', family: 'python', deprecated: '2024-10-14' },
  { id: 'python3.9', family: 'python', deprecated: '2025-12-15', updateBlocked: LATE_2026_BLOCK },
  { id: 'python3.10', family: 'python', deprecated: '2026-10-31', updateBlocked: LATE_2026_BLOCK },
  { id: 'python3.11', family: 'python', deprecated: '2026-06-30', updateBlocked: LATE_2026_BLOCK },
  { id: 'python3.12', family: 'python', deprecated: '2028-10-31' },
  { id: 'python3.13', family: 'python', deprecated: '2029-06-30' },
  { id: 'python3.14', family: 'python', deprecated: '2029-06-30' },

  { id: 'java8', family: 'java', deprecated: '2024-01-08' },
  { id: 'java8.al2', family: 'java', deprecated: '2027-06-30' },
  { id: 'java11', family: 'java', deprecated: '2027-06-30' },
  { id: 'java17', family: 'java', deprecated: '2027-06-30' },
  { id: 'java21', family: 'java', deprecated: '2029-06-30' },
  { id: 'java25', family: 'java', deprecated: '2029-06-30' },

  { id: 'ruby2.5', family: 'ruby', deprecated: '2021-07-30', updateBlocked: '2022-03-31' },
  { id: 'ruby2.7', family: 'ruby', deprecated: '2023-12-07' },
  { id: 'ruby3.2', family: 'ruby', deprecated: '2026-03-31', updateBlocked: LATE_2026_BLOCK },
  { id: 'ruby3.3', family: 'ruby', deprecated: '2027-03-31' },
  { id: 'ruby3.4', family: 'ruby', deprecated: '2028-03-31' },

  { id: 'dotnetcore1.0', family: 'dotnet', deprecated: '2019-06-27', updateBlocked: '2019-07-30' },
  { id: 'dotnetcore2.0', family: 'dotnet', deprecated: '2019-05-30', updateBlocked: '2019-05-30' },
  { id: 'dotnetcore2.1', family: 'dotnet', deprecated: '2022-01-05', updateBlocked: '2022-04-13' },
  { id: 'dotnetcore3.1', family: 'dotnet', deprecated: '2023-04-03', updateBlocked: '2023-05-03' },
  { id: 'dotnet6', family: 'dotnet', deprecated: '2024-12-20' },
  { id: 'dotnet8', family: 'dotnet', deprecated: '2026-11-10', updateBlocked: LATE_2026_BLOCK },
  { id: 'dotnet10', family: 'dotnet', deprecated: '2028-11-14' },

  // Go ran on its own runtime until AWS moved it to the OS-only runtimes, so it shares their family.
  { id: 'go1.x', family: 'provided', deprecated: '2024-01-08' },
  { id: 'provided', family: 'provided', deprecated: '2024-01-08' },
  { id: 'provided.al2', family: 'provided', deprecated: '2026-07-31', updateBlocked: LATE_2026_BLOCK },
  { id: 'provided.al2023', family: 'provided', deprecated: '2029-06-30' },
];

const byId = new Map(LAMBDA_RUNTIMES.map((r) => [r.id, r]));

export function lambdaRuntime(id: string): LambdaRuntime | undefined {
  return byId.get(id);
}

/** Midnight UTC of an ISO date, as milliseconds. */
export function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

/** Where a runtime stands on a given day; `deprecating` means within `soonDays` of deprecation. */
export type RuntimeStatus = 'supported' | 'deprecating' | 'deprecated' | 'blocked';

export function runtimeStatus(runtime: LambdaRuntime, now: Date, soonDays = 180): RuntimeStatus {
  const t = now.getTime();
  if (runtime.updateBlocked !== undefined && t >= dayOf(runtime.updateBlocked)) return 'blocked';
  const deprecated = dayOf(runtime.deprecated);
  if (t >= deprecated) return 'deprecated';
  if (t >= deprecated - soonDays * 86_400_000) return 'deprecating';
  return 'supported';
}

/**
 * The newest runtime of the same family that is not yet deprecated on `now`, preferring one that is
 * not even close to it; undefined when the family has none.
 */
export function successorOf(runtime: LambdaRuntime, now: Date): LambdaRuntime | undefined {
  const family = LAMBDA_RUNTIMES.filter((r) => r.family === runtime.family && r.id !== runtime.id).reverse();
  return (
    family.find((r) => runtimeStatus(r, now) === 'supported') ?? family.find((r) => runtimeStatus(r, now) === 'deprecating')
  );
}
