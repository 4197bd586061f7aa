import { ensurePath, Intrinsic, type InsertValue } from '../../cfn/edit';
import { asMap, asString, get, getPair, type Node, type Pair } from '../../cfn/model';
import { conditionKeys, knownStatements, type Statement } from '../../cfn/policy';
import { intrinsicArg } from '../../cfn/refs';
import { everyBranch, intrinsicName } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { appendItem } from '../../cfn/seq-edit';

const ID = 'vpce-s3-policy-unrestricted';
const REGION = '<region>';
/** An S3 endpoint's service name (the live scan filters endpoints with it too). */
export const S3_SERVICE = /^(cn\.)?com\.amazonaws\.([a-z0-9-]+|<region>)\.s3$/;
/** Condition keys that tie a request to the account (or organisation) owning the bucket. */
const OWNER_KEYS = ['s3:resourceaccount', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'];

/** The service name with `AWS::Region` as a placeholder, through `Fn::Sub` and `Fn::Join`; else undefined. */
function serviceName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const name = intrinsicName(node);
  if (!name) return asString(node);
  const arg = intrinsicArg(node);
  if (name === 'Ref') return arg?.kind === 'scalar' && arg.value === 'AWS::Region' ? REGION : undefined;
  if (name === 'Fn::Sub') {
    const template = arg?.kind === 'seq' ? arg.items[0] : arg;
    const text = template?.kind === 'scalar' && template.value !== null ? String(template.value) : undefined;
    const resolved = text?.replace(/\$\{AWS::Region\}/g, REGION);
    return resolved?.includes('${') ? undefined : resolved;
  }
  // The short form's argument is the tagged node itself; a tag on anything inside is another intrinsic.
  if (name === 'Fn::Join' && arg?.kind === 'seq' && (arg === node || !arg.tag)) {
    const [delimiter, list] = arg.items;
    const sep = asString(delimiter);
    if (sep === undefined || list?.kind !== 'seq' || list.tag) return undefined;
    const parts = list.items.map(serviceName);
    return parts.every((p) => p !== undefined) ? parts.join(sep) : undefined;
  }
  return undefined;
}

function testsOwner(statement: Statement): boolean {
  const keys = conditionKeys(statement);
  return OWNER_KEYS.some((k) => keys.has(k));
}

/** A condition written as an intrinsic cannot be read, so the statement is unknown. */
function unreadableCondition(statement: Statement): boolean {
  return getPair(statement.node, 'Condition') !== undefined && statement.condition === undefined;
}

/** A resource as text: a plain string, or a `Fn::Sub` with `AWS::Partition` resolved; other variables stay as written. */
function resourceText(node: Node): string | undefined {
  const name = intrinsicName(node);
  if (!name) return asString(node);
  if (name !== 'Fn::Sub') return undefined;
  const arg = intrinsicArg(node);
  const template = arg?.kind === 'seq' ? arg.items[0] : arg;
  const text = template?.kind === 'scalar' && template.value !== null ? String(template.value) : undefined;
  return text?.replace(/\$\{AWS::Partition\}/g, 'aws');
}

/** True for `*`, or an S3 ARN whose bucket part starts with a wildcard, before any unresolved `${…}`. */
function anyBucketText(text: string): boolean {
  if (text === '*') return true;
  const prefix = /^arn:[^:]+:s3:::\*/.exec(text)?.[0];
  return prefix !== undefined && !prefix.includes('${');
}

/** Resources that name buckets of any owner: `*`, or an S3 ARN whose bucket part starts with a wildcard. */
function anyBucket(statement: Statement): boolean {
  if (getPair(statement.node, 'NotResource')) return true;
  const resource = get(statement.node, 'Resource');
  const nodes = resource?.kind === 'seq' && !resource.tag ? resource.items : resource ? [resource] : [];
  return nodes.some((node) => {
    const text = resourceText(node);
    return text !== undefined && anyBucketText(text);
  });
}

/** The Allow statement that opens buckets of any account, when the owner is not pinned elsewhere (also the live scan's decision). */
export function openStatement(policy: Node): Statement | 'unknown' | undefined {
  const all = knownStatements(policy);
  if (!all || all.some(unreadableCondition)) return 'unknown';
  if (all.some((s) => s.effect === 'Deny' && testsOwner(s))) return undefined;
  return all.find((s) => s.effect === 'Allow' && !testsOwner(s) && anyBucket(s));
}

/** True when the endpoint policy lets requests reach buckets of any account; unknown when unreadable. */
function unrestricted(policy: Node | null): boolean | 'unknown' {
  if (!policy) return true;
  const open = openStatement(policy);
  return open === 'unknown' ? 'unknown' : open !== undefined;
}

/** The narrowest range worth underlining: key and value when they fit on one line, else the key. */
function pairRange(text: string, pair: Pair): { start: number; end: number } {
  const end = pair.value?.end ?? pair.keyEnd;
  return { start: pair.keyStart, end: text.slice(pair.keyStart, end).includes('\n') ? pair.keyEnd : end };
}

const DENY_OTHER_ACCOUNTS: InsertValue = {
  Sid: 'DenyBucketsOfOtherAccounts',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: '*',
  Condition: { StringNotEquals: { 's3:ResourceAccount': new Intrinsic('Ref', 'AWS::AccountId') } },
};

// The Allow is needed: an endpoint policy with no Allow statement blocks every request.
const FULL_POLICY: InsertValue = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, DENY_OTHER_ACCOUNTS],
};

export const vpceS3PolicyUnrestricted: CfnRule = {
  meta: {
    id: ID,
    title: 'S3 VPC endpoint open to buckets of any account',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['AC', '+NET'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::EC2::VPCEndpoint` (gateway or interface) for S3 (`com.amazonaws.<region>.s3`, also through `!Sub` or `!Join`) ' +
        'with no `PolicyDocument`, or with one whose Allow covers every bucket (`*`, `arn:aws:s3:::*`) without an `s3:ResourceAccount` ' +
        'or `aws:ResourceAccount` condition and with no Deny on those keys. Policies naming specific buckets are not flagged.',
      why:
        'The default endpoint policy allows any S3 request, so code in the VPC, including malware or a compromised instance, can copy ' +
        'data to a bucket in an attacker\'s account over your own private network path, and can fetch tools from one. Pinning the ' +
        'endpoint to buckets your account owns closes that path.',
      fix:
        'Give the endpoint a policy that allows what it needs and denies requests to buckets owned by other accounts. The quick fix ' +
        'adds a Deny on `s3:*` when `s3:ResourceAccount` is not `!Ref AWS::AccountId`: appended to an existing `Statement` list, or, ' +
        'when there is no policy, together with an Allow of `*`, because a Deny alone would block all traffic (an endpoint policy with ' +
        'no Allow denies everything). It is unsafe: buckets owned by AWS are then blocked too, such as the Amazon Linux package ' +
        'repositories (`al2023-repos-<region>-*`, `amazonlinux-2-repos-<region>`) and the S3 layers behind ECR image pulls ' +
        '(`arn:aws:s3:::prod-<region>-starport-layer-bucket/*`), so `dnf`/`yum` updates and container pulls fail until those buckets ' +
        'are added as exceptions: list them in the `NotResource` of the Deny in place of `Resource: "*"`, and allow them where the ' +
        'policy\'s Allow does not already cover them.',
      bad:
        'S3Endpoint:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: !Ref Vpc\n' +
        "    ServiceName: !Sub 'com.amazonaws.${AWS::Region}.s3'\n    RouteTableIds: [!Ref PrivateRoutes]",
      good:
        'S3Endpoint:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcId: !Ref Vpc\n' +
        "    ServiceName: !Sub 'com.amazonaws.${AWS::Region}.s3'\n    RouteTableIds: [!Ref PrivateRoutes]\n" +
        '    PolicyDocument:\n      Version: "2012-10-17"\n      Statement:\n' +
        '        - Effect: Allow\n          Principal: "*"\n          Action: "s3:*"\n          Resource: "*"\n' +
        '          Condition:\n            StringEquals:\n              s3:ResourceAccount: !Ref AWS::AccountId',
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (resource.type !== 'AWS::EC2::VPCEndpoint' || !resource.properties) continue;
      const props = resource.properties;
      if (!S3_SERVICE.test(serviceName(get(props, 'ServiceName')) ?? '')) continue;
      const pair = getPair(props, 'PolicyDocument');
      if (!everyBranch(pair?.value, unrestricted)) continue;
      const id = resource.logicalId;
      const policy = asMap(pair?.value);
      // Underline the statement's resources when one statement is to blame, else the policy or the id.
      const open = policy ? openStatement(policy) : undefined;
      const culprit = typeof open === 'object' ? (getPair(open.node, 'Resource') ?? getPair(open.node, 'NotResource')) : undefined;
      const written = pair?.value ? pair : undefined;
      const at = culprit ?? written;
      const range = at ? pairRange(template.doc.text, at) : { start: resource.idStart, end: resource.idEnd };
      out.push({
        ruleId: ID,
        ...range,
        message: written
          ? `VPC endpoint ${id} lets requests reach S3 buckets of any account (no s3:ResourceAccount condition), so anything in the VPC can copy data out to a bucket someone else owns.`
          : `VPC endpoint ${id} to S3 has no PolicyDocument, so the default policy lets anything in the VPC copy data out to a bucket someone else owns.`,
        resource: id,
        fix: {
          title: `Limit endpoint ${id} to buckets of this account (AWS-owned buckets then need exceptions)`,
          safety: 'unsafe',
          edits: () => {
            if (!policy) {
              const edit = ensurePath(template.doc, ctx.style, resource.node, ['Properties', 'PolicyDocument'], FULL_POLICY);
              return edit ? [edit] : null;
            }
            // Merge into the written policy, never replace it; a lone Statement map has no list to extend.
            const list = get(policy, 'Statement');
            if (list?.kind !== 'seq' || list.tag) return null;
            return [appendItem(template.doc, ctx.style, list, DENY_OTHER_ACCOUNTS)];
          },
        },
      });
    }
    return out;
  },
};
