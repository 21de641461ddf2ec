/**
 * Portal sync rows written as the sync engine writes them (one row per change, state and
 * times as the engine leaves them), for the tests of what staff see of the sync. Until the
 * engine is merged this inserts the rows directly; then its services build them.
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

export async function insertSyncRow(db: Knex, f: SyncRowFixture): Promise<number> {
  const [row] = await db('portal_sync')
    .insert({
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
    })
    .returning('id');
  return typeof row === 'object' ? (row as { id: number }).id : (row as number);
}

/** Many rows at once (pagination tests), in chunks. */
export async function insertSyncRows(db: Knex, rows: readonly SyncRowFixture[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await db('portal_sync').insert(
      rows.slice(i, i + 100).map((f) => ({
        dossier_id: f.dossierId,
        event_seq: f.eventSeq ?? null,
        kind: f.kind ?? 'status',
        changed_at: f.changedAt,
        state: f.state,
        held_reason: f.heldReason ?? null,
        attempts: f.attempts ?? 0,
        next_attempt_at: f.nextAttemptAt ?? null,
        last_error: f.lastError ?? null,
        portal_answer: f.portalAnswer ?? null,
        sent_at: f.sentAt ?? null,
        created_at: f.changedAt,
      })),
    );
  }
}
