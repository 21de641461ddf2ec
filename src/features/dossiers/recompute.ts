/**
 * Recompute appointments from the receipt instant and the pause history, after the
 * holiday calendar (or office hours) changed. Every dossier whose appointment moves gets
 * an audit event saying from what to what, and why.
 */
import type { Knex } from 'knex';
import type { WorkingCalendar } from '../../domain/calendar.js';
import { computeAppointment, type DeadlineRules, type ProcessingUnit } from '../../domain/deadline.js';
import { formatDateTimeVn } from '../../domain/time.js';
import { toDate } from '../../db/knex.js';
import { appendEvent } from './events.repo.js';
import { listPauses, pauseIntervals } from './pauses.repo.js';

/** Statuses whose appointment still matters: not finished. */
export const OPEN_STATUSES = ['received', 'in_progress', 'awaiting_supplement', 'paused'] as const;

export interface RecomputeResult {
  examined: number;
  changed: Array<{ dossierId: number; code: string; from: Date; to: Date }>;
}

export async function recomputeOpenDossiers(
  db: Knex,
  cal: WorkingCalendar,
  rules: DeadlineRules,
  opts: { actorId: number | null; reason: string; now: Date; ip: string | null },
): Promise<RecomputeResult> {
  const rows = await db('dossiers')
    .whereIn('status', OPEN_STATUSES as unknown as string[])
    .select('id', 'code', 'received_at', 'due_at', 'processing_unit', 'processing_amount');
  const result: RecomputeResult = { examined: rows.length, changed: [] };
  for (const r of rows) {
    await db.transaction(async (trx) => {
      const pauses = await listPauses(trx, r.id);
      const due = computeAppointment(
        cal,
        { unit: r.processing_unit as ProcessingUnit, amount: r.processing_amount },
        toDate(r.received_at),
        pauseIntervals(pauses, opts.now),
        rules,
      );
      const before = toDate(r.due_at);
      if (due.getTime() === before.getTime()) return;
      await trx('dossiers').where({ id: r.id }).update({ due_at: due, updated_at: opts.now, version: trx.raw('version + 1') });
      await appendEvent(trx, r.id, {
        type: 'appointment_recomputed',
        fromStatus: null,
        toStatus: null,
        actorId: opts.actorId,
        note: `${opts.reason}: hẹn trả ${formatDateTimeVn(before)} → ${formatDateTimeVn(due)}`,
        public: true,
        ip: opts.ip,
        createdAt: opts.now,
      });
      result.changed.push({ dossierId: r.id, code: r.code, from: before, to: due });
    });
  }
  return result;
}
