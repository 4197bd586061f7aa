// The IAM credential report's CSV, read defensively: quoted fields (with doubled quotes and line
// breaks) are allowed, and the size, row count and row width are bounded so a malformed report
// cannot make the scan hold or loop over more than IAM can have.

/** Larger than the report of an account at IAM's user quota (5,000 users of a few hundred bytes). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
/** IAM's user quota, the root row and the header, with room to spare. */
export const MAX_ROWS = 10_000;
/** The report has 22 columns; a row far wider is not a report. */
const MAX_FIELDS = 256;

/** Splits CSV text into rows of fields, stopping after `maxRows`. */
export function parseCsv(text: string, maxRows = MAX_ROWS): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = (): void => {
    row.push(field);
    field = '';
    // A blank line (a trailing newline, say) is no row.
    if (row.length > 1 || row[0] !== '') rows.push(row.slice(0, MAX_FIELDS));
    row = [];
  };
  while (i < text.length && rows.length < maxRows) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
    i++;
  }
  if (rows.length < maxRows && (field !== '' || row.length > 0)) endRow();
  return rows;
}

/** One row of the report, by its header's column names. */
export type ReportRow = Readonly<Record<string, string>>;

/** The report's rows keyed by the header line's names; empty when there is no `user` column. */
export function credentialReportRows(text: string): ReportRow[] {
  const [header, ...rows] = parseCsv(text);
  if (!header?.includes('user')) return [];
  return rows.map((fields) => Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ''])));
}
