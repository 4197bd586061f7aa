import type { CfnRule } from '../types';
import { SCHEMA_SCOPE, schemaFindings } from './walk';

export const cfnSchemaRequiredMissing: CfnRule = {
  meta: {
    id: 'cfn-schema-required-missing',
    title: 'Required property missing',
    severity: 'error',
    fix: 'none',
    e8: ['—'],
    anchors: ['cfn-lint E3003'],
    language: 'cloudformation',
    docs: {
      what:
        'A resource, or a nested property object written as a map, without a property its type requires; a resource with no `Properties` at all ' +
        'is flagged on its logical id.',
      why:
        'CloudFormation rejects the resource when it reaches it, often after creating others that are then rolled back. Where the value is not ' +
        'visible (`Properties` or the nested object is an intrinsic function, or the object is one branch of an `Fn::If`) nothing is flagged. ' +
        SCHEMA_SCOPE,
      fix: 'Add the property with the value the resource needs; there is no quick fix, since only you know the value.',
      bad: 'Network:\n  Type: AWS::EC2::Subnet\n  Properties:\n    CidrBlock: 10.0.1.0/24',
      good: 'Network:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: vpc-0123456789abcdef0\n    CidrBlock: 10.0.1.0/24',
    },
  },
  check: ({ template }) => [...schemaFindings(template)['cfn-schema-required-missing']],
};
