// Zone files in the editor beyond diagnostics: hover on TTLs, the `$TTL` directive and the SOA
// serial, a code lens at the SOA summarising the zone's email and web protections, and the serial
// increment.
import { MarkupKind, type CodeLens, type Hover, type Position, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { firstOwnSoa, incrementSerialEdit, protectionLine, protectionMarkdown, recordAt, serialMarkdown, serialRange, ttlDirectiveAt, ttlDirectiveMarkdown, ttlMarkdown } from '../core/dns/zone-info';
import { INCREMENT_SERIAL_COMMAND } from '../protocol';

export class ZoneFeatures {
  /**
   * `analysis` gives a document's analysis for its current version (the language server's cache),
   * which holds the zone as read: these features never read the text again.
   */
  constructor(
    private readonly analysis: (document: TextDocument) => Analysis,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The zone of a document; undefined for documents that are not zones. */
  private zoneOf(document: TextDocument): Analysis['zone'] {
    return this.analysis(document).zone;
  }

  hover(document: TextDocument, position: Position): Hover | null {
    const read = this.zoneOf(document);
    if (!read) return null;
    const offset = document.offsetAt(position);
    const range = (r: { start: number; end: number }): Hover['range'] => ({ start: document.positionAt(r.start), end: document.positionAt(r.end) });
    const directive = ttlDirectiveAt(read.zone, offset);
    const directiveText = directive && ttlDirectiveMarkdown(read.zone, directive);
    if (directiveText) return { contents: { kind: MarkupKind.Markdown, value: directiveText }, range: range(directive!) };
    const record = recordAt(read.zone, offset);
    if (!record) return null;
    const serial = serialRange(record);
    if (serial && offset >= serial.start && offset <= serial.end) {
      return { contents: { kind: MarkupKind.Markdown, value: serialMarkdown(record, this.now())! }, range: range(serial) };
    }
    if (record.ttlRange && offset >= record.ttlRange.start && offset <= record.ttlRange.end) {
      return { contents: { kind: MarkupKind.Markdown, value: ttlMarkdown(record) }, range: range(record.ttlRange) };
    }
    if (record.type === 'SOA' && offset >= record.typeStart && offset <= record.typeEnd) {
      return { contents: { kind: MarkupKind.Markdown, value: protectionMarkdown(read.model) }, range: range({ start: record.typeStart, end: record.typeEnd }) };
    }
    return null;
  }

  codeLenses(document: TextDocument): CodeLens[] {
    const read = this.zoneOf(document);
    const soa = read ? firstOwnSoa(read.zone) : undefined;
    if (!read || !soa) return [];
    const at = { start: document.positionAt(soa.start), end: document.positionAt(soa.start) };
    return [
      { range: at, command: { title: `Email & web: ${protectionLine(read.model)}`, command: '' } },
      { range: at, command: { title: 'Increment SOA serial', command: INCREMENT_SERIAL_COMMAND, arguments: [document.uri] } },
    ];
  }

  incrementSerial(document: TextDocument): WorkspaceEdit | null {
    const read = this.zoneOf(document);
    const edit = read && incrementSerialEdit(read.zone, this.now());
    if (!edit) return null;
    return { changes: { [document.uri]: [{ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }] } };
  }
}
