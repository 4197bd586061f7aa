// What the three security group rules share over a live group: which inbound permissions admit
// the whole internet, and how a finding names the group and the rule. The protocol and port
// semantics are the template rules' own (`core/rules/network/ingress.ts`), so a group is judged
// the same way in a template and in an account.
import { isWorld, parseCidr } from '../../../core/net/cidr';
import { exposedBy, portPhrase, protocolOf, type Protocol } from '../../../core/rules/network/ingress';
import { liveRule, type LiveCheckFinding, type LiveRule } from '../../scan/model';
import type { IngressPermission, SecurityGroupState } from './security-groups';

interface OpenPermission {
  readonly permission: IngressPermission;
  readonly protocol: Protocol | undefined;
  /** The /0 blocks among its sources, as EC2 wrote them. */
  readonly world: readonly string[];
}

function openPermissions(state: SecurityGroupState): OpenPermission[] {
  const out: OpenPermission[] = [];
  for (const permission of state.ingress) {
    const world = permission.cidrs.filter((c) => {
      const block = parseCidr(c);
      return block !== undefined && isWorld(block);
    });
    if (world.length > 0) out.push({ permission, protocol: protocolOf(permission.protocol), world });
  }
  return out;
}

/** `Security group sg-0abc (db)`: the id is what the console searches by, the name what people remember. */
function groupLabel(state: SecurityGroupState): string {
  return state.groupName ? `Security group ${state.groupId} (${state.groupName})` : `Security group ${state.groupId}`;
}

function evidence(state: SecurityGroupState, open: OpenPermission, ports?: readonly number[]): Record<string, unknown> {
  const { permission } = open;
  return {
    groupId: state.groupId,
    IpProtocol: permission.protocol,
    ...(permission.fromPort !== null ? { FromPort: permission.fromPort } : {}),
    ...(permission.toPort !== null ? { ToPort: permission.toPort } : {}),
    sources: open.world,
    ...(ports ? { ports: [...ports].sort((a, b) => a - b) } : {}),
  };
}

/**
 * A rule over the listed ports (databases, administration): one finding per permission open to
 * the world on a TCP or UDP range that covers one. All-traffic permissions are left to
 * `sg-all-traffic-open-to-world`, as in templates, so one permission gives one finding.
 */
export function portRule(id: string, ports: ReadonlyMap<number, string>, kind: string, consequence: (protocol: 'TCP' | 'UDP') => string): LiveRule {
  return liveRule<SecurityGroupState>(id, 'security-group', (state) => {
    const out: LiveCheckFinding[] = [];
    for (const open of openPermissions(state)) {
      const { protocol, permission } = open;
      if (protocol !== 'tcp' && protocol !== 'udp') continue;
      const from = permission.fromPort;
      const to = permission.toPort;
      if (from === null || to === null) continue;
      const exposed = exposedBy(protocol, from, to, ports);
      if (exposed.length === 0) continue;
      const written = { protocol: protocol === 'udp' ? ('UDP' as const) : ('TCP' as const), from, to };
      out.push({
        message: `${groupLabel(state)} allows ${open.world.join(' and ')} to ${portPhrase({ written, ruleParams: [] }, exposed, ports, kind)}, ${consequence(written.protocol)}.`,
        evidence: evidence(state, open, exposed),
      });
    }
    return out;
  });
}

/** The all-traffic rule: permissions with protocol `-1` from a /0. */
export function allTrafficRule(id: string, consequence: string): LiveRule {
  return liveRule<SecurityGroupState>(id, 'security-group', (state) =>
    openPermissions(state)
      .filter((open) => open.protocol === 'all')
      .map((open) => ({
        message: `${groupLabel(state)} allows all traffic (every protocol and port) from ${open.world.join(' and ')}, ${consequence}.`,
        evidence: evidence(state, open),
      })),
  );
}
