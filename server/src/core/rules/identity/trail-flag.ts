// The shape both CloudTrail rules share: a boolean property of `AWS::CloudTrail::Trail` that must be
// true, and a safe fix that sets it, written the way the file already writes its booleans.
import { ensurePath } from '../../cfn/edit';
import { getPair, type Node } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import { isNoValue, isTrue, literal, type Resource } from '../../cfn/template';
import type { TextEdit } from '../../text';
import { badProperty, resourceRange } from '../data/util';
import type { CfnContext, CheckFinding } from '../types';

export interface TrailFlag {
  readonly ruleId: string;
  /** The property under `Properties`, e.g. `IsMultiRegionTrail`. */
  readonly key: string;
  /** The message for a trail, given its logical id and how the flag is written ("is not set", "is false"). */
  readonly message: (id: string, state: string) => string;
  /** The fix title for a trail. */
  readonly title: (id: string) => string;
}

/** The quote a file writes its booleans with, or '' when it writes them bare (or writes none). */
type BooleanQuote = '' | '"' | "'";

/** Counts bare and quoted booleans below `node`, stopping early once enough are seen. */
function countBooleans(node: Node | null | undefined, counts: Map<BooleanQuote, number>): void {
  if (!node) return;
  if (node.kind === 'scalar') {
    if (node.tag) return;
    if (typeof node.value === 'boolean') counts.set('', (counts.get('') ?? 0) + 1);
    else if (typeof node.value === 'string' && /^(true|false)$/i.test(node.value) && (node.style === 'double' || node.style === 'single')) {
      const quote = node.style === 'double' ? '"' : "'";
      counts.set(quote, (counts.get(quote) ?? 0) + 1);
    }
    return;
  }
  if (node.kind === 'seq') node.items.forEach((item) => countBooleans(item, counts));
  else node.pairs.forEach((pair) => countBooleans(pair.value, counts));
}

function mostUsed(counts: Map<BooleanQuote, number>): BooleanQuote | undefined {
  let best: BooleanQuote | undefined;
  for (const [quote, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = quote;
  return best;
}

/** How the trail, else the whole file, writes booleans: `true`, `"true"` or `'true'`. */
function booleanQuote(doc: ParsedDocument, trail: Resource): BooleanQuote {
  const own = new Map<BooleanQuote, number>();
  countBooleans(trail.node, own);
  const fromTrail = mostUsed(own);
  if (fromTrail !== undefined) return fromTrail;
  const all = new Map<BooleanQuote, number>();
  countBooleans(doc.root, all);
  const quote = mostUsed(all) ?? '';
  // JSON strings are always double-quoted.
  return doc.json && quote ? '"' : quote;
}

/** The edit that makes the flag true, or null when an intrinsic is in the way (nothing safe to write). */
function setTrue({ template, style }: CfnContext, trail: Resource, key: string): TextEdit | null {
  const quote = booleanQuote(template.doc, trail);
  const value = `${quote}true${quote}`;
  const pair = getPair(trail.properties, key);
  const scalar = literal(pair?.value);
  if (pair?.value && isNoValue(pair.value)) return { start: pair.value.start, end: pair.value.end, newText: value };
  if (scalar) {
    // A written value keeps its own quoting: `false` becomes `true`, `"false"` becomes `"true"`.
    const own = scalar.style === 'double' ? '"' : scalar.style === 'single' ? "'" : '';
    return { start: scalar.start, end: scalar.end, newText: `${own}true${own}` };
  }
  const edit = ensurePath(template.doc, style, trail.node, ['Properties', key], true);
  // The shared editor writes a bare `true`; a file that quotes its booleans gets its quotes.
  return edit && quote ? { ...edit, newText: edit.newText.replace(/true(?=\s*$)/, value) } : edit;
}

export function checkTrailFlag(ctx: CfnContext, flag: TrailFlag): CheckFinding[] {
  const { template } = ctx;
  const out: CheckFinding[] = [];
  for (const trail of template.resources) {
    if (trail.type !== 'AWS::CloudTrail::Trail') continue;
    if (!badProperty(trail, [flag.key], (leaf) => !isTrue(leaf))) continue;
    const written = literal(getPair(trail.properties, flag.key)?.value);
    const state = !written ? 'is not set' : String(written.value) === '' ? 'is empty' : `is ${String(written.value)}`;
    const edit = setTrue(ctx, trail, flag.key);
    out.push({
      ruleId: flag.ruleId,
      ...resourceRange(template.doc.text, trail, [flag.key]),
      message: flag.message(trail.logicalId, state),
      resource: trail.logicalId,
      ...(edit ? { fix: { title: flag.title(trail.logicalId), safety: 'safe' as const, edits: () => fixEdits(ctx, trail, flag.key) } } : {}),
    });
  }
  return out;
}

/** The fix's edits, recomputed on demand; null once the flag is true. */
function fixEdits(ctx: CfnContext, trail: Resource, key: string): TextEdit[] | null {
  if (isTrue(getPair(trail.properties, key)?.value)) return null;
  const edit = setTrue(ctx, trail, key);
  return edit ? [edit] : null;
}
