import type { Template } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { closestName, judgeable, renameFix } from './common';
import { hasPlaceholder, mayBeGenerated, PSEUDO_PARAMETERS, mayBeMadeBySamOrModule, type References, type RefSite } from './references';

const ID = 'cfn-ref-undefined';

/** What a reference may name, and how a message says it. */
interface Target {
  readonly what: string;
  readonly names: () => Iterable<string>;
}

/** Why a site names nothing, and the names it could have meant; undefined when it is fine or unknown. */
function problem(refs: References, site: RefSite): { message: string; target: Target } | undefined {
  const { name } = site;
  if (hasPlaceholder(name) || site.loopVars.has(name)) return undefined;
  const resourceLike = (): boolean => refs.resources.has(name) || mayBeGenerated(refs, 'Resources', name) || mayBeMadeBySamOrModule(refs, name);
  const resources: Target = { what: 'resource', names: () => refs.resources.keys() };
  const quoted = `"${name}"`;
  switch (site.kind) {
    case 'Ref':
    case 'Sub': {
      if (site.attribute !== undefined) {
        // `${Name.Attr}` in a Sub is a GetAtt.
        if (resourceLike()) return undefined;
        const message = refs.parameters.has(name)
          ? `Sub reads attribute ${site.attribute} of ${quoted}, a parameter: only a resource has attributes.`
          : `Sub reads attribute ${site.attribute} of ${quoted}, which is not a resource of this template.`;
        return { message, target: resources };
      }
      if (refs.parameters.has(name) || PSEUDO_PARAMETERS.has(name) || resourceLike()) return undefined;
      const target: Target = {
        what: 'name',
        names: function* () {
          yield* refs.parameters.keys();
          yield* refs.resources.keys();
          yield* PSEUDO_PARAMETERS;
        },
      };
      const how = site.kind === 'Ref' ? 'Ref' : 'Sub variable';
      const message = name.startsWith('AWS::')
        ? `${how} ${quoted} is not a pseudo parameter (AWS::AccountId, AWS::Region, AWS::StackName…).`
        : `${how} ${quoted} names no parameter, resource or pseudo parameter of this template.`;
      return { message, target };
    }
    case 'GetAtt': {
      if (resourceLike()) return undefined;
      const message = refs.parameters.has(name) || PSEUDO_PARAMETERS.has(name)
        ? `GetAtt names ${quoted}, a parameter: only a resource has attributes.`
        : `GetAtt names ${quoted}, which is not a resource of this template.`;
      return { message, target: resources };
    }
    case 'FindInMap':
      if (refs.mappings.has(name)) return undefined;
      return { message: `FindInMap reads mapping ${quoted}, which the template does not declare.`, target: { what: 'mapping', names: () => refs.mappings.keys() } };
    case 'Condition':
      if (refs.conditions.has(name) || mayBeGenerated(refs, 'Conditions', name)) return undefined;
      return {
        message: `Condition ${quoted} is not declared under Conditions.`,
        target: { what: 'condition', names: () => refs.conditions.keys() },
      };
    default:
      // DependsOn has its own rule.
      return undefined;
  }
}

export function undefinedReferences(template: Template): CheckFinding[] {
  const refs = judgeable(template);
  if (!refs) return [];
  const out: CheckFinding[] = [];
  const text = template.doc.text;
  for (const site of refs.sites) {
    const found = problem(refs, site);
    if (!found) continue;
    const suggestion = closestName(template, found.target.what, site.name, found.target.names());
    out.push({
      ruleId: ID,
      start: site.start,
      end: site.end,
      message: suggestion ? `${found.message} Did you mean "${suggestion}"?` : found.message,
      resource: site.owner.name,
      ...(suggestion && site.exact ? { fix: renameFix(text, site.start, site.end, site.name, suggestion, found.target.what) } : {}),
    });
  }
  return out;
}

export const refUndefined: CfnRule = {
  meta: {
    id: ID,
    title: 'Reference to a name the template does not define',
    severity: 'error',
    fix: 'unsafe',
    e8: ['—'],
    anchors: ['E1010', 'E1019', 'E1020', 'E8002', 'E1011'],
    language: 'cloudformation',
    docs: {
      what:
        'A `Ref`, `Fn::GetAtt` (either form), `Fn::Sub` variable (`${Name}` or `${Resource.Attribute}`), `Fn::FindInMap` mapping, ' +
        'or condition (a resource\'s or output\'s `Condition`, `Fn::If`, the `Condition` function) that names no parameter, resource, ' +
        'pseudo parameter, mapping or condition of the template; or a `GetAtt` that names a parameter. References in resources ' +
        '(their `Metadata` too, which CloudFormation resolves), outputs, conditions, rules and SAM\'s `Globals` are read; the ' +
        'template\'s own `Metadata` is not, nor `${!Literal}` and the names a Sub\'s own variable map defines. A name an intrinsic ' +
        'computes is unknown, never wrong. Templates with a transform other than SAM and the language extensions, or with a macro ' +
        '(`Fn::Transform`, `AWS::Include`), are not checked: the macro may add or use any name. In SAM templates a name that starts ' +
        'with a serverless resource\'s logical id (`MyFunctionRole`, `MyApiProdStage`) may be one SAM generates; with `Fn::ForEach` a ' +
        'name that a loop\'s output key could produce, and the loop\'s identifier inside it, are taken as defined; a resource whose ' +
        '`Type` is a tag (Rain\'s `!Rain::Module`) is replaced by the module\'s resources, so names that start with its logical id are ' +
        'taken as defined too.',
      why:
        'CloudFormation rejects the whole template ("Unresolved resource dependencies", "Template format error") before it creates ' +
        'anything: the typo is found at deploy time instead of while writing. A GetAtt on a parameter is refused the same way.',
      fix:
        'Name something the template declares, or declare the missing parameter, resource, mapping or condition. The quick fix ' +
        'changes the name to the closest declared one (the same but for case, or one or two letters away) when there is exactly one; ' +
        'it is not applied by fix-all, as only the author knows which name was meant.',
      bad: 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      LoggingConfiguration:\n        DestinationBucketName: !Ref Log',
      good: 'Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      LoggingConfiguration:\n        DestinationBucketName: !Ref Logs',
    },
  },
  check({ template }) {
    return undefinedReferences(template);
  },
};
