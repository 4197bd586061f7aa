// Reference checks: names a template refers to that it does not define, dependencies in a circle,
// and declarations nothing uses. All read one walk of the template (references.ts).
import type { CfnRule } from '../types';
import { refAttributeUnknown } from './attribute-unknown';
import { refCircular } from './circular';
import { refDependsOnUndefined } from './depends-on-undefined';
import { refUndefined } from './ref-undefined';
import { refUnusedCondition, refUnusedMapping, refUnusedParameter } from './unused';

export const refRules: readonly CfnRule[] = [
  refUndefined,
  refAttributeUnknown,
  refDependsOnUndefined,
  refCircular,
  refUnusedParameter,
  refUnusedCondition,
  refUnusedMapping,
];
