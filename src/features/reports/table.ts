/**
 * The shared model every supervisor report is turned into before export: a title, the
 * columns with their kind, the rows, an optional totals row. The exporters (CSV, XLSX,
 * PDF) and the HTML views only ever see a ReportTable, so a report is written once.
 *
 * Value conventions:
 * - 'percent' values are fractions 0..1 (or null);
 * - 'date' and 'datetime' values are instants (Date), always shown in Vietnam time;
 * - a string is printed as is (after NFC) whatever the column's kind.
 */
import { nfc } from '../../domain/text.js';
import { formatDateVn, localParts } from '../../domain/time.js';

export type CellValue = string | number | Date | null;

export type ColumnKind = 'text' | 'int' | 'percent' | 'date' | 'datetime';

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
  /** Relative width, for PDF/XLSX (used only when every column has one). */
  width?: number;
}

export interface ReportTable {
  /** e.g. "Kết quả giải quyết hồ sơ" */
  title: string;
  /** e.g. "Quý IV/2026 (01/10/2026 – 31/12/2026) · Sở Tư pháp" */
  subtitle?: string;
  columns: ReportColumn[];
  rows: Array<Record<string, CellValue>>;
  /** Printed as a last, bold "Tổng cộng" row. */
  totals?: Record<string, CellValue> | null;
  /** How the figures are defined, printed under the table (page and PDF). */
  notes?: string[];
  generatedAt: Date;
}

export const TOTALS_LABEL = 'Tổng cộng';
export const NO_DATA = 'Không có dữ liệu';

/** Numeric kinds are right-aligned and never wrapped. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'int' || kind === 'percent';
}

/* ------------------------------------------------------- Vietnamese numbers */

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** 1234567.891 → "1.234.567,89" (dot for thousands, comma for decimals). */
export function formatNumberVn(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '';
  const scale = 10 ** decimals;
  const rounded = Math.round(Math.abs(value) * scale) / scale;
  const [int = '0', frac] = rounded.toFixed(decimals).split('.');
  const sign = value < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${groupThousands(int)}${frac ? `,${frac}` : ''}`;
}

/** 0.9978 → "99,78 %" (a fraction shown as a percentage, Vietnamese decimal comma). */
export function formatPercentVn(fraction: number, decimals = 2): string {
  if (!Number.isFinite(fraction)) return '';
  return `${formatNumberVn(fraction * 100, decimals)} %`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "23/11/2026 08:30" in Vietnam time — the compact form used in table cells. */
export function formatDateTimeShortVn(instant: Date): string {
  const p = localParts(instant);
  return `${formatDateVn(instant)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

const isValidDate = (d: Date): boolean => !Number.isNaN(d.getTime());

/**
 * A cell as people read it (PDF, HTML): "1.234", "99,78 %", "23/11/2026",
 * "23/11/2026 08:30". Null in a numeric column is "–" (no value, which is not zero,
 * e.g. an on-time rate with nothing finished); a missing key (a column the totals
 * do not sum) and null elsewhere are empty.
 */
export function formatCell(value: CellValue | undefined, kind: ColumnKind): string {
  if (value === undefined) return '';
  if (value === null) return isNumericKind(kind) ? '–' : '';
  if (typeof value === 'string') return nfc(value);
  if (value instanceof Date) {
    if (!isValidDate(value)) return '';
    return kind === 'date' ? formatDateVn(value) : formatDateTimeShortVn(value);
  }
  if (kind === 'percent') return formatPercentVn(value);
  return formatNumberVn(value, Number.isInteger(value) ? 0 : 2);
}

/**
 * The totals row with its label, "Tổng cộng":
 * - in the first column when the totals leave it empty;
 * - before the first column's text when that is a string ("Tổng cộng: 12 hồ sơ");
 * - otherwise in the first text column the totals leave empty, or else the first
 *   column they leave empty (a totals row that fills every column carries no label).
 * Returns null when the table has no totals.
 */
export function totalsWithLabel(table: ReportTable): Record<string, CellValue> | null {
  if (!table.totals) return null;
  const totals = table.totals;
  const empty = (c: ReportColumn) => totals[c.key] === null || totals[c.key] === undefined;
  const first = table.columns[0];
  if (first && !empty(first) && typeof totals[first.key] === 'string') {
    return { ...totals, [first.key]: `${TOTALS_LABEL}: ${totals[first.key] as string}` };
  }
  const target = table.columns.find((c, i) => i === 0 && empty(c)) ?? table.columns.find((c) => c.kind === 'text' && empty(c)) ?? table.columns.find(empty);
  return target ? { ...totals, [target.key]: TOTALS_LABEL } : { ...totals };
}

/**
 * The HTML class of a column's cells: numbers right-aligned and unbroken ("num"), dates
 * unbroken ("cell-date"), long text (names of agencies, procedures, people: relative width
 * 10 or more) given a minimum width so that it wraps between words, not at every word.
 */
export function cellClass(column: ReportColumn): string {
  if (isNumericKind(column.kind)) return 'num';
  if (column.kind === 'date' || column.kind === 'datetime') return 'cell-date';
  return (column.width ?? 0) >= 10 ? 'cell-name' : '';
}
