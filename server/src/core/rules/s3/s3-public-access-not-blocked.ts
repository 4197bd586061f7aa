import { ensurePath, insertPairs, replaceScalar } from '../../cfn/edit';
import { asMap, asString, get, getPair, type Node } from '../../cfn/model';
import { everyBranch, intrinsicName, isTrue, type Resource } from '../../cfn/template';
import { contentEnd, type TextEdit } from '../../text';
import type { CfnContext, CfnRule, CheckFinding } from '../types';
import { mayHavePublicPolicy } from './bucket-policy';
import { PUBLIC_ACLS } from './s3-public-acl';

/** The four settings of a public access block, for a bucket or (in the live scan) an account. */
export const FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/** True when the flag is certainly not true: missing, false, or not true in any `Fn::If` branch. */
function flagOff(flag: Node | null | undefined): boolean {
  return everyBranch(flag ?? null, (f) => (!f ? true : f.kind === 'scalar' ? !isTrue(f) : 'unknown'));
}

/** The flags of a plain configuration map that are certainly not true. */
function offFlags(config: Node | null): string[] {
  return FLAGS.filter((flag) => flagOff(get(config, flag)));
}

function blocked(properties: Node | null): boolean {
  return !everyBranch(properties, (props) => {
    const map = asMap(props);
    if (props && !map) return 'unknown';
    return everyBranch(get(map, 'PublicAccessBlockConfiguration') ?? null, (config) => {
      if (!config) return true;
      if (!asMap(config)) return 'unknown';
      return offFlags(config).length > 0;
    });
  });
}

/** True unless the property is certainly absent: an intrinsic or a single `Fn::If` branch counts as present. */
function mayHave(resource: Resource, key: string): boolean {
  const properties = resource.propertiesPair?.value ?? null;
  return !everyBranch(properties, (props) => {
    if (props && !asMap(props)) return 'unknown';
    return everyBranch(get(props, key) ?? null, (v) => v === null);
  });
}

/** True unless every branch of `AccessControl` is certainly a canned ACL that grants nobody outside the account. */
function mayHavePublicAcl(resource: Resource): boolean {
  const properties = resource.propertiesPair?.value ?? null;
  return !everyBranch(properties, (props) => {
    if (props && !asMap(props)) return 'unknown';
    return everyBranch(get(props, 'AccessControl') ?? null, (acl) => {
      if (!acl) return true;
      const value = asString(acl);
      return value === undefined ? 'unknown' : !PUBLIC_ACLS.has(value);
    });
  });
}

/** Whether the bucket may serve a website: its endpoint is public and answers plain HTTP only. */
export function mayServeWebsite(resource: Resource): boolean {
  return mayHave(resource, 'WebsiteConfiguration');
}

/**
 * What the bucket may rely on being public: a website, a public canned ACL or a policy allowing
 * everyone. Blocking public access then breaks it, or fails the deployment outright.
 */
function publicUses({ template }: CfnContext, resource: Resource): string[] {
  const uses: string[] = [];
  if (mayServeWebsite(resource)) uses.push('its website');
  if (mayHavePublicAcl(resource)) uses.push('its public ACL');
  if (mayHavePublicPolicy(template, resource)) uses.push('a public bucket policy');
  return uses;
}

function fixEdits({ template, style }: CfnContext, resource: Resource): TextEdit[] | null {
  const pair = getPair(resource.properties, 'PublicAccessBlockConfiguration');
  const config = asMap(pair?.value);
  if (!pair?.value || (config && config.pairs.length === 0)) {
    const all = Object.fromEntries(FLAGS.map((f) => [f, true]));
    if (config) return [insertPairs(template.doc, style, config, Object.entries(all))];
    const edit = ensurePath(template.doc, style, resource.node, ['Properties', 'PublicAccessBlockConfiguration'], all);
    return edit ? [edit] : null;
  }
  if (!config || intrinsicName(config)) return null;
  const missing = FLAGS.filter((flag) => !getPair(config, flag)).map((flag): [string, boolean] => [flag, true]);
  // Inserts come first: where a flag written with no value ends the map, both edits land on one
  // offset, and the later edit in the list is the one placed first in the text.
  const edits: TextEdit[] = missing.length > 0 ? [insertPairs(template.doc, style, config, missing)] : [];
  for (const flag of FLAGS) {
    const flagPair = getPair(config, flag);
    const value = flagPair?.value;
    if (flagPair && !value) {
      const edit = ensurePath(template.doc, style, config, [flag], true);
      if (edit) edits.push(edit);
    } else if (value?.kind === 'scalar' && !value.tag && !isTrue(value)) {
      edits.push(replaceScalar(template.doc, value, true));
    }
  }
  return edits.length > 0 ? edits : null;
}

export const s3PublicAccessNotBlocked: CfnRule = {
  meta: {
    id: 's3-public-access-not-blocked',
    title: 'S3 bucket without a full public access block',
    severity: 'warning',
    fix: 'safe',
    e8: ['+NET'],
    anchors: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'S3.8'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::S3::Bucket` without `PublicAccessBlockConfiguration`, or with any of `BlockPublicAcls`, `BlockPublicPolicy`, ' +
        '`IgnorePublicAcls` and `RestrictPublicBuckets` not set to true.',
      why:
        'The public access block is the backstop against a bucket becoming readable by anyone through an ACL or a bucket policy, ' +
        'whoever writes that ACL or policy later. Each flag closes one path; leaving one off leaves that path open.',
      fix:
        'Set all four flags to true. The quick fix adds the configuration or sets the missing and false flags, leaving the others ' +
        'as written. It is safe and runs in "Fix all", except when the bucket serves a website, has a public canned ACL or a ' +
        'bucket policy that allows everyone: then it is only offered as a labelled quick fix, because blocking public access ' +
        'stops that public traffic (and CloudFormation refuses a public ACL or policy on a blocked bucket).',
      bad: 'Assets:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true',
      good:
        'Assets:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n' +
        '      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n      RestrictPublicBuckets: true',
    },
  },
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const resource of ctx.template.resources) {
      if (resource.type !== 'AWS::S3::Bucket') continue;
      if (blocked(resource.propertiesPair?.value ?? null)) continue;
      const configPair = getPair(resource.properties, 'PublicAccessBlockConfiguration');
      const config = asMap(configPair?.value);
      const off = config && !intrinsicName(config) ? offFlags(config) : [];
      // Point at the one flag written as false when there is one, else at the configuration, else at the bucket.
      const written = off.map((flag) => getPair(config, flag)).filter((p) => p?.value);
      const one = written.length === 1 && off.length === 1 ? written[0] : undefined;
      const at = one
        ? { start: one.keyStart, end: contentEnd(ctx.template.doc.text, one.value!.end) }
        : configPair
          ? { start: configPair.keyStart, end: configPair.keyEnd }
          : { start: resource.idStart, end: resource.idEnd };
      const uses = publicUses(ctx, resource);
      out.push({
        ruleId: 's3-public-access-not-blocked',
        ...at,
        message: configPair?.value && off.length > 0
          ? `Bucket ${resource.logicalId} leaves ${off.join(', ')} off, so a later ACL or bucket policy can make its objects public.`
          : `Bucket ${resource.logicalId} does not block public access, so a later ACL or bucket policy can make its objects public.`,
        resource: resource.logicalId,
        fix: {
          title:
            uses.length > 0
              ? `Block all public access to bucket ${resource.logicalId} (breaks ${uses.join(' and ')})`
              : `Block all public access to bucket ${resource.logicalId}`,
          safety: uses.length > 0 ? 'unsafe' : 'safe',
          edits: () => fixEdits(ctx, resource),
        },
      });
    }
    return out;
  },
};
