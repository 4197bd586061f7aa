import type { CfnRule } from '../types';
import { SCHEMA_SCOPE, schemaFindings } from './walk';

export const cfnSchemaValueNotAllowed: CfnRule = {
  meta: {
    id: 'cfn-schema-value-not-allowed',
    title: 'Value not among those the property allows',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['—'],
    anchors: ['cfn-lint E3030'],
    language: 'cloudformation',
    docs: {
      what: 'A literal value (or list item) of a property whose allowed values the resource-type index lists, that is not one of them.',
      why:
        'CloudFormation or the service refuses a value outside the list, often only at deployment. It is a warning rather than an error because ' +
        `AWS adds values (new instance classes, runtimes, storage tiers) before the extension’s index learns them. ${SCHEMA_SCOPE}`,
      fix:
        'Use one of the allowed values (the message lists them). When the value differs from one only in case, the quick fix changes it to that ' +
        'value; it is unsafe because a service may treat the two differently.',
      bad: 'Uploads:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: enabled',
      good: 'Uploads:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled',
    },
  },
  check: ({ template }) => [...schemaFindings(template)['cfn-schema-value-not-allowed']],
};
