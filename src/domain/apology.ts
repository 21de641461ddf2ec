/**
 * When a dossier is at risk of being late (the apology job prepares a draft), and by which
 * day its apology must be issued to be on time (domain.md "Being late"; Decree 118: no
 * later than 1 working day before the appointment). Pure: no I/O, no clock.
 */
import type { WorkingCalendar } from './calendar.js';
import type { ProcessingTime } from './deadline.js';
import { addDays, localDateOf, type LocalDate } from './time.js';

/**
 * The share of the statutory time that must be left, at most, before a dossier counts as at
 * risk: while more than half of it is still ahead, the dossier is plainly on track.
 */
export const AT_RISK_SHARE = 0.5;

/**
 * The statutory time as working time: N working days are N working days, N working hours
 * those hours; a same-day procedure has one working day; N calendar days are taken as N
 * working days (never less than the calendar-day count's working time, so the rule stays
 * on the safe side).
 */
export function statutoryWorkingTime(cal: WorkingCalendar, time: ProcessingTime): number {
  switch (time.unit) {
    case 'working_hours':
      return time.amount * 60 * 60 * 1000;
    case 'same_day':
      return cal.dayLengthMs;
    case 'working_days':
    case 'calendar_days':
      return time.amount * cal.dayLengthMs;
  }
}

/**
 * Is an unfinished dossier, whose appointment is already within the reminder window
 * (`windowWorkingDays` working days or fewer left, by date), at risk of being late?
 * - A procedure longer than the window: yes — the window is there to leave the head time to
 *   issue the apology a working day before the appointment.
 * - A short procedure (its statutory time fits in the window, so it is "in the window" from
 *   the moment it is received): only once no more than AT_RISK_SHARE of its statutory time
 *   is left (working time from now to the appointment), and a same-day procedure never
 *   before its appointment's day. So a same-day certified copy received on Sunday is at risk
 *   from Monday 13:00, a 1-working-day dossier received Monday 10:00 (due Tuesday 10:00)
 *   from Monday 15:00 — not at once.
 * Past the appointment a dossier is always at risk.
 */
export function isAtRisk(cal: WorkingCalendar, time: ProcessingTime, now: Date, dueAt: Date, windowWorkingDays: number): boolean {
  if (now.getTime() >= dueAt.getTime()) return true;
  const statutory = statutoryWorkingTime(cal, time);
  if (statutory > windowWorkingDays * cal.dayLengthMs) return true;
  if (time.unit === 'same_day' && localDateOf(now) < localDateOf(dueAt)) return false;
  return cal.workingTimeBetween(now, dueAt) <= AT_RISK_SHARE * statutory;
}

export interface IssueDeadline {
  /** The last day on which the apology is issued on time. */
  date: LocalDate;
  /**
   * The appointment comes less than a working day after the receipt, so "1 working day
   * before the appointment" fell before the dossier existed: the deadline is the first
   * working day from the receipt's day instead (for a same-day procedure, its appointment day).
   */
  shortened: boolean;
}

/**
 * The last day to issue the apology on time: the working day before the appointment's day,
 * but never before the dossier was received (the first working day on or after the
 * receipt's date) nor after the appointment's day.
 */
export function issueDeadline(cal: WorkingCalendar, receivedAt: Date, dueAt: Date): IssueDeadline {
  const dueDate = localDateOf(dueAt);
  let d = addDays(dueDate, -1);
  for (let i = 0; i < 400 && !cal.isWorkingDay(d); i++) d = addDays(d, -1);
  const firstAfterReceipt = cal.workingDayOnOrAfter(localDateOf(receivedAt));
  if (d >= firstAfterReceipt) return { date: d, shortened: false };
  return { date: firstAfterReceipt < dueDate ? firstAfterReceipt : dueDate, shortened: true };
}

/** Issued after the deadline day: recorded as issued late (and counted so in reports). */
export function isIssuedLate(cal: WorkingCalendar, issuedAt: Date, receivedAt: Date, dueAt: Date): boolean {
  return localDateOf(issuedAt) > issueDeadline(cal, receivedAt, dueAt).date;
}
