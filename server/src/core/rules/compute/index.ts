// Lambda and VPC endpoint rules, in catalogue order.
import type { CfnRule } from '../types';

export const computeRules: readonly CfnRule[] = [];
