import { asString, get } from '../../../core/cfn/model';
import { statements } from '../../../core/cfn/policy';
import { adminGrant, adminGrantMessage, administratorAccessMessage } from '../../../core/rules/identity/iam-admin-wildcard';
import { liveRule, type LiveCheckFinding } from '../../scan/model';
import { ADMIN_RULE, type AdministratorAccessState, type PolicyState } from './iam-policies';
import { jsonNode } from './policy-document';

const LABELS = { user: 'User', group: 'Group', role: 'Role' } as const;

/** A customer managed policy whose default version allows everything (or everything but a list) on every resource. */
export const iamAdminWildcardPolicyLive = liveRule<PolicyState>(ADMIN_RULE, 'iam-policy', (state) => {
  if (!state.document) return [];
  const out: LiveCheckFinding[] = [];
  // Statements are judged one by one, as in templates: a grant of everything stays one whatever its neighbours say.
  for (const statement of statements(jsonNode(state.document))) {
    const grant = adminGrant(statement);
    if (!grant) continue;
    const sid = asString(get(statement.node, 'Sid'));
    out.push({
      message: adminGrantMessage(`Managed policy ${state.ref.name}`, grant),
      evidence: {
        versionId: state.defaultVersionId,
        ...(sid ? { Sid: sid } : {}),
        attachmentCount: state.attachmentCount,
        ...(grant.key === 'Action' ? { Action: grant.wildcard } : { NotAction: grant.except }),
        Resource: '*',
      },
    });
  }
  return out;
});

/** Each user, group or role the AWS managed AdministratorAccess policy is attached to. */
export const iamAdminWildcardAttachmentLive = liveRule<AdministratorAccessState>(ADMIN_RULE, 'iam-administrator-access', (state) =>
  (state.attachments ?? []).map((entity) => ({
    message: administratorAccessMessage(`${LABELS[entity.type]} ${entity.name}`),
    evidence: { policyArn: state.ref.arn, entity: entity.type, name: entity.name },
    ref: { arn: entity.arn, name: entity.name, region: 'global' },
  })),
);
