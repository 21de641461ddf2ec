/**
 * Report periods in Vietnam time: a month, a quarter, a year or a custom range of days,
 * as the half-open instant range [from, to) and a Vietnamese label.
 */
import { addDays, dayNumber, fromDayNumber, isLocalDate, vnInstant, type LocalDate } from './time.js';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export interface Period {
  kind: PeriodKind;
  from: Date;
  to: Date;
  firstDay: LocalDate;
  lastDay: LocalDate;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const vnDate = (d: LocalDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const ROMAN = ['I', 'II', 'III', 'IV'];

function make(kind: PeriodKind, firstDay: LocalDate, lastDay: LocalDate, name: string): Period {
  return {
    kind,
    from: vnInstant(firstDay),
    to: vnInstant(addDays(lastDay, 1)),
    firstDay,
    lastDay,
    label: `${name} (${vnDate(firstDay)} – ${vnDate(lastDay)})`,
  };
}

function lastDayOfMonth(year: number, month: number): LocalDate {
  return fromDayNumber(dayNumber(`${year + Math.floor(month / 12)}-${pad((month % 12) + 1)}-01`) - 1);
}

export function monthPeriod(year: number, month: number): Period {
  return make('month', `${year}-${pad(month)}-01`, lastDayOfMonth(year, month), `Tháng ${pad(month)}/${year}`);
}

export function quarterPeriod(year: number, quarter: number): Period {
  const firstMonth = (quarter - 1) * 3 + 1;
  return make('quarter', `${year}-${pad(firstMonth)}-01`, lastDayOfMonth(year, firstMonth + 2), `Quý ${ROMAN[quarter - 1]}/${year}`);
}

export function yearPeriod(year: number): Period {
  return make('year', `${year}-01-01`, `${year}-12-31`, `Năm ${year}`);
}

export function customPeriod(firstDay: LocalDate, lastDay: LocalDate): Period {
  return make('custom', firstDay, lastDay, 'Từ ngày đến ngày');
}

export type PeriodParse = { ok: true; period: Period } | { ok: false; field: string; message: string };

/**
 * From query parameters: ky=thang&thang=2026-11 | ky=quy&quy=2026-4 | ky=nam&nam=2026 |
 * ky=tuy-chon&tu_ngay=2026-10-01&den_ngay=2026-12-31. Defaults to the month of `today`.
 */
export function parsePeriod(q: Record<string, unknown>, today: LocalDate): PeriodParse {
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const kind = s('ky') || 'thang';
  const year = Number(today.slice(0, 4));
  switch (kind) {
    case 'thang': {
      const m = /^(\d{4})-(\d{2})$/.exec(s('thang') || today.slice(0, 7));
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return { ok: false, field: 'thang', message: 'Tháng không hợp lệ (dạng năm-tháng, ví dụ 2026-11)' };
      return { ok: true, period: monthPeriod(Number(m[1]), Number(m[2])) };
    }
    case 'quy': {
      const m = /^(\d{4})-([1-4])$/.exec(s('quy') || `${year}-${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`);
      if (!m) return { ok: false, field: 'quy', message: 'Quý không hợp lệ (ví dụ 2026-4 là quý IV/2026)' };
      return { ok: true, period: quarterPeriod(Number(m[1]), Number(m[2])) };
    }
    case 'nam': {
      const m = /^(\d{4})$/.exec(s('nam') || String(year));
      if (!m) return { ok: false, field: 'nam', message: 'Năm không hợp lệ' };
      return { ok: true, period: yearPeriod(Number(m[1])) };
    }
    case 'tuy-chon': {
      const a = s('tu_ngay');
      const b = s('den_ngay');
      if (!isLocalDate(a)) return { ok: false, field: 'tu_ngay', message: 'Ngày bắt đầu không hợp lệ' };
      if (!isLocalDate(b)) return { ok: false, field: 'den_ngay', message: 'Ngày kết thúc không hợp lệ' };
      if (b < a) return { ok: false, field: 'den_ngay', message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi' };
      if (dayNumber(b) - dayNumber(a) > 3660) return { ok: false, field: 'den_ngay', message: 'Khoảng thời gian tối đa 10 năm' };
      return { ok: true, period: customPeriod(a, b) };
    }
    default:
      return { ok: false, field: 'ky', message: 'Kỳ báo cáo không hợp lệ' };
  }
}

/** The months a period spans, for trend charts. */
export function monthsOf(p: Period): Period[] {
  const out: Period[] = [];
  let y = Number(p.firstDay.slice(0, 4));
  let m = Number(p.firstDay.slice(5, 7));
  while (`${y}-${pad(m)}-01` <= p.lastDay) {
    out.push(monthPeriod(y, m));
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
