import type { Knex } from 'knex';

/**
 * The portal sync's own columns beyond the shared schema (20261208000100_portal_sync.ts):
 * - portal_sync.payload: the JSON built for the row (dry run shows it; a sent row keeps what
 *   was sent). Null until the job builds it.
 * - portal_sync.due_at: the dossier's appointment right after the change, written by the
 *   observer in the change's transaction: the progress row's NgayKetThucTheoQuyDinh and a
 *   supplement's NgayHenTraTruoc / NgayHenTraMoi (the appointment before the request and the
 *   one recomputed when the supplement came in). Null for rows written before this migration.
 * - a unique (dossier_id, event_seq): one row per event, whatever calls the observer twice.
 *   NULL event_seq (a queued resync) stays free: NULLs are distinct on SQLite and PostgreSQL.
 * New columns only: existing rows keep their meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('portal_sync', (t) => {
    t.text('payload');
    t.timestamp('due_at', { useTz: true });
    t.unique(['dossier_id', 'event_seq'], { indexName: 'portal_sync_dossier_event_unique' });
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
