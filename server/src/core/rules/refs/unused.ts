// Parameters, conditions and mappings declared but never referenced: three rules, one way of
// counting uses over the shared reference walk.
import type { Template } from '../../cfn/template';
import type { CfnRule, CheckFinding, RuleMeta } from '../types';
import { judgeable } from './common';
import type { Declared, References, RefSite } from './references';

interface Kind {
  readonly id: string;
  readonly declared: (refs: References) => ReadonlyMap<string, Declared>;
  /** Whether a reference uses a declared name of this kind. */
  readonly uses: (site: RefSite) => boolean;
  readonly computed: (refs: References) => boolean;
  readonly message: (name: string) => string;
}

function unused(kind: Kind, template: Template): CheckFinding[] {
  const refs = judgeable(template);
  // An unfinished walk, or a name an intrinsic computes, may use any of them.
  if (!refs || !refs.complete || kind.computed(refs)) return [];
  const declared = kind.declared(refs);
  if (declared.size === 0) return [];
  const used = new Set<string>();
  for (const site of refs.sites) if (kind.uses(site) && !site.loopVars.has(site.name)) used.add(site.name);
  const out: CheckFinding[] = [];
  for (const entry of declared.values()) {
    if (used.has(entry.name)) continue;
    out.push({ ruleId: kind.id, start: entry.start, end: entry.end, message: kind.message(entry.name), resource: entry.name });
  }
  return out;
}

function rule(meta: RuleMeta, kind: Omit<Kind, 'id'>): CfnRule {
  const full: Kind = { ...kind, id: meta.id };
  return { meta, check: ({ template }) => unused(full, template) };
}

export const refUnusedParameter = rule(
  {
    id: 'cfn-ref-unused-parameter',
    title: 'Parameter declared but never used',
    severity: 'information',
    fix: 'none',
    e8: ['—'],
    anchors: ['W2001'],
    language: 'cloudformation',
    docs: {
      what:
        'A parameter no `Ref`, `Fn::Sub` variable (`${Name}`), rule (`Rules`) or SAM `Globals` entry reads, anywhere in resources ' +
        '(their `Metadata` too), outputs, conditions or `Fn::ForEach` loops. Being listed in the template\'s ' +
        '`AWS::CloudFormation::Interface` metadata is not a use: that only groups and labels the parameter in the console, as ' +
        'cfn-lint also counts it. A Ref or Sub whose name an intrinsic computes may read any parameter, so then none is reported; ' +
        'nor are templates with a macro or a transform other than SAM and the language extensions.',
      why:
        'Whoever deploys the stack is asked for a value that changes nothing: they may believe a setting (a CIDR, a retention, an ' +
        'instance size) is applied when the template ignores it, which is how a hardening parameter goes unenforced. Often it is the ' +
        'trace of a reference that was lost in an edit.',
      fix:
        'Use the parameter where it was meant to apply, or remove it (and its entry in the interface metadata). Removing it breaks ' +
        'deployments that still pass it, so there is no quick fix.',
      bad: 'Parameters:\n  RetentionDays:\n    Type: Number\n    Default: 90\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30',
      good: 'Parameters:\n  RetentionDays:\n    Type: Number\n    Default: 90\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: !Ref RetentionDays',
    },
  },
  {
    declared: (refs) => refs.parameters,
    uses: (site) => (site.kind === 'Ref' || site.kind === 'Sub') && site.attribute === undefined,
    computed: (refs) => refs.computed.parameter,
    message: (name) => `Parameter ${name} is never used: no Ref, Sub or rule reads it.`,
  },
);

export const refUnusedCondition = rule(
  {
    id: 'cfn-ref-unused-condition',
    title: 'Condition declared but never used',
    severity: 'information',
    fix: 'none',
    e8: ['—'],
    anchors: ['W8001'],
    language: 'cloudformation',
    docs: {
      what:
        'A condition no resource\'s or output\'s `Condition`, no `Fn::If` and no other condition (through the `Condition` function) ' +
        'uses. A condition only its own definition names is unused too. Conditions named by an intrinsic, templates with a macro or ' +
        'a transform other than SAM and the language extensions are not judged.',
      why:
        'A resource meant to be created only in production (or never there) is created everywhere when its `Condition` key was lost: ' +
        'the unused condition is often the only trace of it.',
      fix: 'Attach the condition where it was meant to apply (a resource\'s `Condition`, an `Fn::If`), or remove it. There is no quick fix.',
      bad:
        'Parameters:\n  Stage:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources:\n  Alarms:\n' +
        '    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "${Stage}-alarms"',
      good:
        'Parameters:\n  Stage:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources:\n  Alarms:\n' +
        '    Type: AWS::SNS::Topic\n    Condition: IsProd\n    Properties:\n      TopicName: !Sub "${Stage}-alarms"',
    },
  },
  {
    declared: (refs) => refs.conditions,
    // A condition's own definition does not use it.
    uses: (site) => site.kind === 'Condition' && !(site.owner.section === 'Conditions' && site.owner.name === site.name),
    computed: (refs) => refs.computed.condition,
    message: (name) => `Condition ${name} is never used: no resource, output, Fn::If or other condition names it.`,
  },
);

export const refUnusedMapping = rule(
  {
    id: 'cfn-ref-unused-mapping',
    title: 'Mapping declared but never used',
    severity: 'information',
    fix: 'none',
    e8: ['—'],
    anchors: ['W7001'],
    language: 'cloudformation',
    docs: {
      what:
        'A mapping no `Fn::FindInMap` reads. When a FindInMap\'s mapping name is computed by an intrinsic any mapping may be read, ' +
        'so none is reported; nor are templates with a macro or a transform other than SAM and the language extensions.',
      why:
        'A table of per-region or per-stage values nobody reads looks like configuration: someone updates an AMI or a CIDR in it ' +
        'and believes the stack follows.',
      fix: 'Read it with `Fn::FindInMap` where it was meant to apply, or remove it. There is no quick fix.',
      bad:
        'Mappings:\n  Images:\n    us-east-1: {Id: ami-0123456789abcdef0}\nResources:\n  Server:\n    Type: AWS::EC2::Instance\n' +
        '    Properties:\n      ImageId: ami-0fedcba9876543210',
      good:
        'Mappings:\n  Images:\n    us-east-1: {Id: ami-0123456789abcdef0}\nResources:\n  Server:\n    Type: AWS::EC2::Instance\n' +
        '    Properties:\n      ImageId: !FindInMap [Images, !Ref AWS::Region, Id]',
    },
  },
  {
    declared: (refs) => refs.mappings,
    uses: (site) => site.kind === 'FindInMap',
    computed: (refs) => refs.computed.mapping,
    message: (name) => `Mapping ${name} is never used: no FindInMap reads it.`,
  },
);
