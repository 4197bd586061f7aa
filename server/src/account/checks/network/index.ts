// The network group of live checks: security groups open to the internet, instances that accept
// IMDSv1, load balancer listeners on plain HTTP or old TLS, and log groups kept forever.
import type { Collector, LiveRule } from '../../scan/model';
import { ec2ImdsV1AllowedLive } from './ec2-imdsv1-allowed';
import { elbListenerHttpLive } from './elb-listener-http';
import { elbTlsPolicyOutdatedLive } from './elb-tls-policy-outdated';
import { instancesCollector } from './instances';
import { listenersCollector } from './listeners';
import { logGroupsCollector } from './log-groups';
import { logsRetentionUnsetLive } from './logs-retention-unset';
import { securityGroupsCollector } from './security-groups';
import { sgAdminPortOpenToWorldLive } from './sg-admin-port-open-to-world';
import { sgAllTrafficOpenToWorldLive } from './sg-all-traffic-open-to-world';
import { sgDbPortOpenToWorldLive } from './sg-db-port-open-to-world';

export const networkChecks: { readonly collectors: readonly Collector[]; readonly rules: readonly LiveRule[] } = {
  collectors: [securityGroupsCollector, instancesCollector, listenersCollector, logGroupsCollector],
  rules: [
    sgDbPortOpenToWorldLive,
    sgAdminPortOpenToWorldLive,
    sgAllTrafficOpenToWorldLive,
    ec2ImdsV1AllowedLive,
    elbListenerHttpLive,
    elbTlsPolicyOutdatedLive,
    logsRetentionUnsetLive,
  ],
};
