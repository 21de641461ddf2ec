/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 in the 2018 numbering): travels with
 * the dossier and records every hand-over — which unit gave it to which, when, who gave
 * and who received it — with the result (early / on time / late) and notes. Where the
 * procedure has an internal process, a row judged against a step's limit names the step
 * and its limit in the notes. A4 portrait; the table continues over as many pages as
 * needed, its header row repeated on each. Label, title and number suffix ("…/PKS") come
 * from the form registry.
 */
import { formInfo, type FormInfo } from '../domain/forms.js';
import { formatClockVn, formatDateVn, formatOfficialDate } from '../domain/time.js';
import { COMPLETION_LABELS, type Completion } from '../domain/workflow.js';
import { nfc } from '../domain/text.js';
import { drawTable, formTitle, labelled, runs, type Cell, type ColumnSpec } from './blocks.js';
import { CONTENT_WIDTH, PAGE, createDocument, drawHeader, toBuffer } from './document.js';

export interface ControlSheetStep {
  fromUnit: string;
  toUnit: string;
  at: Date;
  giver: string | null;
  receiver: string | null;
  result: Completion | null;
  note: string | null;
  /** The step of the internal process this row was judged against (its number) and its limit; absent: the appointment. */
  limit?: { position: number; deadline: Date } | null;
}

export interface ControlSheetData {
  /** Dossier code (not the sheet's number). */
  code: string;
  /** The sheet's number, printed "Số: <sequenceLabel>/<suffix>"; absent: "…", to be filled in by hand. */
  sequenceLabel?: string;
  /** Label, title and suffix from the form registry; the 2025 defaults when absent. */
  form?: FormInfo;
  governingBody: string;
  unitName: string;
  placeName: string;
  /** Date of the sheet (the header's place-and-date line). */
  issuedAt: Date;
  /** Cơ quan (bộ phận) chủ trì giải quyết. */
  processingUnit: string;
  /** Cơ quan phối hợp giải quyết; may be empty. */
  coordinatingUnits: string[];
  receivedAt: Date;
  /** The result appointment. */
  dueAt: Date;
  /** The procedure's internal process, one line per step ("1. Thẩm định — Phòng Kinh tế: 2 ngày làm việc"); empty: none. */
  process?: string[];
  steps: ControlSheetStep[];
}

export const CONTROL_SHEET_TITLE = formInfo('control_sheet', '2025').title;

const NAME_BLANK = '..............................';

// At 11 pt: a typical unit name fits on one line after "2. Nhận: ", and the time column
// holds "hh giờ mm phút, ngày dd/mm/yyyy" and a typical full name after "Người nhận: ".
const COL_UNIT = 178;
const COL_TIME = 156;
const COL_RESULT = 80;
export const CONTROL_SHEET_COLUMNS: ColumnSpec[] = [
  { title: 'Tên cơ quan', width: COL_UNIT, align: 'left', headerAlign: 'center' },
  { title: 'Thời gian giao, nhận hồ sơ', width: COL_TIME, align: 'left', headerAlign: 'center' },
  { title: 'Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)', width: COL_RESULT, align: 'center' },
  { title: 'Ghi chú', width: CONTENT_WIDTH - COL_UNIT - COL_TIME - COL_RESULT, align: 'left', headerAlign: 'center' },
];

/** "Bước 2: hạn 10 giờ 00 ngày 03/12/2026" (the notes column is narrow). */
export function limitText(limit: { position: number; deadline: Date }): string {
  const [hh, , mm] = formatClockVn(limit.deadline).split(' ');
  return `Bước ${limit.position}: hạn ${hh} giờ ${mm} ngày ${formatDateVn(limit.deadline)}`;
}

function stepRow(s: ControlSheetStep): Cell[] {
  return [
    [{ text: `1. Giao: ${s.fromUnit}` }, { text: `2. Nhận: ${s.toUnit}` }],
    [
      { text: `${formatClockVn(s.at)}, ngày ${formatDateVn(s.at)}` },
      { text: `Người giao: ${s.giver ?? NAME_BLANK}` },
      { text: `Người nhận: ${s.receiver ?? NAME_BLANK}` },
    ],
    s.result ? COMPLETION_LABELS[s.result] : '',
    s.limit ? [{ text: limitText(s.limit) }, ...(s.note ? [{ text: s.note }] : [])] : (s.note ?? ''),
  ];
}

export async function renderControlSheet(d: ControlSheetData): Promise<Buffer> {
  const doc = createDocument(`Phiếu kiểm soát quá trình giải quyết hồ sơ ${d.code}`);
  const form = d.form ?? formInfo('control_sheet', '2025');
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: d.unitName,
    number: d.sequenceLabel ?? '…',
    form,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, form.title);

  labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Cơ quan (bộ phận) chủ trì giải quyết: ', d.processingUnit);
  labelled(doc, 'Cơ quan phối hợp giải quyết: ', d.coordinatingUnits.length > 0 ? d.coordinatingUnits.join('; ') : 'Không có');
  labelled(doc, 'Thời gian nhận hồ sơ: ', `${formatClockVn(d.receivedAt)}, ${formatOfficialDate(d.receivedAt)}`);
  labelled(doc, 'Thời gian trả kết quả giải quyết hồ sơ: ', `${formatClockVn(d.dueAt)}, ${formatOfficialDate(d.dueAt)}`);
  if (d.process && d.process.length > 0) {
    labelled(doc, 'Quy trình nội bộ: ', `${d.process.length} bước`, { valueFont: 'regular' });
    for (const line of d.process) runs(doc, [{ text: line, font: 'regular' }], { x: PAGE.left + 14, width: CONTENT_WIDTH - 14, fontSize: 11 });
    doc.x = PAGE.left;
    runs(doc, [{ text: 'Kết quả của mỗi lần giao nhận được đánh giá theo thời hạn của bước mà hồ sơ vừa hoàn thành (ghi ở cột Ghi chú); lần giao nhận ngoài quy trình được đánh giá theo ngày hẹn trả kết quả.', font: 'italic' }], { fontSize: 10 });
  }
  doc.moveDown(0.5);

  drawTable(doc, CONTROL_SHEET_COLUMNS, d.steps.map(stepRow), {
    headerValign: 'middle',
    onNewPage: (page) => {
      // In the top margin, so the continuation never costs a row.
      page
        .font('italic')
        .fontSize(9)
        .text(nfc(`Phiếu kiểm soát quá trình giải quyết hồ sơ ${d.code} (tiếp theo)`), PAGE.left, PAGE.top - 24, {
          width: CONTENT_WIDTH,
          align: 'right',
          lineBreak: false,
        });
      page.y = PAGE.top;
    },
  });

  return toBuffer(doc);
}
