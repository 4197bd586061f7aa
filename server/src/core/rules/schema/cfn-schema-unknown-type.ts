import type { CfnRule } from '../types';
import { SCHEMA_SCOPE, schemaFindings } from './walk';

export const cfnSchemaUnknownType: CfnRule = {
  meta: {
    id: 'cfn-schema-unknown-type',
    title: 'Resource type CloudFormation does not know',
    severity: 'error',
    fix: 'unsafe',
    e8: ['—'],
    anchors: ['cfn-lint E3006'],
    language: 'cloudformation',
    docs: {
      what: 'A resource whose `Type` is in the `AWS::` or `Alexa::` namespace but is not a type the resource-type index (from `@aws-cdk/aws-service-spec`) knows.',
      why:
        'CloudFormation refuses the whole template when one type is unknown, and usually the cause is a typo (`AWS::S3::Buckets`) or a wrong case ' +
        '(`AWS::SQS::queue`) that is only found at deployment. Custom resources (`Custom::*`, `AWS::CloudFormation::CustomResource`), SAM types and ' +
        `private registry types in other namespaces are never flagged. ${SCHEMA_SCOPE}`,
      fix:
        'Correct the type name. The quick fixes change it to the nearest known types (same name in another case, or a few letters apart); they are ' +
        'unsafe because only you know which resource was meant, and a type newer than the extension is reported too until its index learns it.',
      bad: 'Uploads:\n  Type: AWS::S3::Buckets',
      good: 'Uploads:\n  Type: AWS::S3::Bucket',
    },
  },
  check: ({ template }) => [...schemaFindings(template)['cfn-schema-unknown-type']],
};
