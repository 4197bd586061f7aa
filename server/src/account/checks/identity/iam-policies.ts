// Identity policies that grant administrator access: each customer managed policy attached to
// someone (its default version's document), and who the AWS managed AdministratorAccess policy
// is attached to. Policies used only as permissions boundaries grant nothing and are not listed
// (`OnlyAttached`, and `PermissionsPolicy` for the managed one), as the template rule leaves them.
import { GetPolicyVersionCommand, IAMClient, ListEntitiesForPolicyCommand, ListPoliciesCommand, type ListEntitiesForPolicyCommandOutput, type Policy } from '@aws-sdk/client-iam';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { decodePolicyDocument } from './policy-document';

/** Kind `iam-policy`: a customer managed policy's default version. */
export interface PolicyState extends LiveState {
  readonly defaultVersionId: string;
  readonly attachmentCount: number | null;
  /** The decoded document; null when it could not be read or is not a JSON object. */
  readonly document: Readonly<Record<string, unknown>> | null;
}

/** A user, group or role a managed policy is attached to. */
export interface PolicyAttachment {
  readonly type: 'user' | 'group' | 'role';
  readonly name: string;
  /** Built from the name: `ListEntitiesForPolicy` gives no path, so an entity under a path has a longer real ARN. */
  readonly arn: string;
}

/** Kind `iam-administrator-access`: where the AWS managed AdministratorAccess policy is attached. */
export interface AdministratorAccessState extends LiveState {
  /** Empty when nothing is attached (or the partition has no such policy); null when it could not be listed. */
  readonly attachments: readonly PolicyAttachment[] | null;
}

export const ADMIN_RULE = 'iam-admin-wildcard';

async function customerPolicy(ctx: ScanContext, iam: IAMClient, policy: Policy): Promise<void> {
  const arn = policy.Arn;
  const versionId = policy.DefaultVersionId;
  if (!arn || !versionId) return;
  const read = await ctx.read('iam:GetPolicyVersion', arn, (o) => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), o));
  const state: PolicyState = {
    ref: { arn, name: policy.PolicyName ?? arn, region: 'global' },
    defaultVersionId: versionId,
    attachmentCount: policy.AttachmentCount ?? null,
    document: read.state === 'ok' ? (decodePolicyDocument(read.value.PolicyVersion?.Document) ?? null) : null,
  };
  ctx.evaluate('iam-policy', state);
}

async function customerPolicies(ctx: ScanContext, iam: IAMClient): Promise<void> {
  const pages = ctx.pages(
    'iam:ListPolicies',
    `arn:${ctx.partition}:iam::${ctx.account}:policy/*`,
    (marker, o) => iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, ...(marker ? { Marker: marker } : {}) }), o),
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  const reads: Promise<void>[] = [];
  // Each policy's document is read as its page arrives; the scan's queue bounds how many at once.
  for await (const page of pages) {
    for (const policy of page.Policies ?? []) {
      const read = customerPolicy(ctx, iam, policy);
      // Marked handled now: one that fails (a cancelled scan) while later pages are awaited would
      // otherwise be an unhandled rejection. Promise.all below still sees the failure.
      read.catch(() => undefined);
      reads.push(read);
    }
  }
  await Promise.all(reads);
}

async function administratorAccess(ctx: ScanContext, iam: IAMClient): Promise<void> {
  const arn = `arn:${ctx.partition}:iam::aws:policy/AdministratorAccess`;
  const list = (marker: string | undefined, o: { abortSignal: AbortSignal }) =>
    iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy', ...(marker ? { Marker: marker } : {}) }), o);
  const next = (page: ListEntitiesForPolicyCommandOutput): string | undefined => (page.IsTruncated ? page.Marker : undefined);
  // The first page on its own: a partition without the policy answers NoSuchEntity, which is no attachment.
  const first = await ctx.read('iam:ListEntitiesForPolicy', arn, (o) => list(undefined, o), ['NoSuchEntity', 'NoSuchEntityException']);
  if (first.state === 'failed') {
    const unknown: AdministratorAccessState = { ref: adminRef(arn), attachments: null };
    return ctx.evaluate('iam-administrator-access', unknown);
  }
  const attachments: PolicyAttachment[] = [];
  const add = (page: ListEntitiesForPolicyCommandOutput): void => {
    const entity = (type: PolicyAttachment['type'], name: string | undefined): void => {
      if (name) attachments.push({ type, name, arn: `arn:${ctx.partition}:iam::${ctx.account}:${type}/${name}` });
    };
    for (const user of page.PolicyUsers ?? []) entity('user', user.UserName);
    for (const group of page.PolicyGroups ?? []) entity('group', group.GroupName);
    for (const role of page.PolicyRoles ?? []) entity('role', role.RoleName);
  };
  if (first.state === 'ok') {
    add(first.value);
    const marker = next(first.value);
    // Later pages go through the scan's capped paging; a page that fails there is reported, and
    // the attachments already seen are still attachments.
    if (marker) for await (const page of ctx.pages('iam:ListEntitiesForPolicy', arn, (token, o) => list(token ?? marker, o), next)) add(page);
  }
  const state: AdministratorAccessState = { ref: adminRef(arn), attachments };
  ctx.evaluate('iam-administrator-access', state);
}

function adminRef(arn: string): AdministratorAccessState['ref'] {
  return { arn, name: 'AdministratorAccess', region: 'global' };
}

export const iamPoliciesCollector: Collector = {
  title: 'IAM policies',
  scope: 'global',
  rules: [ADMIN_RULE],
  async collect(ctx) {
    const iam = ctx.client(IAMClient, 'IAM');
    await Promise.all([customerPolicies(ctx, iam), administratorAccess(ctx, iam)]);
  },
};
