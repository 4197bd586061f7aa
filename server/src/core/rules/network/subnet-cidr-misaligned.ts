import { replaceScalar } from '../../cfn/edit';
import { getPair, type Node, type ScalarNode } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import { ifBranches, literal } from '../../cfn/template';
import { formatCidr, isAligned, networkOf, parseCidr } from '../../net/cidr';
import type { TextEdit } from '../../text';
import type { CfnRule, CheckFinding } from '../types';
import { pairRange } from '../data/util';

const ID = 'subnet-cidr-misaligned';

/** The block properties EC2 checks for host bits, by resource type, and how messages name the resource. */
const PROPERTIES: ReadonlyMap<string, { readonly name: string; readonly keys: readonly string[] }> = new Map([
  ['AWS::EC2::Subnet', { name: 'Subnet', keys: ['CidrBlock', 'Ipv6CidrBlock'] }],
  ['AWS::EC2::VPC', { name: 'VPC', keys: ['CidrBlock'] }],
  ['AWS::EC2::VPCCidrBlock', { name: 'VPC block association', keys: ['CidrBlock', 'Ipv6CidrBlock'] }],
  ['AWS::EC2::SubnetCidrBlock', { name: 'Subnet block association', keys: ['Ipv6CidrBlock'] }],
]);

/** Literal blocks with host bits set, in the value and in every `Fn::If` branch (each branch may be deployed). */
function misaligned(node: Node | null | undefined): ScalarNode[] {
  const branches = ifBranches(node);
  if (branches) return branches.flatMap(misaligned);
  const scalar = literal(node);
  const cidr = scalar && typeof scalar.value === 'string' ? parseCidr(scalar.value) : undefined;
  return scalar && cidr && !isAligned(cidr) ? [scalar] : [];
}

function alignedText(scalar: ScalarNode): string {
  return formatCidr(networkOf(parseCidr(String(scalar.value))!));
}

/** The aligned block in place of the old one, written as the old one was: plain, quoted, or JSON. */
function alignEdit(doc: ParsedDocument, scalar: ScalarNode): TextEdit | undefined {
  const text = alignedText(scalar);
  // A block written plain stays plain: addresses and prefix lengths need no quotes in YAML.
  if (!doc.json && scalar.style === 'plain') return { start: scalar.start, end: scalar.end, newText: text };
  return scalar.style === 'block' ? undefined : replaceScalar(doc, scalar, text);
}

export const subnetCidrMisaligned: CfnRule = {
  meta: {
    id: ID,
    title: 'VPC or subnet block with host bits set',
    severity: 'error',
    fix: 'safe',
    e8: ['+NET'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'A literal IPv4 or IPv6 block with bits set after its prefix length, such as `10.0.0.196/26` or `2001:db8::1/64`, in the ' +
        '`CidrBlock` or `Ipv6CidrBlock` of an `AWS::EC2::Subnet`, `AWS::EC2::VPC`, `AWS::EC2::VPCCidrBlock` or ' +
        '`AWS::EC2::SubnetCidrBlock`, including each branch of an `Fn::If`. Values from parameters and other intrinsics are not read.',
      why:
        'EC2 accepts only network addresses for VPC and subnet blocks and rejects `10.0.0.196/26`, so the stack fails at ' +
        'deployment. The value also hides what was meant: a block starting at .192, or a smaller block at .196. Other tools ' +
        'that read the template (firewall rules, route tables, documentation) may take either meaning.',
      fix:
        'Write the network address of the block: `10.0.0.196/26` covers 10.0.0.192 to 10.0.0.255, so it is `10.0.0.192/26`. ' +
        'The quick fix writes that aligned network, keeping the value\'s quoting; it is safe and runs in "Fix all", because EC2 ' +
        'never created a resource from the old value, so nothing deployed is replaced. If a smaller block at the written ' +
        'address was meant, change the prefix length instead.',
      bad: 'App:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.0.196/26',
      good: 'App:\n  Type: AWS::EC2::Subnet\n  Properties:\n    VpcId: !Ref Vpc\n    CidrBlock: 10.0.0.192/26',
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    const { doc } = template;
    for (const resource of template.resources) {
      const spec = PROPERTIES.get(resource.type);
      if (!spec) continue;
      for (const key of spec.keys) {
        const pair = getPair(resource.properties, key);
        const bad = misaligned(pair?.value);
        if (!pair || bad.length === 0) continue;
        const values = bad.map((s) => String(s.value)).join(' and ');
        const aligned = [...new Set(bad.map(alignedText))];
        const networks = aligned.join(' and ');
        out.push({
          ruleId: ID,
          ...pairRange(doc.text, pair),
          message: `${spec.name} ${resource.logicalId} has ${key} ${values} with host bits set, which EC2 rejects; the aligned network${aligned.length === 1 ? ' is' : 's are'} ${networks}.`,
          resource: resource.logicalId,
          fix: {
            title: `Use the aligned network ${networks} for ${resource.logicalId}`,
            safety: 'safe',
            edits: () => {
              const edits = misaligned(pair.value).map((s) => alignEdit(doc, s));
              return edits.length > 0 && edits.every((e) => e !== undefined) ? (edits as TextEdit[]) : null;
            },
          },
        });
      }
    }
    return out;
  },
};
