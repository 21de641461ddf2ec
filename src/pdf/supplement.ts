/**
 * Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (form key "supplement", Mẫu 02): what the
 * applicant must add or correct, the specific reason, and whom to ask — the guidance has to
 * be complete in one pass. Used during processing (a dossier code; the time limit is paused
 * or, under restart, counted again from the complete supplement) and at the counter before receipt (no dossier code: the citizen comes back with it).
 */
import { supplementClockNote } from '../domain/appointment.js';
import type { SupplementClock } from '../domain/deadline.js';
import { formInfo } from '../domain/forms.js';
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { labelled, formTitle, numberedList, paragraph, runs, signatureBlock, type Run } from './blocks.js';
import { PAGE, createDocument, drawHeader, toBuffer, type FormHeading } from './document.js';

export interface SupplementData extends FormHeading {
  /** Dossier code, e.g. "000.31.01.H26-261123-0001"; null at the counter before receipt. */
  code: string | null;
  /** Date of the request (the header's place-and-date line). */
  issuedAt: Date;
  applicant: { name: string; address: string; phone: string; email: string | null };
  procedureName: string;
  /** When the dossier was received; null at the counter before receipt. */
  receivedAt: Date | null;
  /** What must be added or corrected, one entry per numbered item. */
  items: string[];
  reason: string;
  /** The officer who requested the supplement: gives the guidance and signs the request; phone is their work phone ("" when none). */
  officer: { name: string; phone: string };
  /** The receiving unit's phone (its hotline), printed when the officer has no work phone. */
  unitPhone?: string;
  /**
   * What the dossier's clock does until the complete supplement (domain/appointment.ts
   * supplementClockNote): restart counts the full time again from it, resume stops the clock.
   * Only for a received dossier; resume when absent (how requests were printed before 2025).
   */
  supplementClock?: SupplementClock;
  /** The procedure's public page (/thu-tuc/<code>: its documents and form templates), printed after the guidance. */
  procedureUrl?: string;
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

export const SUPPLEMENT_TITLE = formInfo('supplement', '2025').title;

export async function renderSupplementRequest(d: SupplementData): Promise<Buffer> {
  const form = d.form ?? formInfo('supplement', '2025');
  const doc = createDocument(`Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ${d.code ? ` ${d.code}` : ''}`);
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: d.unitName,
    number: d.sequenceLabel,
    form,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, form.title);

  labelled(doc, 'Hồ sơ của: ', d.applicant.name);
  labelled(doc, 'Nội dung yêu cầu giải quyết: ', d.procedureName);
  if (d.applicant.address) labelled(doc, 'Địa chỉ: ', d.applicant.address);
  if (d.applicant.phone || d.applicant.email) {
    labelled(doc, 'Số điện thoại: ', (d.applicant.phone || 'không ghi') + (d.applicant.email ? `      Thư điện tử: ${d.applicant.email}` : ''));
  }
  if (d.code) labelled(doc, 'Mã hồ sơ: ', d.code);
  if (d.receivedAt) labelled(doc, 'Thời gian nhận hồ sơ: ', `${formatClockVn(d.receivedAt)}, ${formatOfficialDate(d.receivedAt)}`);

  doc.moveDown(0.4);
  paragraph(doc, 'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:', { font: 'bold' });
  doc.moveDown(0.2);
  numberedList(doc, d.items, { x: PAGE.left + 14 });

  doc.moveDown(0.3);
  labelled(doc, 'Lý do: ', d.reason, { valueFont: 'regular' });

  doc.moveDown(0.3);
  paragraph(
    doc,
    d.code
      ? 'Hồ sơ sẽ được tiếp tục giải quyết khi Ông/Bà nộp đầy đủ các nội dung bổ sung, hoàn thiện nêu trên. ' + supplementClockNote(d.supplementClock ?? 'resume')
      : 'Hồ sơ chưa được tiếp nhận. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ theo các nội dung nêu trên và nộp lại tại Bộ phận Một cửa để được tiếp nhận, giải quyết theo quy định.',
  );
  paragraph(doc, 'Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ cán bộ hướng dẫn để được giải đáp:');
  runs(doc, guidingOfficerRuns(d.officer, d.unitPhone));
  if (d.procedureUrl) labelled(doc, 'Thành phần hồ sơ và mẫu đơn của thủ tục: ', d.procedureUrl, { valueFont: 'regular' });

  doc.moveDown(0.6);
  signatureBlock(doc, null, { title: 'NGƯỜI HƯỚNG DẪN', name: d.officer.name, digital: d.electronic });

  return toBuffer(doc);
}
