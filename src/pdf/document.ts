/**
 * The common frame of motcua's official forms: an A4 page, embedded fonts, and the
 * national header (governing body and unit on the left; the national motto, underlined,
 * and the place-and-date line on the right).
 */
import type { FormInfo } from '../domain/forms.js';
import { nfc } from '../domain/text.js';
import { formatOfficialDate } from '../domain/time.js';
import { pdfkit, registerFaces } from './fonts.js';

export const PAGE = { width: 595.28, height: 841.89, left: 62, right: 48, top: 42, bottom: 48 };
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

/** The faces registered by createDocument (all Tinos). */
export type FontName = 'regular' | 'bold' | 'italic' | 'boldItalic';

export interface DocumentOptions {
  /** Landscape pages (wide report tables); portrait by default. */
  landscape?: boolean;
  margins?: { top: number; bottom: number; left: number; right: number };
  /** Keep pages in memory until the end (to number them "Trang x/y"). */
  bufferPages?: boolean;
  createdAt?: Date;
}

/** An A4 document with the embedded Tinos faces registered as regular/bold/italic/boldItalic. */
export function createDocument(title: string, opts: DocumentOptions = {}): PDFKit.PDFDocument {
  const m = opts.margins ?? { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right };
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.landscape ? 'landscape' : 'portrait',
    margins: m,
    info: { Title: nfc(title), Producer: 'motcua', Creator: 'motcua', ...(opts.createdAt ? { CreationDate: opts.createdAt } : {}) },
    compress: true,
    bufferPages: opts.bufferPages ?? false,
    // No default font: pdfkit would otherwise read and parse Helvetica's metrics for
    // every document, and we never use it (the Tinos faces are set just below).
    font: '',
  });
  registerFaces(doc);
  doc.font('regular');
  return doc;
}

export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export interface HeaderInfo {
  governingBody: string;
  unitName: string;
  /**
   * With `form`: the sheet's own number, printed "Số: <number>/<form.suffix>". Without it
   * (the older call shape): printed as given after "Số: ".
   */
  number: string;
  placeName: string;
  date: Date;
  /** The form (src/domain/forms.ts formInfo): its suffix follows the number, its label ("Mẫu 02") goes top right. */
  form?: FormInfo;
}

/** What the data of every numbered form carries for its header (drawn through HeaderInfo). */
export interface FormHeading {
  /** Printed as "Số: <sequenceLabel>/<suffix>". */
  sequenceLabel: string;
  /** Label, title and suffix from the form registry; the 2025 defaults when absent. */
  form?: FormInfo;
  /** The copy is delivered electronically: a "Ký số" box where the signer's name goes. */
  electronic?: boolean;
  governingBody: string;
  unitName: string;
  placeName: string;
}

/** The applicant as the counter's forms print them. */
export interface PrintedApplicant {
  name: string;
  /** A person's CCCD number, or an organisation's tax/organisation code. */
  idNumber: string;
  address: string;
  phone: string;
  email: string | null;
  representativeName: string | null;
  /** 'organisation': printed as "Tên tổ chức" / "Mã số thuế/mã số tổ chức" (a person when absent). */
  kind?: 'person' | 'organisation';
}

/** "0042/PBS" with a form, else the number as given. */
export function headerNumber(h: Pick<HeaderInfo, 'number' | 'form'>): string {
  return h.form && h.form.suffix ? `${h.number}/${h.form.suffix}` : h.number;
}

/** Draws the header and returns the y below it. */
export function drawHeader(doc: PDFKit.PDFDocument, h: HeaderInfo): number {
  const top = PAGE.top;
  if (h.form?.label) {
    // The form's printed label, in the top margin at the right (as the circular's annex sets it).
    doc.font('bold').fontSize(10).text(nfc(h.form.label), PAGE.left, top - 26, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
  }
  const leftW = 215;
  const rightX = PAGE.left + leftW + 5;
  const rightW = CONTENT_WIDTH - leftW - 5;

  doc.font('regular').fontSize(12).text(nfc(h.governingBody.toUpperCase()), PAGE.left, top, { width: leftW, align: 'center' });
  doc.font('bold').fontSize(12).text(nfc(h.unitName.toUpperCase()), PAGE.left, doc.y, { width: leftW, align: 'center' });
  const lineY = doc.y + 2;
  doc.moveTo(PAGE.left + leftW / 2 - 30, lineY).lineTo(PAGE.left + leftW / 2 + 30, lineY).lineWidth(0.6).stroke();
  doc.font('regular').fontSize(12).text(nfc(`Số: ${headerNumber(h)}`), PAGE.left, lineY + 6, { width: leftW, align: 'center' });
  const leftBottom = doc.y;

  doc.font('bold').fontSize(12).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
  doc.font('bold').fontSize(13);
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const mottoW = doc.widthOfString(motto);
  const mottoY = doc.y;
  doc.text(motto, rightX, mottoY, { width: rightW, align: 'center' });
  const ulY = doc.y + 1;
  const mx = rightX + (rightW - mottoW) / 2;
  doc.moveTo(mx, ulY).lineTo(mx + mottoW, ulY).lineWidth(0.6).stroke();
  doc.font('italic').fontSize(13).text(nfc(`${h.placeName}, ${formatOfficialDate(h.date)}`), rightX, ulY + 8, { width: rightW, align: 'center' });
  const rightBottom = doc.y;

  return Math.max(leftBottom, rightBottom) + 16;
}
