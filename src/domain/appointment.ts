/**
 * What every page says about a dossier's time: the appointment in force, the one it
 * replaced, the working days left (domain/deadline.ts's rule) and the completion label.
 * The staff dossier page, the public status page and its JSON read it from here, so they
 * cannot disagree.
 *
 * The appointment in force is the apology's new one when an apology re-set it
 * (dossiers.extended_due_at), else the statutory one (dossiers.due_at, recomputed from
 * the receipt and the pauses). The statutory one stays what reports classify against.
 * The receipt keeps the appointment it printed (dossiers.original_due_at); when the
 * statutory one moved away from it, the pages say why (clockNote): the full time counted
 * again after a complete supplement (restart), the clock stopped by pauses, or the
 * working calendar changed.
 */
import type { WorkingCalendar } from './calendar.js';
import { describeRemaining, remainingTime, type Remaining, type SupplementClock } from './deadline.js';
import { CLOSED_STATUSES, FINISHED_STATUSES, PAUSED_STATUSES, RESULT_STATUSES, VOIDED_STATUSES, type DossierStatus } from './status.js';
import { formatDateTimeVn, localDateOf } from './time.js';
import { COMPLETION_LABELS, type Completion } from './workflow.js';

export interface AppointmentFields {
  status: DossierStatus;
  dueAt: Date;
  extendedDueAt: Date | null;
  completion: Completion | null;
  /** When processing finished (the result was ready); tells a late result that met the apology's date. */
  finishedAt: Date | null;
  /** The appointment printed on the receipt; without it no comparison with the receipt is made. */
  originalDueAt?: Date;
  /** The clock rule the dossier was received under and its events (the public ones are enough), to say why the appointment moved. */
  history?: { supplementClock: SupplementClock; events: ReadonlyArray<{ type: string; createdAt: Date }> };
}

export interface DossierTime {
  /** The appointment in force. */
  appointment: Date;
  /** After an apology: the appointment it replaced ("Hẹn ban đầu"); null otherwise. */
  originalAppointment: Date | null;
  paused: boolean;
  finished: boolean;
  /** Only while the clock runs (not paused, not finished). */
  remaining: Remaining | null;
  /** "Còn 1 ngày làm việc", "Đến hạn hôm nay", "Quá hạn 2 ngày làm việc", "Thời hạn đang tạm dừng" (AWAITING_RESTART_TEXT under restart); null once finished. */
  remainingText: string | null;
  /** "Trước hạn" / "Đúng hạn" / "Quá hạn", for results only. */
  completionLabel: string | null;
  /** The receipt's printed appointment, when the statutory one is no longer it. */
  receiptAppointment: Date | null;
  /** Under restart, after a complete supplement: when it was recorded and the full time started again. */
  restartedAt: Date | null;
  /** Why the statutory appointment is not the receipt's (null when it is, or for a voided intake). */
  clockNote: string | null;
  /**
   * Awaiting a supplement under restart (and not re-set by an apology): the clock is not
   * paused, the appointment will be computed again, in full, from the day the complete
   * supplement is received; `appointment` is only the one before the request.
   */
  awaitingRestart: boolean;
}

export const PAUSED_TEXT = 'Thời hạn đang tạm dừng';
/** What the pages say instead of PAUSED_TEXT while a restart dossier awaits its supplement. */
export const AWAITING_RESTART_TEXT = 'Ngày hẹn sẽ được tính lại khi nhận đủ hồ sơ bổ sung';

/**
 * What happens to the time limit while a supplement is awaited, in the words of Mẫu 02, the
 * pages and the citizen's message: restart counts the full statutory time again from the day
 * the complete supplement is received (a new appointment then); resume stops the clock.
 */
export function supplementClockNote(clock: SupplementClock): string {
  return clock === 'restart'
    ? 'Thời hạn giải quyết được tính lại từ đầu kể từ ngày nhận đủ hồ sơ bổ sung, hoàn thiện; ngày hẹn trả kết quả mới được xác định và thông báo khi nhận đủ hồ sơ.'
    : 'Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết (thời hạn giải quyết được tạm dừng trong thời gian này).';
}

/** The appointment in force and the one it replaced. */
export function currentAppointment(d: Pick<AppointmentFields, 'dueAt' | 'extendedDueAt'>): { appointment: Date; originalAppointment: Date | null } {
  return d.extendedDueAt ? { appointment: d.extendedDueAt, originalAppointment: d.dueAt } : { appointment: d.dueAt, originalAppointment: null };
}

/** A late result (against the statutory appointment) that came by the apology's new date. */
export const LATE_BUT_MET_APOLOGY = 'Quá hạn so với hẹn ban đầu, kịp ngày hẹn lại';

/**
 * The completion label a page may show: only once a result exists. The classification is
 * against the statutory appointment (reports count it so, apology or not); when a late
 * result still came by the apology's new date, the label says both.
 */
export function completionLabelOf(d: Pick<AppointmentFields, 'status' | 'completion'> & Partial<Pick<AppointmentFields, 'extendedDueAt' | 'finishedAt'>>): string | null {
  if (!d.completion || !RESULT_STATUSES.includes(d.status)) return null;
  if (d.completion === 'late' && d.extendedDueAt && d.finishedAt && localDateOf(d.finishedAt) <= localDateOf(d.extendedDueAt)) return LATE_BUT_MET_APOLOGY;
  return COMPLETION_LABELS[d.completion];
}

/** Events that stop the clock (the pauses' openings). */
const PAUSING_EVENTS = ['request_supplement', 'pause'];

/** Under restart: the last time a complete supplement was recorded (the full time counts from there). */
export function supplementRestartOf(history: AppointmentFields['history']): Date | null {
  if (!history || history.supplementClock !== 'restart') return null;
  return history.events.filter((e) => e.type === 'receive_supplement').at(-1)?.createdAt ?? null;
}

export function restartNote(restartedAt: Date): string {
  return `Thời hạn được tính lại từ đầu kể từ khi nhận đủ hồ sơ bổ sung lúc ${formatDateTimeVn(restartedAt)}.`;
}

/** The clock notes of an appointment moved by pauses, or by the working calendar. */
export const PAUSED_CLOCK_NOTE = 'Ngày hẹn đã được tính lại: thời gian chờ bổ sung hoặc tạm dừng không tính vào thời hạn giải quyết.';
export const CALENDAR_CLOCK_NOTE = 'Ngày hẹn đã được tính lại theo lịch làm việc, ngày nghỉ hiện hành.';

/** Why the statutory appointment differs from the receipt's, in the words both pages show. */
function clockNoteOf(d: AppointmentFields, restartedAt: Date | null, receiptAppointment: Date | null, awaitingRestart: boolean): string | null {
  if (VOIDED_STATUSES.includes(d.status)) return null;
  if (awaitingRestart) return supplementClockNote('restart');
  if (restartedAt) return restartNote(restartedAt);
  if (!receiptAppointment) return null;
  const paused = d.history?.events.some((e) => PAUSING_EVENTS.includes(e.type)) ?? false;
  return paused ? PAUSED_CLOCK_NOTE : CALENDAR_CLOCK_NOTE;
}

export function dossierTime(cal: WorkingCalendar, now: Date, d: AppointmentFields): DossierTime {
  const { appointment, originalAppointment } = currentAppointment(d);
  // Voided is closed without being finished: no clock runs on it either.
  const finished = FINISHED_STATUSES.includes(d.status) || CLOSED_STATUSES.includes(d.status);
  const paused = !finished && PAUSED_STATUSES.includes(d.status);
  const remaining = finished || paused ? null : remainingTime(cal, now, appointment);
  const receiptAppointment = d.originalDueAt && d.originalDueAt.getTime() !== d.dueAt.getTime() ? d.originalDueAt : null;
  const restartedAt = supplementRestartOf(d.history);
  const awaitingRestart = d.status === 'awaiting_supplement' && d.history?.supplementClock === 'restart' && !d.extendedDueAt;
  return {
    appointment,
    originalAppointment,
    paused,
    finished,
    remaining,
    remainingText: remaining ? describeRemaining(remaining) : awaitingRestart ? AWAITING_RESTART_TEXT : paused ? PAUSED_TEXT : null,
    completionLabel: completionLabelOf(d),
    receiptAppointment,
    restartedAt,
    clockNote: clockNoteOf(d, restartedAt, receiptAppointment, awaitingRestart),
    awaitingRestart,
  };
}
