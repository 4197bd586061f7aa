import type { CfnRule, CheckFinding } from '../types';
import { judgeable } from './common';
import type { RefSite } from './references';

const ID = 'cfn-ref-circular';

/** Names a message shows of a cycle before it says how many more there are. */
const MAX_SHOWN = 8;
/** Components up to this size get a cycle through each member; larger ones share one. */
const PER_MEMBER_LIMIT = 64;

/**
 * The strongly connected components of a graph of `n` nodes (Tarjan's algorithm, with an explicit
 * stack instead of recursion, so a chain of 10,000 resources cannot overflow the call stack).
 */
export function stronglyConnected(n: number, edges: readonly (readonly number[])[]): number[][] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  // Each frame is a node and how many of its edges have been followed.
  const frames: Array<[number, number]> = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    frames.push([root, 0]);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [v, i] = frame;
      const out = edges[v]!;
      if (i < out.length) {
        frame[1] = i + 1;
        const w = out[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}

/** A shortest cycle from `start` back to itself inside `members` (breadth first), as nodes. */
function cycleThrough(start: number, edges: readonly (readonly number[])[], members: ReadonlySet<number>): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of edges[v]!) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let at = v; at !== start; ) {
          at = previous.get(at)!;
          path.push(at);
        }
        return path.reverse();
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** A cycle of `length` names, given its first ones (at least the MAX_SHOWN a message shows). */
function describe(head: readonly string[], length: number): string {
  const shown = length > MAX_SHOWN ? [...head.slice(0, MAX_SHOWN - 1), `… (${length - MAX_SHOWN + 1} more)`] : head.slice(0, length);
  return [...shown, head[0]].join(' → ');
}

export const refCircular: CfnRule = {
  meta: {
    id: ID,
    title: 'Resources that depend on each other',
    severity: 'error',
    fix: 'none',
    e8: ['—'],
    anchors: ['E3004'],
    language: 'cloudformation',
    docs: {
      what:
        'Resources that depend on each other in a circle, directly or through others: through `Ref`, `Fn::GetAtt`, `Fn::Sub` ' +
        'variables and `DependsOn`, in their properties and the other parts CloudFormation resolves (`Metadata`, `UpdatePolicy`, ' +
        '`CreationPolicy`), in either branch of an `Fn::If`; a resource that refers to itself included. Outputs do not count. Each ' +
        'resource of a circle is reported once, with one circle it is on. Templates with a macro or another transform are not checked.',
      why:
        'CloudFormation cannot create any resource of the circle first, so it refuses the template ("Circular dependency between ' +
        'resources"): nothing is deployed or updated until the circle is broken.',
      fix:
        'Break the circle: move the property that closes it into a resource of its own (an `AWS::EC2::SecurityGroupIngress` instead ' +
        'of an inline rule that names the other group, an `AWS::S3::BucketPolicy` instead of a policy that names the bucket), build ' +
        'a name with `Fn::Sub` from known parts instead of `Ref`, or drop a `DependsOn` that is not needed. There is no quick fix: ' +
        'which link to cut is a design choice.',
      bad:
        'Resources:\n  Web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      SecurityGroupEgress:\n' +
        '        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, DestinationSecurityGroupId: !Ref Db}\n  Db:\n' +
        '    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: db\n      SecurityGroupIngress:\n' +
        '        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref Web}',
      good:
        'Resources:\n  Web:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n  Db:\n' +
        '    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: db\n      SecurityGroupIngress:\n' +
        '        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref Web}\n  WebToDb:\n' +
        '    Type: AWS::EC2::SecurityGroupEgress\n    Properties:\n      GroupId: !Ref Web\n      IpProtocol: tcp\n      FromPort: 5432\n' +
        '      ToPort: 5432\n      DestinationSecurityGroupId: !Ref Db',
    },
  },
  check({ template }) {
    const refs = judgeable(template);
    if (!refs) return [];
    const names = [...refs.resources.keys()];
    const numberOf = new Map(names.map((name, i) => [name, i]));
    const edges: number[][] = names.map(() => []);
    // The first reference of each edge, where its finding is shown.
    const siteOf = new Map<string, RefSite>();
    for (const site of refs.sites) {
      if (site.owner.section !== 'Resources' || site.owner.name === null || site.kind === 'FindInMap' || site.kind === 'Condition') continue;
      const from = numberOf.get(site.owner.name);
      const to = numberOf.get(site.name);
      // A loop's identifier shadows a resource of the same name.
      if (from === undefined || to === undefined || site.loopVars.has(site.name)) continue;
      const key = `${from}\n${to}`;
      if (siteOf.has(key)) continue;
      siteOf.set(key, site);
      edges[from]!.push(to);
    }
    const out: CheckFinding[] = [];
    for (const component of stronglyConnected(names.length, edges)) {
      const single = component.length === 1;
      if (single && !edges[component[0]!]!.includes(component[0]!)) continue;
      const members = new Set(component);
      const ordered = [...component].sort((a, b) => a - b);
      const shared = ordered.length > PER_MEMBER_LIMIT ? cycleThrough(ordered[0]!, edges, members) : undefined;
      const position = new Map(shared?.map((n, i) => [n, i]));
      for (const v of ordered) {
        // The shared circle is read from v's place on it (from its start when v is not on it), never
        // copied per member: that made a circle of 20,000 resources take minutes.
        const cycle = shared ?? cycleThrough(v, edges, members);
        const from = position.get(v) ?? 0;
        const onCycle = shared ? position.has(v) : true;
        const nth = (k: number): number => cycle[(from + k) % cycle.length]!;
        const head = Array.from({ length: Math.min(cycle.length, MAX_SHOWN) }, (_, k) => names[nth(k)]!);
        const next = cycle.length > 1 ? nth(1) : v;
        const site = siteOf.get(`${v}\n${next}`) ?? siteOf.get(`${v}\n${edges[v]!.find((w) => members.has(w))}`)!;
        const size = component.length > 1 ? ` (${component.length} resources depend on each other)` : '';
        out.push({
          ruleId: ID,
          start: site.start,
          end: site.end,
          message: single
            ? `${names[v]} refers to itself: CloudFormation cannot create it.`
            : `Circular dependency: ${describe(head, cycle.length)}${onCycle ? '' : `, which ${names[v]} is tied to`}${size}.`,
          resource: names[v]!,
        });
      }
    }
    return out;
  },
};
