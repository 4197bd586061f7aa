import type { CfnRule } from '../types';
import { checkTrailFlag } from './trail-flag';

/** The sentence for a trail, given its name and how the flag stands ("is false"); the live scan says the same. */
export function notMultiRegionMessage(id: string, state: string): string {
  return `Trail ${id} records only its own region (IsMultiRegionTrail ${state}), so API calls made in any other region leave no record.`;
}

const ID = 'cloudtrail-not-multi-region';

export const cloudtrailNotMultiRegion: CfnRule = {
  meta: {
    id: ID,
    title: 'CloudTrail trail recording one region only',
    severity: 'warning',
    fix: 'safe',
    e8: ['+LOG'],
    anchors: ['CloudTrail.1'],
    language: 'cloudformation',
    docs: {
      what: 'An `AWS::CloudTrail::Trail` whose `IsMultiRegionTrail` is not true (false, or not written: the default is false).',
      why:
        'A single-region trail records nothing done in the other regions. Attackers who get credentials often work in a region ' +
        'the owner never uses, to start instances for mining or to stage data, because nobody is watching there; global services ' +
        'such as IAM are logged in one region too. Without a multi-region trail those API calls leave no record to alert on or ' +
        'to investigate afterwards.',
      fix:
        'Set `IsMultiRegionTrail: true`. The quick fix sets it, written as the file writes its other booleans; it is safe and ' +
        'runs in "Fix all". The trail then delivers events from every region to the same bucket, so expect more objects there; ' +
        'the first copy of management events in each region is free, a second trail recording them again is charged.',
      bad: 'Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    S3BucketName: !Ref TrailBucket\n    IsLogging: true',
      good:
        'Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    S3BucketName: !Ref TrailBucket\n    IsLogging: true\n' +
        '    IsMultiRegionTrail: true',
    },
  },
  check(ctx) {
    return checkTrailFlag(ctx, {
      ruleId: ID,
      key: 'IsMultiRegionTrail',
      message: notMultiRegionMessage,
      title: (id) => `Record every region in trail ${id}`,
    });
  },
};
