// The explicit list of rules. A test asserts the ids are unique, documented and have fixtures.
import { cfnSyntax } from './cfn-syntax';
import { s3VersioningOff } from './s3-versioning-off';
import type { CfnRule, RuleMeta } from './types';

export const cfnRules: readonly CfnRule[] = [s3VersioningOff];

/** Every rule's metadata, including those reported by the parsers rather than by a check. */
export const allRules: readonly RuleMeta[] = [cfnSyntax, ...cfnRules.map((r) => r.meta)];

const byId = new Map(allRules.map((m) => [m.id, m]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return byId.get(id);
}
