/**
 * The checklist of what to bring for a procedure (the public catalogue's "tải danh mục giấy
 * tờ", /thu-tuc/<code>/giay-to-can-mang.pdf): one A4 page a citizen prints and ticks — the
 * documents by case with a box each and the number of originals and copies, time and fee per
 * channel, where to file and the office hours, and the address of the page for the rest.
 * Always one page: the text shrinks (11 → 7 pt) before anything is left out; past that, the
 * last documents are replaced by a line sending to the page.
 */
import { nfc } from '../domain/text.js';
import { CONTENT_WIDTH, PAGE, createDocument, toBuffer } from './document.js';
import { PAGE_BOTTOM } from './blocks.js';

/**
 * The sheet's words in Vietnamese (the legal text of record). The public catalogue's message
 * catalogue (src/features/catalogue/catalogue.i18n.ts) takes these as its Vietnamese side and
 * gives the English one: the route passes the visitor's language. `{count}` and `{code}` are
 * filled here.
 */
export const CHECKLIST_TEXT = {
  title: 'DANH MỤC GIẤY TỜ CẦN MANG THEO',
  docTitle: 'Danh mục giấy tờ — {code}',
  code: 'Mã thủ tục: ',
  case: 'Trường hợp: ',
  colNo: 'TT',
  colName: 'Tên giấy tờ',
  colOriginals: 'Bản chính',
  colCopies: 'Bản sao',
  noDocuments: 'Dữ liệu thủ tục chưa có thành phần hồ sơ: vui lòng hỏi Bộ phận Một cửa trước khi đến.',
  template: 'có mẫu tải tại trang thủ tục',
  timeAndFee: 'Thời hạn giải quyết và phí, lệ phí',
  feeSeparator: '; phí, lệ phí: ',
  where: 'Nơi nộp hồ sơ',
  manyAgencies: '{count} nơi tiếp nhận: xem danh sách, địa chỉ tại trang thủ tục.',
  noAgency: 'Bộ phận Một cửa nơi Ông/Bà cư trú.',
  hotline: 'ĐT: ',
  hours: 'Giờ làm việc: ',
  hoursTail: ' các ngày làm việc.',
  more: '… và {count} giấy tờ khác: xem đầy đủ tại trang thủ tục.',
  page: 'Thông tin đầy đủ, cập nhật (trình tự, căn cứ pháp lý, mẫu đơn): ',
} as const;

/** The sheet's words in one language (CHECKLIST_TEXT's keys). */
export type ChecklistText = Readonly<Record<keyof typeof CHECKLIST_TEXT, string>>;

const fill = (message: string, params: Readonly<Record<string, string>>) => message.replace(/\{(\w+)\}/g, (whole, k: string) => params[k] ?? whole);

export interface ChecklistData {
  code: string;
  name: string;
  documents: Array<{ case: string; items: Array<{ name: string; originals: number | null; copies: number | null; templateName: string | null }> }>;
  channels: Array<{ label: string; times: Array<{ time: string; fees: Array<{ text: string }> }> }>;
  agencies: Array<{ name: string; address: string; hotline: string }>;
  officeHours: string;
  url: string;
}

const SIZES = [11, 10, 9, 8, 7] as const;
const MAX_AGENCIES_LISTED = 3;

function draw(doc: PDFKit.PDFDocument, d: ChecklistData, text: ChecklistText, size: number, maxItems: number): void {
  const x = PAGE.left;
  const w = CONTENT_WIDTH;
  doc.font('bold').fontSize(size + 3).text(text.title, x, PAGE.top, { width: w, align: 'center' });
  doc.font('bold').fontSize(size + 1).text(nfc(d.name), x, doc.y + 4, { width: w, align: 'center' });
  doc.font('regular').fontSize(size).text(nfc(text.code + d.code), x, doc.y + 2, { width: w, align: 'center' });
  doc.y += size * 0.8;

  const box = size;
  const colNo = size * 2.4;
  const colCount = size * 5.2;
  const nameW = w - box - 8 - colNo - 2 * colCount;
  const total = d.documents.reduce((s, c) => s + c.items.length, 0);
  let shown = 0;
  if (total === 0) doc.font('italic').fontSize(size).text(text.noDocuments, x, doc.y, { width: w });
  for (const c of d.documents) {
    if (shown >= maxItems) break;
    if (c.case) doc.font('boldItalic').fontSize(size).text(nfc(text.case + c.case), x, doc.y + 4, { width: w });
    // Header row.
    const hy = doc.y + 3;
    doc.font('bold').fontSize(size - 1);
    doc.text(text.colNo, x + box + 8, hy, { width: colNo, lineBreak: false });
    doc.text(text.colName, x + box + 8 + colNo, hy, { width: nameW, lineBreak: false });
    doc.text(text.colOriginals, x + w - 2 * colCount, hy, { width: colCount, align: 'center', lineBreak: false });
    doc.text(text.colCopies, x + w - colCount, hy, { width: colCount, align: 'center', lineBreak: false });
    doc.y = hy + doc.currentLineHeight(true) + 2;
    doc.moveTo(x, doc.y).lineTo(x + w, doc.y).lineWidth(0.5).stroke();
    c.items.forEach((item, i) => {
      if (shown >= maxItems) return;
      shown++;
      const y = doc.y + 3;
      doc.lineWidth(0.8).rect(x, y + 1, box, box).stroke();
      doc.font('regular').fontSize(size);
      doc.text(`${i + 1}.`, x + box + 8, y, { width: colNo, lineBreak: false });
      const label = item.templateName ? `${item.name} (${text.template})` : item.name;
      doc.text(nfc(label), x + box + 8 + colNo, y, { width: nameW });
      const bottom = doc.y;
      doc.text(item.originals === null ? '' : String(item.originals), x + w - 2 * colCount, y, { width: colCount, align: 'center', lineBreak: false });
      doc.text(item.copies === null ? '' : String(item.copies), x + w - colCount, y, { width: colCount, align: 'center', lineBreak: false });
      doc.y = Math.max(bottom, y + box + 2);
    });
  }
  if (shown < total) doc.font('italic').fontSize(size).text(fill(text.more, { count: String(total - shown) }), x, doc.y + 3, { width: w });

  doc.font('bold').fontSize(size + 1).text(text.timeAndFee, x, doc.y + size, { width: w });
  for (const c of d.channels) {
    const parts = c.times.map((t) => t.time + (t.fees.length > 0 ? text.feeSeparator + t.fees.map((f) => f.text).join(', ') : ''));
    doc.font('regular').fontSize(size).text(nfc(`${c.label}: ${parts.join(' | ')}`), x, doc.y + 1, { width: w });
  }

  doc.font('bold').fontSize(size + 1).text(text.where, x, doc.y + size, { width: w });
  doc.font('regular').fontSize(size);
  if (d.agencies.length === 0) doc.text(text.noAgency, x, doc.y + 1, { width: w });
  else if (d.agencies.length > MAX_AGENCIES_LISTED) doc.text(fill(text.manyAgencies, { count: String(d.agencies.length) }), x, doc.y + 1, { width: w });
  else for (const a of d.agencies) doc.text(nfc([a.name, a.address, a.hotline ? text.hotline + a.hotline : ''].filter(Boolean).join(' — ')), x, doc.y + 1, { width: w });
  doc.text(nfc(text.hours + d.officeHours + text.hoursTail), x, doc.y + 1, { width: w });

  doc.font('italic').fontSize(size - 1).text(nfc(text.page), x, doc.y + size, { width: w, continued: true }).font('regular').text(d.url, { link: d.url });
}

/** Draws on a fresh document; whether it fitted on one page. */
function attempt(d: ChecklistData, text: ChecklistText, size: number, maxItems: number): { doc: PDFKit.PDFDocument; fits: boolean } {
  const doc = createDocument(fill(text.docTitle, { code: d.code }), { bufferPages: true });
  draw(doc, d, text, size, maxItems);
  return { doc, fits: doc.bufferedPageRange().count === 1 && doc.y <= PAGE_BOTTOM };
}

/** The sheet in the words of `text` (Vietnamese unless told). */
export async function renderChecklist(d: ChecklistData, text: ChecklistText = CHECKLIST_TEXT): Promise<Buffer> {
  const total = d.documents.reduce((s, c) => s + c.items.length, 0);
  for (const size of SIZES) {
    const a = attempt(d, text, size, total);
    if (a.fits) return toBuffer(a.doc);
  }
  let maxItems = total;
  for (;;) {
    maxItems = Math.floor(maxItems / 2);
    const a = attempt(d, text, SIZES.at(-1)!, maxItems);
    if (a.fits || maxItems === 0) return toBuffer(a.doc);
  }
}
