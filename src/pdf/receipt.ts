/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form key "receipt", printed as Mẫu 01):
 * A4, national header, applicant, procedure, documents table, received-at and
 * appointment, how the result is returned, signatures, and a vector QR code that
 * carries the public status URL, printed in full under it.
 */
import { nfc } from '../domain/text.js';
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { CONTENT_WIDTH, PAGE, createDocument, drawHeader, toBuffer } from './document.js';
import { drawQr } from './qr.js';

export interface ReceiptData {
  code: string;
  sequenceLabel: string;
  governingBody: string;
  unitName: string;
  placeName: string;
  hotline: string;
  applicant: { name: string; idNumber: string; address: string; phone: string; email: string | null; representativeName: string | null };
  procedureName: string;
  procedureCode: string;
  documents: Array<{ name: string; originals: number; certifiedCopies: number; copies: number }>;
  setsCount: number;
  processingTime: string;
  receivedAt: Date;
  dueAt: Date;
  resultDelivery: string;
  clerkName: string;
  statusUrl: string;
  /** 1 for the first print; later prints are marked as reprints. */
  printNumber: number;
}

const FONT_SIZE = 12;
const LINE_GAP = 2;

function labelled(doc: PDFKit.PDFDocument, label: string, value: string, x = PAGE.left, width = CONTENT_WIDTH): void {
  doc.font('regular').fontSize(FONT_SIZE).text(nfc(label), x, doc.y, { continued: true, width, lineGap: LINE_GAP });
  doc.font('bold').text(nfc(value), { width, lineGap: LINE_GAP });
}

function ensureSpace(doc: PDFKit.PDFDocument, needed: number): void {
  if (doc.y + needed > PAGE.height - PAGE.bottom) {
    doc.addPage();
    doc.y = PAGE.top;
  }
}

function drawDocumentsTable(doc: PDFKit.PDFDocument, rows: ReceiptData['documents']): void {
  const cols = [
    { title: 'TT', width: 28 },
    { title: 'Tên giấy tờ', width: CONTENT_WIDTH - 28 - 3 * 62 },
    { title: 'Bản chính', width: 62 },
    { title: 'Bản sao chứng thực', width: 62 },
    { title: 'Bản sao, bản chụp', width: 62 },
  ];
  const pad = 3;
  const drawRow = (cells: string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(11);
    const heights = cells.map((c, i) => doc.heightOfString(nfc(c), { width: cols[i]!.width - 2 * pad }));
    const h = Math.max(...heights) + 2 * pad;
    ensureSpace(doc, h);
    const y = doc.y;
    let x = PAGE.left;
    cells.forEach((cell, i) => {
      const w = cols[i]!.width;
      doc.lineWidth(0.5).rect(x, y, w, h).stroke();
      doc.text(nfc(cell), x + pad, y + pad, { width: w - 2 * pad, align: i === 1 ? 'left' : 'center' });
      x += w;
    });
    doc.x = PAGE.left;
    doc.y = y + h;
  };
  drawRow(
    cols.map((c) => c.title),
    'bold',
  );
  rows.forEach((r, i) =>
    drawRow([String(i + 1), r.name, String(r.originals), String(r.certifiedCopies), String(r.copies)], 'regular'),
  );
  doc.moveDown(0.4);
}

function signatureBlock(doc: PDFKit.PDFDocument, leftTitle: string, leftName: string, rightTitle: string, rightName: string): void {
  ensureSpace(doc, 110);
  const half = CONTENT_WIDTH / 2;
  const y = doc.y + 6;
  for (const [i, title, name] of [
    [0, leftTitle, leftName],
    [1, rightTitle, rightName],
  ] as const) {
    const x = PAGE.left + i * half;
    doc.font('bold').fontSize(FONT_SIZE).text(nfc(title), x, y, { width: half, align: 'center' });
    doc.font('italic').fontSize(11).text('(Ký và ghi rõ họ tên)', x, doc.y, { width: half, align: 'center' });
    doc.font('bold').fontSize(FONT_SIZE).text(nfc(name), x, y + 80, { width: half, align: 'center' });
  }
  doc.x = PAGE.left;
}

export async function renderReceipt(r: ReceiptData): Promise<Buffer> {
  const doc = createDocument(`Giấy tiếp nhận hồ sơ ${r.code}`);
  let y = drawHeader(doc, {
    governingBody: r.governingBody,
    unitName: r.unitName,
    number: `${r.sequenceLabel}/TNHS`,
    placeName: r.placeName,
    date: r.receivedAt,
  });

  if (r.printNumber > 1) {
    // In the top margin, so it can never push the page over.
    doc.font('italic').fontSize(9).text(`Bản in lại lần ${r.printNumber - 1}`, PAGE.left, PAGE.top - 24, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
  }
  doc.font('bold').fontSize(14).text('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', PAGE.left, y, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('bold').fontSize(13).text(nfc(`Mã hồ sơ: ${r.code}`), { width: CONTENT_WIDTH, align: 'center' });
  y = doc.y + 8;
  doc.x = PAGE.left;
  doc.y = y;

  doc.font('regular').fontSize(FONT_SIZE).text(nfc(`${r.unitName} tiếp nhận hồ sơ của:`), PAGE.left, doc.y, { lineGap: LINE_GAP });
  labelled(doc, 'Ông/Bà: ', r.applicant.name);
  labelled(doc, 'Số định danh cá nhân: ', r.applicant.idNumber);
  labelled(doc, 'Địa chỉ: ', r.applicant.address);
  labelled(doc, 'Số điện thoại: ', r.applicant.phone + (r.applicant.email ? `      Thư điện tử: ${r.applicant.email}` : ''));
  if (r.applicant.representativeName) labelled(doc, 'Người được ủy quyền: ', r.applicant.representativeName);
  labelled(doc, 'Nội dung yêu cầu giải quyết: ', `${r.procedureName} (mã thủ tục ${r.procedureCode})`);

  doc.moveDown(0.3);
  doc.font('regular').fontSize(FONT_SIZE).text('1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ gồm:', PAGE.left, doc.y, { lineGap: LINE_GAP });
  doc.moveDown(0.2);
  drawDocumentsTable(doc, r.documents);

  labelled(doc, '2. Số lượng hồ sơ: ', `${String(r.setsCount).padStart(2, '0')} (bộ)`);
  labelled(doc, '3. Thời gian giải quyết hồ sơ theo quy định là: ', r.processingTime);
  labelled(doc, '4. Thời gian nhận hồ sơ: ', `${formatClockVn(r.receivedAt)}, ${formatOfficialDate(r.receivedAt)}`);
  labelled(doc, '5. Thời gian trả kết quả giải quyết hồ sơ: ', `${formatClockVn(r.dueAt)}, ${formatOfficialDate(r.dueAt)}`);
  labelled(doc, '6. Đăng ký nhận kết quả: ', r.resultDelivery);
  doc.font('regular').fontSize(FONT_SIZE).text('Vào Sổ theo dõi hồ sơ, Quyển số: ........., Số thứ tự: .........', PAGE.left, doc.y, { lineGap: LINE_GAP });

  // QR block: the code, then what to do with it.
  const qrSize = 96;
  ensureSpace(doc, qrSize + 30);
  const qrY = doc.y + 8;
  drawQr(doc, r.statusUrl, PAGE.left, qrY, qrSize);
  const textX = PAGE.left + qrSize + 12;
  const textW = CONTENT_WIDTH - qrSize - 12;
  doc.font('bold').fontSize(11).text('Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập địa chỉ dưới mã.', textX, qrY + 6, { width: textW });
  doc.font('regular').fontSize(11).text('Khi đến nhận kết quả, vui lòng mang theo giấy này và giấy tờ tùy thân.', textX, doc.y + 2, { width: textW });
  if (r.hotline) doc.text(nfc(`Đường dây nóng tiếp nhận phản ánh, kiến nghị: ${r.hotline}`), textX, doc.y + 2, { width: textW });
  doc.font('regular').fontSize(9).text(r.statusUrl, PAGE.left, qrY + qrSize + 2, { width: CONTENT_WIDTH });
  doc.x = PAGE.left;
  doc.y = Math.max(doc.y, qrY + qrSize + 14);

  signatureBlock(doc, 'NGƯỜI NỘP HỒ SƠ', r.applicant.representativeName ?? r.applicant.name, 'NGƯỜI TIẾP NHẬN HỒ SƠ', r.clerkName);

  return toBuffer(doc);
}
