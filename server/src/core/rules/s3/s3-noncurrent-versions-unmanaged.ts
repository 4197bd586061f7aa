import { ensurePath, insertPairs, type InsertValue } from '../../cfn/edit';
import { asMap, asString, get, getPair, type Node } from '../../cfn/model';
import { everyBranch, intrinsicName, type Resource } from '../../cfn/template';
import type { TextEdit } from '../../text';
import type { CfnContext, CfnRule, CheckFinding } from '../types';
import { appendItem } from '../../cfn/seq-edit';

const RULE_ID = 'undelete-window';

/** True when the bucket certainly has versioning enabled (in every `Fn::If` branch). */
function versioned(properties: Node | null): boolean {
  return everyBranch(properties, (props) => {
    const map = asMap(props);
    if (props && !map) return 'unknown';
    return everyBranch(get(map, 'VersioningConfiguration') ?? null, (v) => {
      if (!v || !asMap(v)) return v ? 'unknown' : false;
      return everyBranch(get(v, 'Status') ?? null, (s) => (s && s.kind === 'scalar' ? asString(s) === 'Enabled' : s ? 'unknown' : false));
    });
  });
}

/** True when a lifecycle rule certainly does not expire noncurrent versions: disabled, or no days set. */
function notManaging(rule: Node | null): boolean {
  return everyBranch(rule, (r) => {
    if (!r) return true;
    const map = asMap(r);
    if (!map) return 'unknown';
    const disabled = everyBranch(get(map, 'Status') ?? null, (s) => (s && s.kind !== 'scalar' ? 'unknown' : asString(s) !== 'Enabled'));
    const noDays = everyBranch(get(map, 'NoncurrentVersionExpiration') ?? null, (e) => {
      if (!e) return true;
      if (!asMap(e)) return 'unknown';
      return everyBranch(get(e, 'NoncurrentDays') ?? null, (d) => d === null);
    });
    // The older flat form of the same setting still counts.
    const noLegacyDays = everyBranch(get(map, 'NoncurrentVersionExpirationInDays') ?? null, (d) => d === null);
    return disabled || (noDays && noLegacyDays);
  });
}

/** True when no enabled lifecycle rule can expire noncurrent versions, in every `Fn::If` branch. */
function unmanaged(properties: Node | null): boolean {
  return everyBranch(properties, (props) => {
    const map = asMap(props);
    if (props && !map) return 'unknown';
    return everyBranch(get(map, 'LifecycleConfiguration') ?? null, (lifecycle) => {
      if (!lifecycle) return true;
      if (!asMap(lifecycle)) return 'unknown';
      return everyBranch(get(lifecycle, 'Rules') ?? null, (rules) => {
        if (!rules) return true;
        if (rules.kind !== 'seq') return 'unknown';
        return rules.items.every((item) => notManaging(item));
      });
    });
  });
}

/** A rule id not yet used by the bucket's lifecycle rules (ids must be unique within a bucket). */
function freshId(rules: readonly Node[]): string {
  const taken = new Set(rules.map((r) => asString(get(r, 'Id'))));
  let id = RULE_ID;
  for (let n = 2; taken.has(id); n++) id = `${RULE_ID}-${n}`;
  return id;
}

function fixEdits({ template, style, settings }: CfnContext, resource: Resource): TextEdit[] | null {
  const rule = (id: string): InsertValue => ({
    Id: id,
    Status: 'Enabled',
    NoncurrentVersionExpiration: { NoncurrentDays: settings.undeleteWindowDays },
  });
  const lifecyclePair = getPair(resource.properties, 'LifecycleConfiguration');
  if (!lifecyclePair?.value) {
    const edit = ensurePath(template.doc, style, resource.node, ['Properties', 'LifecycleConfiguration'], { Rules: [rule(RULE_ID)] });
    return edit ? [edit] : null;
  }
  const lifecycle = asMap(lifecyclePair.value);
  if (!lifecycle || intrinsicName(lifecycle)) return null;
  const rules = getPair(lifecycle, 'Rules');
  if (!rules) return [insertPairs(template.doc, style, lifecycle, [['Rules', [rule(RULE_ID)]]])];
  if (!rules.value) {
    // `Rules:` written with nothing after it: give it a one-rule list.
    const edit = ensurePath(template.doc, style, lifecycle, ['Rules'], [rule(RULE_ID)]);
    return edit ? [edit] : null;
  }
  if (rules.value.kind !== 'seq' || rules.value.tag) return null;
  return [appendItem(template.doc, style, rules.value, rule(freshId(rules.value.items)))];
}

export const s3NoncurrentVersionsUnmanaged: CfnRule = {
  meta: {
    id: 's3-noncurrent-versions-unmanaged',
    title: 'Versioned S3 bucket without an undelete window',
    severity: 'information',
    fix: 'unsafe',
    e8: ['BK'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'A versioned `AWS::S3::Bucket` with no enabled lifecycle rule that sets `NoncurrentVersionExpiration.NoncurrentDays` ' +
        '(or the older `NoncurrentVersionExpirationInDays`).',
      why:
        'Versioning keeps every overwritten or deleted object as a noncurrent version. Without a rule that expires them, those ' +
        'versions pile up for ever and are billed as storage; a lifecycle rule makes the recovery window explicit: a deleted ' +
        'object can be restored for that many days, and then it is gone.',
      fix:
        'Add a lifecycle rule with `NoncurrentVersionExpiration: {NoncurrentDays: N}`. The quick fix appends a rule `undelete-window` ' +
        'to the existing `LifecycleConfiguration.Rules` (existing rules are kept) or creates the configuration, with N from the ' +
        '`awsHardening.s3.undeleteWindowDays` setting (default 30). It is unsafe: once applied, noncurrent versions older than N days ' +
        'are deleted for good, so anything you relied on recovering from further back is lost.',
      bad: 'Logs:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled',
      good:
        'Logs:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled\n    LifecycleConfiguration:\n' +
        '      Rules:\n        - Id: undelete-window\n          Status: Enabled\n          NoncurrentVersionExpiration:\n            NoncurrentDays: 30',
    },
  },
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const resource of ctx.template.resources) {
      if (resource.type !== 'AWS::S3::Bucket') continue;
      const properties = resource.propertiesPair?.value ?? null;
      if (!versioned(properties) || !unmanaged(properties)) continue;
      const lifecyclePair = getPair(resource.properties, 'LifecycleConfiguration');
      out.push({
        ruleId: 's3-noncurrent-versions-unmanaged',
        start: lifecyclePair ? lifecyclePair.keyStart : resource.idStart,
        end: lifecyclePair ? lifecyclePair.keyEnd : resource.idEnd,
        message: `Bucket ${resource.logicalId} is versioned but has no enabled lifecycle rule expiring noncurrent versions, so old versions pile up and are billed indefinitely.`,
        resource: resource.logicalId,
        fix: {
          title: `Expire noncurrent versions of bucket ${resource.logicalId} after ${ctx.settings.undeleteWindowDays} days`,
          safety: 'unsafe',
          edits: () => fixEdits(ctx, resource),
        },
      });
    }
    return out;
  },
};
