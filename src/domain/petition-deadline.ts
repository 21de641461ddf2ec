/**
 * A petition's deadlines (Decree 20/2008/NĐ-CP as amended; article numbers of the
 * consolidated text), counted with the office's working-day calendar, office hours only:
 * - forward: FORWARD_WORKING_DAYS (5) working days from receipt (art. 9(1)(d)) — handled,
 *   forwarded to the competent body (also outside the province) or answered as not in
 *   scope by then;
 * - answer: the decree sets none; sector circulars differ (MoIT Circular 11/2014 art. 13:
 *   5 working days from receipt, 10 if complex; MoCST Circular 17/2014 art. 19: 5 to
 *   forward, then 7 to answer), so the working days per kind (PETITION_ANSWER_WORKING_DAYS)
 *   count from receipt or from the forwarding, per kind (PETITION_ANSWER_FROM).
 * Pure: the caller passes the calendar and the instants.
 */
import type { WorkingCalendar } from './calendar.js';
import { FORWARD_WORKING_DAYS, type AnswerCountedFrom, type PetitionKind } from './petitions.js';

/** When the control unit must have forwarded (or closed) a petition received at `receivedAt`. */
export function forwardDueAt(cal: WorkingCalendar, receivedAt: Date): Date {
  return cal.addWorkingTime(receivedAt, FORWARD_WORKING_DAYS * cal.dayLengthMs);
}

/** When the competent agency must have answered a petition forwarded to it at `forwardedAt`. */
export function answerDueAt(cal: WorkingCalendar, forwardedAt: Date, workingDays: number): Date {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError('answer working days must be a whole number ≥ 1');
  return cal.addWorkingTime(forwardedAt, workingDays * cal.dayLengthMs);
}

/** The answer deadline for a kind under the configured days and starting point per kind: from receipt or from the forwarding. */
export function answerDueForKind(
  cal: WorkingCalendar,
  at: { receivedAt: Date; forwardedAt: Date },
  kind: PetitionKind,
  daysPerKind: Readonly<Record<PetitionKind, number>>,
  fromPerKind: Readonly<Record<PetitionKind, AnswerCountedFrom>>,
): { due: Date; countedFrom: AnswerCountedFrom } {
  const countedFrom = fromPerKind[kind];
  return { due: answerDueAt(cal, countedFrom === 'receipt' ? at.receivedAt : at.forwardedAt, daysPerKind[kind]), countedFrom };
}

/** Office time left until `due` (negative: how much office time it is overdue by). */
export function workingTimeLeft(cal: WorkingCalendar, now: Date, due: Date): number {
  return now.getTime() <= due.getTime() ? cal.workingTimeBetween(now, due) : -cal.workingTimeBetween(due, now);
}

/** Within `days` working days of `due` (and not past it): time for a reminder. */
export function withinWorkingDaysBefore(cal: WorkingCalendar, now: Date, due: Date, days: number): boolean {
  return now.getTime() < due.getTime() && cal.workingTimeBetween(now, due) <= days * cal.dayLengthMs;
}

/** At least `days` working days past `due` (0: simply past it). */
export function workingDaysPast(cal: WorkingCalendar, now: Date, due: Date, days: number): boolean {
  if (now.getTime() < due.getTime()) return false;
  if (days === 0) return true;
  return cal.workingTimeBetween(due, now) >= days * cal.dayLengthMs;
}

/** "2 ngày 3 giờ làm việc" / "quá hạn 1 ngày 2 giờ làm việc": working time left, in words. */
export function describeWorkingTimeLeft(cal: WorkingCalendar, leftMs: number): string {
  const abs = Math.abs(leftMs);
  const hourMs = 60 * 60 * 1000;
  const days = Math.floor(abs / cal.dayLengthMs);
  const hours = Math.floor((abs - days * cal.dayLengthMs) / hourMs);
  const minutes = Math.floor((abs - days * cal.dayLengthMs - hours * hourMs) / 60000);
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ngày`);
  if (hours > 0) parts.push(`${hours} giờ`);
  if (days === 0 && hours === 0) parts.push(`${minutes} phút`);
  const text = `${parts.join(' ')} làm việc`;
  return leftMs < 0 ? `quá hạn ${text}` : `còn ${text}`;
}
