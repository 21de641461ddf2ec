import type { Knex } from 'knex';
import type { Interval } from '../../domain/calendar.js';
import { toDate, toDateOrNull } from '../../db/knex.js';

export interface PauseRow {
  id: number;
  kind: 'supplement' | 'other';
  startedAt: Date;
  endedAt: Date | null;
  reason: string;
}

export async function listPauses(db: Knex | Knex.Transaction, dossierId: number): Promise<PauseRow[]> {
  const rows = await db('dossier_pauses').where({ dossier_id: dossierId }).orderBy('started_at');
  return rows.map((r) => ({ id: r.id, kind: r.kind, startedAt: toDate(r.started_at), endedAt: toDateOrNull(r.ended_at), reason: r.reason }));
}

/** Closed pauses as intervals; an open pause counts up to `now`. */
export function pauseIntervals(pauses: readonly PauseRow[], now: Date): Interval[] {
  return pauses.map((p) => ({ start: p.startedAt, end: p.endedAt ?? now }));
}
