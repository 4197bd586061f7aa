// Lambda and VPC endpoint rules, in catalogue order.
import type { CfnRule } from '../types';
import { lambdaCodeSigningOff } from './lambda-code-signing-off';
import { lambdaPermissionPublic } from './lambda-permission-public';
import { lambdaRuntimeDeprecated } from './lambda-runtime-deprecated';
import { vpceS3PolicyUnrestricted } from './vpce-s3-policy-unrestricted';

export const computeRules: readonly CfnRule[] = [
  vpceS3PolicyUnrestricted,
  lambdaRuntimeDeprecated,
  lambdaCodeSigningOff,
  lambdaPermissionPublic,
];
