import { asString, getPair, type Node } from '../../cfn/model';
import { everyBranch } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';

const ID = 'lambda-permission-public';

/** True when a property is absent (or `AWS::NoValue`) in every branch. */
function absent(node: Node | null | undefined): boolean {
  return everyBranch(node, (n) => (n && n.kind !== 'scalar' ? 'unknown' : !n || (asString(n) ?? '') === ''));
}

export const lambdaPermissionPublic: CfnRule = {
  meta: {
    id: ID,
    title: 'Lambda permission open to any principal',
    severity: 'warning',
    fix: 'none',
    e8: ['+NET'],
    anchors: ['F13', 'LAMBDA_NO_WILDCARD_PRINCIPALS'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::Lambda::Permission` with `Principal: "*"` and neither `SourceArn` nor `SourceAccount` (nor `PrincipalOrgID`) to ' +
        'narrow it. Permissions for a function URL with `FunctionUrlAuthType: NONE` are left to the function URL itself.',
      why:
        'A resource policy that grants `*` with no source condition lets any AWS account, and any service acting for one, invoke the ' +
        'function: it can be run at your cost, flooded to exhaust its concurrency, or fed input it was never meant to see.',
      fix:
        'Name the service or account that should call the function in `Principal` (for example `s3.amazonaws.com`), and add ' +
        '`SourceArn` (the bucket, rule or API that triggers it) and `SourceAccount` so no other account can use the same grant. ' +
        'There is no quick fix: only the author knows which caller was meant.',
      bad: 'Invoke:\n  Type: AWS::Lambda::Permission\n  Properties:\n    FunctionName: !Ref Handler\n    Action: lambda:InvokeFunction\n    Principal: "*"',
      good:
        'Invoke:\n  Type: AWS::Lambda::Permission\n  Properties:\n    FunctionName: !Ref Handler\n    Action: lambda:InvokeFunction\n' +
        '    Principal: s3.amazonaws.com\n    SourceArn: !GetAtt Uploads.Arn\n    SourceAccount: !Ref AWS::AccountId',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (resource.type !== 'AWS::Lambda::Permission' || !resource.properties) continue;
      const props = resource.properties;
      const principal = getPair(props, 'Principal');
      if (!principal?.value) continue;
      const star = everyBranch(principal.value, (n) => (n && n.kind !== 'scalar' ? 'unknown' : asString(n) === '*'));
      if (!star) continue;
      const narrowed = ['SourceArn', 'SourceAccount', 'PrincipalOrgID'].some((key) => !absent(getPair(props, key)?.value));
      if (narrowed) continue;
      // A public function URL needs exactly this grant; whether the URL should be public is another matter.
      if (asString(getPair(props, 'FunctionUrlAuthType')?.value) === 'NONE') continue;
      out.push({
        ruleId: ID,
        start: principal.keyStart,
        end: principal.value.end,
        message: `Permission ${resource.logicalId} grants Principal "*" with no SourceArn or SourceAccount, so any AWS account can invoke the function.`,
        resource: resource.logicalId,
      });
    }
    return out;
  },
};
