import { DB_PORTS } from '../../../core/rules/network/ingress';
import { dbConsequence } from '../../../core/rules/network/sg-db-port-open-to-world';
import { portRule } from './open-ingress';

/** A security group admitting 0.0.0.0/0 or ::/0 on a database port, judged as in templates. */
export const sgDbPortOpenToWorldLive = portRule('sg-db-port-open-to-world', DB_PORTS, 'database', dbConsequence);
