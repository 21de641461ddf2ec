import type { Knex } from 'knex';

/**
 * The queue's "waiting to be taken" (issue 26 §3): an agency's dossiers no one holds, by
 * status and appointment. Without it the queue read either every unassigned dossier of
 * every agency (the assigned_to index) or every dossier the agency holds (the
 * assigned_agency_id index), looking each row up: ≈ 20–30 ms at 1M dossiers for 448 rows.
 * Partial (assigned_to is null): small, and both databases use it for the queue's
 * `assigned_to is null` condition.
 *
 * An index only: existing data keeps its meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index dossiers_waiting_index on dossiers (assigned_agency_id, status, due_at) where assigned_to is null');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
