/**
 * Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): what the applicant must add or
 * correct, why, and whom to ask — the guidance has to be complete in one pass. The
 * dossier continues when the supplement arrives; the deadline is paused meanwhile.
 */
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { labelled, formTitle, numberedList, paragraph, runs, signatureBlock, type Run } from './blocks.js';
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
  /** The officer who requested the supplement: gives the guidance and signs the request; phone is their work phone ("" when none). */
  officer: { name: string; phone: string };
  /** The receiving unit's phone (its hotline), printed when the officer has no work phone. */
  unitPhone?: string;
}

/** "Cán bộ hướng dẫn: <name>, điện thoại <phone>", name and phone in bold: the officer's work phone, else the unit's. */
export function guidingOfficerRuns(officer: { name: string; phone: string }, unitPhone = ''): Run[] {
  const parts: Run[] = [
    { text: 'Cán bộ hướng dẫn: ', font: 'regular' },
    { text: officer.name || 'Bộ phận Một cửa', font: 'bold' },
  ];
  if (officer.phone) parts.push({ text: ', điện thoại ', font: 'regular' }, { text: officer.phone, font: 'bold' });
  else if (unitPhone) parts.push({ text: ', điện thoại ', font: 'regular' }, { text: unitPhone, font: 'bold' }, { text: ' (đường dây nóng của đơn vị)', font: 'regular' });
  return parts;
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
  runs(doc, guidingOfficerRuns(d.officer, d.unitPhone));

  doc.moveDown(0.6);
  signatureBlock(doc, null, { title: 'NGƯỜI HƯỚNG DẪN', name: d.officer.name });

  return toBuffer(doc);
}
