/**
 * Drawing blocks shared by the official forms: the form title, "Label: value" lines,
 * paragraphs, page-break guards, numbered lists, bordered tables whose header row is
 * repeated on every page, and the two-column signature block.
 *
 * Every string that reaches the page goes through nfc(): PDF text extraction and
 * search compare code points, and Vietnamese input may arrive decomposed.
 */
import { nfc } from '../domain/text.js';
import { CONTENT_WIDTH, PAGE, type FontName } from './document.js';

/** Body text size of the forms, and the gap between wrapped lines. */
export const FONT_SIZE = 12;
export const LINE_GAP = 2;

export type Align = 'left' | 'center' | 'right';

/** The lowest y that content may reach on a page. */
export const PAGE_BOTTOM = PAGE.height - PAGE.bottom;

/** Starts a new page unless `needed` points still fit below the cursor. Returns whether it did. */
export function ensureSpace(doc: PDFKit.PDFDocument, needed: number): boolean {
  if (doc.y + needed > PAGE_BOTTOM) {
    doc.addPage();
    doc.y = PAGE.top;
    return true;
  }
  return false;
}

/** The form's title (bold, centred) and an optional second line; leaves the cursor below at the left margin. */
export function formTitle(doc: PDFKit.PDFDocument, y: number, title: string, subtitle?: string | null): void {
  doc.font('bold').fontSize(14).text(nfc(title), PAGE.left, y, { width: CONTENT_WIDTH, align: 'center' });
  if (subtitle) doc.font('bold').fontSize(13).text(nfc(subtitle), { width: CONTENT_WIDTH, align: 'center' });
  const below = doc.y + 8;
  doc.x = PAGE.left;
  doc.y = below;
}

export interface Run {
  text: string;
  font: FontName;
}

export interface LineOptions {
  x?: number;
  width?: number;
  fontSize?: number;
}

/** One flowing line (wrapping as needed) made of runs in different fonts. */
export function runs(doc: PDFKit.PDFDocument, parts: readonly Run[], opts: LineOptions = {}): void {
  const x = opts.x ?? PAGE.left;
  const width = opts.width ?? CONTENT_WIDTH;
  doc.fontSize(opts.fontSize ?? FONT_SIZE);
  parts.forEach((p, i) => {
    const continued = i < parts.length - 1;
    doc.font(p.font);
    if (i === 0) doc.text(nfc(p.text), x, doc.y, { continued, width, lineGap: LINE_GAP });
    else doc.text(nfc(p.text), { continued, width, lineGap: LINE_GAP });
  });
}

/** "Label: **value**" — the label in the regular face, the value in bold (or `valueFont`). */
export function labelled(
  doc: PDFKit.PDFDocument,
  label: string,
  value: string,
  opts: LineOptions & { valueFont?: FontName } = {},
): void {
  runs(
    doc,
    [
      { text: label, font: 'regular' },
      { text: value, font: opts.valueFont ?? 'bold' },
    ],
    opts,
  );
}

/** A block of text at the left margin (newlines are kept). */
export function paragraph(
  doc: PDFKit.PDFDocument,
  text: string,
  opts: LineOptions & { font?: FontName; align?: Align | 'justify' } = {},
): void {
  const x = opts.x ?? PAGE.left;
  doc
    .font(opts.font ?? 'regular')
    .fontSize(opts.fontSize ?? FONT_SIZE)
    .text(nfc(text), x, doc.y, { width: opts.width ?? CONTENT_WIDTH - (x - PAGE.left), lineGap: LINE_GAP, align: opts.align ?? 'left' });
  doc.x = PAGE.left;
}

/** "1. …", "2. …" with a hanging indent, so wrapped lines align with the text, not the number. */
export function numberedList(
  doc: PDFKit.PDFDocument,
  items: readonly string[],
  opts: LineOptions & { indent?: number; font?: FontName; start?: number } = {},
): void {
  const x = opts.x ?? PAGE.left;
  const width = opts.width ?? CONTENT_WIDTH - (x - PAGE.left);
  const indent = opts.indent ?? 22;
  const start = opts.start ?? 1;
  doc.font(opts.font ?? 'regular').fontSize(opts.fontSize ?? FONT_SIZE);
  items.forEach((item, i) => {
    // Keep the number together with at least the first line of its item.
    ensureSpace(doc, doc.currentLineHeight(true) + LINE_GAP);
    const y = doc.y;
    doc.text(`${start + i}.`, x, y, { width: indent, lineBreak: false });
    doc.text(nfc(item), x + indent, y, { width: width - indent, lineGap: LINE_GAP });
  });
  doc.x = PAGE.left;
}

/* ------------------------------------------------------------------ tables */

export interface ColumnSpec {
  title: string;
  width: number;
  /** Alignment of the body cells (default left). */
  align?: Align;
  /** Alignment of the header cell (default: same as `align`). */
  headerAlign?: Align;
}

/** One line of a cell in its own face; a cell is either a plain string or a stack of such lines. */
export interface CellLine {
  text: string;
  font?: FontName;
  align?: Align;
}
export type Cell = string | readonly CellLine[];

export interface TableOptions {
  x?: number;
  fontSize?: number;
  padding?: number;
  headerFont?: FontName;
  bodyFont?: FontName;
  /** Vertical alignment of the header cells (default top). */
  headerValign?: 'top' | 'middle';
  /** Called on every page the table continues onto, before the header row is repeated. */
  onNewPage?: (doc: PDFKit.PDFDocument) => void;
}

/**
 * A bordered table. Rows never split across pages: a row that does not fit starts a new
 * page, and the header row is drawn again at its top. The header is never left alone at
 * the foot of a page.
 */
export function drawTable(doc: PDFKit.PDFDocument, columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[], opts: TableOptions = {}): void {
  const left = opts.x ?? PAGE.left;
  const fontSize = opts.fontSize ?? 11;
  const pad = opts.padding ?? 3;
  const headerFont = opts.headerFont ?? 'bold';
  const bodyFont = opts.bodyFont ?? 'regular';

  const linesOf = (cell: Cell | undefined, font: FontName, align: Align): CellLine[] =>
    typeof cell === 'string' || cell === undefined
      ? [{ text: cell ?? '', font, align }]
      : cell.map((l) => ({ text: l.text, font: l.font ?? font, align: l.align ?? align }));

  interface Row {
    lines: CellLine[][];
    /** Height of each cell's content. */
    heights: number[];
    height: number;
    middle: boolean;
  }

  const layout = (cells: readonly Cell[], font: FontName, header: boolean): Row => {
    const lines = columns.map((c, i) => linesOf(cells[i], font, (header ? c.headerAlign : undefined) ?? c.align ?? 'left'));
    const heights = lines.map((stack, i) => {
      const w = columns[i]!.width - 2 * pad;
      let h = 0;
      for (const l of stack) h += doc.font(l.font!).fontSize(fontSize).heightOfString(nfc(l.text), { width: w });
      return h;
    });
    return { lines, heights, height: Math.max(0, ...heights) + 2 * pad, middle: header && opts.headerValign === 'middle' };
  };

  const drawRow = (row: Row): void => {
    const y = doc.y;
    let x = left;
    row.lines.forEach((stack, i) => {
      const w = columns[i]!.width;
      doc.lineWidth(0.5).rect(x, y, w, row.height).stroke();
      let cy = y + pad + (row.middle ? (row.height - 2 * pad - row.heights[i]!) / 2 : 0);
      for (const l of stack) {
        doc.font(l.font!).fontSize(fontSize).text(nfc(l.text), x + pad, cy, { width: w - 2 * pad, align: l.align });
        cy = doc.y;
      }
      x += w;
    });
    doc.x = PAGE.left;
    doc.y = y + row.height;
  };

  const header = layout(
    columns.map((c) => c.title),
    headerFont,
    true,
  );
  const body = rows.map((r) => layout(r, bodyFont, false));
  const newPage = (): void => {
    doc.addPage();
    doc.y = PAGE.top;
    opts.onNewPage?.(doc);
  };

  if (doc.y + header.height + (body[0]?.height ?? 0) > PAGE_BOTTOM) newPage();
  drawRow(header);
  for (const row of body) {
    if (doc.y + row.height > PAGE_BOTTOM) {
      newPage();
      drawRow(header);
    }
    drawRow(row);
  }
  doc.x = PAGE.left;
}

/* -------------------------------------------------------------- signatures */

export interface Signer {
  /** Printed in capitals above the signature, e.g. "NGƯỜI NỘP HỒ SƠ". */
  title: string;
  /** Printed below the space for the signature; null leaves the line blank for handwriting. */
  name: string | null;
  /** The italic line under the title; defaults to "(Ký và ghi rõ họ tên)". */
  note?: string;
  /**
   * The copy is delivered electronically: instead of the space for a handwritten signature,
   * a box "Ký số: <name>" marks where the signer's digital signature goes. motcua does not
   * sign: the signer's own signing tool applies the signature in that box.
   */
  digital?: boolean;
}

export const SIGNATURE_NOTE = '(Ký và ghi rõ họ tên)';
/** The italic line under the title of an electronic copy. */
export const DIGITAL_SIGNATURE_NOTE = '(Bản điện tử, ký số)';
export const DIGITAL_SIGNATURE_LABEL = 'Ký số: ';

/** Two signature columns (either may be null, leaving that half empty). */
/** The smallest size a signature title line is shrunk to before it may wrap (at spaces) at all. */
const MIN_TITLE_SIZE = 9;

/**
 * A signature block's title, one printed line per "\n"-separated line, centred in `width`:
 * a line too wide at FONT_SIZE (a long agency name in the head's title, "CHỦ TỊCH UBND
 * PHƯỜNG TRẤN BIÊN") is set smaller until it fits, so a name never breaks across lines;
 * only below MIN_TITLE_SIZE does it wrap.
 */
function signatureTitle(doc: PDFKit.PDFDocument, title: string, x: number, y: number, width: number): void {
  doc.font('bold');
  let top = y;
  for (const line of nfc(title).split('\n')) {
    let size = FONT_SIZE;
    while (size > MIN_TITLE_SIZE && doc.fontSize(size).widthOfString(line) > width) size -= 0.5;
    doc.fontSize(size).text(line, x, top, { width, align: 'center' });
    top = doc.y;
  }
}

export function signatureBlock(doc: PDFKit.PDFDocument, left: Signer | null, right: Signer | null): void {
  ensureSpace(doc, 110);
  const half = CONTENT_WIDTH / 2;
  const y = doc.y + 6;
  let bottom = y;
  for (const [i, signer] of [left, right].entries()) {
    if (!signer) continue;
    const x = PAGE.left + i * half;
    signatureTitle(doc, signer.title, x, y, half);
    doc.font('italic').fontSize(11).text(nfc(signer.note ?? (signer.digital ? DIGITAL_SIGNATURE_NOTE : SIGNATURE_NOTE)), x, doc.y, { width: half, align: 'center' });
    bottom = Math.max(bottom, doc.y);
    if (signer.digital) {
      const boxX = x + 18;
      const boxW = half - 36;
      const boxY = Math.max(doc.y + 8, y + 34);
      doc.font('regular').fontSize(11).text(nfc(`${DIGITAL_SIGNATURE_LABEL}${signer.name ?? '..............................'}`), boxX + 6, boxY + 8, { width: boxW - 12, align: 'center' });
      const boxH = Math.max(40, doc.y - boxY + 8);
      doc.lineWidth(0.6).rect(boxX, boxY, boxW, boxH).stroke();
      bottom = Math.max(bottom, boxY + boxH);
    } else if (signer.name) {
      doc.font('bold').fontSize(FONT_SIZE).text(nfc(signer.name), x, y + 80, { width: half, align: 'center' });
      bottom = Math.max(bottom, doc.y);
    }
  }
  doc.x = PAGE.left;
  doc.y = Math.max(bottom, y + 80);
}
