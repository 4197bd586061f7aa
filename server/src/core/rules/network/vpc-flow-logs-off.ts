import { insertPairsAfter, Intrinsic, type InsertValue } from '../../cfn/edit';
import { asMap, asString, get, } from '../../cfn/model';
import { freeLogicalId, intrinsicForms, literal, resourcesOfType, type Resource, type Template } from '../../cfn/template';
import type { TextEdit } from '../../text';
import type { CfnContext, CfnRule, CheckFinding } from '../types';
import { vpcOf } from './subnets';
import { referencedIds, scalarAlternatives } from './values';

const ID = 'vpc-flow-logs-off';
const FLOW_LOG = 'AWS::EC2::FlowLog';
/** Days the new log group keeps flow records: a year, enough to look back over most investigations. */
const RETENTION_DAYS = 365;

/** How the flow logs of a template relate to one VPC. */
interface Coverage {
  /** A flow log names the VPC, or may (its target or type is something the template cannot tell). */
  readonly covered: boolean;
  /** Subnets and network interfaces of the VPC that have flow logs of their own. */
  readonly partial: readonly string[];
}

/** The VPC a subnet or network interface of the template belongs to. */
function vpcOfTarget(template: Template, target: Resource): Resource | undefined {
  if (target.type === 'AWS::EC2::Subnet') return vpcOf(template, target);
  if (target.type !== 'AWS::EC2::NetworkInterface') return undefined;
  const subnet = template.byId.get(referencedIds(get(target.properties, 'SubnetId'))?.[0] ?? '');
  return subnet?.type === 'AWS::EC2::Subnet' ? vpcOf(template, subnet) : undefined;
}

function coverage(template: Template, vpc: Resource): Coverage {
  let covered = false;
  const partial: string[] = [];
  for (const log of resourcesOfType(template, FLOW_LOG)) {
    if (!log.properties) {
      covered ||= !!log.propertiesPair?.value;
      continue;
    }
    const idNode = get(log.properties, 'ResourceId');
    // A literal id names a VPC that exists already, never one this template creates.
    if (literal(idNode)) continue;
    const ids = referencedIds(idNode);
    const types = scalarAlternatives(template, get(log.properties, 'ResourceType'));
    const mayBeVpc = !types || types.some((t) => t.value === 'VPC');
    if (!ids) {
      covered ||= mayBeVpc;
      continue;
    }
    if (mayBeVpc && ids.includes(vpc.logicalId)) covered = true;
    for (const id of ids) {
      const target = template.byId.get(id);
      if (target && target !== vpc && vpcOfTarget(template, target) === vpc) partial.push(id);
    }
  }
  return { covered, partial: [...new Set(partial)] };
}

/** The three new resources: log group with retention, the role flow logs assume, and the flow log. */
function scaffold(ctx: CfnContext, vpc: Resource): Array<readonly [string, InsertValue]> {
  const { template } = ctx;
  const taken = new Set<string>();
  const group = freeLogicalId(template, `${vpc.logicalId}FlowLogGroup`, taken);
  const role = freeLogicalId(template, `${vpc.logicalId}FlowLogRole`, taken);
  const log = freeLogicalId(template, `${vpc.logicalId}FlowLog`, taken);
  // Short-form tags only where the template already uses them; JSON and long-form YAML get `Ref:`/`Fn::` maps.
  const short = !template.doc.json && intrinsicForms(template).short;
  const ref = (id: string): InsertValue => (short ? new Intrinsic('Ref', id) : { Ref: id });
  const arn = (id: string): InsertValue => (short ? new Intrinsic('GetAtt', [id, 'Arn']) : { 'Fn::GetAtt': [id, 'Arn'] });
  const sub = (text: string): InsertValue => (short ? new Intrinsic('Sub', text) : { 'Fn::Sub': text });
  // Resources of a conditional VPC need the same condition, or they fail where the VPC is not created.
  const condition = asString(get(vpc.node, 'Condition'));
  const when: Record<string, InsertValue> = condition !== undefined ? { Condition: condition } : {};
  return [
    [group, { Type: 'AWS::Logs::LogGroup', ...when, Properties: { RetentionInDays: RETENTION_DAYS } }],
    [
      role,
      {
        Type: 'AWS::IAM::Role',
        ...when,
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
                Action: 'sts:AssumeRole',
                // Only flow logs of this account may use the role (the confused-deputy guard AWS documents).
                Condition: {
                  StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
                  ArnLike: { 'aws:SourceArn': sub('arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*') },
                },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'deliver-flow-logs',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: arn(group) },
                  { Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
                ],
              },
            },
          ],
        },
      },
    ],
    [
      log,
      {
        Type: FLOW_LOG,
        ...when,
        Properties: {
          ResourceType: 'VPC',
          ResourceId: ref(vpc.logicalId),
          TrafficType: 'ALL',
          LogDestinationType: 'cloud-watch-logs',
          LogGroupName: ref(group),
          DeliverLogsPermissionArn: arn(role),
        },
      },
    ],
  ];
}

/** Inserts the new resources right after the VPC, in the Resources map's own style. */
function addFlowLog(ctx: CfnContext, vpc: Resource): TextEdit[] | null {
  const resources = asMap(get(ctx.template.root, 'Resources'));
  const index = resources?.pairs.findIndex((p) => p.value === vpc.node) ?? -1;
  if (!resources || index < 0) return null;
  return [insertPairsAfter(ctx.template.doc, ctx.style, resources, index, scaffold(ctx, vpc))];
}

export const vpcFlowLogsOff: CfnRule = {
  meta: {
    id: ID,
    title: 'VPC without flow logs',
    severity: 'information',
    fix: 'unsafe',
    e8: ['+LOG'],
    anchors: ['W60'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::EC2::VPC` with no `AWS::EC2::FlowLog` whose `ResourceId` refers to it (`!Ref Vpc`, `!GetAtt Vpc.VpcId`) with ' +
        '`ResourceType: VPC`. Flow logs on some of its subnets or network interfaces do not count, since traffic in every other ' +
        'subnet, and in subnets added later, goes unrecorded; the message names them. A flow log whose target or type the ' +
        'template cannot tell (an imported id, a parameter type) counts, so the rule stays quiet.',
      why:
        'Flow logs are the record of which addresses talked to which, on which ports, and whether security groups and network ' +
        'ACLs let them. Without them an incident cannot be scoped: there is no way to tell afterwards whether a compromised ' +
        'instance reached a database or sent data out, and no baseline to spot scanning or exfiltration against.',
      fix:
        `Add an \`AWS::EC2::FlowLog\` for the VPC. The quick fix inserts, right after the VPC, a log group kept ${RETENTION_DAYS} ` +
        'days, an IAM role that only this account\'s flow logs can assume, allowed to write to that group alone, and a flow log ' +
        'of ALL traffic to it. It is unsafe because it costs money (CloudWatch Logs charges for every GB ingested and stored, ' +
        'which is significant for busy VPCs; an S3 destination is cheaper) and because the stack then creates an IAM role, so ' +
        'deployments need `CAPABILITY_IAM`.',
      bad: 'Vpc:\n  Type: AWS::EC2::VPC\n  Properties:\n    CidrBlock: 10.0.0.0/16',
      good:
        'Vpc:\n  Type: AWS::EC2::VPC\n  Properties:\n    CidrBlock: 10.0.0.0/16\nVpcFlowLog:\n  Type: AWS::EC2::FlowLog\n' +
        '  Properties:\n    ResourceType: VPC\n    ResourceId: !Ref Vpc\n    TrafficType: ALL\n    LogDestinationType: s3\n' +
        '    LogDestination: !GetAtt FlowLogBucket.Arn',
    },
  },
  check(ctx) {
    const out: CheckFinding[] = [];
    // A Fn::ForEach loop may generate the flow log.
    if (ctx.template.generatesResources) return out;
    for (const vpc of ctx.template.resources) {
      if (vpc.type !== 'AWS::EC2::VPC') continue;
      const { covered, partial } = coverage(ctx.template, vpc);
      if (covered) continue;
      const named = partial.map((id) => `${ctx.template.byId.get(id)?.type === 'AWS::EC2::Subnet' ? 'subnet' : 'network interface'} ${id}`);
      const only = named.length > 0 ? ` Only ${named.join(', ')} ${named.length === 1 ? 'has a flow log of its' : 'have flow logs of their'} own.` : '';
      out.push({
        ruleId: ID,
        start: vpc.idStart,
        end: vpc.idEnd,
        message: `VPC ${vpc.logicalId} has no flow log, so there is no record of the traffic in it to investigate an incident with.${only}`,
        resource: vpc.logicalId,
        fix: {
          title: `Add a flow log of VPC ${vpc.logicalId} to CloudWatch Logs, kept ${RETENTION_DAYS} days (charged per GB)`,
          safety: 'unsafe',
          edits: () => addFlowLog(ctx, vpc),
        },
      });
    }
    return out;
  },
};
