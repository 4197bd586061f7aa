// Zone files in the editor beyond diagnostics: hover on TTLs and the SOA serial, a code lens at
// the SOA summarising the zone's email and web protections, and the serial increment.
import { MarkupKind, type CodeLens, type Hover, type Position, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readZone } from '../core/analyze-zone';
import { zoneModel } from '../core/dns/checks';
import type { ZoneModel } from '../core/dns/model';
import type { ParsedZone, ZoneRecord } from '../core/dns/parse';
import { incrementSerialEdit, protectionLine, protectionMarkdown, recordAt, serialMarkdown, serialRange, ttlMarkdown } from '../core/dns/zone-info';
import { INCREMENT_SERIAL_COMMAND } from '../protocol';
import { documentOptions } from './analysis-cache';

interface Read {
  readonly version: number;
  readonly zone: ParsedZone;
  readonly model: ZoneModel<ZoneRecord>;
}

export class ZoneFeatures {
  private readonly read = new Map<string, Read>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The zone of a document, read once per version; undefined for documents that are not zones. */
  zoneOf(document: TextDocument): Read | undefined {
    const options = documentOptions(document);
    if (options.language !== 'dns-zone') return undefined;
    const cached = this.read.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const zone = readZone(document.getText(), options);
    const entry = { version: document.version, zone, model: zoneModel(zone) };
    this.read.set(document.uri, entry);
    return entry;
  }

  forget(uri: string): void {
    this.read.delete(uri);
  }

  hover(document: TextDocument, position: Position): Hover | null {
    const read = this.zoneOf(document);
    if (!read) return null;
    const offset = document.offsetAt(position);
    const record = recordAt(read.zone, offset);
    if (!record) return null;
    const range = (r: { start: number; end: number }): Hover['range'] => ({ start: document.positionAt(r.start), end: document.positionAt(r.end) });
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
    const soa = read?.zone.records.find((r) => r.type === 'SOA' && !r.includedBy);
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
