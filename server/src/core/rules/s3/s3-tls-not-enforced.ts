import { insertPairsAfter, Intrinsic, type InsertValue } from '../../cfn/edit';
import { asMap, asString, get, getPair, pairIndexAt } from '../../cfn/model';
import { freeLogicalId, intrinsicName, type Resource } from '../../cfn/template';
import type { TextEdit } from '../../text';
import type { CfnContext, CfnRule, CheckFinding } from '../types';
import { BUCKET_POLICY, deniesInsecureTransport, policiesOf, policyStatements } from './bucket-policy';
import { appendItem } from '../../cfn/seq-edit';
import { mayServeWebsite } from './s3-public-access-not-blocked';

function denyStatement(bucketId: string): InsertValue {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [new Intrinsic('GetAtt', [bucketId, 'Arn']), new Intrinsic('Sub', `\${${bucketId}.Arn}/*`)],
    Condition: { Bool: { 'aws:SecureTransport': false } },
  };
}

/** Appends the statement to the policy's `Statement` list, when it is a plain list. */
function appendToPolicy(ctx: CfnContext, bucket: Resource, policy: Resource): TextEdit[] | null {
  const document = asMap(get(policy.properties, 'PolicyDocument'));
  const list = get(document, 'Statement');
  if (!document || intrinsicName(document) || list?.kind !== 'seq' || list.tag) return null;
  return [appendItem(ctx.template.doc, ctx.style, list, denyStatement(bucket.logicalId))];
}

/** Adds a BucketPolicy resource right after the bucket, in the Resources map's own style. */
function newPolicy(ctx: CfnContext, bucket: Resource): TextEdit[] | null {
  const resources = asMap(get(ctx.template.root, 'Resources'));
  const index = resources ? pairIndexAt(resources, bucket.idStart) : -1;
  if (!resources || index < 0 || resources.pairs[index]!.value !== bucket.node) return null;
  // A conditional bucket needs a policy under the same condition, or the stack fails where the bucket is not created.
  const condition = asString(get(bucket.node, 'Condition'));
  const policy: InsertValue = {
    Type: BUCKET_POLICY,
    ...(condition !== undefined ? { Condition: condition } : {}),
    Properties: {
      Bucket: new Intrinsic('Ref', bucket.logicalId),
      PolicyDocument: { Version: '2012-10-17', Statement: [denyStatement(bucket.logicalId)] },
    },
  };
  return [insertPairsAfter(ctx.template.doc, ctx.style, resources, index, [[freeLogicalId(ctx.template, `${bucket.logicalId}TlsPolicy`), policy]])];
}

export const s3TlsNotEnforced: CfnRule = {
  meta: {
    id: 's3-tls-not-enforced',
    title: 'S3 bucket that accepts requests without TLS',
    severity: 'warning',
    fix: 'safe',
    e8: ['+TLS'],
    anchors: ['S3_BUCKET_SSL_REQUESTS_ONLY', 'S3.5'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::S3::Bucket` with no `AWS::S3::BucketPolicy` statement that denies requests where `aws:SecureTransport` is false. ' +
        'A policy whose `Bucket` cannot be resolved (a parameter, an import) but could name this bucket counts as having one, ' +
        'since it may well carry the statement; so does an entry whose `Type` is not a plain string (a Rain module such as ' +
        '`!Rain::Module "bucket-policy.yaml"`) that names the bucket\'s logical id or its `BucketName` as written.',
      why:
        'S3 answers plain HTTP as well as HTTPS unless a policy refuses it. A client that is misconfigured, or downgraded by ' +
        'someone on the network path, then sends signed requests and object data in clear text.',
      fix:
        'Add a statement denying `s3:*` on the bucket and its objects when `aws:SecureTransport` is false. The quick fix appends ' +
        'it to the bucket\'s existing policy (other statements are kept) or adds a new `AWS::S3::BucketPolicy` resource ' +
        '`<Bucket>TlsPolicy` after the bucket. It is safe and runs in "Fix all": SDKs, the CLI and the console use HTTPS already. ' +
        'On a bucket with `WebsiteConfiguration` (or one that may have it) it is only offered as a labelled quick fix, because ' +
        'the S3 website endpoint answers plain HTTP only, so the statement takes the website down; serve the site through CloudFront ' +
        'from the bucket\'s REST endpoint (with an origin access control) instead, then deny requests without TLS. ' +
        'When the existing policy\'s statements are not a plain list no fix is offered, because a second policy would replace it.',
      bad: 'Data:\n  Type: AWS::S3::Bucket',
      good:
        'Data:\n  Type: AWS::S3::Bucket\nDataTlsPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Data\n' +
        '    PolicyDocument:\n      Version: \'2012-10-17\'\n      Statement:\n        - Effect: Deny\n          Principal: \'*\'\n' +
        '          Action: s3:*\n          Resource: [!GetAtt Data.Arn, !Sub \'${Data.Arn}/*\']\n' +
        '          Condition: {Bool: {aws:SecureTransport: false}}',
    },
  },
  check(ctx) {
    const out: CheckFinding[] = [];
    // A Fn::ForEach loop may generate the bucket policy.
    if (ctx.template.generatesResources) return out;
    for (const bucket of ctx.template.resources) {
      if (bucket.type !== 'AWS::S3::Bucket') continue;
      const { definite, possible } = policiesOf(ctx.template, bucket);
      // A policy that might be this bucket's could hold the statement: stay quiet rather than guess.
      if (possible.length > 0) continue;
      let unknown = false;
      let enforced = false;
      for (const policy of definite) {
        const list = policyStatements(policy);
        if (!list) unknown = true;
        for (const statement of list ?? []) {
          const answer = deniesInsecureTransport(statement);
          if (answer === 'yes') enforced = true;
          if (answer === 'unknown') unknown = true;
        }
      }
      if (enforced || unknown) continue;
      const policy = definite[0];
      // A website endpoint answers plain HTTP only: denying requests without TLS takes the site down.
      const website = mayServeWebsite(bucket);
      const statementPair = policy && getPair(asMap(get(policy.properties, 'PolicyDocument')), 'Statement');
      out.push({
        ruleId: 's3-tls-not-enforced',
        start: statementPair ? statementPair.keyStart : bucket.idStart,
        end: statementPair ? statementPair.keyEnd : bucket.idEnd,
        message:
          (policy
            ? `Bucket policy ${policy.logicalId} does not deny requests to bucket ${bucket.logicalId} without TLS, so objects and signed requests can travel in clear text.`
            : `Bucket ${bucket.logicalId} has no policy denying requests without TLS, so objects and signed requests can travel in clear text.`) +
          (website ? ` The bucket has a WebsiteConfiguration, and S3 website endpoints answer plain HTTP only: serve the site through CloudFront from the bucket's REST endpoint, not the website endpoint, before denying requests without TLS.` : ''),
        resource: bucket.logicalId,
        fix: {
          title:
            (policy
              ? `Deny requests without TLS in bucket policy ${policy.logicalId}`
              : `Add a bucket policy denying requests without TLS to bucket ${bucket.logicalId}`) +
            (website ? ' (takes its website down: the S3 website endpoint answers plain HTTP only)' : ''),
          safety: website ? 'unsafe' : 'safe',
          // Two policies on one bucket replace each other, so with more than one there is no right place to add it.
          edits: () => (definite.length === 0 ? newPolicy(ctx, bucket) : definite.length === 1 ? appendToPolicy(ctx, bucket, policy!) : null),
        },
      });
    }
    return out;
  },
};
