/**
 * Recompute appointments from the receipt instant, the pause history and the clock rules
 * each dossier was received under, after the holiday calendar (or office hours) changed. Every dossier whose appointment moves gets
 * an audit event saying from what to what, and why.
 */
import type { Deps } from '../../deps.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { computeAppointment, type DeadlineRules } from '../../domain/deadline.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { dossiersRepo } from './dossiers.repo.js';
import { appendEvent } from './events.repo.js';
import { listPauses, pauseHistory } from './pauses.repo.js';

export interface RecomputeResult {
  examined: number;
  changed: Array<{ dossierId: number; code: string; from: Date; to: Date }>;
}

export interface RecomputeOptions {
  actorId: number | null;
  reason: string;
  now: Date;
  ip: string | null;
}

/** One transaction per dossier that moves; the open dossiers are read once, up front. */
export async function recomputeOpenDossiers(db: Deps['db'], cal: WorkingCalendar, rules: DeadlineRules, opts: RecomputeOptions): Promise<RecomputeResult> {
  const open = await dossiersRepo(db).openAppointments();
  const result: RecomputeResult = { examined: open.length, changed: [] };
  for (const d of open) {
    await db.transaction(async (trx) => {
      const pauses = await listPauses(trx, d.id);
      // A pure function of the receipt, the pause history, the calendar and the rules the
      // dossier was received under (supplement clock, Decree 63 option): an open pause does
      // not count until it closes, so the moment of the recomputation never matters and a
      // calendar edit undone gives back the appointment it had.
      const due = computeAppointment(cal, { unit: d.processingUnit, amount: d.processingAmount }, d.receivedAt, pauseHistory(pauses), rules, {
        supplementClock: d.supplementClock,
        nextDayAfterCutoff: d.nextDayAfterCutoff,
      });
      if (due.getTime() === d.dueAt.getTime()) return;
      await dossiersRepo(trx).setDueAt(trx, d.id, due, opts.now);
      await appendEvent(trx, d.id, {
        type: 'appointment_recomputed',
        fromStatus: null,
        toStatus: null,
        actorId: opts.actorId,
        note: `${opts.reason}: hẹn trả ${formatDateTimeVn(d.dueAt)} → ${formatDateTimeVn(due)}`,
        public: true,
        ip: opts.ip,
        createdAt: opts.now,
      });
      result.changed.push({ dossierId: d.id, code: d.code, from: d.dueAt, to: due });
    });
  }
  return result;
}
