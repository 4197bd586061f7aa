// A statement of a function's resource policy that allows any principal with nothing to narrow
// it to one source: the live form of an `AWS::Lambda::Permission` with `Principal: "*"` and neither
// `SourceArn`, `SourceAccount` nor `PrincipalOrgID`, which Lambda writes as these condition keys.
import { liveRule, type LiveCheckFinding } from '../../scan/model';
import { FUNCTION_KIND, type FunctionState, type PolicyStatement } from './functions';

const NARROWING = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:principalorgid']);

function isStar(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** The condition keys of a statement, lower case (IAM compares them without case). */
function conditionKeys(statement: PolicyStatement): Map<string, unknown> {
  const keys = new Map<string, unknown>();
  for (const operator of Object.values(statement.Condition ?? {})) for (const [key, value] of Object.entries(operator)) keys.set(key.toLowerCase(), value);
  return keys;
}

/** What lets a function URL be called: its own auth type, not this grant, decides who may. */
function functionUrlGrant(keys: Map<string, unknown>): boolean {
  const text = (key: string): string => String(keys.get(key) ?? '').toLowerCase();
  return text('lambda:functionurlauthtype') === 'none' || text('lambda:invokedviafunctionurl') === 'true';
}

export const lambdaPermissionPublicLive = liveRule<FunctionState>('lambda-permission-public', FUNCTION_KIND, (state) => {
  if (!state.policy) return [];
  const out: LiveCheckFinding[] = [];
  for (const statement of state.policy) {
    if (statement.Effect !== 'Allow' || !isStar(statement.Principal)) continue;
    const keys = conditionKeys(statement);
    if ([...keys.keys()].some((key) => NARROWING.has(key)) || functionUrlGrant(keys)) continue;
    const sid = statement.Sid ? ` ${statement.Sid}` : '';
    out.push({
      message: `Function ${state.ref.name} has a permission${sid} that grants Principal "*" with no SourceArn or SourceAccount, so any AWS account can invoke the function.`,
      evidence: { Sid: statement.Sid ?? null, Principal: statement.Principal, Action: statement.Action ?? null, Condition: statement.Condition ?? null },
    });
  }
  return out;
});
