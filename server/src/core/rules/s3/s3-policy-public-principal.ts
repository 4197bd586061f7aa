import { get, getPair } from '../../cfn/model';
import { statements } from '../../cfn/policy';
import { referencedResource } from '../../cfn/refs';
import type { CfnRule, CheckFinding } from '../types';
import { BUCKET_POLICY, publicAllow } from './bucket-policy';

export const s3PolicyPublicPrincipal: CfnRule = {
  meta: {
    id: 's3-policy-public-principal',
    title: 'S3 bucket policy that allows everyone',
    severity: 'error',
    fix: 'none',
    e8: ['+NET'],
    anchors: ['F16', 'S3.2', 'S3.3'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::S3::BucketPolicy` statement with `Effect: Allow`, `Principal: "*"` (or `{AWS: "*"}`) and no condition that ' +
        'narrows who may call, such as `aws:SourceVpce`, `aws:SourceIp` or `aws:PrincipalOrgID`. Conditions on TLS, time, ' +
        '`aws:Referer` or `aws:UserAgent` do not count: any caller can meet them.',
      why:
        'A wildcard principal without such a condition grants the listed actions to every person on the internet, signed in or ' +
        'not. Unless the bucket is deliberately public, this is how its data leaks (or, with write actions, how it is defaced).',
      fix:
        'Name the principals that need access (account, role or service ARNs), or keep `*` and add a condition that limits callers ' +
        '(`aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceArn`). To publish content, serve it through CloudFront with an ' +
        'origin access control instead. No quick fix is offered: only the author knows who should have access.',
      bad:
        'SitePolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Site\n    PolicyDocument:\n      Statement:\n' +
        '        - Effect: Allow\n          Principal: \'*\'\n          Action: s3:GetObject\n          Resource: !Sub \'${Site.Arn}/*\'',
      good:
        'SitePolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Site\n    PolicyDocument:\n      Statement:\n' +
        '        - Effect: Allow\n          Principal: {Service: cloudfront.amazonaws.com}\n          Action: s3:GetObject\n' +
        '          Resource: !Sub \'${Site.Arn}/*\'\n          Condition:\n            StringEquals:\n' +
        '              aws:SourceArn: !Sub \'arn:aws:cloudfront::${AWS::AccountId}:distribution/${Distribution}\'',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const policy of template.resources) {
      if (policy.type !== BUCKET_POLICY) continue;
      const bucket = referencedResource(template, get(policy.properties, 'Bucket'));
      const target = bucket ? `bucket ${bucket.logicalId}` : 'its bucket';
      // Statements hidden behind an intrinsic are skipped; the plain ones beside them are still read.
      for (const statement of statements(get(policy.properties, 'PolicyDocument'))) {
        if (publicAllow(statement) !== 'yes') continue;
        const principal = getPair(statement.node, 'Principal')!;
        const actions = statement.actions?.length ? statement.actions.join(', ') : 'the listed actions';
        out.push({
          ruleId: 's3-policy-public-principal',
          start: principal.keyStart,
          end: principal.keyEnd,
          message: `Bucket policy ${policy.logicalId} lets anyone on the internet call ${actions} on ${target}, with no condition narrowing who, so the bucket is public.`,
          resource: bucket ? bucket.logicalId : policy.logicalId,
        });
      }
    }
    return out;
  },
};
