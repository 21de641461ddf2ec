/**
 * Portal sync rows in a given state (held, failed with the portal's message, sent after so
 * many minutes…), for the tests of what staff see of the sync: the pages, the panel and the
 * report read these states, and the exact times and thousands of rows they need would take
 * minutes to reach through a failing peer. How the engine itself reaches each state is tested
 * through its services against the portal peer (portal-sync*.test.ts).
 */
import type { Knex } from 'knex';

export interface SyncRowFixture {
  dossierId: number;
  kind?: string;
  eventSeq?: number | null;
  changedAt: Date;
  state: 'pending' | 'held' | 'sent' | 'failed' | 'dry_run';
  heldReason?: 'agency_unmapped' | 'procedure_unmapped' | null;
  attempts?: number;
  nextAttemptAt?: Date | null;
  lastError?: string | null;
  portalAnswer?: string | null;
  sentAt?: Date | null;
}

/** The row as the engine leaves it in that state. */
function rowOf(f: SyncRowFixture) {
  return {
    dossier_id: f.dossierId,
    event_seq: f.eventSeq ?? null,
    kind: f.kind ?? 'status',
    changed_at: f.changedAt,
    state: f.state,
    held_reason: f.heldReason ?? null,
    attempts: f.attempts ?? (f.state === 'failed' ? 1 : 0),
    next_attempt_at: f.nextAttemptAt ?? (f.state === 'pending' ? f.changedAt : null),
    last_error: f.lastError ?? null,
    portal_answer: f.portalAnswer ?? null,
    sent_at: f.sentAt ?? null,
    created_at: f.changedAt,
  };
}

export async function insertSyncRow(db: Knex, f: SyncRowFixture): Promise<number> {
  const [row] = await db('portal_sync').insert(rowOf(f)).returning('id');
  return typeof row === 'object' ? (row as { id: number }).id : (row as number);
}

/** Many rows at once (pagination tests), in chunks. */
export async function insertSyncRows(db: Knex, rows: readonly SyncRowFixture[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await db('portal_sync').insert(rows.slice(i, i + 100).map(rowOf));
}
