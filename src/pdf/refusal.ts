/**
 * Refusals, with the specific reasons:
 * - at the counter, before receipt: Phiếu từ chối tiếp nhận giải quyết hồ sơ (form key
 *   "refusal", Mẫu 03), signed by the person submitting and the receiving officer;
 * - after appraisal: the processing agency's written notice with reasons (the same content),
 *   in that agency's name and signed for it ("THỦ TRƯỞNG CƠ QUAN"), not the counter's Mẫu 03.
 */
import { formInfo, type FormInfo } from '../domain/forms.js';
import { formTitle, labelled, paragraph, runs, signatureBlock } from './blocks.js';
import { PAGE, createDocument, drawHeader, toBuffer, type FormHeading, type PrintedApplicant } from './document.js';

export interface RefusalData extends FormHeading {
  /** Dossier code, if one was issued. */
  code: string | null;
  /**
   * 'counter' (default): Mẫu 03 of the receiving unit. 'agency': the processing agency's
   * notice (header unit = `agencyName`, signed by its head).
   */
  by?: 'counter' | 'agency';
  /** Date of the refusal (the header's place-and-date line). */
  issuedAt: Date;
  applicant: PrintedApplicant;
  procedureName: string;
  /** The agency that refuses, e.g. "UBND phường Trấn Biên". */
  agencyName: string;
  /** The specific reasons; may span several lines ("\n"). */
  reason: string;
  /** The officer who signs (the receiving officer at the counter); the agency's signer, or null for a blank line. */
  officerName: string | null;
}

export const REFUSAL_TITLE = formInfo('refusal', '2025').title;
/** The processing agency's own notice after appraisal (not a numbered annex form). */
export const AGENCY_REFUSAL_TITLE = 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ';
export const AGENCY_SIGNER_TITLE = 'THỦ TRƯỞNG CƠ QUAN';

const NAME_BLANK = '..............................';

function reasonLines(reason: string): string[] {
  return reason
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export async function renderRefusal(d: RefusalData): Promise<Buffer> {
  const byAgency = d.by === 'agency';
  const registry = d.form ?? formInfo('refusal', '2025');
  // The agency's notice keeps the refusal's number suffix but is not the annex's Mẫu 03.
  const form: FormInfo = byAgency ? { ...registry, label: '', title: AGENCY_REFUSAL_TITLE } : registry;
  const doc = createDocument(`${byAgency ? 'Thông báo từ chối giải quyết hồ sơ' : 'Phiếu từ chối tiếp nhận giải quyết hồ sơ'}${d.code ? ` ${d.code}` : ''}`);
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: byAgency ? d.agencyName : d.unitName,
    number: d.sequenceLabel,
    form,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, form.title);

  const organisation = d.applicant.kind === 'organisation';
  if (byAgency) runs(doc, [{ text: 'Kính gửi: ', font: 'regular' }, { text: d.applicant.name, font: 'bold' }], { x: PAGE.left + 70 });
  else paragraph(doc, `${d.unitName} tiếp nhận hồ sơ của ${organisation ? 'tổ chức' : 'cá nhân'}:`);
  doc.x = PAGE.left;
  if (byAgency) doc.moveDown(0.4);
  labelled(doc, organisation ? 'Tên tổ chức: ' : 'Ông/Bà: ', d.applicant.name);
  if (d.applicant.idNumber) labelled(doc, organisation ? 'Mã số thuế/mã số tổ chức: ' : 'Số định danh cá nhân: ', d.applicant.idNumber);
  if (d.applicant.address) labelled(doc, 'Địa chỉ: ', d.applicant.address);
  if (d.applicant.phone || d.applicant.email) {
    labelled(doc, 'Số điện thoại: ', (d.applicant.phone || 'không ghi') + (d.applicant.email ? `      Thư điện tử: ${d.applicant.email}` : ''));
  }
  if (d.applicant.representativeName) labelled(doc, organisation ? 'Người đại diện: ' : 'Người được ủy quyền: ', d.applicant.representativeName);
  if (d.code) labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Nội dung yêu cầu giải quyết: ', d.procedureName);

  doc.moveDown(0.4);
  if (byAgency) {
    runs(doc, [
      { text: 'Sau khi thẩm định hồ sơ, căn cứ quy định của pháp luật, ', font: 'regular' },
      { text: d.agencyName, font: 'bold' },
      { text: ' thông báo từ chối giải quyết hồ sơ nêu trên với lý do cụ thể như sau:', font: 'regular' },
    ]);
  } else {
    runs(doc, [
      { text: 'Sau khi kiểm tra thành phần hồ sơ, căn cứ quy định của pháp luật, ', font: 'regular' },
      { text: d.unitName, font: 'bold' },
      { text: ' từ chối tiếp nhận hồ sơ với lý do cụ thể như sau:', font: 'regular' },
    ]);
  }
  doc.moveDown(0.2);
  for (const line of reasonLines(d.reason)) paragraph(doc, line, { x: PAGE.left + 14 });

  doc.moveDown(0.4);
  paragraph(doc, byAgency ? 'Hồ sơ và giấy tờ đã nộp được trả lại tại Bộ phận Một cửa nơi tiếp nhận. Xin thông báo để Ông/Bà được biết./.' : 'Xin thông báo để Ông/Bà được biết và thực hiện./.');

  doc.moveDown(0.6);
  if (byAgency) {
    signatureBlock(doc, null, { title: AGENCY_SIGNER_TITLE, note: d.electronic ? undefined : '(Ký, ghi rõ họ tên và đóng dấu)', name: d.officerName ?? (d.electronic ? null : NAME_BLANK), digital: d.electronic });
  } else {
    signatureBlock(
      doc,
      { title: 'NGƯỜI NỘP HỒ SƠ', name: d.applicant.representativeName ?? (organisation ? null : d.applicant.name) },
      { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: d.officerName },
    );
  }

  return toBuffer(doc);
}
