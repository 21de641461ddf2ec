/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form key "receipt", printed as Mẫu 01):
 * A4, national header, applicant (cá nhân or tổ chức) and representative, procedure, documents table, received-at and
 * appointment, how the result is returned, signatures, and a vector QR code that
 * carries the public status URL, printed in full under it, with the lookup address (code
 * and phone) beside it for those who cannot scan. A voided dossier's receipt says so.
 * renderReceipts puts several receipts in one document, one per page (batch printing).
 */
import { formInfo } from '../domain/forms.js';
import { nfc } from '../domain/text.js';
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { drawTable, ensureSpace, formTitle, labelled, paragraph, signatureBlock, type ColumnSpec } from './blocks.js';
import { CONTENT_WIDTH, PAGE, createDocument, drawHeader, toBuffer, type FormHeading, type PrintedApplicant } from './document.js';
import { drawQr } from './qr.js';

export interface ReceiptData extends Omit<FormHeading, 'electronic'> {
  code: string;
  hotline: string;
  applicant: PrintedApplicant;
  /** The representative's details beyond the name (absent on older dossiers: the name alone). */
  representative?: RepresentativeDetails | null;
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
  /** The procedure's public page (/thu-tuc/<code>: documents, times, fees), printed under the status address. */
  procedureUrl?: string;
  /** The public lookup page (code + phone), printed beside the QR (the service always sets it). */
  lookupUrl?: string;
  /** 1 for the first print; later prints are marked as reprints. */
  printNumber: number;
  /** Set when the intake was cancelled as a mistake (status voided), with its reason. */
  voided?: { reason: string | null } | null;
}

export interface RepresentativeDetails {
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  authorisationPaper: string | null;
}

const DOCUMENT_COLUMNS: ColumnSpec[] = [
  { title: 'TT', width: 28, align: 'center' },
  { title: 'Tên giấy tờ', width: CONTENT_WIDTH - 28 - 3 * 62, align: 'left' },
  { title: 'Bản chính', width: 62, align: 'center' },
  { title: 'Bản sao chứng thực', width: 62, align: 'center' },
  { title: 'Bản sao, bản chụp', width: 62, align: 'center' },
];

function drawDocumentsTable(doc: PDFKit.PDFDocument, rows: ReceiptData['documents']): void {
  drawTable(
    doc,
    DOCUMENT_COLUMNS,
    rows.map((r, i) => [String(i + 1), r.name, String(r.originals), String(r.certifiedCopies), String(r.copies)]),
  );
  doc.moveDown(0.4);
}

export async function renderReceipt(r: ReceiptData): Promise<Buffer> {
  return renderReceipts([r]);
}

/** Several receipts in one PDF, one per page, in the order given. */
export async function renderReceipts(receipts: readonly ReceiptData[]): Promise<Buffer> {
  if (receipts.length === 0) throw new Error('renderReceipts: no receipt');
  const title = receipts.length === 1 ? `Giấy tiếp nhận hồ sơ ${receipts[0]!.code}` : `Giấy tiếp nhận hồ sơ (${receipts.length} hồ sơ)`;
  const doc = createDocument(title);
  receipts.forEach((r, i) => {
    if (i > 0) doc.addPage();
    drawReceipt(doc, r);
  });
  return toBuffer(doc);
}

function drawReceipt(doc: PDFKit.PDFDocument, r: ReceiptData): void {
  const form = r.form ?? formInfo('receipt', '2025');
  const y = drawHeader(doc, {
    governingBody: r.governingBody,
    unitName: r.unitName,
    number: r.sequenceLabel,
    form,
    placeName: r.placeName,
    date: r.receivedAt,
  });

  if (r.printNumber > 1) {
    // In the top margin (left: the form's label is on the right), so it can never push the page over.
    doc.font('italic').fontSize(9).text(`Bản in lại lần ${r.printNumber - 1}`, PAGE.left, PAGE.top - 24, { width: CONTENT_WIDTH / 2, align: 'left', lineBreak: false });
  }
  formTitle(doc, y, form.title, `Mã hồ sơ: ${r.code}`);
  if (r.voided) {
    doc.font('bold').fontSize(14).fillColor('#b00020').text('ĐÃ HỦY — tiếp nhận nhầm', PAGE.left, doc.y, { width: CONTENT_WIDTH, align: 'center' });
    doc.font('regular').fontSize(11).fillColor('#b00020');
    doc.text(nfc(`Việc tiếp nhận hồ sơ này đã bị hủy, mã hồ sơ không còn giá trị. Lý do: ${r.voided.reason ?? 'không ghi'}`), PAGE.left, doc.y + 2, { width: CONTENT_WIDTH, align: 'center' });
    doc.fillColor('black');
    doc.moveDown(0.4);
  }

  const organisation = r.applicant.kind === 'organisation';
  paragraph(doc, `${r.unitName} tiếp nhận hồ sơ của ${organisation ? 'tổ chức' : 'cá nhân'}:`);
  labelled(doc, organisation ? 'Tên tổ chức: ' : 'Ông/Bà: ', r.applicant.name);
  labelled(doc, organisation ? 'Mã số thuế/mã số tổ chức: ' : 'Số định danh cá nhân: ', r.applicant.idNumber);
  labelled(doc, 'Địa chỉ: ', r.applicant.address);
  labelled(doc, 'Số điện thoại: ', r.applicant.phone + (r.applicant.email ? `      Thư điện tử: ${r.applicant.email}` : ''));
  if (r.applicant.representativeName) {
    const rep = r.representative;
    labelled(doc, organisation ? 'Người đại diện nộp hồ sơ: ' : 'Người được ủy quyền: ', r.applicant.representativeName + (rep?.idNumber ? `      Số định danh cá nhân: ${rep.idNumber}` : ''));
    if (rep?.address) labelled(doc, '    Địa chỉ: ', rep.address, { valueFont: 'regular' });
    if (rep?.phone || rep?.email) labelled(doc, '    Số điện thoại: ', (rep.phone ?? 'không ghi') + (rep.email ? `      Thư điện tử: ${rep.email}` : ''), { valueFont: 'regular' });
    if (rep?.authorisationPaper) labelled(doc, '    Giấy ủy quyền: ', rep.authorisationPaper, { valueFont: 'regular' });
  }
  labelled(doc, 'Nội dung yêu cầu giải quyết: ', `${r.procedureName} (mã thủ tục ${r.procedureCode})`);

  doc.moveDown(0.3);
  paragraph(doc, '1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ gồm:');
  doc.moveDown(0.2);
  drawDocumentsTable(doc, r.documents);

  labelled(doc, '2. Số lượng hồ sơ: ', `${String(r.setsCount).padStart(2, '0')} (bộ)`);
  labelled(doc, '3. Thời gian giải quyết hồ sơ theo quy định là: ', r.processingTime);
  labelled(doc, '4. Thời gian nhận hồ sơ: ', `${formatClockVn(r.receivedAt)}, ${formatOfficialDate(r.receivedAt)}`);
  labelled(doc, '5. Thời gian trả kết quả giải quyết hồ sơ: ', `${formatClockVn(r.dueAt)}, ${formatOfficialDate(r.dueAt)}`);
  labelled(doc, '6. Đăng ký nhận kết quả: ', r.resultDelivery);
  paragraph(doc, 'Vào Sổ theo dõi hồ sơ, Quyển số: ........., Số thứ tự: .........');

  // QR block: the code, then what to do with it.
  const qrSize = 96;
  ensureSpace(doc, qrSize + 30);
  const qrY = doc.y + 8;
  drawQr(doc, r.statusUrl, PAGE.left, qrY, qrSize);
  const textX = PAGE.left + qrSize + 12;
  const textW = CONTENT_WIDTH - qrSize - 12;
  doc.font('bold').fontSize(11).text('Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập địa chỉ dưới mã.', textX, qrY + 6, { width: textW });
  if (r.lookupUrl) {
    doc.font('regular').fontSize(11).text('Hoặc tra cứu bằng mã hồ sơ và số điện thoại tại:', textX, doc.y + 2, { width: textW });
    doc.font('bold').fontSize(11).text(nfc(r.lookupUrl), textX, doc.y, { width: textW });
  }
  doc.font('regular').fontSize(11).text('Khi đến nhận kết quả, vui lòng mang theo giấy này và giấy tờ tùy thân.', textX, doc.y + 2, { width: textW });
  if (r.hotline) doc.text(nfc(`Đường dây nóng tiếp nhận phản ánh, kiến nghị: ${r.hotline}`), textX, doc.y + 2, { width: textW });
  // Under the QR, and under the text beside it should that run longer than the code.
  doc.font('regular').fontSize(9).text(r.statusUrl, PAGE.left, Math.max(doc.y + 2, qrY + qrSize + 2), { width: CONTENT_WIDTH });
  if (r.procedureUrl) doc.text(nfc(`Thủ tục, giấy tờ, thời hạn, phí: ${r.procedureUrl}`), PAGE.left, doc.y, { width: CONTENT_WIDTH });
  doc.x = PAGE.left;
  doc.y = Math.max(doc.y, qrY + qrSize + 14);

  signatureBlock(
    doc,
    { title: 'NGƯỜI NỘP HỒ SƠ', name: r.applicant.representativeName ?? (organisation ? null : r.applicant.name) },
    { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: r.clerkName },
  );
}
