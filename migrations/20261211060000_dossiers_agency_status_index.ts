import type { Knex } from 'knex';

/**
 * The receiving agency's dossiers by status and appointment (issue 26 §3), beside the
 * processing and assigned agencies' indexes of the same shape (migration 20261123000100).
 * A staff member sees the dossiers of any of the three agency columns; the clerk's home
 * counts them by status ("results to hand back", "waiting for supplements"). Without this
 * index the receiving agency's branch of that condition read every dossier the agency ever
 * received (95,640 at 1M dossiers: 0.3–1.1 s per count).
 *
 * An index only: existing data keeps its meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['agency_id', 'status', 'due_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
