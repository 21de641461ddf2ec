/**
 * XLSX export of a report table (exceljs): one sheet named after the title; a bold
 * title row, the subtitle and the generated-at line, then the header row (bold, filled,
 * frozen, with an autofilter), the data rows, a bold totals row and the notes (how the
 * figures are defined), if any.
 *
 * Cells are typed: numbers are numbers ('#,##0'), percentages are fractions shown with
 * '0.00%', dates and datetimes are real Excel dates ('dd/mm/yyyy', 'dd/mm/yyyy hh:mm')
 * holding the Vietnam wall-clock time — Excel dates have no time zone, so the instant
 * is shifted by +07:00 before it is written. Strings stay strings: a code such as
 * "000.31.01.H26-261123-0001", a phone number or a text starting with "=" is stored as
 * a text cell, never as a number or a formula.
 */
import type ExcelJS from 'exceljs';
import { nfc } from '../../../domain/text.js';
import { formatDateTimeVn, VN_OFFSET_MS } from '../../../domain/time.js';
import { formatCell, isNumericKind, totalsWithLabel, type CellValue, type ReportColumn, type ReportTable } from '../table.js';

const HEADER_FILL = 'FFD9E1F2';
const TOTALS_FILL = 'FFF2F2F2';
const BORDER_COLOR = 'FF808080';
const FALLBACK_SHEET_NAME = 'Báo cáo';

/** An Excel sheet name: at most 31 characters, none of []:*?/\, not starting or ending with an apostrophe. */
export function sheetNameOf(title: string): string {
  const name = Array.from(
    nfc(title)
      .replace(/[[\]:*?/\\]/g, ' ')
      // eslint-disable-next-line no-control-regex -- control characters are not allowed in sheet names
      .replace(/[\u0000-\u001f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, 31)
    .join('')
    .replace(/^'+|'+$/g, '')
    .trim();
  return name && name.toLowerCase() !== 'history' ? name : FALLBACK_SHEET_NAME;
}

const NUMBER_FORMATS: Record<ReportColumn['kind'], string | undefined> = {
  text: undefined,
  int: '#,##0',
  percent: '0.00%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** The value exceljs should store: a Date carrying the Vietnam wall clock, a number or a string. */
function excelValue(value: CellValue | undefined): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return nfc(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : new Date(value.getTime() + VN_OFFSET_MS);
  return Number.isFinite(value) ? value : null;
}

function numberFormat(value: CellValue | undefined, column: ReportColumn): string | undefined {
  if (typeof value === 'string') return undefined;
  if (value instanceof Date) return column.kind === 'date' ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm';
  if (typeof value === 'number') {
    if (column.kind === 'percent') return '0.00%';
    return Number.isInteger(value) ? '#,##0' : '#,##0.00';
  }
  return NUMBER_FORMATS[column.kind];
}

/** Longest line of a cell as shown, in characters. */
const shownLength = (value: CellValue | undefined, column: ReportColumn): number =>
  Math.max(0, ...formatCell(value, column.kind).split(/\r?\n/).map((l) => Array.from(l).length));

/** Column widths in Excel characters: relative widths when every column has one, else from the content. */
export function xlsxColumnWidths(table: ReportTable): number[] {
  const rows = table.totals ? [...table.rows, table.totals] : table.rows;
  const content = table.columns.map((c) => {
    const longestWord = Math.max(0, ...c.label.split(/\s+/).map((w) => Array.from(w).length));
    const label = Math.max(longestWord, Math.min(Array.from(c.label).length, 24));
    const values = Math.max(0, ...rows.map((r) => shownLength(r[c.key], c)));
    return Math.min(60, Math.max(8, label, values) + 2);
  });
  const widths = table.columns.map((c) => c.width);
  if (widths.every((w): w is number => typeof w === 'number' && w > 0)) {
    const sum = widths.reduce((a, b) => a + b, 0);
    const total = Math.min(200, Math.max(60, content.reduce((a, b) => a + b, 0)));
    return widths.map((w) => Math.max(6, Math.round((total * w) / sum)));
  }
  return content;
}

export async function toXlsx(table: ReportTable): Promise<Buffer> {
  const { columns } = table;
  const n = Math.max(1, columns.length);
  const { default: Excel } = await import('exceljs'); // loaded on the first export: it is the largest module the app has
  const wb = new Excel.Workbook();
  wb.creator = 'motcua';
  wb.created = table.generatedAt;
  wb.modified = table.generatedAt;
  wb.title = nfc(table.title);

  let r = 1;
  const titleRow = r++;
  const subtitleRow = table.subtitle ? r++ : null;
  const generatedRow = r++;
  const headerRow = r++;

  const ws = wb.addWorksheet(sheetNameOf(table.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
  });

  xlsxColumnWidths(table).forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });

  const banner = (row: number, text: string, font: Partial<ExcelJS.Font>): void => {
    if (n > 1) ws.mergeCells(row, 1, row, n);
    const cell = ws.getCell(row, 1);
    cell.value = nfc(text);
    cell.font = font;
    cell.alignment = { horizontal: 'left', vertical: 'middle' };
  };
  banner(titleRow, table.title, { bold: true, size: 14 });
  if (subtitleRow !== null && table.subtitle) banner(subtitleRow, table.subtitle, { size: 11 });
  banner(generatedRow, `Lập lúc: ${formatDateTimeVn(table.generatedAt)}`, { italic: true, size: 10 });

  const thin = { style: 'thin' as const, color: { argb: BORDER_COLOR } };
  const border: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

  const header = ws.getRow(headerRow);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = nfc(c.label);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
  });

  const writeRow = (rowNumber: number, values: Record<string, CellValue>, bold: boolean): void => {
    const row = ws.getRow(rowNumber);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const raw = values[c.key];
      const value = excelValue(raw);
      if (value !== null) cell.value = value;
      const fmt = numberFormat(raw, c);
      if (fmt) cell.numFmt = fmt;
      const multiline = typeof value === 'string' && /[\r\n]/.test(value);
      cell.alignment = {
        vertical: 'top',
        horizontal: isNumericKind(c.kind) || raw instanceof Date ? 'right' : 'left',
        ...(multiline || c.kind === 'text' ? { wrapText: true } : {}),
      };
      cell.border = border;
      if (bold) {
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: TOTALS_FILL } };
      }
    });
  };

  let next = headerRow + 1;
  for (const row of table.rows) writeRow(next++, row, false);
  const lastDataRow = next - 1;
  const totals = totalsWithLabel(table);
  if (totals) writeRow(next++, totals, true);

  // How the figures are defined: after a blank row, outside the filtered range.
  if (table.notes?.length) {
    next++;
    for (const note of table.notes) {
      const row = next++;
      banner(row, note, { italic: true, size: 10 });
      ws.getCell(row, 1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
      ws.getRow(row).height = Math.max(15, Math.ceil(note.length / 140) * 15);
    }
  }

  if (columns.length > 0) {
    ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, lastDataRow), column: columns.length } };
  }

  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
