// Suppressions, keyed on rule id: our own Metadata and comment forms, and what users of other
// tools already wrote (cfn-lint, cfn_nag, checkov, Guard), mapped to our ids through one table
// built from each rule's `anchors`.
import { asMap, asString, get, type MapNode, type Node } from './cfn/model';
import type { Resource, Template } from './cfn/template';
import type { Finding, RuleMeta } from './rules/types';
import { lineEndOf, lineStartOf } from './text';

export type Tool = 'aws-hardening' | 'cfn-lint' | 'cfn_nag' | 'checkov' | 'guard';

export interface Suppression {
  readonly tool: Tool;
  /** The id as written: ours, or the other tool's. */
  readonly id: string;
  readonly reason?: string;
}

/** Splits catalogue anchors such as `CKV_AWS_53..56`, `F2..F5`, `CKV_AWS_20/57`, `W2531/E2531`. */
export function expandAnchor(anchor: string): string[] {
  const text = anchor.replace(/^(cfn-lint|cfn_nag|checkov|guard)\s+/, '');
  const range = /^([A-Z_]*?)(\d+)\.\.([A-Z_]*?)(\d+)$/.exec(text);
  if (range) {
    const [, prefix, from, , to] = range;
    const out: string[] = [];
    for (let n = Number(from); n <= Number(to) && out.length < 100; n++) out.push(`${prefix}${n}`);
    return out;
  }
  const parts = text.split('/');
  const prefix = /^(.*?)\d+$/.exec(parts[0]!)?.[1] ?? '';
  return parts.map((p, i) => (i > 0 && /^\d+$/.test(p) ? `${prefix}${p}` : p));
}

/** Other tools' ids to our rule ids: the one mapping table, derived from the rule metadata. */
export function suppressionTable(rules: readonly RuleMeta[]): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  const add = (key: string, id: string): void => {
    const set = table.get(key) ?? new Set<string>();
    set.add(id);
    table.set(key, set);
  };
  for (const rule of rules) {
    add(rule.id, rule.id);
    for (const anchor of rule.anchors) for (const id of expandAnchor(anchor)) add(id.toUpperCase(), rule.id);
  }
  return table;
}

function list(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.kind === 'seq' && !node.tag ? [...node.items] : [node];
}

/** Every suppression written in a `Metadata` map. */
export function metadataSuppressions(metadata: MapNode | undefined): Suppression[] {
  if (!metadata) return [];
  const out: Suppression[] = [];
  const withReason = (tool: Tool, item: Node, idKey: string, reasonKey: string): void => {
    const map = asMap(item);
    const id = map ? asString(get(map, idKey)) : asString(item);
    const reason = map ? asString(get(map, reasonKey)) : undefined;
    if (id) out.push({ tool, id, ...(reason ? { reason } : {}) });
  };
  for (const item of list(get(asMap(get(metadata, 'aws-hardening')), 'ignore'))) withReason('aws-hardening', item, 'id', 'reason');
  for (const item of list(get(asMap(get(asMap(get(metadata, 'cfn-lint')), 'config')), 'ignore_checks'))) withReason('cfn-lint', item, 'id', 'reason');
  for (const item of list(get(asMap(get(metadata, 'cfn_nag')), 'rules_to_suppress'))) withReason('cfn_nag', item, 'id', 'reason');
  for (const item of list(get(asMap(get(metadata, 'checkov')), 'skip'))) withReason('checkov', item, 'id', 'comment');
  for (const item of list(get(asMap(get(metadata, 'guard')), 'SuppressedRules'))) withReason('guard', item, 'id', 'reason');
  return out;
}

const OUR_COMMENT = /#\s*aws-hardening-ignore\s+([a-z0-9-]+)(?:\s+(.*\S))?\s*$/;
const CHECKOV_COMMENT = /#\s*checkov:skip=([A-Za-z0-9_]+)(?::(.*\S))?\s*$/;

function commentOn(text: string, lineStart: number, pattern: RegExp, tool: Tool): Suppression | undefined {
  const line = text.slice(lineStart, lineEndOf(text, lineStart));
  const m = pattern.exec(line);
  return m ? { tool, id: m[1]!, ...(m[2] ? { reason: m[2] } : {}) } : undefined;
}

/** The start of the line before the one holding `offset`, or undefined on the first line. */
function previousLineStart(text: string, offset: number): number | undefined {
  const start = lineStartOf(text, offset);
  return start === 0 ? undefined : lineStartOf(text, start - 1);
}

/** Comment suppressions on a line or the line above it. */
function commentsNear(text: string, offset: number): Suppression[] {
  const out: Suppression[] = [];
  for (const at of [lineStartOf(text, offset), previousLineStart(text, offset)]) {
    if (at === undefined) continue;
    const ours = commentOn(text, at, OUR_COMMENT, 'aws-hardening');
    const checkov = commentOn(text, at, CHECKOV_COMMENT, 'checkov');
    if (ours) out.push(ours);
    if (checkov) out.push(checkov);
  }
  return out;
}

/** checkov reads its skip comments anywhere inside the resource's block. */
function checkovCommentsIn(text: string, resource: Resource): Suppression[] {
  const out: Suppression[] = [];
  const block = text.slice(lineStartOf(text, resource.idStart), resource.node.end);
  for (const line of block.split(/\r?\n/)) {
    const m = CHECKOV_COMMENT.exec(line);
    if (m) out.push({ tool: 'checkov', id: m[1]!, ...(m[2] ? { reason: m[2] } : {}) });
  }
  return out;
}

export class Suppressor {
  private readonly templateLevel: Suppression[];
  private readonly perResource = new Map<string, Suppression[]>();
  /** Most templates have no suppression comment: then no finding's lines are read for one. */
  private readonly comments: boolean;
  /** The resources in text order, for a binary search by offset. */
  private readonly ordered: readonly Resource[];

  constructor(
    private readonly template: Template,
    private readonly table: Map<string, Set<string>>,
  ) {
    this.templateLevel = metadataSuppressions(asMap(get(template.root, 'Metadata')));
    const { text, json } = template.doc;
    this.comments = !json && (text.includes('aws-hardening-ignore') || text.includes('checkov:skip'));
    this.ordered = [...template.resources].sort((a, b) => a.idStart - b.idStart);
  }

  private forResource(resource: Resource): Suppression[] {
    let found = this.perResource.get(resource.logicalId);
    if (!found) {
      const { text } = this.template.doc;
      found = [
        ...metadataSuppressions(asMap(get(resource.node, 'Metadata'))),
        ...(this.comments ? [...commentsNear(text, resource.idStart), ...checkovCommentsIn(text, resource)] : []),
      ];
      this.perResource.set(resource.logicalId, found);
    }
    return found;
  }

  private matches(s: Suppression, ruleId: string): boolean {
    if (s.id === ruleId) return true;
    return s.tool !== 'aws-hardening' && (this.table.get(s.id.toUpperCase())?.has(ruleId) ?? false);
  }

  /** The resource whose text (from its logical id to the end of its value) holds `offset`, if any. */
  private resourceAt(offset: number): Resource | undefined {
    // Resources do not nest: the last one starting at or before the offset is the only candidate.
    let low = 0;
    let high = this.ordered.length - 1;
    let found: Resource | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const r = this.ordered[mid]!;
      if (r.idStart <= offset) {
        found = r;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found && offset < found.node.end ? found : undefined;
  }

  /**
   * The suppression that hides `finding`, if any: at template level, on the resource it names, or
   * on the resource it sits in, which differ when, say, a bucket policy's finding names its bucket.
   */
  suppressionFor(finding: Finding): Suppression | undefined {
    const candidates = [...this.templateLevel];
    const resource = finding.resource ? this.template.byId.get(finding.resource) : undefined;
    if (resource) candidates.push(...this.forResource(resource));
    const holder = this.resourceAt(finding.start);
    if (holder && holder !== resource) candidates.push(...this.forResource(holder));
    if (this.comments) candidates.push(...commentsNear(this.template.doc.text, finding.start));
    return candidates.find((s) => this.matches(s, finding.ruleId));
  }
}
