/** The administrator's form for the portal's published 766 score (agency, period, group, score), through the form kit. */
import { z } from 'zod';
import { parsePeriod, type Period } from '../../domain/period.js';
import { SCORECARD_GROUPS, SCORECARD_GROUP_CODES, type ScorecardGroupCode } from '../../domain/scorecard-766.js';
import type { LocalDate } from '../../domain/time.js';
import { id, oneOf, optionalText, parseObject, type FieldErrors, type FormValues, type RawInput } from '../../web/form.js';
import { parseReportQuery, PERIOD_FIELD_NAMES } from './reports.schema.js';

const schema = z.object({
  co_quan: id('Chọn cơ quan'),
  ky: oneOf(['thang', 'quy', 'nam'] as const, 'Chọn loại kỳ: tháng, quý hoặc năm'),
  thang: optionalText(20),
  quy: optionalText(20),
  nam: optionalText(20),
  nhom: oneOf(SCORECARD_GROUP_CODES as unknown as readonly [ScorecardGroupCode, ...ScorecardGroupCode[]], 'Chọn nhóm chỉ số'),
  diem: z.string().trim().min(1, 'Nhập điểm Cổng DVCQG công bố').max(10, 'Điểm không hợp lệ'),
  ghi_chu: optionalText(500),
});

export interface PortalScoreInput {
  agencyId: number;
  period: Period;
  groupCode: ScorecardGroupCode;
  score: number;
  note: string;
}

export type PortalScoreParse = { ok: true; value: PortalScoreInput; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

/** The form: the score is a number from 0 to the group's points (comma or dot, two decimals at most). */
export function parsePortalScoreForm(body: RawInput, today: LocalDate): PortalScoreParse {
  const parsed = parseObject(schema, body);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const errors: FieldErrors = {};
  const group = SCORECARD_GROUPS.find((g) => g.code === v.nhom)!;
  const raw = v.diem.replace(',', '.');
  const score = /^\d{1,3}(\.\d{1,2})?$/.test(raw) ? Number(raw) : NaN;
  if (!(score >= 0 && score <= group.points)) errors.diem = `Điểm là số từ 0 đến ${group.points} (tối đa hai chữ số thập phân, ví dụ 16,5)`;
  const q = parseReportQuery({ ky: v.ky, thang: v.thang ?? '', quy: v.quy ?? '', nam: v.nam ?? '' }, { agencyFilter: false });
  let period: Period | null = null;
  if (q.ok && q.value.period) {
    const p = parsePeriod(q.value.period, today);
    if (p.ok) period = p.period;
    else errors[PERIOD_FIELD_NAMES[p.field]] = p.message;
  } else errors.ky = 'Kỳ không hợp lệ';
  if (Object.keys(errors).length || !period) return { ok: false, errors, values: parsed.values };
  return { ok: true, value: { agencyId: v.co_quan, period, groupCode: v.nhom, score, note: v.ghi_chu ?? '' }, values: parsed.values };
}
