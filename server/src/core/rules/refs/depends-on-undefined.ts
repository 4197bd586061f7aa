import type { CfnRule, CheckFinding } from '../types';
import { closestName, judgeable, renameFix } from './common';
import { hasPlaceholder, mayBeGenerated, mayBeMadeBySamOrModule } from './references';

const ID = 'cfn-ref-depends-on-undefined';

export const refDependsOnUndefined: CfnRule = {
  meta: {
    id: ID,
    title: 'DependsOn names no resource',
    severity: 'error',
    fix: 'unsafe',
    e8: ['—'],
    anchors: ['E3005'],
    language: 'cloudformation',
    docs: {
      what:
        'A resource\'s `DependsOn` (a name or a list of names) that names no resource of the template: a parameter, an output, a ' +
        'condition or a typo. In SAM templates a name starting with a serverless resource\'s logical id may be one SAM generates, ' +
        'and with `Fn::ForEach` a name a loop could generate is taken as defined; templates with a macro or another transform are ' +
        'not checked.',
      why:
        'CloudFormation refuses the template ("Template format error: Unresolved resource dependencies [X] in the Resources block"), ' +
        'so nothing is deployed; and the order the author wanted (a route before the instances that need it) is not there until ' +
        'the name is right.',
      fix:
        'Name the resource that must be created first, or remove the entry. The quick fix changes the name to the closest ' +
        'resource\'s logical id when exactly one is that close; it is not applied by fix-all.',
      bad: 'Resources:\n  Gateway:\n    Type: AWS::EC2::InternetGateway\n  Server:\n    Type: AWS::EC2::Instance\n    DependsOn: Gatway\n    Properties:\n      ImageId: ami-0123456789abcdef0',
      good: 'Resources:\n  Gateway:\n    Type: AWS::EC2::InternetGateway\n  Server:\n    Type: AWS::EC2::Instance\n    DependsOn: Gateway\n    Properties:\n      ImageId: ami-0123456789abcdef0',
    },
  },
  check({ template }) {
    const refs = judgeable(template);
    if (!refs) return [];
    const out: CheckFinding[] = [];
    for (const site of refs.sites) {
      if (site.kind !== 'DependsOn') continue;
      const { name } = site;
      if (refs.resources.has(name) || hasPlaceholder(name) || site.loopVars.has(name)) continue;
      if (mayBeGenerated(refs, 'Resources', name) || mayBeMadeBySamOrModule(refs, name)) continue;
      const suggestion = closestName(template, 'resource', name, refs.resources.keys());
      const what = refs.parameters.has(name) ? 'a parameter' : refs.conditions.has(name) ? 'a condition' : 'no resource of this template';
      out.push({
        ruleId: ID,
        start: site.start,
        end: site.end,
        message: `${site.owner.name ?? 'A resource'} depends on "${name}", ${what}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        resource: site.owner.name,
        ...(suggestion && site.exact ? { fix: renameFix(template.doc.text, site.start, site.end, name, suggestion, 'dependency') } : {}),
      });
    }
    return out;
  },
};
