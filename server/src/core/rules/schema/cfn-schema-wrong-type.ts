import type { CfnRule } from '../types';
import { SCHEMA_SCOPE, schemaFindings } from './walk';

export const cfnSchemaWrongType: CfnRule = {
  meta: {
    id: 'cfn-schema-wrong-type',
    title: 'Value of the wrong type',
    severity: 'error',
    fix: 'none',
    e8: ['—'],
    anchors: ['cfn-lint E3012'],
    language: 'cloudformation',
    docs: {
      what:
        'A property value whose shape cannot be its declared type: a map or list where a single value is expected, a single value where a list ' +
        'or an object is expected, a word where a number is expected, or anything but true or false for a boolean.',
      why:
        'CloudFormation refuses such a value at deployment. What it converts is accepted: numbers and booleans written as strings (`"30"`, ' +
        '`"true"`), and numbers or booleans where a string is expected. An intrinsic function is a value not known until deployment and is never ' +
        `flagged; both branches of \`Fn::If\` are checked, and \`AWS::NoValue\` is a property not written. ${SCHEMA_SCOPE}`,
      fix: 'Write the value in the expected shape (the message says which). There is no quick fix: turning a value into another shape needs your judgement.',
      bad: 'Jobs:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: one minute',
      good: 'Jobs:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: "60"',
    },
  },
  check: ({ template }) => [...schemaFindings(template)['cfn-schema-wrong-type']],
};
