// Network rules: security groups, subnets and VPCs, in catalogue order.
import type { CfnRule } from '../types';
import { sgAdminPortOpenToWorld } from './sg-admin-port-open-to-world';
import { sgAllTrafficOpenToWorld } from './sg-all-traffic-open-to-world';
import { sgDbPortOpenToWorld } from './sg-db-port-open-to-world';
import { subnetCidrMisaligned } from './subnet-cidr-misaligned';
import { subnetOutsideVpc } from './subnet-outside-vpc';
import { subnetsOverlap } from './subnets-overlap';
import { vpcFlowLogsOff } from './vpc-flow-logs-off';

export const networkRules: readonly CfnRule[] = [
  sgDbPortOpenToWorld,
  sgAdminPortOpenToWorld,
  sgAllTrafficOpenToWorld,
  subnetCidrMisaligned,
  subnetOutsideVpc,
  subnetsOverlap,
  vpcFlowLogsOff,
];
