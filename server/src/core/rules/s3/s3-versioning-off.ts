import { ensurePath } from '../../cfn/edit';
import { asMap, asString, get, getPair } from '../../cfn/model';
import { everyBranch } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';

const PATH = ['Properties', 'VersioningConfiguration', 'Status'] as const;

export const s3VersioningOff: CfnRule = {
  meta: {
    id: 's3-versioning-off',
    title: 'S3 bucket without versioning',
    severity: 'warning',
    fix: 'safe',
    e8: ['BK'],
    anchors: ['CKV_AWS_21', 'S3_BUCKET_VERSIONING_ENABLED', 'S3.14'],
    language: 'cloudformation',
    docs: {
      what: 'An `AWS::S3::Bucket` whose `VersioningConfiguration.Status` is not `Enabled`.',
      why:
        'Without versioning, an object that is overwritten or deleted, by mistake, by a faulty deployment or by ransomware, is gone. ' +
        'Versioning keeps every earlier version so it can be restored, which is the backup the Essential Eight asks for.',
      fix:
        'Set `VersioningConfiguration: {Status: Enabled}`. The quick fix adds it (or changes `Suspended` to `Enabled`); it is safe ' +
        'and runs in "Fix all". Pair it with a lifecycle rule that expires noncurrent versions (`s3-noncurrent-versions-unmanaged`) ' +
        'so old versions do not grow without bound.',
      bad: 'Logs:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: my-logs',
      good: 'Logs:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: my-logs\n    VersioningConfiguration:\n      Status: Enabled',
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (resource.type !== 'AWS::S3::Bucket') continue;
      const properties = resource.propertiesPair?.value ?? null;
      // A Properties block written as an intrinsic (say `!If`) is read branch by branch.
      const bad = everyBranch(properties, (props) => {
        const map = asMap(props);
        if (props && !map) return 'unknown';
        const versioning = getPair(map, 'VersioningConfiguration')?.value ?? null;
        return everyBranch(versioning, (v) => {
          if (v && !asMap(v)) return 'unknown';
          const status = get(v, 'Status') ?? null;
          return everyBranch(status, (s) => (s && s.kind !== 'scalar' ? 'unknown' : asString(s) !== 'Enabled'));
        });
      });
      if (!bad) continue;
      const statusPair = getPair(asMap(get(resource.properties, 'VersioningConfiguration')), 'Status');
      const status = asString(statusPair?.value);
      const onStatus = statusPair && status !== undefined;
      out.push({
        ruleId: 's3-versioning-off',
        start: onStatus ? statusPair.keyStart : resource.idStart,
        end: onStatus ? statusPair.value!.end : resource.idEnd,
        message: onStatus
          ? `Bucket ${resource.logicalId} has versioning ${status}, so an overwritten or deleted object cannot be recovered.`
          : `Bucket ${resource.logicalId} does not enable versioning, so an overwritten or deleted object cannot be recovered.`,
        resource: resource.logicalId,
        fix: {
          title: `Enable versioning on bucket ${resource.logicalId}`,
          safety: 'safe',
          edits: () => {
            const edit = ensurePath(template.doc, ctx.style, resource.node, PATH, 'Enabled');
            return edit ? [edit] : null;
          },
        },
      });
    }
    return out;
  },
};
