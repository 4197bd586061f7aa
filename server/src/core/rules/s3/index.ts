// S3 bucket rules, in catalogue order.
import type { CfnRule } from '../types';
import { s3VersioningOff } from './s3-versioning-off';

export const s3Rules: readonly CfnRule[] = [s3VersioningOff];
