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
import { DAY_MS, MINUTE_MS, addDays, localDateOf, localMsOfDay, vnInstant } from './time.js';

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

/** The appointment as if nothing had paused the clock, counting from `start`. */
function baseAppointment(cal: WorkingCalendar, time: ProcessingTime, start: Date, rules: DeadlineRules): Date {
  switch (time.unit) {
    case 'working_days':
      return cal.addWorkingTime(start, time.amount * cal.dayLengthMs);
    case 'working_hours':
      return cal.addWorkingTime(start, time.amount * 60 * MINUTE_MS);
    case 'same_day': {
      const date = localDateOf(start);
      const beforeCutoff = localMsOfDay(start) < rules.sameDayCutoffMinute * MINUTE_MS;
      // A cut-off configured at or after closing must not yield a due time before receipt.
      const beforeClosing = start.getTime() < cal.closingOf(date).getTime();
      const dueDate = cal.isWorkingDay(date) && beforeCutoff && beforeClosing ? date : cal.nextWorkingDay(date);
      return cal.closingOf(dueDate);
    }
    case 'calendar_days': {
      const dueDate = cal.workingDayOnOrAfter(addDays(localDateOf(start), time.amount));
      return cal.closingOf(dueDate);
    }
  }
}

/** What recording a complete supplement does to the clock (procedures.supplement_clock, kept per dossier). */
export const SUPPLEMENT_CLOCKS = ['restart', 'resume'] as const;
export type SupplementClock = (typeof SUPPLEMENT_CLOCKS)[number];

/**
 * A pause of the clock. `kind` 'supplement' is awaiting a supplement (its end is when the
 * complete supplement was recorded); anything else (fee payment, verification, or no kind)
 * only stops the clock. `ongoing`: still open (its `end`, whatever it says, is not known
 * yet): it neither stops nor restarts the count until it closes — see dossierClock.
 */
export interface ClockPause extends Interval {
  kind?: 'supplement' | 'other';
  ongoing?: boolean;
}

/** The per-dossier options of the count (both kept on the dossier as received). */
export interface ClockOptions {
  /**
   * restart: the full statutory time counted again from the moment the complete supplement
   * was recorded (the last closed supplement pause's end); resume: the time left (pauses
   * only stop the clock). Default resume, how every appointment was counted before 2025.
   */
  supplementClock?: SupplementClock;
  /**
   * Decree 63/2024: for procedures counted in days, a dossier received at or after the
   * same-day cut-off counts from the next working day's opening (also a supplement
   * received then, under restart).
   */
  nextDayAfterCutoff?: boolean;
}

export interface DossierClock {
  /** The statutory appointment. */
  appointment: Date;
  /**
   * The instant the count (re)started from: the receipt, the recorded complete supplement
   * (restart), or the next working day's opening (Decree 63); office hours still apply.
   */
  countedFrom: Date;
  /** Under restart: when the complete supplement was recorded (the count started again); else null. */
  restartedAt: Date | null;
}

/** Decree 63's start: at or after the cut-off, the next working day's opening; else the instant itself. */
function countingStart(cal: WorkingCalendar, time: ProcessingTime, at: Date, rules: DeadlineRules, nextDayAfterCutoff: boolean): Date {
  if (!nextDayAfterCutoff || (time.unit !== 'working_days' && time.unit !== 'calendar_days')) return at;
  if (localMsOfDay(at) < rules.sameDayCutoffMinute * MINUTE_MS) return at;
  return cal.nextOpening(vnInstant(cal.nextWorkingDay(localDateOf(at))));
}

/** The statutory time walked from `start` around the pauses (only their parts after `start` count). */
function walk(cal: WorkingCalendar, time: ProcessingTime, start: Date, pauses: readonly Interval[], rules: DeadlineRules): Date {
  const base = baseAppointment(cal, time, start, rules);
  const spans = mergeIntervals(pauses).filter(([, end]) => end > start.getTime());
  if (spans.length === 0) return base;
  if (time.unit === 'calendar_days') {
    // A pause extends a calendar-day deadline by its length in whole calendar days (rounded up).
    const pausedMs = spans.reduce((sum, [a, b]) => sum + (b - Math.max(a, start.getTime())), 0);
    return baseAppointment(cal, { unit: 'calendar_days', amount: time.amount + Math.ceil(pausedMs / DAY_MS) }, start, rules);
  }
  // Same budget of working time as without pauses, walked around them.
  const budget = cal.workingTimeBetween(start, base);
  return cal.addWorkingTime(start, budget, pauses);
}

/**
 * THE appointment of a dossier: from its receipt, its pause history and the rules it was
 * received under. Under `restart`, the last closed supplement pause restarts the full
 * statutory time from its end, and only later pauses (fee payment, verification) stop that
 * count; under `resume`, every pause only stops the clock. Pure: the same inputs always
 * give the same appointment, whoever recomputes it (workflow, holiday recompute).
 *
 * An ongoing pause is left out: while the clock is stopped the appointment is the one it
 * had when it stopped (what the workflow stored when the pause opened), and it moves only
 * when the pause closes and its length is known. Counting an open pause "up to now" would
 * make the appointment depend on the moment it is recomputed: a holiday added and deleted
 * again a few hours apart would leave a paused dossier on a new date.
 */
export function dossierClock(
  cal: WorkingCalendar,
  time: ProcessingTime,
  receivedAt: Date,
  pauses: readonly ClockPause[] = [],
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
  options: ClockOptions = {},
): DossierClock {
  const problem = validateProcessingTime(time);
  if (problem) throw new RangeError(problem);
  const closed = pauses.filter((p) => !p.ongoing);
  let from = receivedAt;
  let restartedAt: Date | null = null;
  if (options.supplementClock === 'restart') {
    for (const p of closed) {
      if (p.kind !== 'supplement' || p.end.getTime() <= receivedAt.getTime()) continue;
      if (!restartedAt || p.end.getTime() > restartedAt.getTime()) restartedAt = p.end;
    }
    if (restartedAt) from = restartedAt;
  }
  const start = countingStart(cal, time, from, rules, options.nextDayAfterCutoff ?? false);
  // Pauses before the count (re)started do not matter; one straddling it counts from there.
  const later = closed
    .filter((p) => p.end.getTime() > from.getTime())
    .map((p) => ({ start: new Date(Math.max(p.start.getTime(), from.getTime())), end: p.end }));
  return { appointment: walk(cal, time, start, later, rules), countedFrom: start, restartedAt };
}

/**
 * The appointment for the result, given the receipt instant and the pauses (see
 * dossierClock; without options every pause only stops the clock). Working time inside a
 * pause does not count. For calendar-day procedures a pause extends the deadline by its
 * length in whole calendar days (rounded up).
 */
export function computeAppointment(...args: Parameters<typeof dossierClock>): Date {
  return dossierClock(...args).appointment;
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
