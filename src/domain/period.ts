/**
 * Report periods in Vietnam time: a month, a quarter, a year or a custom range of days,
 * as the half-open instant range [from, to) and a Vietnamese label.
 */
import { addDays, dayNumber, formatLocalDateVn, fromDayNumber, isLocalDate, vnInstant, type LocalDate } from './time.js';

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
const ROMAN = ['I', 'II', 'III', 'IV'];

function make(kind: PeriodKind, firstDay: LocalDate, lastDay: LocalDate, name: string): Period {
  return {
    kind,
    from: vnInstant(firstDay),
    to: vnInstant(addDays(lastDay, 1)),
    firstDay,
    lastDay,
    label: `${name} (${formatLocalDateVn(firstDay)} – ${formatLocalDateVn(lastDay)})`,
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

/** Years a period may touch, as the form kit bounds every date. */
export const MIN_PERIOD_YEAR = 1900;
export const MAX_PERIOD_YEAR = 2100;

/**
 * What a period form asked for, already read by a schema (real dates as `YYYY-MM-DD`,
 * numbers as numbers). A missing part takes today's month, quarter or year; a custom
 * range takes `defaultDays` ending today when the options allow it.
 */
export type PeriodRequest =
  | { kind: 'month'; year?: number; month?: number }
  | { kind: 'quarter'; year?: number; quarter?: number }
  | { kind: 'year'; year?: number }
  | { kind: 'custom'; from?: LocalDate; to?: LocalDate };

export interface PeriodOptions {
  /** A custom range with no dates is the last `defaultDays` days, today included; without it both dates are required. */
  defaultDays?: number;
  /** Longest custom range, in days, both ends included. */
  maxDays: number;
  /** How the longest range is written in the message (default: "N ngày"). */
  maxLabel?: string;
}

export type PeriodField = 'month' | 'quarter' | 'year' | 'from' | 'to';
export type PeriodParse = { ok: true; period: Period } | { ok: false; field: PeriodField; message: string };

/** The reports' default: about ten years at most; a custom range with no dates is the last 30 days. */
export const REPORT_PERIOD_OPTIONS: PeriodOptions = { defaultDays: 30, maxDays: 3661, maxLabel: '10 năm' };

// ------------------------------------------------------------ typed periods

const ROMAN_OF: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

/**
 * A month as people type it: "12/2026", "2/2026", "12-2026", "2026-12", "2026/12",
 * "tháng 12/2026", "T12/2026". Anything else → NaN (parsePeriod refuses it with a message).
 */
export function parseMonthText(raw: string): { year: number; month: number } {
  const v = raw.normalize('NFC').trim().toLowerCase().replace(/^(tháng|thg|t)\s*/u, '').replace(/\s+/g, '');
  const monthFirst = /^(\d{1,2})[/.-](\d{4})$/.exec(v);
  if (monthFirst) return { year: Number(monthFirst[2]), month: Number(monthFirst[1]) };
  const yearFirst = /^(\d{4})[/.-](\d{1,2})$/.exec(v);
  if (yearFirst) return { year: Number(yearFirst[1]), month: Number(yearFirst[2]) };
  return { year: NaN, month: NaN };
}

/**
 * A quarter as people type it: "4/2026", "Q4/2026", "IV/2026", "quý IV/2026", "2026-4",
 * "2026-Q4". Anything else → NaN.
 */
export function parseQuarterText(raw: string): { year: number; quarter: number } {
  const v = raw.normalize('NFC').trim().toUpperCase().replace(/^QUÝ\s*/u, '').replace(/\s+/g, '');
  const q = (s: string) => (/^[1-4]$/.test(s) ? Number(s) : (ROMAN_OF[s] ?? NaN));
  const quarterFirst = /^Q?([1-4]|I{1,3}|IV)[/.-](\d{4})$/.exec(v);
  if (quarterFirst) return { year: Number(quarterFirst[2]), quarter: q(quarterFirst[1]!) };
  const yearFirst = /^(\d{4})[/.-]Q?([1-4]|I{1,3}|IV)$/.exec(v);
  if (yearFirst) return { year: Number(yearFirst[1]), quarter: q(yearFirst[2]!) };
  return { year: NaN, quarter: NaN };
}

const inYears = (year: number) => Number.isInteger(year) && year >= MIN_PERIOD_YEAR && year <= MAX_PERIOD_YEAR;
const inRange = (d: LocalDate) => isLocalDate(d) && inYears(Number(d.slice(0, 4)));
const fail = (field: PeriodField, message: string): PeriodParse => ({ ok: false, field, message });
const YEAR_MESSAGE = `Năm không hợp lệ (từ ${MIN_PERIOD_YEAR} đến ${MAX_PERIOD_YEAR})`;

/** The one period parser, for the reports (month, quarter, year, custom) and the ratings page (custom). */
export function parsePeriod(req: PeriodRequest, today: LocalDate, options: PeriodOptions = REPORT_PERIOD_OPTIONS): PeriodParse {
  const thisYear = Number(today.slice(0, 4));
  const thisMonth = Number(today.slice(5, 7));
  switch (req.kind) {
    case 'month': {
      const year = req.year ?? thisYear;
      const month = req.month ?? (req.year === undefined ? thisMonth : NaN);
      if (!inYears(year) || !Number.isInteger(month) || month < 1 || month > 12) {
        return fail('month', `Tháng không hợp lệ (dạng tháng/năm, ví dụ 12/2026; năm từ ${MIN_PERIOD_YEAR} đến ${MAX_PERIOD_YEAR})`);
      }
      return { ok: true, period: monthPeriod(year, month) };
    }
    case 'quarter': {
      const year = req.year ?? thisYear;
      const quarter = req.quarter ?? (req.year === undefined ? Math.floor((thisMonth - 1) / 3) + 1 : NaN);
      if (!inYears(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
        return fail('quarter', 'Quý không hợp lệ (dạng quý/năm, ví dụ 4/2026 hoặc IV/2026 là quý IV năm 2026)');
      }
      return { ok: true, period: quarterPeriod(year, quarter) };
    }
    case 'year': {
      const year = req.year ?? thisYear;
      if (!inYears(year)) return fail('year', YEAR_MESSAGE);
      return { ok: true, period: yearPeriod(year) };
    }
    case 'custom': {
      const fallback = options.defaultDays;
      const to = req.to ?? (fallback !== undefined ? today : undefined);
      if (to === undefined || !inRange(to)) return fail('to', 'Nhập ngày kết thúc (dạng ngày/tháng/năm, ví dụ 31/12/2026)');
      const from = req.from ?? (fallback !== undefined ? addDays(to, -(fallback - 1)) : undefined);
      if (from === undefined || !inRange(from)) return fail('from', 'Nhập ngày bắt đầu (dạng ngày/tháng/năm, ví dụ 01/10/2026)');
      if (from > to) return fail('from', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc');
      if (dayNumber(to) - dayNumber(from) + 1 > options.maxDays) {
        return fail('from', `Chọn khoảng thời gian tối đa ${options.maxLabel ?? `${options.maxDays} ngày`}`);
      }
      return { ok: true, period: customPeriod(from, to) };
    }
  }
}

/**
 * The instant a report judges open dossiers at: the period's end, or `now` when the period
 * has not ended yet (nothing is overdue before its time; domain.md, Classification).
 */
export function judgedAt(p: Period, now: Date): Date {
  return now.getTime() < p.to.getTime() ? now : p.to;
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

/**
 * The period before: the previous month, quarter or year; for a custom range, the range of
 * the same number of days ending the day before it (the reports' "kỳ trước" column).
 */
export function previousPeriod(p: Period): Period {
  const y = Number(p.firstDay.slice(0, 4));
  const m = Number(p.firstDay.slice(5, 7));
  switch (p.kind) {
    case 'month':
      return m === 1 ? monthPeriod(y - 1, 12) : monthPeriod(y, m - 1);
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
    }
    case 'year':
      return yearPeriod(y - 1);
    case 'custom': {
      const days = dayNumber(p.lastDay) - dayNumber(p.firstDay) + 1;
      return customPeriod(addDays(p.firstDay, -days), addDays(p.firstDay, -1));
    }
  }
}
