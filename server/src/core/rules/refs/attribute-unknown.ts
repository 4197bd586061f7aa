import { attribute, resourceType } from '../../cfn-spec';
import type { CfnRule, CheckFinding } from '../types';
import { closestName, judgeable, nameList, renameFix } from './common';

const ID = 'cfn-ref-attribute-unknown';

/** Types whose attributes are whatever their provider returns: nothing to check against. */
function openAttributes(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' || type.startsWith('AWS::Serverless::');
}

export const refAttributeUnknown: CfnRule = {
  meta: {
    id: ID,
    title: 'GetAtt of an attribute the resource type does not have',
    severity: 'error',
    fix: 'unsafe',
    e8: ['—'],
    anchors: ['E1010', 'E6101'],
    language: 'cloudformation',
    docs: {
      what:
        'A `Fn::GetAtt` (either form) or a `${Resource.Attribute}` in a `Fn::Sub` that reads an attribute the resource\'s type does ' +
        'not return, by the resource-type index built from the CloudFormation resource specification. Custom resources, ' +
        '`AWS::Serverless::*` types (SAM turns them into others), a nested stack\'s or provisioned product\'s `Outputs.Name`, types ' +
        'the index does not know and attribute names given by an intrinsic are not checked, nor are templates with a macro or a ' +
        'transform other than SAM and the language extensions.',
      why:
        'CloudFormation rejects the template ("Template error: resource X does not support attribute type Y in Fn::GetAtt") when ' +
        'the stack is created or updated, after the change set was prepared: a misspelt or guessed attribute (`Arn` where the type ' +
        'returns `TopicArn`) costs a failed deployment.',
      fix:
        'Use one of the attributes the message lists (the resource type\'s page in the CloudFormation User Guide documents them under ' +
        '"Return values"); for a value the type does not return, `Ref` or a property may give it. The quick fix changes the ' +
        'attribute to the closest one the type has, when there is exactly one; it is not applied by fix-all.',
      bad: 'Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\nOutputs:\n  AlertsArn:\n    Value: !GetAtt Alerts.Arm',
      good: 'Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\nOutputs:\n  AlertsArn:\n    Value: !GetAtt Alerts.TopicArn',
    },
  },
  check({ template }) {
    const refs = judgeable(template);
    if (!refs) return [];
    const out: CheckFinding[] = [];
    for (const site of refs.sites) {
      if ((site.kind !== 'GetAtt' && site.kind !== 'Sub') || typeof site.attribute !== 'string') continue;
      if (site.loopVars.has(site.name)) continue;
      const resource = template.byId.get(site.name);
      const name = site.attribute;
      if (!resource || openAttributes(resource.type) || name.includes('${') || name.includes('&{')) continue;
      // Most attributes exist: that lookup is cheap, the type's whole description is read only for a finding.
      if (attribute(resource.type, name)) continue;
      const type = resourceType(resource.type);
      if (!type) continue;
      // A nested stack's (or provisioned product's) outputs are read as `Outputs.Name`.
      if (name.startsWith('Outputs.') && type.attributes.has('Outputs')) continue;
      const known = [...type.attributes.keys()];
      const suggestion = closestName(template, `attribute of ${resource.type}`, name, known);
      const has = known.length === 0 ? 'it returns no attribute' : `it has ${nameList(known)}`;
      const range = site.attributeRange;
      out.push({
        ruleId: ID,
        start: range?.start ?? site.start,
        end: range?.end ?? site.end,
        message: `${site.name} (${resource.type}) has no attribute "${name}": ${has}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        resource: site.owner.name,
        ...(suggestion && range ? { fix: renameFix(template.doc.text, range.start, range.end, name, suggestion, 'attribute') } : {}),
      });
    }
    return out;
  },
};
