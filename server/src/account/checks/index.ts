// Every live check, by group: each group's index lists its collectors (the read calls, one per
// kind of resource) and its rules (one file per rule id, pure decisions over what was read).
import type { Collector, LiveRule } from '../scan/model';
import { computeChecks } from './compute';
import { edgeChecks } from './edge';
import { identityChecks } from './identity';
import { networkChecks } from './network';
import { s3Checks } from './s3';

interface CheckGroup {
  readonly collectors: readonly Collector[];
  readonly rules: readonly LiveRule[];
}

const groups: readonly CheckGroup[] = [s3Checks, computeChecks, networkChecks, identityChecks, edgeChecks];

export const liveCollectors: readonly Collector[] = groups.flatMap((g) => g.collectors);
export const liveRules: readonly LiveRule[] = groups.flatMap((g) => g.rules);
