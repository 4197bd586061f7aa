// Schema checks against the resource-type index, in catalogue order. One walk of the template
// (walk.ts) feeds all five.
import type { CfnRule } from '../types';
import { cfnSchemaRequiredMissing } from './cfn-schema-required-missing';
import { cfnSchemaUnknownProperty } from './cfn-schema-unknown-property';
import { cfnSchemaUnknownType } from './cfn-schema-unknown-type';
import { cfnSchemaValueNotAllowed } from './cfn-schema-value-not-allowed';
import { cfnSchemaWrongType } from './cfn-schema-wrong-type';

export const schemaRules: readonly CfnRule[] = [
  cfnSchemaUnknownType,
  cfnSchemaUnknownProperty,
  cfnSchemaRequiredMissing,
  cfnSchemaWrongType,
  cfnSchemaValueNotAllowed,
];
