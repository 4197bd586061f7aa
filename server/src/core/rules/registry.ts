// The explicit list of rules, by group; each group's index lists its rules one file each.
// A test asserts the ids are unique, documented and have fixtures.
import { accountRules } from './account';
import { cfnSyntax } from './cfn-syntax';
import { computeRules } from './compute';
import { dataRules } from './data';
import { dnsRules } from './dns';
import { dnsSyntax } from './dns-syntax';
import { documentTooLarge } from './document-too-large';
import { edgeRules } from './edge';
import { identityRules } from './identity';
import { networkRules } from './network';
import { pemRules, pemSyntax } from './pem';
import { refRules } from './refs';
import { s3Rules } from './s3';
import { schemaRules } from './schema';
import type { CfnRule, RuleMeta } from './types';

export const cfnRules: readonly CfnRule[] = [...s3Rules, ...computeRules, ...dataRules, ...networkRules, ...edgeRules, ...identityRules, ...schemaRules, ...refRules];

/** Every rule's metadata, including those reported by the parsers rather than by a check. */
export const allRules: readonly RuleMeta[] = [cfnSyntax, documentTooLarge, ...cfnRules.map((r) => r.meta), dnsSyntax, ...dnsRules.map((r) => r.meta), pemSyntax, ...pemRules.map((r) => r.meta), ...accountRules];

/** The rules that are checks (every one has fixtures), templates first, then zones and PEM bundles. */
export const checkedRules: readonly RuleMeta[] = [...cfnRules.map((r) => r.meta), ...dnsRules.map((r) => r.meta), ...pemRules.map((r) => r.meta)];

const byId = new Map(allRules.map((m) => [m.id, m]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return byId.get(id);
}
