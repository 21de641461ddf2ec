/**
 * Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03): who applied for what, and the
 * specific reasons the competent agency refuses to process the dossier; signed by the
 * person submitting and by the officer/agency.
 */
import { formTitle, labelled, paragraph, runs, signatureBlock } from './blocks.js';
import { PAGE, createDocument, drawHeader, toBuffer } from './document.js';

export interface RefusalData {
  /** Dossier code, if one was issued. */
  code: string | null;
  /** Printed as "Số: <sequenceLabel>/PTC". */
  sequenceLabel: string;
  governingBody: string;
  unitName: string;
  placeName: string;
  /** Date of the refusal (the header's place-and-date line). */
  issuedAt: Date;
  applicant: { name: string; idNumber: string; address: string; phone: string; email: string | null; representativeName: string | null };
  procedureName: string;
  /** The agency that refuses, e.g. "UBND phường Trấn Biên". */
  agencyName: string;
  /** The specific reasons; may span several lines ("\n"). */
  reason: string;
  /** The officer who signs for the agency. */
  officerName: string;
}

export const REFUSAL_TITLE = 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ';

export async function renderRefusal(d: RefusalData): Promise<Buffer> {
  const doc = createDocument(`Phiếu từ chối tiếp nhận giải quyết hồ sơ${d.code ? ` ${d.code}` : ''}`);
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: d.unitName,
    number: `${d.sequenceLabel}/PTC`,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, REFUSAL_TITLE);

  paragraph(doc, `${d.unitName} tiếp nhận hồ sơ của:`);
  labelled(doc, 'Ông/Bà: ', d.applicant.name);
  labelled(doc, 'Số định danh cá nhân: ', d.applicant.idNumber);
  labelled(doc, 'Địa chỉ: ', d.applicant.address);
  labelled(doc, 'Số điện thoại: ', d.applicant.phone + (d.applicant.email ? `      Thư điện tử: ${d.applicant.email}` : ''));
  if (d.applicant.representativeName) labelled(doc, 'Người được ủy quyền: ', d.applicant.representativeName);
  if (d.code) labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Nội dung yêu cầu giải quyết: ', d.procedureName);

  doc.moveDown(0.4);
  runs(doc, [
    { text: 'Sau khi xem xét hồ sơ, căn cứ quy định của pháp luật, cơ quan có thẩm quyền (', font: 'regular' },
    { text: d.agencyName, font: 'bold' },
    { text: ') từ chối giải quyết hồ sơ với lý do cụ thể như sau:', font: 'regular' },
  ]);
  doc.moveDown(0.2);
  const lines = d.reason
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of lines) paragraph(doc, line, { x: PAGE.left + 14 });

  doc.moveDown(0.4);
  paragraph(doc, 'Xin thông báo để Ông/Bà được biết và thực hiện./.');

  doc.moveDown(0.6);
  signatureBlock(
    doc,
    { title: 'NGƯỜI NỘP HỒ SƠ', name: d.applicant.representativeName ?? d.applicant.name },
    { title: 'CÁN BỘ/CƠ QUAN GIẢI QUYẾT', name: d.officerName },
  );

  return toBuffer(doc);
}
