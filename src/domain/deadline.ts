/**
 * Statutory deadlines (the "hẹn trả kết quả" appointment) from a receipt instant.
 *
 * Model (domain.md): N working days = N × (office hours per day) of working time,
 * counted forward from the moment the complete dossier is received, walking only
 * through office hours of working days. Same-day procedures close the same day when
 * received before the cut-off, else at closing of the next working day. Pauses are
 * intervals; the appointment is always recomputed from the receipt and the pause
 * history, never by shifting a stored date.
 */
import { mergeIntervals, type Interval, type WorkingCalendar } from './calendar.js';
import { DAY_MS, MINUTE_MS, addDays, localDateOf, localMsOfDay } from './time.js';

export const PROCESSING_UNITS = ['working_days', 'same_day', 'working_hours', 'calendar_days'] as const;
export type ProcessingUnit = (typeof PROCESSING_UNITS)[number];

export interface ProcessingTime {
  unit: ProcessingUnit;
  /** Ignored for same_day. */
  amount: number;
}

export interface DeadlineRules {
  /** Minutes after midnight; same-day dossiers received at or after it close next working day. */
  sameDayCutoffMinute: number;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = { sameDayCutoffMinute: 15 * 60 };

export function validateProcessingTime(time: ProcessingTime): string | null {
  if (!PROCESSING_UNITS.includes(time.unit)) return 'Đơn vị thời gian giải quyết không hợp lệ';
  if (time.unit === 'same_day') return null;
  if (!Number.isInteger(time.amount) || time.amount < 1 || time.amount > 365) {
    return 'Thời gian giải quyết phải là số nguyên từ 1 đến 365';
  }
  return null;
}

/** The appointment as if nothing had paused the clock. */
function baseAppointment(cal: WorkingCalendar, time: ProcessingTime, receivedAt: Date, rules: DeadlineRules): Date {
  switch (time.unit) {
    case 'working_days':
      return cal.addWorkingTime(receivedAt, time.amount * cal.dayLengthMs);
    case 'working_hours':
      return cal.addWorkingTime(receivedAt, time.amount * 60 * MINUTE_MS);
    case 'same_day': {
      const date = localDateOf(receivedAt);
      const beforeCutoff = localMsOfDay(receivedAt) < rules.sameDayCutoffMinute * MINUTE_MS;
      // A cut-off configured at or after closing must not yield a due time before receipt.
      const beforeClosing = receivedAt.getTime() < cal.closingOf(date).getTime();
      const dueDate = cal.isWorkingDay(date) && beforeCutoff && beforeClosing ? date : cal.nextWorkingDay(date);
      return cal.closingOf(dueDate);
    }
    case 'calendar_days': {
      const dueDate = cal.workingDayOnOrAfter(addDays(localDateOf(receivedAt), time.amount));
      return cal.closingOf(dueDate);
    }
  }
}

/**
 * The appointment for the result, given the receipt instant and the closed pauses.
 * Working time inside a pause does not count. For calendar-day procedures a pause
 * extends the deadline by its length in whole calendar days (rounded up).
 */
export function computeAppointment(
  cal: WorkingCalendar,
  time: ProcessingTime,
  receivedAt: Date,
  pauses: readonly Interval[] = [],
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): Date {
  const problem = validateProcessingTime(time);
  if (problem) throw new RangeError(problem);
  const base = baseAppointment(cal, time, receivedAt, rules);
  const spans = mergeIntervals(pauses).filter(([, end]) => end > receivedAt.getTime());
  if (spans.length === 0) return base;
  if (time.unit === 'calendar_days') {
    const pausedMs = spans.reduce((sum, [a, b]) => sum + (b - Math.max(a, receivedAt.getTime())), 0);
    const extraDays = Math.ceil(pausedMs / DAY_MS);
    return computeAppointment(cal, { unit: 'calendar_days', amount: time.amount + extraDays }, receivedAt, [], rules);
  }
  // Same budget of working time as without pauses, walked around them.
  const budget = cal.workingTimeBetween(receivedAt, base);
  return cal.addWorkingTime(receivedAt, budget, pauses);
}

/**
 * Where a dossier stands against its appointment, counted one way for every page, export
 * and message (staff page, public page and its JSON, queue, reports).
 *
 * The rule, by calendar date in Vietnam time (as reports classify completion):
 * - before the appointment, on a later date: `left` — the working days d with
 *   today < d ≤ the appointment's date. Due tomorrow is 1, whatever the hour today (also
 *   after 17:00); a weekend, a holiday or a swapped day off in between does not count, a
 *   make-up working Saturday does. Never less than 1 while the date is still ahead.
 * - before the appointment, on its date: `due_today` ("Đến hạn hôm nay"), 0 days left.
 * - once the appointment instant has passed: `overdue` — the working days after the
 *   appointment's date up to today, at least 1 (the first late day counts as soon as the
 *   appointment passes, also on its own date or over a weekend). This is the instant the
 *   sweeps flag a dossier overdue and "Hồ sơ đang quá hạn" lists it.
 */
export interface Remaining {
  state: 'left' | 'due_today' | 'overdue';
  /** Working days until the appointment's date (≥ 1 when `left`), else 0. */
  workingDaysLeft: number;
  /** Working days late (≥ 1 when `overdue`), else 0. */
  workingDaysOverdue: number;
  overdue: boolean;
}

/** How much time is left before the appointment, by the rule above. */
export function remainingTime(cal: WorkingCalendar, now: Date, appointment: Date): Remaining {
  const today = localDateOf(now);
  const dueDate = localDateOf(appointment);
  if (now.getTime() > appointment.getTime()) {
    const late = cal.workingDaysBetween(dueDate, today);
    return { state: 'overdue', workingDaysLeft: 0, workingDaysOverdue: Math.max(1, late), overdue: true };
  }
  if (dueDate <= today) return { state: 'due_today', workingDaysLeft: 0, workingDaysOverdue: 0, overdue: false };
  const left = cal.workingDaysBetween(today, dueDate);
  return { state: 'left', workingDaysLeft: Math.max(1, left), workingDaysOverdue: 0, overdue: false };
}

/** The words of a standing: "Còn 1 ngày làm việc", "Đến hạn hôm nay", "Quá hạn 2 ngày làm việc". */
export function describeRemaining(r: Remaining): string {
  switch (r.state) {
    case 'left':
      return `Còn ${r.workingDaysLeft} ngày làm việc`;
    case 'due_today':
      return 'Đến hạn hôm nay';
    case 'overdue':
      return `Quá hạn ${r.workingDaysOverdue} ngày làm việc`;
  }
}

/** "3 ngày làm việc", "Trong ngày", … for forms and pages. */
export function describeProcessingTime(time: ProcessingTime): string {
  switch (time.unit) {
    case 'same_day':
      return 'Trong ngày làm việc';
    case 'working_days':
      return `${time.amount} ngày làm việc`;
    case 'working_hours':
      return `${time.amount} giờ làm việc`;
    case 'calendar_days':
      return `${time.amount} ngày`;
  }
}
