// The CLI's three output formats, streamed: findings are handed over file by file and written one
// at a time, so the output's size is never one string's (a file with millions of findings once
// ended in `RangeError: Invalid string length`). JSON and SARIF come out byte for byte as
// `JSON.stringify(…, null, 2)` of the whole document would write them.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { LEVEL, ruleIndex, sarifLog } from '../core/sarif';
import type { Severity } from '../core/rules/types';
import type { Range } from '../core/text';
import { escapeControls } from '../core/escape';

export interface FileFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly resource: string | null;
}

export { VERSION } from '../core/sarif';

export type Format = 'text' | 'json' | 'sarif';

export interface Reporter {
  /** One file's findings, in order. */
  add(findings: readonly FileFinding[]): void;
  /** Ends the output: `linted` files were read and checked, `skipped` were not of a kind we lint. */
  end(linted: number, skipped: number): void;
}

/** Writes text; each call is one line or more, and the caller adds the line break. */
export type Write = (text: string) => void;

export function createReporter(format: Format, write: Write): Reporter {
  if (format === 'json') return new JsonArrayReporter(write, { version: 1, findings: [] }, 'findings', jsonFinding);
  if (format === 'sarif') return new JsonArrayReporter(write, sarifLog(), 'results', sarifResult);
  return new TextReporter(write);
}

class TextReporter implements Reporter {
  private readonly counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };

  constructor(private readonly write: Write) {}

  add(findings: readonly FileFinding[]): void {
    for (const f of findings) {
      this.counts[f.severity]++;
      this.write(
        escapeControls(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId}: ${f.message}` + (f.resource ? ` [${f.resource}]` : '')),
      );
    }
  }

  end(linted: number, skipped: number): void {
    const total = this.counts.error + this.counts.warning + this.counts.information;
    const files = `${linted} file${linted === 1 ? '' : 's'}`;
    this.write(
      (total === 0
        ? `No findings in ${files}.`
        : `${total} finding${total === 1 ? '' : 's'} in ${files}: ` +
          `${this.counts.error} error, ${this.counts.warning} warning, ${this.counts.information} information.`) +
        (skipped > 0 ? ` ${skipped} file${skipped === 1 ? '' : 's'} skipped.` : ''),
    );
  }
}

/**
 * A JSON document whose one array (`key`, at any depth) is written item by item: the document is
 * stringified with that array empty and cut there, and each item is stringified alone and indented
 * to its place.
 */
class JsonArrayReporter<T> implements Reporter {
  private readonly head: string;
  private readonly tail: string;
  private readonly indent: string;
  /** The last item, held back until it is known whether a comma follows it. */
  private pending: string | undefined;
  private started = false;

  constructor(
    private readonly write: Write,
    private readonly skeleton: unknown,
    key: string,
    private readonly item: (f: FileFinding) => T,
  ) {
    const whole = JSON.stringify(skeleton, null, 2);
    const marker = `"${key}": []`;
    const at = whole.indexOf(marker);
    const lineStart = whole.lastIndexOf('\n', at) + 1;
    this.indent = `${whole.slice(lineStart, at)}  `;
    this.head = whole.slice(0, at + marker.length - 1);
    this.tail = `${whole.slice(lineStart, at)}${whole.slice(at + marker.length - 1)}`;
  }

  add(findings: readonly FileFinding[]): void {
    for (const f of findings) {
      if (!this.started) this.write(this.head), (this.started = true);
      if (this.pending !== undefined) this.write(`${this.pending},`);
      this.pending = JSON.stringify(this.item(f), null, 2).replace(/^/gm, this.indent);
    }
  }

  end(): void {
    if (!this.started) return this.write(JSON.stringify(this.skeleton, null, 2));
    if (this.pending !== undefined) this.write(this.pending);
    this.write(this.tail);
  }
}

function jsonFinding(f: FileFinding): object {
  return { ruleId: f.ruleId, severity: f.severity, file: f.file, range: f.range, message: f.message, resource: f.resource };
}

/** SARIF wants URIs: relative paths stay relative (to the working folder), absolute ones become file URLs. */
function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function sarifResult(f: FileFinding): Sarif.Result {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId)! } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file) },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
        ...(f.resource ? { logicalLocations: [{ name: f.resource, kind: 'resource' }] } : {}),
      },
    ],
  };
}
