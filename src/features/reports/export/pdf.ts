/**
 * PDF export of a report table: A4 landscape, the title, subtitle and generated-at
 * line, then a bordered table whose header row is repeated at the top of every page,
 * numbers right-aligned, a bold totals row, and "Trang x/y" at the foot of each page.
 *
 * The document comes from the forms' createDocument (landscape, same embedded Tinos
 * faces); the table is drawn here because the forms' drawTable breaks pages at the
 * portrait page bottom. Every string is NFC-normalized before it is drawn.
 */
import { createDocument, toBuffer, type FontName } from '../../../pdf/document.js';
import { nfc } from '../../../domain/text.js';
import { formatDateTimeVn } from '../../../domain/time.js';
import { formatCell, isNumericKind, NO_DATA, totalsWithLabel, type CellValue, type ReportColumn, type ReportTable } from '../table.js';

/** A4 landscape, in points. */
export const LANDSCAPE = { width: 841.89, height: 595.28, left: 36, right: 36, top: 36, bottom: 40 };
const CONTENT_WIDTH = LANDSCAPE.width - LANDSCAPE.left - LANDSCAPE.right;
const BOTTOM = LANDSCAPE.height - LANDSCAPE.bottom;

const FONT_SIZE = 9;
const PAD = 3;
const BORDER = '#555555';
const HEADER_FILL = '#e3e7ee';
const TOTALS_FILL = '#eeeeee';
const ZEBRA_FILL = '#f7f7f7';
const TEXT = '#000000';
/** Longest a text column asks for before it wraps. */
const MAX_NATURAL = 220;

type Align = 'left' | 'center' | 'right';

function createLandscapeDocument(table: ReportTable): PDFKit.PDFDocument {
  const { top, bottom, left, right } = LANDSCAPE;
  return createDocument(table.title, { landscape: true, margins: { top, bottom, left, right }, bufferPages: true, createdAt: table.generatedAt });
}

/**
 * Widths summing to `total`: every column gets at least its minimum, and the room
 * left is shared in proportion to what each would like beyond it.
 */
export function fitWidths(natural: readonly number[], min: readonly number[], total: number): number[] {
  const want = natural.map((w, i) => Math.max(w, min[i] ?? 0));
  const sumWant = want.reduce((a, b) => a + b, 0);
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (want.length === 0) return [];
  if (sumWant <= total) return want.map((w) => (w * total) / sumWant);
  if (sumMin >= total) return min.map((m) => (m * total) / sumMin);
  const f = (total - sumMin) / (sumWant - sumMin);
  return want.map((w, i) => (min[i] ?? 0) + (w - (min[i] ?? 0)) * f);
}

function columnWidths(doc: PDFKit.PDFDocument, table: ReportTable, cells: readonly string[][]): number[] {
  const measure = (text: string, font: FontName) => doc.font(font).fontSize(FONT_SIZE).widthOfString(text);
  // pdfkit's line wrapper measures each word with the space that follows it, and a word
  // wider than the line is cut between letters ("trước c / huyển"). A column is therefore
  // at least its longest word plus a space wide, so that lines break only between words.
  const longestWord = (text: string, font: FontName) => Math.max(0, ...text.split(/\s+/).filter(Boolean).map((w) => measure(`${w} `, font)));
  const longestLine = (text: string, font: FontName) => Math.max(0, ...text.split(/\r?\n/).map((l) => measure(l, font)));
  const lastRow = cells.length - 1;
  const min: number[] = [];
  const natural: number[] = [];
  table.columns.forEach((c, i) => {
    const header = nfc(c.label);
    let lo = longestWord(header, 'bold');
    let hi = longestLine(header, 'bold');
    cells.forEach((row, r) => {
      const text = row[i] ?? '';
      const font: FontName = r === lastRow && table.totals ? 'bold' : 'regular';
      const line = longestLine(text, font);
      // Numbers and dates never wrap; text may wrap between words.
      lo = Math.max(lo, isNumericKind(c.kind) || c.kind !== 'text' ? line : longestWord(text, font));
      hi = Math.max(hi, line);
    });
    min.push(Math.min(lo, MAX_NATURAL) + 2 * PAD + 1);
    natural.push(Math.min(hi, MAX_NATURAL) + 2 * PAD + 1);
  });
  const given = table.columns.map((c) => c.width);
  if (given.every((w): w is number => typeof w === 'number' && w > 0)) {
    const sum = given.reduce((a, b) => a + b, 0);
    return fitWidths(
      given.map((w) => (w * CONTENT_WIDTH) / sum),
      min,
      CONTENT_WIDTH,
    );
  }
  return fitWidths(natural, min, CONTENT_WIDTH);
}

interface LaidCell {
  text: string;
  width: number;
  align: Align;
  /** Height of the text. */
  height: number;
}

interface RowLayout {
  cells: LaidCell[];
  font: FontName;
  fill: string | null;
  height: number;
  /** Centre the text vertically (header row). */
  middle: boolean;
}

export async function toPdf(table: ReportTable): Promise<Buffer> {
  const doc = createLandscapeDocument(table);
  const { columns } = table;
  const left = LANDSCAPE.left;

  // Title block.
  doc.font('bold').fontSize(14).fillColor(TEXT).text(nfc(table.title), left, LANDSCAPE.top, { width: CONTENT_WIDTH, align: 'center' });
  if (table.subtitle) doc.font('regular').fontSize(11).text(nfc(table.subtitle), left, doc.y + 2, { width: CONTENT_WIDTH, align: 'center' });
  doc
    .font('italic')
    .fontSize(9)
    .text(`Lập lúc: ${formatDateTimeVn(table.generatedAt)}`, left, doc.y + 2, { width: CONTENT_WIDTH, align: 'center' });
  doc.y += 10;

  const totals = totalsWithLabel(table);
  const bodyValues: Array<Record<string, CellValue>> = totals ? [...table.rows, totals] : table.rows;
  const bodyTexts = bodyValues.map((row) => columns.map((c) => formatCell(row[c.key], c.kind)));
  const widths = columnWidths(doc, table, bodyTexts);
  const alignOf = (c: ReportColumn): Align => (isNumericKind(c.kind) || c.kind === 'date' || c.kind === 'datetime' ? 'right' : 'left');
  // A row taller than this is cut (with an ellipsis) rather than overflowing the page.
  const maxRowHeight = (BOTTOM - LANDSCAPE.top) / 2;

  const layout = (cells: Array<Omit<LaidCell, 'height'>>, font: FontName, fill: string | null, middle = false): RowLayout => {
    doc.font(font).fontSize(FONT_SIZE);
    const lineHeight = doc.currentLineHeight(true);
    const laid = cells.map((c) => ({ ...c, height: c.text ? doc.heightOfString(c.text, { width: c.width - 2 * PAD }) : lineHeight }));
    const height = Math.min(Math.max(lineHeight, ...laid.map((c) => c.height)) + 2 * PAD, maxRowHeight);
    return { cells: laid, font, fill, height, middle };
  };

  const drawRow = (row: RowLayout): void => {
    const y = doc.y;
    const inner = row.height - 2 * PAD;
    let x = left;
    for (const cell of row.cells) {
      if (row.fill) doc.rect(x, y, cell.width, row.height).fill(row.fill);
      doc.lineWidth(0.5).strokeColor(BORDER).rect(x, y, cell.width, row.height).stroke();
      if (cell.text) {
        const dy = row.middle ? Math.max(0, (inner - cell.height) / 2) : 0;
        // `height` keeps pdfkit from starting a page of its own.
        doc
          .font(row.font)
          .fontSize(FONT_SIZE)
          .fillColor(TEXT)
          .text(cell.text, x + PAD, y + PAD + dy, { width: cell.width - 2 * PAD, height: inner + 0.5, align: cell.align, ellipsis: true });
      }
      x += cell.width;
    }
    doc.x = left;
    doc.y = y + row.height;
  };

  const header = layout(
    columns.map((c, i) => ({ text: nfc(c.label), width: widths[i] ?? 0, align: 'center' as const })),
    'bold',
    HEADER_FILL,
    true,
  );
  const body: RowLayout[] =
    bodyTexts.length === 0
      ? [layout([{ text: NO_DATA, width: CONTENT_WIDTH, align: 'center' }], 'italic', null)]
      : bodyTexts.map((texts, r) => {
          const isTotals = totals !== null && r === bodyTexts.length - 1;
          const cells = texts.map((text, i) => ({ text, width: widths[i] ?? 0, align: columns[i] ? alignOf(columns[i]) : ('left' as const) }));
          return layout(cells, isTotals ? 'bold' : 'regular', isTotals ? TOTALS_FILL : r % 2 === 1 ? ZEBRA_FILL : null);
        });

  // Rows never split across pages; each page starts with the header row again.
  if (doc.y + header.height + (body[0]?.height ?? 0) > BOTTOM) doc.addPage();
  if (columns.length > 0) drawRow(header);
  for (const row of body) {
    if (doc.y + row.height > BOTTOM + 0.01) {
      doc.addPage();
      doc
        .font('italic')
        .fontSize(8)
        .fillColor(TEXT)
        .text(`${nfc(table.title)} (tiếp theo)`, left, LANDSCAPE.top - 14, { width: CONTENT_WIDTH, height: 12, ellipsis: true });
      doc.y = LANDSCAPE.top;
      if (columns.length > 0) drawRow(header);
    }
    drawRow(row);
  }

  // How the figures are defined, under the table (on a new page when there is no room).
  if (table.notes?.length) {
    doc.font('regular').fontSize(FONT_SIZE);
    const texts = table.notes.map((n) => `• ${nfc(n)}`);
    const height = texts.reduce((h, t) => h + doc.heightOfString(t, { width: CONTENT_WIDTH }) + 2, 0) + 8;
    if (doc.y + height > BOTTOM) {
      doc.addPage();
      doc.y = LANDSCAPE.top;
    } else doc.y += 8;
    for (const t of texts) doc.font('regular').fontSize(FONT_SIZE).fillColor(TEXT).text(t, left, doc.y, { width: CONTENT_WIDTH, lineBreak: true }).moveDown(0.2);
  }

  // Page numbers, in the bottom margin of every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(TEXT)
      .text(`Trang ${i - range.start + 1}/${range.count}`, left, LANDSCAPE.height - LANDSCAPE.bottom + 14, {
        width: CONTENT_WIDTH,
        align: 'right',
        height: 12,
      });
    doc.page.margins.bottom = margin;
  }
  return toBuffer(doc);
}
