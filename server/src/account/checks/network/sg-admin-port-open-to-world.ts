import { ADMIN_PORTS } from '../../../core/rules/network/ingress';
import { ADMIN_CONSEQUENCE } from '../../../core/rules/network/sg-admin-port-open-to-world';
import { portRule } from './open-ingress';

/** A security group admitting 0.0.0.0/0 or ::/0 on SSH, RDP or WinRM, judged as in templates. */
export const sgAdminPortOpenToWorldLive = portRule('sg-admin-port-open-to-world', ADMIN_PORTS, 'administration', () => ADMIN_CONSEQUENCE);
