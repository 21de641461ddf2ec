/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05): travels with the dossier and
 * records every hand-over — which unit gave it to which, when, who gave and who
 * received it — with the result (early / on time / late) and notes. A4 portrait; the
 * table continues over as many pages as needed, its header row repeated on each.
 */
import { formatClockVn, formatDateVn, formatOfficialDate } from '../domain/time.js';
import { COMPLETION_LABELS, type Completion } from '../domain/workflow.js';
import { nfc } from '../domain/text.js';
import { drawTable, formTitle, labelled, type Cell, type ColumnSpec } from './blocks.js';
import { CONTENT_WIDTH, PAGE, createDocument, drawHeader, toBuffer } from './document.js';

export interface ControlSheetStep {
  fromUnit: string;
  toUnit: string;
  at: Date;
  giver: string | null;
  receiver: string | null;
  result: Completion | null;
  note: string | null;
}

export interface ControlSheetData {
  /** Dossier code; also printed as the sheet's number ("Số: <code>"). */
  code: string;
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
  steps: ControlSheetStep[];
}

export const CONTROL_SHEET_TITLE = 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ';

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

function stepRow(s: ControlSheetStep): Cell[] {
  return [
    [{ text: `1. Giao: ${s.fromUnit}` }, { text: `2. Nhận: ${s.toUnit}` }],
    [
      { text: `${formatClockVn(s.at)}, ngày ${formatDateVn(s.at)}` },
      { text: `Người giao: ${s.giver ?? NAME_BLANK}` },
      { text: `Người nhận: ${s.receiver ?? NAME_BLANK}` },
    ],
    s.result ? COMPLETION_LABELS[s.result] : '',
    s.note ?? '',
  ];
}

export async function renderControlSheet(d: ControlSheetData): Promise<Buffer> {
  const doc = createDocument(`Phiếu kiểm soát quá trình giải quyết hồ sơ ${d.code}`);
  const y = drawHeader(doc, {
    governingBody: d.governingBody,
    unitName: d.unitName,
    number: d.code,
    placeName: d.placeName,
    date: d.issuedAt,
  });
  formTitle(doc, y, CONTROL_SHEET_TITLE);

  labelled(doc, 'Mã hồ sơ: ', d.code);
  labelled(doc, 'Cơ quan (bộ phận) chủ trì giải quyết: ', d.processingUnit);
  labelled(doc, 'Cơ quan phối hợp giải quyết: ', d.coordinatingUnits.length > 0 ? d.coordinatingUnits.join('; ') : 'Không có');
  labelled(doc, 'Thời gian nhận hồ sơ: ', `${formatClockVn(d.receivedAt)}, ${formatOfficialDate(d.receivedAt)}`);
  labelled(doc, 'Thời gian trả kết quả giải quyết hồ sơ: ', `${formatClockVn(d.dueAt)}, ${formatOfficialDate(d.dueAt)}`);
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
