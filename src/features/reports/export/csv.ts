/**
 * CSV export of a report table, for people who open it in Excel or LibreOffice and for
 * scripts.
 *
 * - UTF-8 with a byte-order mark (without it Excel reads the Vietnamese as Windows-1252),
 *   CRLF line ends, comma-separated, RFC 4180 quoting.
 * - Text cells are always quoted (RFC 4180 allows quoting any field); numbers, dates and
 *   empty cells never are. Quoting every text cell marks it as text for importers that
 *   honour it (LibreOffice's "format quoted field as text"), and keeps the rule simple.
 * - CSV injection: a text cell starting with = + - @ (after any leading white space),
 *   a tab or a carriage return gets a leading apostrophe, so no spreadsheet evaluates
 *   it as a formula ("=1+2" → "'=1+2"). Numbers of ours are never touched.
 * - Numbers are machine-readable: integers plain ("1234"), percentages as a plain
 *   number of percent with a dot ("99.78" for 0.9978), dates as ISO "2026-11-23" and
 *   datetimes as "2026-11-23 08:30", both Vietnam wall-clock time. Excel recognises
 *   ISO dates whatever its locale, which "23/11/2026" is not.
 *
 * Known limit: Excel, opening a CSV directly, still turns long digit strings such as
 * phone numbers ("0912345678") into numbers and drops the leading zero, quoted or not.
 * The ="0912…" trick would prevent that, but it is a formula — exactly what the
 * injection guard forbids — so it is not used; the XLSX export keeps such cells as text.
 */
import { nfc } from '../../../domain/text.js';
import { localDateOf, localParts } from '../../../domain/time.js';
import { totalsWithLabel, type CellValue, type ColumnKind, type ReportTable } from '../table.js';

const BOM = '\uFEFF';
const EOL = '\r\n';

/** A text cell that a spreadsheet could take for a formula. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/** A text field: injection-neutralized, quotes doubled, always quoted. */
export function csvText(value: string): string {
  let text = nfc(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A plain decimal number without exponent or grouping, at most `decimals` places. */
function plainNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  const fixed = (Math.round(value * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

export function csvCell(value: CellValue | undefined, kind: ColumnKind): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return csvText(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    if (kind === 'date') return localDateOf(value);
    const p = localParts(value);
    return `${localDateOf(value)} ${pad2(p.hour)}:${pad2(p.minute)}`;
  }
  if (!Number.isFinite(value)) return '';
  if (kind === 'percent') return (Math.round(value * 10000) / 100).toFixed(2);
  return plainNumber(value, 6);
}

export function toCsv(table: ReportTable): Buffer {
  const lines: string[] = [table.columns.map((c) => csvText(c.label)).join(',')];
  const totals = totalsWithLabel(table);
  for (const row of totals ? [...table.rows, totals] : table.rows) {
    lines.push(table.columns.map((c) => csvCell(row[c.key], c.kind)).join(','));
  }
  return Buffer.from(BOM + lines.join(EOL) + EOL, 'utf8');
}
