/**
 * The apology (2025 title "PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", label and
 * suffix from the form registry, src/domain/forms.ts): issued by the PROCESSING agency (not
 * the counter) when a dossier is, or is expected to be, late — the original appointment, the
 * reason, an apology and the one new appointment; signed by the head of that agency
 * ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", the head's title and name). Where a province delegates
 * issuance to the system, the form says it was issued by the system — and claims no rule.
 */
import type { FormInfo } from '../domain/forms.js';
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { FONT_SIZE, formTitle, labelled, paragraph, runs, signatureBlock } from './blocks.js';
import { PAGE, createDocument, drawHeader, toBuffer } from './document.js';

export interface ApologyData {
  /** Dossier code, e.g. "000.31.01.H26-261123-0015". */
  code: string;
  /** The registry's entry for 'apology' (label "Mẫu 04", title, suffix "PXL"). */
  form: FormInfo;
  /** The apology's own number, printed "Số: <sequence>/<form.suffix>". */
  sequence: string;
  governingBody: string;
  /** The processing agency that issues the apology (header unit, apology sentence). */
  agencyName: string;
  placeName: string;
  /**
   * When the apology is issued (the header's place-and-date line). Before `originalDueAt`
   * the form says the appointment will not be met; from it on, that it has not been met.
   */
  issuedAt: Date;
  /**
   * The full name and ID number (staff copy), or for the public copy behind the QR link
   * the masked name and no ID number (null: the line is left out).
   */
  applicant: { name: string; idNumber: string | null };
  /** The unit that received the dossier, e.g. "Trung tâm Phục vụ hành chính công phường Trấn Biên". */
  receivingUnit: string;
  procedureName: string;
  receivedAt: Date;
  /** The appointment printed on the receipt. */
  originalDueAt: Date;
  /** The new (and only) re-set appointment. */
  newDueAt: Date;
  /** Why the dossier is late; may span several lines ("\n"). */
  reason: string;
  /** The head's title (users.job_title, e.g. "Chủ tịch"), printed in capitals under the block's title; null or '' leaves it out. */
  signerTitle?: string | null;
  /** The head who signs; null leaves a dotted line. */
  signerName: string | null;
  /** Issued automatically by motcua (a province that delegates issuance, or an older apology). */
  issuedBySystem: boolean;
  /** The electronic copy (downloaded, e-mailed): a digital-signature box instead of the space for a handwritten one. */
  electronic?: boolean;
}

export const APOLOGY_SIGNER_TITLE = 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ';
/** Printed on an apology the system issued: a fact, not a claim that a rule allows it. */
export const APOLOGY_SYSTEM_NOTE = 'Phiếu do hệ thống phát hành tự động khi hồ sơ quá hạn mà chưa có phiếu xin lỗi.';

const NAME_BLANK = '..............................';

/** "09 giờ 00 phút, ngày 26 tháng 11 năm 2026" */
const appointment = (at: Date): string => `${formatClockVn(at)}, ${formatOfficialDate(at)}`;

export async function renderApology(d: ApologyData): Promise<Buffer> {
  const doc = createDocument(`${d.form.title} ${d.code}`);
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: d.agencyName,
    number: d.sequence,
    form: d.form,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, d.form.title);

  runs(
    doc,
    [
      { text: 'Kính gửi: ', font: 'regular' },
      { text: d.applicant.name, font: 'bold' },
    ],
    { x: PAGE.left + 70 },
  );
  doc.x = PAGE.left;
  doc.moveDown(0.5);

  paragraph(doc, `Vào ${appointment(d.receivedAt)}, ${d.receivingUnit} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính của:`, {
    align: 'justify',
  });
  labelled(doc, 'Ông/Bà: ', d.applicant.name);
  if (d.applicant.idNumber !== null) labelled(doc, 'Số định danh cá nhân: ', d.applicant.idNumber);
  labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Thủ tục hành chính: ', d.procedureName);
  labelled(doc, 'Cơ quan giải quyết: ', d.agencyName);
  labelled(doc, 'Thời gian hẹn trả kết quả: ', appointment(d.originalDueAt));

  doc.moveDown(0.4);
  const missed = d.issuedAt.getTime() >= d.originalDueAt.getTime();
  paragraph(
    doc,
    missed
      ? `Tuy nhiên, đến nay ${d.agencyName} chưa giải quyết xong hồ sơ và chưa trả kết quả cho Ông/Bà đúng thời gian đã hẹn.`
      : `Tuy nhiên, ${d.agencyName} không thể trả kết quả giải quyết hồ sơ cho Ông/Bà đúng thời gian đã hẹn.`,
    { align: 'justify' },
  );
  paragraph(doc, 'Lý do:', { font: 'bold' });
  const lines = d.reason
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of lines) paragraph(doc, line, { x: PAGE.left + 14, align: 'justify' });

  doc.moveDown(0.4);
  paragraph(doc, `${d.agencyName} xin lỗi Ông/Bà vì sự chậm trễ này và xin hẹn lại thời gian trả kết quả vào:`, { align: 'justify' });
  labelled(doc, 'Thời gian hẹn trả kết quả mới: ', appointment(d.newDueAt), { x: PAGE.left + 14 });
  doc.moveDown(0.2);
  paragraph(doc, 'Mong Ông/Bà thông cảm và tiếp tục phối hợp để hồ sơ được giải quyết./.');

  doc.moveDown(0.6);
  const jobTitle = d.signerTitle?.trim() ? `\n${d.signerTitle.trim().toLocaleUpperCase('vi')}` : '';
  signatureBlock(doc, null, {
    title: `${APOLOGY_SIGNER_TITLE}${jobTitle}`,
    note: d.electronic ? undefined : '(Ký, ghi rõ họ tên và đóng dấu)',
    name: d.signerName ?? (d.electronic ? null : NAME_BLANK),
    digital: d.electronic ?? false,
  });

  if (d.issuedBySystem) {
    doc.moveDown(1);
    paragraph(doc, APOLOGY_SYSTEM_NOTE, { font: 'italic', fontSize: FONT_SIZE - 2 });
  }

  return toBuffer(doc);
}
