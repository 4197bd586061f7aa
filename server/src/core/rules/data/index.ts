// DynamoDB and RDS rules, in catalogue order.
import type { CfnRule } from '../types';

export const dataRules: readonly CfnRule[] = [];
