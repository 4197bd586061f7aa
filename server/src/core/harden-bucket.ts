// "Harden This Bucket" in a template: every applicable fix of one AWS::S3::Bucket at once. The
// rules' own fixes are applied one after another on the text, re-analysing between passes as
// fix-all does (restricted to this bucket and these rules, the unsafe undelete window included,
// since the user asked for it by name), plus object ownership, which no rule reports. The answer
// is the difference between the original and the final text as a few line-sized edits.
import { analyzeText } from './analyze';
import { detectStyle, ensurePath } from './cfn/edit';
import { getPair } from './cfn/model';
import { parseText } from './cfn/parse';
import { readTemplate, type Resource, type Template } from './cfn/template';
import { safeFixEdits } from './fix-all';
import type { AnalysisOptions, Finding } from './rules/types';
import { applyEdits, type TextEdit } from './text';

const BUCKET = 'AWS::S3::Bucket';
const MAX_PASSES = 10;
/** The pseudo rule id of the ownership edit, which is no rule's fix. */
const OWNERSHIP = 'harden-ownership-controls';

/** The rules whose fixes the command applies; the others (public ACL, public policy) are reported as left. */
export const APPLIED_RULES: ReadonlySet<string> = new Set(['s3-versioning-off', 's3-public-access-not-blocked', 's3-tls-not-enforced', 's3-noncurrent-versions-unmanaged']);
/** Fixes a website would not survive: its endpoint is public and speaks plain HTTP only. */
export const BREAK_WEBSITES: ReadonlySet<string> = new Set(['s3-public-access-not-blocked', 's3-tls-not-enforced']);

export interface HardenTarget {
  readonly logicalId?: string;
  /** An offset inside the bucket's entry under `Resources`. */
  readonly offset?: number;
}

export interface HardenBucketResult {
  /** The bucket hardened, or null when none was named or at the offset. */
  readonly logicalId: string | null;
  /** The edits, in offsets of the original text; null when nothing is left to change. */
  readonly edits: TextEdit[] | null;
  readonly applied: readonly string[];
  readonly left: readonly string[];
  /** The document's buckets, in text order. */
  readonly buckets: readonly string[];
}

/** The text as analyzeText reads it: a lone CR is a line break to the YAML package only as LF. */
function readBuckets(text: string): { template: Template | undefined; buckets: Resource[] } {
  const template = readTemplate(parseText(text.replace(/\r(?!\n)/g, '\n')));
  return { template, buckets: template?.resources.filter((r) => r.type === BUCKET) ?? [] };
}

function bucketAt(buckets: readonly Resource[], target: HardenTarget): Resource | undefined {
  if (target.logicalId !== undefined) return buckets.find((b) => b.logicalId === target.logicalId);
  const offset = target.offset;
  if (offset === undefined) return undefined;
  return buckets.find((b) => offset >= b.idStart && offset <= Math.max(b.idEnd, b.node.end));
}

/** The ownership edit, when the bucket uses no ACL and says nothing about ownership yet. */
function ownershipFinding(template: Template, bucket: Resource): Finding | undefined {
  if (bucket.propertiesPair?.value && !bucket.properties) return undefined;
  if (getPair(bucket.properties, 'AccessControl') || getPair(bucket.properties, 'OwnershipControls')) return undefined;
  const title = `Enforce bucket-owner object ownership on bucket ${bucket.logicalId} (ACLs disabled)`;
  return {
    ruleId: OWNERSHIP,
    severity: 'information',
    start: bucket.idStart,
    end: bucket.idEnd,
    message: title,
    resource: bucket.logicalId,
    fix: {
      title,
      safety: 'safe',
      edits: () => {
        const value = { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] };
        const edit = ensurePath(template.doc, detectStyle(template.doc), bucket.node, ['Properties', 'OwnershipControls'], value);
        return edit ? [edit] : null;
      },
    },
  };
}

export interface BucketEntry {
  readonly logicalId: string;
  /** The logical id's key. */
  readonly idStart: number;
  readonly idEnd: number;
  /** Whether the ownership edit is still to make (no ACL, no ownership controls). */
  readonly ownershipPending: boolean;
  /** Whether it serves a website, which keeps its public access and plain HTTP. */
  readonly website: boolean;
}

/** The template's buckets, for editors deciding where to offer the command: one parse, no analysis. */
export function templateBuckets(text: string): BucketEntry[] {
  const { template, buckets } = readBuckets(text);
  if (!template) return [];
  return buckets.map((b) => ({ logicalId: b.logicalId, idStart: b.idStart, idEnd: b.idEnd, ownershipPending: ownershipFinding(template, b) !== undefined, website: website(b) }));
}

/** Why an ownership edit is not made, when the bucket says something that rules it out. */
function ownershipLeft(bucket: Resource): string | undefined {
  const acl = getPair(bucket.properties, 'AccessControl');
  if (!acl) return undefined;
  const value = acl.value?.kind === 'scalar' ? String(acl.value.value) : 'an expression';
  return `Object ownership: left as is, because bucket ${bucket.logicalId} sets AccessControl (${value}); BucketOwnerEnforced disables ACLs, so remove AccessControl first if nothing needs it.`;
}

const MFA_DELETE_NOTE =
  'MFA Delete: not set, because CloudFormation cannot set it: only the root user, signing in with its MFA device, can turn it on for the live bucket ' +
  '(`aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE"`), ' +
  'and a bucket with MFA Delete cannot have lifecycle rules that expire versions.';

/** Whether the bucket certainly or possibly serves a website. */
function website(bucket: Resource): boolean {
  return Boolean(getPair(bucket.properties, 'WebsiteConfiguration')) || Boolean(bucket.propertiesPair?.value && !bucket.properties);
}

/**
 * Hardens one bucket of a template. `target` names it by logical id or by an offset inside it;
 * with neither, or nothing there, only the document's buckets are returned.
 */
export function hardenBucket(text: string, options: AnalysisOptions, target: HardenTarget): HardenBucketResult {
  const { template, buckets } = readBuckets(text);
  const names = buckets.map((b) => b.logicalId);
  const chosen = template ? bucketAt(buckets, target) : undefined;
  if (!template || !chosen) return { logicalId: null, edits: null, applied: [], left: [], buckets: names };
  const id = chosen.logicalId;
  const isWebsite = website(chosen);
  const left: string[] = [];
  if (isWebsite) {
    left.push(
      `Public access block: not added, because bucket ${id} serves a website, which anyone must be able to read; put CloudFront with an origin access control in front of it to block public access.`,
      `TLS-only policy: not added, because S3 website endpoints speak plain HTTP only, so denying requests without TLS would take the website down.`,
    );
  }
  const applied: string[] = [];
  const notes = new Set<string>();
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const analysis = analyzeText(current, { ...options, language: 'cloudformation' });
    if (analysis.parseFailed) break;
    const mine: Finding[] = [];
    for (const finding of analysis.findings) {
      if (finding.resource !== id || !APPLIED_RULES.has(finding.ruleId) || !finding.fix) continue;
      if (isWebsite && BREAK_WEBSITES.has(finding.ruleId)) continue;
      // A public access block that would break what the bucket relies on (a public ACL or policy) is left, with the fix's own reason.
      if (finding.ruleId === 's3-public-access-not-blocked' && finding.fix.safety === 'unsafe') {
        notes.add(`Public access block: not added, because it would ${finding.fix.title.replace(/^.*\(breaks (.*)\)$/, 'break $1')}.`);
        continue;
      }
      mine.push({ ...finding, fix: { ...finding.fix, safety: 'safe' } });
    }
    const now = readBuckets(current);
    const bucket = now.template?.byId.get(id);
    const ownership = now.template && bucket ? ownershipFinding(now.template, bucket) : undefined;
    if (ownership) mine.push(ownership);
    const step = safeFixEdits(mine);
    if (step.edits.length === 0) break;
    current = applyEdits(current, step.edits);
    for (const fix of step.applied) applied.push(fix.title);
  }
  left.push(...notes);
  const ownershipNote = ownershipLeft(chosen);
  if (ownershipNote) left.push(ownershipNote);
  // What the bucket still has: the findings no fix of this command covers, each with its message.
  const after = analyzeText(current, { ...options, language: 'cloudformation' });
  for (const finding of after.findings) {
    if (finding.resource !== id || !finding.ruleId.startsWith('s3-')) continue;
    if (isWebsite && BREAK_WEBSITES.has(finding.ruleId)) continue;
    if (finding.ruleId === 's3-public-access-not-blocked' && notes.size > 0) continue;
    left.push(`${finding.ruleId}: ${finding.message} Not changed by Harden This Bucket: review it.`);
  }
  left.push(MFA_DELETE_NOTE);
  const edits = current === text ? null : diffEdits(text, current);
  return { logicalId: id, edits, applied: edits ? applied : [], left, buckets: names };
}

/** Splits text into lines that keep their line breaks, so joining them gives the text back. */
function lines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Edit scripts longer than this fall back to one edit over the changed region. */
const MAX_DIFF = 2000;

/**
 * The edits that turn `before` into `after`, each a run of whole lines (Myers' diff over lines,
 * after trimming the common head and tail), so nothing outside a changed line is rewritten.
 */
export function diffEdits(before: string, after: string): TextEdit[] {
  const a = lines(before);
  const b = lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const headOffset = a.slice(0, head).join('').length;
  const script = myers(x, y);
  if (!script) return [{ start: headOffset, end: headOffset + x.join('').length, newText: y.join('') }];
  // Walk the script, turning each run of deletions and insertions into one edit.
  const edits: TextEdit[] = [];
  let offset = headOffset;
  let i = 0;
  let j = 0;
  let open: { start: number; end: number; newText: string } | undefined;
  for (const op of script) {
    if (op === '=') {
      if (open) edits.push(open);
      open = undefined;
      offset += x[i]!.length;
      i++;
      j++;
    } else if (op === '-') {
      open ??= { start: offset, end: offset, newText: '' };
      offset += x[i]!.length;
      open.end = offset;
      i++;
    } else {
      open ??= { start: offset, end: offset, newText: '' };
      open.newText += y[j]!;
      j++;
    }
  }
  if (open) edits.push(open);
  return edits;
}

/** Myers' O(ND) shortest edit script between two line lists, or undefined past MAX_DIFF. */
function myers(x: readonly string[], y: readonly string[]): Array<'=' | '-' | '+'> | undefined {
  const n = x.length;
  const m = y.length;
  const max = Math.min(n + m, MAX_DIFF);
  const v = new Map<number, number>([[1, 0]]);
  const trace: Array<Map<number, number>> = [];
  for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let px = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v.set(k, px);
      if (px >= n && py >= m) return backtrack(trace, x.length, y.length, d);
    }
  }
  return undefined;
}

function backtrack(trace: ReadonlyArray<Map<number, number>>, n: number, m: number, depth: number): Array<'=' | '-' | '+'> {
  const ops: Array<'=' | '-' | '+'> = [];
  let px = n;
  let py = m;
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!;
    const k = px - py;
    const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) {
      ops.push('=');
      px--;
      py--;
    }
    ops.push(down ? '+' : '-');
    px = prevX;
    py = prevY;
  }
  while (px > 0 && py > 0) {
    ops.push('=');
    px--;
    py--;
  }
  return ops.reverse();
}
