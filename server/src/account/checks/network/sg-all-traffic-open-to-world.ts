import { ALL_TRAFFIC_CONSEQUENCE } from '../../../core/rules/network/sg-all-traffic-open-to-world';
import { allTrafficRule } from './open-ingress';

/** A security group admitting every protocol and port from 0.0.0.0/0 or ::/0. */
export const sgAllTrafficOpenToWorldLive = allTrafficRule('sg-all-traffic-open-to-world', ALL_TRAFFIC_CONSEQUENCE);
