/** The holiday calendar form and the year shown, through the form kit. */
import { z } from 'zod';
import { DAY_KINDS, type DayKind } from '../../../domain/calendar.js';
import { dayNumber, isLocalDate, weekdayOf } from '../../../domain/time.js';
import { checkbox, oneOf, parseForm, parseLocalDate, parseYear, text, type Parsed, type RawInput } from '../../../web/form.js';

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  holiday: 'Ngày lễ',
  day_off_in_lieu: 'Nghỉ bù',
  swapped_day_off: 'Nghỉ hoán đổi',
  makeup_working_day: 'Làm bù',
};

/** The calendar the office keeps: 2000 to 2100. */
const FIRST_DAY = '2000-01-01';
const LAST_DAY = '2100-12-31';

export interface HolidayInput {
  date: string;
  kind: DayKind;
  name: string;
  provisional: boolean;
}

const holidayDate = z
  .string()
  .trim()
  .refine((v) => v !== '', 'Nhập ngày (năm-tháng-ngày, ví dụ 2027-02-08)')
  .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(v), 'Ngày phải có dạng năm-tháng-ngày, ví dụ 2027-02-08')
  .transform((v, ctx) => {
    const iso = parseLocalDate(v);
    if (iso === null) {
      if (v !== '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Ngày không có thật trên lịch' });
      return z.NEVER;
    }
    return iso;
  })
  .refine((d) => d >= FIRST_DAY && d <= LAST_DAY, 'Ngày phải trong khoảng năm 2000 đến 2100');

const holidaySchema = z
  .object({
    date: holidayDate,
    kind: oneOf(DAY_KINDS, 'Chọn loại ngày'),
    name: text(200, 'Nhập tên hoặc lý do (ví dụ: Tết Nguyên đán)', 'Tên không quá 200 ký tự'),
  })
  .superRefine((v, ctx) => {
    // Refinements run on "dirty" values too: only look at the weekday of a real date.
    if (typeof v.date !== 'string' || !isLocalDate(v.date)) return;
    const weekday = weekdayOf(dayNumber(v.date));
    const weekend = weekday === 0 || weekday === 6;
    if (v.kind === 'makeup_working_day' && !weekend) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['kind'], message: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (ngày thường vốn đã là ngày làm việc)' });
    }
    if ((v.kind === 'day_off_in_lieu' || v.kind === 'swapped_day_off') && weekend) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['kind'], message: 'Ngày nghỉ bù hoặc nghỉ hoán đổi phải là ngày thường (thứ Hai đến thứ Sáu)' });
    }
  });

/** The holiday form; on an edit page the date is the page's own, not a field. */
export function parseHoliday(body: RawInput, fixedDate?: string): Parsed<HolidayInput> {
  const input = fixedDate === undefined ? body : { ...(body ?? {}), date: fixedDate };
  const parsed = parseForm(holidaySchema, input, ['date', 'kind', 'name']);
  const values = { ...parsed.values, provisional: checkbox(body, 'provisional') ? 'on' : '' };
  if (!parsed.ok) return { ...parsed, values };
  return { ok: true, values, value: { ...parsed.value, provisional: values.provisional === 'on' } };
}

/** A date in a URL (YYYY-MM-DD within the calendar's years), or null. */
export function parseHolidayDate(raw: unknown): string | null {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const iso = parseLocalDate(raw);
  return iso !== null && iso >= FIRST_DAY && iso <= LAST_DAY ? iso : null;
}

/** `?nam=` of the list: a year of the calendar, or null for the current one. */
export function parseCalendarYear(raw: unknown): number | null {
  const year = typeof raw === 'string' ? parseYear(raw) : null;
  return year !== null && year >= 2000 && year <= 2100 ? year : null;
}
