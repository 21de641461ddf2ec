/**
 * What every page says about a dossier's time: the appointment in force, the one it
 * replaced, the working days left (domain/deadline.ts's rule) and the completion label.
 * The staff dossier page, the public status page and its JSON read it from here, so they
 * cannot disagree.
 *
 * The appointment in force is the apology's new one when an apology re-set it
 * (dossiers.extended_due_at), else the statutory one (dossiers.due_at, recomputed from
 * the receipt and the pauses). The statutory one stays what reports classify against.
 */
import type { WorkingCalendar } from './calendar.js';
import { describeRemaining, remainingTime, type Remaining } from './deadline.js';
import { CLOSED_STATUSES, FINISHED_STATUSES, PAUSED_STATUSES, RESULT_STATUSES, type DossierStatus } from './status.js';
import { localDateOf } from './time.js';
import { COMPLETION_LABELS, type Completion } from './workflow.js';

export interface AppointmentFields {
  status: DossierStatus;
  dueAt: Date;
  extendedDueAt: Date | null;
  completion: Completion | null;
  /** When processing finished (the result was ready); tells a late result that met the apology's date. */
  finishedAt: Date | null;
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
  /** "Còn 1 ngày làm việc", "Đến hạn hôm nay", "Quá hạn 2 ngày làm việc", "Thời hạn đang tạm dừng"; null once finished. */
  remainingText: string | null;
  /** "Trước hạn" / "Đúng hạn" / "Quá hạn", for results only. */
  completionLabel: string | null;
}

export const PAUSED_TEXT = 'Thời hạn đang tạm dừng';

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

export function dossierTime(cal: WorkingCalendar, now: Date, d: AppointmentFields): DossierTime {
  const { appointment, originalAppointment } = currentAppointment(d);
  // Voided is closed without being finished: no clock runs on it either.
  const finished = FINISHED_STATUSES.includes(d.status) || CLOSED_STATUSES.includes(d.status);
  const paused = !finished && PAUSED_STATUSES.includes(d.status);
  const remaining = finished || paused ? null : remainingTime(cal, now, appointment);
  return {
    appointment,
    originalAppointment,
    paused,
    finished,
    remaining,
    remainingText: remaining ? describeRemaining(remaining) : paused ? PAUSED_TEXT : null,
    completionLabel: completionLabelOf(d),
  };
}
