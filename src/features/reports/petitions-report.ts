/**
 * "Phản ánh, kiến nghị": per competent agency and kind, the petitions received in the
 * period — forwarded within the 5 working days (forwarded_at ≤ forward_due_at) or late,
 * closed as not in scope, answered on time (answered_at ≤ answer_due_at) or late, pending.
 * Also (issue 25) forwarded outside the province, kept for study, the answers' outcomes
 * (art. 15) and their publication (art. 19: published, withheld with a reason, pending).
 * Pure: turns the repository's counts into table rows, totals and the chart's data.
 */
import { PETITION_KIND_LABELS, PETITION_KINDS, FORWARD_WORKING_DAYS, type PetitionKind } from '../../domain/petitions.js';
import type { PetitionCountRow } from './petitions-report.repo.js';
import type { CellValue, ReportColumn } from './table.js';

/** The agency cell of petitions not forwarded to any agency (yet, or closed as not in scope). */
export const NOT_FORWARDED_LABEL = 'Chưa chuyển cơ quan có thẩm quyền';

export const PETITION_REPORT_COLUMNS: ReportColumn[] = [
  { key: 'agency', label: 'Cơ quan có thẩm quyền', kind: 'text', width: 16 },
  { key: 'kind', label: 'Loại phản ánh, kiến nghị', kind: 'text', width: 14 },
  { key: 'received', label: 'Tiếp nhận', kind: 'int', width: 5 },
  { key: 'forwardedOnTime', label: `Chuyển xử lý trong ${FORWARD_WORKING_DAYS} ngày làm việc`, kind: 'int', width: 6 },
  { key: 'forwardedLate', label: 'Chuyển xử lý muộn', kind: 'int', width: 5 },
  { key: 'notInScope', label: 'Không thuộc phạm vi', kind: 'int', width: 5 },
  { key: 'answeredOnTime', label: 'Trả lời đúng hạn', kind: 'int', width: 5 },
  { key: 'answeredLate', label: 'Trả lời quá hạn', kind: 'int', width: 5 },
  { key: 'pending', label: 'Đang xử lý', kind: 'int', width: 5 },
  { key: 'forwardedExternal', label: 'Chuyển ngoài tỉnh', kind: 'int', width: 5 },
  { key: 'keptForStudy', label: 'Tiếp tục nghiên cứu', kind: 'int', width: 5 },
  { key: 'amendAbolish', label: 'KQ: sửa đổi, bãi bỏ', kind: 'int', width: 5 },
  { key: 'recommend', label: 'KQ: kiến nghị cấp có thẩm quyền', kind: 'int', width: 5 },
  { key: 'issueNew', label: 'KQ: ban hành mới', kind: 'int', width: 5 },
  { key: 'explain', label: 'KQ: giải thích', kind: 'int', width: 5 },
  { key: 'published', label: 'Đã công khai', kind: 'int', width: 5 },
  { key: 'withheld', label: 'Không công khai (có lý do)', kind: 'int', width: 5 },
  { key: 'publicationPending', label: 'Chờ công khai', kind: 'int', width: 5 },
];

export const PETITION_REPORT_NOTES = [
  'Theo phản ánh, kiến nghị tiếp nhận trong kỳ (Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 48/2013/NĐ-CP và 92/2017/NĐ-CP), theo cơ quan có thẩm quyền được chuyển xử lý và loại phản ánh, kiến nghị.',
  `Chuyển xử lý trong ${FORWARD_WORKING_DAYS} ngày làm việc: chuyển cơ quan có thẩm quyền chậm nhất ${FORWARD_WORKING_DAYS} ngày làm việc kể từ khi tiếp nhận (không tính ngày nghỉ, ngày lễ); sau thời điểm đó là chuyển muộn.`,
  'Không thuộc phạm vi: đã trả lời người gửi là không thuộc phạm vi tiếp nhận. Trả lời đúng hạn: trả lời trước hoặc đúng thời hạn trả lời tính từ khi chuyển cơ quan có thẩm quyền. Đang xử lý: chưa trả lời, tính đến thời điểm lập báo cáo.',
  'Chuyển ngoài tỉnh: chuyển cơ quan có thẩm quyền ngoài tỉnh (bộ, ngành, tỉnh khác) theo điểm d khoản 1 Điều 9. Tiếp tục nghiên cứu: chưa đủ cơ sở xử lý (khoản 2 Điều 14), đang chờ xem xét lại.',
  'KQ (kết quả xử lý, Điều 15) của các phản ánh đã trả lời: sửa đổi, bổ sung, thay thế hoặc bãi bỏ quy định; kiến nghị cơ quan có thẩm quyền; ban hành mới; giải thích, hướng dẫn. Phản ánh trả lời trước khi ghi nhận kết quả xử lý không có trong các cột KQ.',
  'Công khai (Điều 19, điểm đ khoản 2 Điều 14): mọi kết quả xử lý được công khai, đã ẩn thông tin cá nhân; lãnh đạo có thể quyết định không công khai kèm lý do (liệt kê dưới đây). Chờ công khai: đã trả lời, chưa công khai và chưa có quyết định không công khai.',
  'Cơ quan, đơn vị xem phản ánh, kiến nghị đã chuyển đến mình; Bộ phận kiểm soát thủ tục hành chính của tỉnh và quản trị hệ thống xem tất cả.',
];

/** The report's notes, with one line per withheld publication and its reason. */
export function petitionReportNotes(withheld: ReadonlyArray<{ code: string; agencyName: string | null; reason: string }>): string[] {
  return [...PETITION_REPORT_NOTES, ...withheld.map((w) => `Không công khai ${w.code}${w.agencyName ? ` (${w.agencyName})` : ''}: ${w.reason}`)];
}

const COUNT_KEYS = [
  'received',
  'forwardedOnTime',
  'forwardedLate',
  'notInScope',
  'answeredOnTime',
  'answeredLate',
  'pending',
  'forwardedExternal',
  'keptForStudy',
  'amendAbolish',
  'recommend',
  'issueNew',
  'explain',
  'published',
  'withheld',
  'publicationPending',
] as const;

const kindLabel = (k: string) => PETITION_KIND_LABELS[k as PetitionKind] ?? k;
const kindOrder = (k: string) => {
  const i = (PETITION_KINDS as readonly string[]).indexOf(k);
  return i < 0 ? PETITION_KINDS.length : i;
};

export function petitionReportRows(rows: readonly PetitionCountRow[]) {
  const sorted = [...rows].sort(
    (a, b) => Number(a.agencyId === null) - Number(b.agencyId === null) || (a.agencyName ?? '').localeCompare(b.agencyName ?? '', 'vi') || kindOrder(a.kind) - kindOrder(b.kind),
  );
  const tableRows: Array<Record<string, CellValue>> = sorted.map((r) => ({
    agency: r.agencyName ?? NOT_FORWARDED_LABEL,
    kind: kindLabel(r.kind),
    ...Object.fromEntries(COUNT_KEYS.map((k) => [k, r[k]])),
  }));
  const totals: Record<string, CellValue> = Object.fromEntries(COUNT_KEYS.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)]));
  // The chart: per kind, the outcomes so far (every kind of the decree, in its order).
  const byKind = PETITION_KINDS.map((k) => rows.filter((r) => r.kind === k));
  const chart = {
    categories: PETITION_KINDS.map((k) => PETITION_KIND_LABELS[k]),
    series: [
      { name: 'Trả lời đúng hạn', values: byKind.map((rs) => rs.reduce((s, r) => s + r.answeredOnTime, 0)) },
      { name: 'Trả lời quá hạn', values: byKind.map((rs) => rs.reduce((s, r) => s + r.answeredLate, 0)) },
      { name: 'Không thuộc phạm vi', values: byKind.map((rs) => rs.reduce((s, r) => s + r.notInScope, 0)) },
      { name: 'Đang xử lý', values: byKind.map((rs) => rs.reduce((s, r) => s + r.pending, 0)) },
    ],
  };
  return { rows: tableRows, totals, chart };
}
