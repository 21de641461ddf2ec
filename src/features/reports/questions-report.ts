/**
 * "Câu hỏi của công dân": per processing agency and per answering officer, the questions
 * asked in the period — answered (on time: answered_at ≤ answer_due_at, or late), unanswered
 * now (and of them past their deadline now), and the median answer time in working hours.
 * Pure: the rows, the calendar and the instant of the report are passed in.
 */
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { QuestionReportRow } from './questions-report.repo.js';
import type { CellValue, ReportColumn } from './table.js';

/** The officer cell of the unanswered questions' row. */
export const NOT_ANSWERED_LABEL = 'Chưa có cán bộ trả lời';

export const QUESTION_REPORT_COLUMNS: ReportColumn[] = [
  { key: 'agency', label: 'Cơ quan giải quyết', kind: 'text', width: 16 },
  { key: 'officer', label: 'Cán bộ trả lời', kind: 'text', width: 12 },
  { key: 'received', label: 'Câu hỏi nhận được', kind: 'int', width: 6 },
  { key: 'answered', label: 'Đã trả lời', kind: 'int', width: 5 },
  { key: 'onTime', label: 'Trả lời đúng hạn', kind: 'int', width: 5 },
  { key: 'late', label: 'Trả lời quá hạn', kind: 'int', width: 5 },
  { key: 'unanswered', label: 'Chưa trả lời', kind: 'int', width: 5 },
  { key: 'overdue', label: 'Chưa trả lời, đã quá hạn', kind: 'int', width: 6 },
  { key: 'onTimeRate', label: 'Tỷ lệ trả lời đúng hạn', kind: 'percent', width: 6 },
  { key: 'medianHours', label: 'Thời gian trả lời (trung vị, giờ làm việc)', kind: 'int', width: 7 },
];

export const QUESTION_REPORT_NOTES = [
  'Câu hỏi nhận được: câu hỏi công dân gửi trong kỳ (trang tình trạng hồ sơ, Zalo) về hồ sơ của cơ quan giải quyết; mỗi câu hỏi tính ở dòng của cán bộ đã trả lời, câu hỏi chưa trả lời ở dòng “Chưa có cán bộ trả lời”.',
  'Đúng hạn: trả lời trước hoặc đúng thời hạn trả lời (tính theo giờ làm việc từ lúc hỏi). Chưa trả lời, đã quá hạn: tính đến thời điểm lập báo cáo.',
  'Thời gian trả lời: trung vị số giờ làm việc từ lúc hỏi đến lúc trả lời (không tính ngoài giờ, ngày nghỉ, ngày lễ) của các câu hỏi đã trả lời.',
];

interface Acc {
  agency: string;
  officer: string;
  received: number;
  answered: number;
  onTime: number;
  late: number;
  unanswered: number;
  overdue: number;
  hours: number[];
}

/** The median of the numbers; null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

function rowOf(a: Acc): Record<string, CellValue> {
  return {
    agency: a.agency,
    officer: a.officer,
    received: a.received,
    answered: a.answered,
    onTime: a.onTime,
    late: a.late,
    unanswered: a.unanswered,
    overdue: a.overdue,
    onTimeRate: a.answered ? a.onTime / a.answered : null,
    medianHours: round2(median(a.hours)),
  };
}

export function questionReportRows(rows: readonly QuestionReportRow[], cal: WorkingCalendar, now: Date): { rows: Array<Record<string, CellValue>>; totals: Record<string, CellValue> } {
  const groups = new Map<string, Acc>();
  const all: Acc = { agency: '', officer: '', received: 0, answered: 0, onTime: 0, late: 0, unanswered: 0, overdue: 0, hours: [] };
  for (const r of rows) {
    const key = `${r.agencyId}|${r.officerId ?? ''}`;
    const a = groups.get(key) ?? { agency: r.agencyName, officer: r.officerName ?? NOT_ANSWERED_LABEL, received: 0, answered: 0, onTime: 0, late: 0, unanswered: 0, overdue: 0, hours: [] };
    for (const x of [a, all]) {
      x.received++;
      // An answer after the report's instant is not known yet (a past period re-run reads the same).
      if (r.answeredAt && r.answeredAt.getTime() <= now.getTime()) {
        x.answered++;
        if (r.answeredAt.getTime() <= r.answerDueAt.getTime()) x.onTime++;
        else x.late++;
        x.hours.push(cal.workingTimeBetween(r.askedAt, r.answeredAt) / 3_600_000);
      } else {
        x.unanswered++;
        if (r.answerDueAt.getTime() < now.getTime()) x.overdue++;
      }
    }
    groups.set(key, a);
  }
  const sorted = [...groups.values()].sort((a, b) => a.agency.localeCompare(b.agency, 'vi') || Number(a.officer === NOT_ANSWERED_LABEL) - Number(b.officer === NOT_ANSWERED_LABEL) || a.officer.localeCompare(b.officer, 'vi'));
  const totals = rowOf(all);
  delete totals.agency;
  delete totals.officer;
  return { rows: sorted.map(rowOf), totals };
}
