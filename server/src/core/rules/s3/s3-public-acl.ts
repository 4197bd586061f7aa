import { asMap, asString, get, getPair } from '../../cfn/model';
import { everyBranch } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { removePair } from '../../cfn/seq-edit';
import { contentEnd } from '../../text';

/** Canned ACLs that grant access to everyone, or to every AWS account holder. */
export const PUBLIC_ACLS: ReadonlySet<string> = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);

const WHO: Record<string, string> = {
  PublicRead: 'anyone can list and read its objects',
  PublicReadWrite: 'anyone can list, read, overwrite and delete its objects',
  AuthenticatedRead: 'any AWS account holder can list and read its objects',
};

export const s3PublicAcl: CfnRule = {
  meta: {
    id: 's3-public-acl',
    title: 'S3 bucket with a public canned ACL',
    severity: 'error',
    fix: 'unsafe',
    e8: ['+NET'],
    anchors: ['F14', 'W31', 'CKV_AWS_20', 'CKV_AWS_57'],
    language: 'cloudformation',
    docs: {
      what: 'An `AWS::S3::Bucket` whose `AccessControl` is `PublicRead`, `PublicReadWrite` or `AuthenticatedRead`.',
      why:
        'These canned ACLs grant the whole internet (or every AWS account, which is much the same) the right to list and read ' +
        'the bucket, and with `PublicReadWrite` to overwrite and delete its objects. Data leaks from S3 most often start here.',
      fix:
        'Remove `AccessControl` (new buckets are private and own their objects), and publish content through CloudFront with an ' +
        'origin access control if it must be public. The quick fix deletes the property; it is unsafe because whoever reads the ' +
        'bucket anonymously today (a website, a download link) is refused afterwards.',
      bad: 'Site:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: PublicRead',
      good: 'Site:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: Private',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (resource.type !== 'AWS::S3::Bucket') continue;
      const bad = everyBranch(resource.propertiesPair?.value ?? null, (props) => {
        if (props && !asMap(props)) return 'unknown';
        return everyBranch(get(props, 'AccessControl') ?? null, (acl) => {
          if (!acl) return false;
          const value = asString(acl);
          return value === undefined ? 'unknown' : PUBLIC_ACLS.has(value);
        });
      });
      if (!bad) continue;
      const pair = getPair(resource.properties, 'AccessControl');
      const value = asString(pair?.value);
      const properties = resource.properties;
      out.push({
        ruleId: 's3-public-acl',
        start: pair ? pair.keyStart : resource.idStart,
        end: pair?.value ? contentEnd(template.doc.text, pair.value.end) : resource.idEnd,
        message:
          value !== undefined && WHO[value]
            ? `Bucket ${resource.logicalId} has the canned ACL ${value}, so ${WHO[value]}.`
            : `Bucket ${resource.logicalId} has a public canned ACL in every case, so people outside the account can read its objects.`,
        resource: resource.logicalId,
        fix: {
          title: `Remove the public ACL of bucket ${resource.logicalId}`,
          safety: 'unsafe',
          edits: () => {
            if (!pair || !properties) return null;
            // With nothing else under Properties, drop Properties too rather than leave it empty.
            const only = properties.pairs.length === 1 ? resource.propertiesPair : undefined;
            const edit = removePair(template.doc, only ?? pair);
            return edit ? [edit] : null;
          },
        },
      });
    }
    return out;
  },
};
