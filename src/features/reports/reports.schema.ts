/**
 * The report pages' query string, through the form kit: the period (ky=thang&thang=12/2026
 * or 2026-12 | ky=quy&quy=4/2026, IV/2026 or 2026-4 | ky=nam&nam=2026 |
 * ky=tuy-chon&tu_ngay=…&den_ngay=…, dates as dd/MM/yyyy or YYYY-MM-DD), the filters
 * (co_quan, thu_tuc, can_bo) and the export format. The schema reads the values; the
 * domain's parseMonthText / parseQuarterText / parsePeriod judge the period.
 */
import { z } from 'zod';
import { parseMonthText, parseQuarterText, type Period, type PeriodField, type PeriodRequest } from '../../domain/period.js';
import { formatLocalDateVn } from '../../domain/time.js';
import { optionalDate, optionalId, optionalText, parseObject, parseYear, type RawInput } from '../../web/form.js';

export const PERIOD_KINDS = ['thang', 'quy', 'nam', 'tuy-chon'] as const;
export type PeriodKindParam = (typeof PERIOD_KINDS)[number];
/** The picker's kinds, in order, with their labels. */
export const PERIOD_KIND_LABELS: Record<PeriodKindParam, string> = { thang: 'Tháng', quy: 'Quý', nam: 'Năm', 'tuy-chon': 'Khoảng ngày tùy chọn' };
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The query field behind each part of a period, for messages next to the field. */
export const PERIOD_FIELD_NAMES: Record<PeriodField, string> = { month: 'thang', quarter: 'quy', year: 'nam', from: 'tu_ngay', to: 'den_ngay' };

const short = optionalText(40, 'Giá trị quá dài');

const reportQuerySchema = z.object({
  ky: short,
  thang: short,
  quy: short,
  nam: short,
  tu_ngay: optionalDate('Ngày bắt đầu không hợp lệ (dạng ngày/tháng/năm, ví dụ 01/10/2026)'),
  den_ngay: optionalDate('Ngày kết thúc không hợp lệ (dạng ngày/tháng/năm, ví dụ 31/12/2026)'),
  co_quan: optionalId('Cơ quan không hợp lệ'),
  thu_tuc: optionalText(30, 'Mã thủ tục không quá 30 ký tự'),
  can_bo: optionalId('Cán bộ không hợp lệ'),
  dinh_dang: short,
});

export interface ReportQuery {
  period: PeriodRequest | null;
  agencyId: number | undefined;
  procedureCode: string | undefined;
  officerId: number | undefined;
  format: ExportFormat | null;
}

/**
 * The query of a report page. `period: null` with an error on `ky` when the kind is
 * unknown. Only administrators choose an agency: for others `co_quan` is not read.
 */
export function parseReportQuery(query: RawInput, options: { agencyFilter: boolean }) {
  const input = { ...(query ?? {}) };
  if (!options.agencyFilter) delete input.co_quan;
  const parsed = parseObject(reportQuerySchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  let period: PeriodRequest | null;
  switch (v.ky ?? 'thang') {
    case 'thang':
      period = v.thang === null ? { kind: 'month' } : { kind: 'month', ...parseMonthText(v.thang) };
      break;
    case 'quy':
      period = v.quy === null ? { kind: 'quarter' } : { kind: 'quarter', ...parseQuarterText(v.quy) };
      break;
    case 'nam':
      period = { kind: 'year', ...(v.nam === null ? {} : { year: parseYear(v.nam) ?? NaN }) };
      break;
    case 'tuy-chon':
      period = { kind: 'custom', ...(v.tu_ngay ? { from: v.tu_ngay } : {}), ...(v.den_ngay ? { to: v.den_ngay } : {}) };
      break;
    default:
      period = null;
  }
  const format = (EXPORT_FORMATS as readonly string[]).includes(v.dinh_dang ?? '') ? (v.dinh_dang as ExportFormat) : null;
  const value: ReportQuery = {
    period,
    agencyId: v.co_quan ?? undefined,
    procedureCode: v.thu_tuc ?? undefined,
    officerId: v.can_bo ?? undefined,
    format,
  };
  return { ok: true as const, value, values: parsed.values };
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * The period a report shows, written back as the picker's fields (`ky` and the kind's own
 * fields, the way the hints write them: 12/2026, IV/2026, 2026, dd/MM/yyyy). The page fills
 * the picker with it, so a report opened without a period shows the one it defaulted to,
 * and the export links carry it.
 */
export function periodQuery(period: Period): Record<string, string> {
  const year = period.firstDay.slice(0, 4);
  const month = Number(period.firstDay.slice(5, 7));
  switch (period.kind) {
    case 'month':
      return { ky: 'thang', thang: `${month}/${year}` };
    case 'quarter':
      return { ky: 'quy', quy: `${ROMAN[Math.floor((month - 1) / 3)]}/${year}` };
    case 'year':
      return { ky: 'nam', nam: year };
    case 'custom':
      return { ky: 'tuy-chon', tu_ngay: formatLocalDateVn(period.firstDay), den_ngay: formatLocalDateVn(period.lastDay) };
  }
}
