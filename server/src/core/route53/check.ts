// Route53 record sets in a template through the DNS rules: each public hosted zone the template
// defines becomes a record-set model, every DNS rule that applies to Route53 runs over it, and
// each problem becomes a finding on the template text with its fix as template edits.
import { get, type Node } from '../cfn/model';
import { nameKey } from '../dns/names';
import { dnsRules } from '../rules/dns';
import type { DnsFix, DnsProblem, DnsRule } from '../rules/dns/types';
import type { AnalysisOptions, CfnContext, Finding, Fix, Severity } from '../rules/types';
import { contentEnd, type TextEdit } from '../text';
import { planAdd } from './add';
import { removeEdits, setTtlEdits, setTypeEdits, setValueEdits } from './edit';
import { readRoute53, type Route53Record, type ZoneRecords } from './records';

/** Route53 writes the SOA itself, and DNSSEC is a property of the zone (another rule reads it). */
const NOT_FOR_ROUTE53 = new Set(['dns-soa-rname-invalid', 'dns-dnssec-unsigned']);

export const route53Rules: readonly DnsRule[] = dnsRules.filter((r) => !NOT_FOR_ROUTE53.has(r.meta.id));

/** A zone's doubts as `name type` keys, `*` standing for a part that may be anything. */
type DoubtIndex = ReadonlySet<string>;

function doubtIndex(zone: ZoneRecords): DoubtIndex {
  return new Set(zone.doubts.map((d) => `${d.name === undefined ? '*' : nameKey(d.name)} ${d.type ?? '*'}`));
}

/**
 * Whether a record that cannot be read might be the one a "missing" problem asks for: then the
 * problem is not reported (it may be there). An SPF-type record counts for a missing SPF TXT.
 * The doubts are looked up by name and type, not scanned, so a zone of many unreadable record
 * sets costs no more per problem than a zone of a few.
 */
function mayBeThere(doubts: DoubtIndex, problem: DnsProblem<Route53Record>, generated: boolean): boolean {
  const fix = problem.fix;
  if (problem.record || fix?.kind !== 'add') return false;
  // A Fn::ForEach loop may generate any record.
  if (generated) return true;
  return fix.records.some((wanted) => {
    const types = wanted.type === 'TXT' ? ['*', 'TXT', 'SPF'] : ['*', wanted.type];
    return ['*', nameKey(wanted.owner)].some((name) => types.some((type) => doubts.has(`${name} ${type}`)));
  });
}

/** A CNAME at the apex: Route53 keeps the zone's SOA and NS there, so it is always beside other data. */
function apexCname(zone: ZoneRecords, found: readonly DnsProblem<Route53Record>[]): DnsProblem<Route53Record>[] {
  const first = zone.model.at(zone.zone.apex)?.get('CNAME')?.records[0];
  if (!first || found.some((p) => p.record === first)) return [];
  return [
    {
      message: `CNAME and other data: ${first.owner} has a CNAME beside the SOA and NS records Route53 keeps at every zone apex, which a CNAME does not allow; use an alias record instead.`,
      record: first,
      part: 'type',
    },
  ];
}

function rangeOf(ctx: CfnContext, zone: ZoneRecords, problem: DnsProblem<Route53Record>): { start: number; end: number } {
  const r = problem.record;
  let node: Node | null | undefined;
  if (r) {
    const { map } = r.set;
    if (problem.part === 'owner') node = get(map, 'Name');
    else if (problem.part === 'type') node = get(map, 'Type');
    else if (problem.part === 'ttl') node = get(map, 'TTL');
    else node = r.item ?? get(map, 'AliasTarget');
    node ??= get(map, 'Name');
  }
  if (!node) {
    const holder = r ? r.set.resource : zone.zone.resource;
    return { start: holder.idStart, end: holder.idEnd };
  }
  return { start: node.start, end: contentEnd(ctx.template.doc.text, node.end, node.start) };
}

/** The fix as template edits, or undefined when the template cannot take it. */
function toFix(ctx: CfnContext, zone: ZoneRecords, fix: DnsFix<Route53Record>): Fix | undefined {
  const { template } = ctx;
  let edits: TextEdit[] | undefined;
  switch (fix.kind) {
    case 'add': {
      // Whether the records can be added is structural; writing them takes the template's style,
      // which a walk of the whole template learns: done when the fix is applied, not per keystroke.
      const write = fix.records.length > 0 ? planAdd(template, zone, fix.records) : undefined;
      if (!write) return undefined;
      return { title: fix.title, safety: fix.safety, edits: () => write(ctx.style) };
    }
    case 'set-ttl':
      edits = setTtlEdits(template.doc, fix.record, fix.ttl);
      break;
    case 'set-value':
      edits = setValueEdits(template.doc, fix.record, fix.value);
      break;
    case 'set-type':
      edits = setTypeEdits(template.doc, zone, fix.record, fix.type);
      break;
    case 'remove':
      edits = removeEdits(template, fix.record);
      break;
  }
  if (!edits || edits.length === 0) return undefined;
  const text = template.doc.text;
  const done = edits.every((e) => text.slice(e.start, e.end) === e.newText);
  return { title: fix.title, safety: fix.safety, edits: () => (done ? null : edits) };
}

/** The DNS rules' findings (and `dns-syntax` for values that do not parse) on the template's Route53 record sets. */
export function route53Findings(ctx: CfnContext, options: AnalysisOptions): Finding[] {
  const { template } = ctx;
  if (!template.resources.some((r) => r.type.startsWith('AWS::Route53::'))) return [];
  const read = readRoute53(template);
  const findings: Finding[] = [];
  const syntax = options.severities?.['dns-syntax'] ?? 'error';
  if (syntax !== 'off') {
    for (const e of read.syntax) {
      findings.push({ ruleId: 'dns-syntax', severity: e.severity === 'warning' ? 'warning' : syntax, start: e.start, end: e.end, message: e.message, resource: e.resource });
    }
  }
  const seen = new Set<string>();
  const dnsCtx = { now: ctx.now, settings: ctx.settings };
  for (const zone of read.zones) {
    const doubts = doubtIndex(zone);
    for (const rule of route53Rules) {
      const { id } = rule.meta;
      const override = options.severities?.[id];
      if (override === 'off') continue;
      let problems = [...rule.check(zone.model, dnsCtx)];
      if (id === 'dns-cname-and-other-data') problems = [...problems, ...apexCname(zone, problems)];
      for (const problem of problems) {
        if (mayBeThere(doubts, problem, ctx.template.generatesResources)) continue;
        const range = rangeOf(ctx, zone, problem);
        const key = `${id} ${range.start} ${range.end} ${problem.message}`;
        // Route53 keeps a TTL and a type per record set, so its records' problems there are one.
        if (seen.has(key)) continue;
        seen.add(key);
        const severity: Severity = override ?? problem.severity ?? rule.meta.severity;
        const fix = problem.fix ? toFix(ctx, zone, problem.fix) : undefined;
        const resource = problem.record ? problem.record.set.resource.logicalId : zone.zone.resource.logicalId;
        findings.push({ ruleId: id, severity, ...range, message: problem.message, resource, ...(fix ? { fix } : {}) });
      }
    }
  }
  return findings;
}
