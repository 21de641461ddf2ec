import type { Knex } from 'knex';
import type { ClockPause } from '../../domain/deadline.js';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { DossierPauseRow } from '../../platform/record/tables.js';

export interface PauseRow {
  id: number;
  kind: 'supplement' | 'other';
  startedAt: Date;
  endedAt: Date | null;
  /** A supplement's items (one per line), or the reason of another pause. */
  reason: string;
  /** A supplement request's specific reason (printed on Mẫu 02); null for other pauses and old requests. */
  requestReason: string | null;
  /** A further supplement request a supervisor allowed, and why (Decree 118 allows one). */
  overrideReason: string | null;
}

export async function listPauses(db: Knex | Knex.Transaction, dossierId: number): Promise<PauseRow[]> {
  const rows = await db<DossierPauseRow>('dossier_pauses').where({ dossier_id: dossierId }).orderBy('started_at').orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    startedAt: toDate(r.started_at),
    endedAt: toDateOrNull(r.ended_at),
    reason: r.reason,
    requestReason: r.request_reason ?? null,
    overrideReason: r.override_reason ?? null,
  }));
}

/**
 * The pause history as the appointment sees it (domain/deadline.ts dossierClock): closed
 * pauses, and an open one marked ongoing (it moves nothing until it closes). No "now".
 */
export function pauseHistory(pauses: readonly PauseRow[]): ClockPause[] {
  return pauses.map((p) => ({ start: p.startedAt, end: p.endedAt ?? p.startedAt, kind: p.kind, ongoing: p.endedAt === null }));
}

/** The pauses as a timeline up to `now` (judging the steps of Mẫu 05): an open pause counts up to `now`. */
export function pauseIntervals(pauses: readonly PauseRow[], now: Date): ClockPause[] {
  return pauses.map((p) => ({ start: p.startedAt, end: p.endedAt ?? now, kind: p.kind, ongoing: p.endedAt === null }));
}
