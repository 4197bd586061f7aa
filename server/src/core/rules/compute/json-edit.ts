// Edits the lambda fixes need beyond the shared engine: a key added to a one-line JSON object,
// and insertions that land on the same offset joined so their order does not depend on how an
// editor applies them.
import { jsonInline, toJson, type InsertValue } from '../../cfn/edit';
import { getPair, type MapNode } from '../../cfn/model';
import type { ParsedDocument } from '../../cfn/parse';
import type { TextEdit } from '../../text';

/**
 * Adds a key to a JSON object written on one line, keeping it on one line. The shared insertPairs
 * writes pretty JSON there when the file is pretty, which breaks the line in the middle. Undefined
 * when the map is not such an object or already has the key.
 */
export function inlineJsonPair(doc: ParsedDocument, map: MapNode, key: string, v: InsertValue): TextEdit | undefined {
  const last = map.pairs[map.pairs.length - 1];
  if (!doc.json || !last?.value || getPair(map, key) || doc.text.slice(map.start, map.end).includes('\n')) return undefined;
  const at = last.value.end;
  return { start: at, end: at, newText: `, ${JSON.stringify(key)}: ${jsonInline(toJson(v))}` };
}

/**
 * Joins insertions at the same offset into one edit, in the order given (so the caller decides,
 * for example, that a property of the last resource comes before a new resource after it).
 */
export function joinInserts(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const i = out.findIndex((e) => e.start === e.end && edit.start === edit.end && e.start === edit.start);
    if (i >= 0) out[i] = { ...out[i]!, newText: out[i]!.newText + edit.newText };
    else out.push(edit);
  }
  return out;
}
