import { ensurePath, replaceScalar } from '../../cfn/edit';
import { get, getPair } from '../../cfn/model';
import { intrinsicName, isNoValue, literal, numberOf, type Resource } from '../../cfn/template';
import type { TextEdit } from '../../text';
import { badProperty, resourceRange } from '../data/util';
import type { CfnContext, CfnRule, CheckFinding } from '../types';

const ID = 'logs-retention-unset';

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy and the LogGroup schema), in days. */
export const ACCEPTED_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** A year: long enough to investigate an incident found late, short enough not to keep logs forever. */
const DEFAULT_DAYS = 365;

function accepted(days: number | undefined): boolean {
  return days !== undefined && ACCEPTED_DAYS.includes(days);
}

/**
 * The accepted value for one CloudWatch rejects: the nearest one not below it, so no event is kept
 * for less time than the author asked; the longest for values beyond it. Zero, negative or
 * non-numeric values say nothing usable (0 is often meant as "forever"): they get the default.
 */
export function nearestAccepted(days: number | undefined): number {
  if (days === undefined || !(days >= 1)) return DEFAULT_DAYS;
  return ACCEPTED_DAYS.find((d) => d >= days) ?? ACCEPTED_DAYS[ACCEPTED_DAYS.length - 1]!;
}

/** The edit that sets an accepted retention, or null when it is already accepted or an intrinsic is in the way. */
function retentionEdit({ template, style }: CfnContext, group: Resource): TextEdit | null {
  const node = getPair(group.properties, 'RetentionInDays')?.value;
  const scalar = literal(node);
  if (scalar) return accepted(numberOf(scalar)) ? null : replaceScalar(template.doc, scalar, nearestAccepted(numberOf(scalar)));
  if (node && isNoValue(node)) return { start: node.start, end: node.end, newText: String(DEFAULT_DAYS) };
  return ensurePath(template.doc, style, group.node, ['Properties', 'RetentionInDays'], DEFAULT_DAYS);
}

export const logsRetentionUnset: CfnRule = {
  meta: {
    id: ID,
    title: 'CloudWatch log group without a valid retention',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['+LOG'],
    anchors: ['CKV_AWS_66', 'W86'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::Logs::LogGroup` without `RetentionInDays`, or with a value CloudWatch Logs does not accept (it takes 1, 3, ' +
        '5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days). Log ' +
        'groups of the `DELIVERY` class, whose retention is fixed, and the log groups Lambda creates by itself are not checked.',
      why:
        'A log group without retention keeps every event forever: storage is billed without end, and logs full of request ' +
        'data, tokens or personal details are kept long after any need and any record-keeping policy. Setting the period is ' +
        'the decision logging guidance asks for: long enough to investigate an incident found months later, no longer than ' +
        'the data may be kept. A value outside the accepted list is rejected, so the stack fails to create or update.',
      fix:
        `Set \`RetentionInDays\` to the period your logging policy names. The quick fix writes ${DEFAULT_DAYS} days where none is ` +
        'set, and replaces a value CloudWatch rejects with the nearest accepted value not below it (the longest, 3653, above ' +
        `that; ${DEFAULT_DAYS} for 0 or less). It is unsafe: once applied, events older than the retention are deleted for good, ` +
        'so export anything you must keep longer (to S3 with a lifecycle rule, say) first.',
      bad: 'AppLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: /app/orders',
      good: `AppLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: /app/orders\n    RetentionInDays: ${DEFAULT_DAYS}`,
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const group of template.resources) {
      if (group.type !== 'AWS::Logs::LogGroup') continue;
      // Delivery-class groups keep events for a fixed day; an unreadable class may be that one.
      const logClass = get(group.properties, 'LogGroupClass');
      if (logClass && (intrinsicName(logClass) || String(literal(logClass)?.value ?? '').toUpperCase() === 'DELIVERY')) continue;
      if (!badProperty(group, ['RetentionInDays'], (leaf) => !accepted(numberOf(leaf)))) continue;
      const node = getPair(group.properties, 'RetentionInDays')?.value;
      const written = literal(node);
      const conditional = !written && node && !isNoValue(node);
      const id = group.logicalId;
      const edit = retentionEdit(ctx, group);
      const days = written ? nearestAccepted(numberOf(written)) : DEFAULT_DAYS;
      out.push({
        ruleId: ID,
        ...resourceRange(template.doc.text, group, ['RetentionInDays']),
        message: written
          ? `Log group ${id} has RetentionInDays ${JSON.stringify(written.value)}, which CloudWatch Logs does not accept, so the stack fails to deploy; the nearest accepted value is ${days}.`
          : conditional
            ? `Log group ${id} has no accepted RetentionInDays in any branch of its Fn::If, so its events are kept forever or the stack fails to deploy.`
            : `Log group ${id} sets no RetentionInDays, so its events are kept, and billed, forever.`,
        resource: id,
        ...(edit
          ? {
              fix: {
                title: `Keep events of log group ${id} for ${days} days (older events are deleted)`,
                safety: 'unsafe' as const,
                edits: () => {
                  const again = retentionEdit(ctx, group);
                  return again ? [again] : null;
                },
              },
            }
          : {}),
      });
    }
    return out;
  },
};
