/**
 * Thông báo dừng giải quyết hồ sơ (form key "stop_notice"): the applicant asked to stop
 * (withdraw) before a decision; the one-stop-shop unit checked and stops the processing
 * (Decree 118/2025 art. 21, Circular 03/2025 art. 7). Signed for the receiving unit.
 */
import { formInfo } from '../domain/forms.js';
import { formatClockVn, formatOfficialDate } from '../domain/time.js';
import { formTitle, labelled, paragraph, runs, signatureBlock } from './blocks.js';
import { PAGE, createDocument, drawHeader, toBuffer, type FormHeading, type PrintedApplicant } from './document.js';

export interface StopNoticeData extends FormHeading {
  code: string;
  /** When the withdrawal was recorded (the header's date and the stop). */
  stoppedAt: Date;
  applicant: Omit<PrintedApplicant, 'email'>;
  procedureName: string;
  /** The processing agency. */
  agencyName: string;
  receivedAt: Date;
  /** What the applicant gave as the reason to stop, if anything. */
  reason: string | null;
  /** Who recorded the withdrawal and signs for the unit. */
  officerName: string;
}

export const STOP_NOTICE_TITLE = formInfo('stop_notice', '2025').title;

const at = (d: Date) => `${formatClockVn(d)}, ${formatOfficialDate(d)}`;

export async function renderStopNotice(d: StopNoticeData): Promise<Buffer> {
  const form = d.form ?? formInfo('stop_notice', '2025');
  const doc = createDocument(`Thông báo dừng giải quyết hồ sơ ${d.code}`);
  const y = drawHeader(doc, { governingBody: d.governingBody, unitName: d.unitName, number: d.sequenceLabel, form, placeName: d.placeName, date: d.stoppedAt });
  formTitle(doc, y, form.title);

  runs(doc, [{ text: 'Kính gửi: ', font: 'regular' }, { text: d.applicant.name, font: 'bold' }], { x: PAGE.left + 70 });
  doc.x = PAGE.left;
  doc.moveDown(0.4);
  const organisation = d.applicant.kind === 'organisation';
  paragraph(doc, `Vào ${at(d.receivedAt)}, ${d.unitName} đã tiếp nhận hồ sơ của ${organisation ? 'tổ chức' : 'cá nhân'}:`, { align: 'justify' });
  labelled(doc, organisation ? 'Tên tổ chức: ' : 'Ông/Bà: ', d.applicant.name);
  labelled(doc, organisation ? 'Mã số thuế/mã số tổ chức: ' : 'Số định danh cá nhân: ', d.applicant.idNumber);
  if (d.applicant.representativeName) labelled(doc, organisation ? 'Người đại diện: ' : 'Người được ủy quyền: ', d.applicant.representativeName);
  labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Thủ tục hành chính: ', d.procedureName);
  labelled(doc, 'Cơ quan giải quyết: ', d.agencyName);

  doc.moveDown(0.4);
  paragraph(doc, `Ngày ${formatOfficialDate(d.stoppedAt).replace(/^ngày /, '')}, Ông/Bà đã đề nghị dừng giải quyết (rút) hồ sơ nêu trên.`, { align: 'justify' });
  if (d.reason) labelled(doc, 'Lý do: ', d.reason, { valueFont: 'regular' });
  doc.moveDown(0.2);
  paragraph(
    doc,
    `Căn cứ đề nghị của Ông/Bà, ${d.unitName} thông báo dừng giải quyết hồ sơ kể từ ${at(d.stoppedAt)}. ` +
      'Hồ sơ, giấy tờ đã nộp được trả lại tại Bộ phận Một cửa nơi tiếp nhận; Ông/Bà có thể nộp lại hồ sơ khi có nhu cầu./.',
    { align: 'justify' },
  );

  doc.moveDown(0.6);
  signatureBlock(doc, { title: 'NGƯỜI NHẬN THÔNG BÁO', name: d.applicant.representativeName ?? (organisation ? null : d.applicant.name) }, { title: 'NGƯỜI LẬP THÔNG BÁO', name: d.officerName, digital: d.electronic });
  return toBuffer(doc);
}
