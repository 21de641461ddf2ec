/**
 * Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): what the applicant must add or
 * correct, why, and whom to ask — the guidance has to be complete in one pass. The
 * dossier continues when the supplement arrives; the deadline is paused meanwhile.
 */
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { labelled, formTitle, numberedList, paragraph, runs, signatureBlock } from './blocks.js';
import { PAGE, createDocument, drawHeader, toBuffer } from './document.js';

export interface SupplementData {
  /** Dossier code, e.g. "000.31.01.H26-261123-0001". */
  code: string;
  /** Printed as "Số: <sequenceLabel>/PYCBS". */
  sequenceLabel: string;
  governingBody: string;
  unitName: string;
  placeName: string;
  /** Date of the request (the header's place-and-date line). */
  issuedAt: Date;
  applicant: { name: string; address: string; phone: string; email: string | null };
  procedureName: string;
  receivedAt: Date;
  /** What must be added or corrected, one entry per numbered item. */
  items: string[];
  reason: string;
  /** The officer who gives the guidance and signs the request. */
  officer: { name: string; phone: string };
}

export const SUPPLEMENT_TITLE = 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ';

export async function renderSupplementRequest(d: SupplementData): Promise<Buffer> {
  const doc = createDocument(`Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ${d.code}`);
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: d.unitName,
    number: `${d.sequenceLabel}/PYCBS`,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, SUPPLEMENT_TITLE);

  labelled(doc, 'Hồ sơ của: ', d.applicant.name);
  labelled(doc, 'Nội dung yêu cầu giải quyết: ', d.procedureName);
  labelled(doc, 'Địa chỉ: ', d.applicant.address);
  labelled(doc, 'Số điện thoại: ', d.applicant.phone + (d.applicant.email ? `      Thư điện tử: ${d.applicant.email}` : ''));
  labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Thời gian nhận hồ sơ: ', `${formatClockVn(d.receivedAt)}, ${formatOfficialDate(d.receivedAt)}`);

  doc.moveDown(0.4);
  paragraph(doc, 'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', { font: 'bold' });
  doc.moveDown(0.2);
  numberedList(doc, d.items, { x: PAGE.left + 14 });

  doc.moveDown(0.3);
  labelled(doc, 'Lý do: ', d.reason, { valueFont: 'regular' });

  doc.moveDown(0.3);
  paragraph(
    doc,
    'Hồ sơ sẽ được tiếp tục giải quyết khi Ông/Bà nộp đầy đủ các nội dung bổ sung, hoàn thiện nêu trên. ' +
      'Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết (thời hạn giải quyết được tạm dừng trong thời gian này).',
  );
  paragraph(doc, 'Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ cán bộ hướng dẫn để được giải đáp:');
  runs(doc, [
    { text: 'Họ và tên: ', font: 'regular' },
    { text: d.officer.name, font: 'bold' },
    { text: '      Số điện thoại: ', font: 'regular' },
    { text: d.officer.phone, font: 'bold' },
  ]);

  doc.moveDown(0.6);
  signatureBlock(doc, null, { title: 'NGƯỜI HƯỚNG DẪN', name: d.officer.name });

  return toBuffer(doc);
}
