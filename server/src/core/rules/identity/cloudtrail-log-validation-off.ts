import type { CfnRule } from '../types';
import { checkTrailFlag } from './trail-flag';

/** The sentence for a trail, given its name and how the flag stands ("is false"); the live scan says the same. */
export function logValidationOffMessage(id: string, state: string): string {
  return `Trail ${id} does not validate its log files (EnableLogFileValidation ${state}), so edited or deleted log files cannot be detected.`;
}

const ID = 'cloudtrail-log-validation-off';

export const cloudtrailLogValidationOff: CfnRule = {
  meta: {
    id: ID,
    title: 'CloudTrail log file validation off',
    severity: 'warning',
    fix: 'safe',
    e8: ['+LOG'],
    anchors: ['CloudTrail.4'],
    language: 'cloudformation',
    docs: {
      what: 'An `AWS::CloudTrail::Trail` whose `EnableLogFileValidation` is not true (false, or not written: the default is false).',
      why:
        'Without validation CloudTrail writes no signed digest files, so nobody can prove that a log file was not edited or ' +
        'deleted after delivery. An intruder with write access to the bucket can remove the records of what they did, and ' +
        'logs that cannot be shown to be intact carry less weight in an investigation or an audit.',
      fix:
        'Set `EnableLogFileValidation: true`, then check the logs with `aws cloudtrail validate-logs` when you need to rely on ' +
        'them. The quick fix sets it, written as the file writes its other booleans; it is safe and runs in "Fix all": it ' +
        'only adds a digest file per hour to the bucket.',
      bad: 'Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    S3BucketName: !Ref TrailBucket\n    IsLogging: true',
      good:
        'Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    S3BucketName: !Ref TrailBucket\n    IsLogging: true\n' +
        '    EnableLogFileValidation: true',
    },
  },
  check(ctx) {
    return checkTrailFlag(ctx, {
      ruleId: ID,
      key: 'EnableLogFileValidation',
      message: logValidationOffMessage,
      title: (id) => `Enable log file validation on trail ${id}`,
    });
  },
};
