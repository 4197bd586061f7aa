import type { CfnRule } from '../types';
import { SCHEMA_SCOPE, schemaFindings } from './walk';

export const cfnSchemaUnknownProperty: CfnRule = {
  meta: {
    id: 'cfn-schema-unknown-property',
    title: 'Property the resource type does not have',
    severity: 'error',
    fix: 'unsafe',
    e8: ['—'],
    anchors: ['cfn-lint E3002'],
    language: 'cloudformation',
    docs: {
      what:
        'A key under a resource’s `Properties`, or under a nested property object (through lists and both branches of `Fn::If`), that the ' +
        'resource type or property type does not define.',
      why:
        'CloudFormation fails the deployment on a property it does not know, and a misspelt optional setting (`VisibilityTimeot`, `Versioning`) ' +
        'is otherwise found only then, or is mistaken for the setting it was meant to be. Keys of free-form values (`json`, maps of names) and ' +
        `intrinsic functions are not checked. ${SCHEMA_SCOPE}`,
      fix:
        'Correct or remove the key. When a property of the type has a close name (the same in another case, or a few letters apart), the quick fix ' +
        '“Change to …” renames the key and keeps its quoting; it is unsafe because the value may not suit the property it becomes.',
      bad: 'Jobs:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeot: 60',
      good: 'Jobs:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: 60',
    },
  },
  check: ({ template }) => [...schemaFindings(template)['cfn-schema-unknown-property']],
};
