import type { Knex } from 'knex';

/**
 * A supervisor's follow-up of an unsatisfied rating: when, by whom, and the note. The rating
 * itself (level, comment, criteria) stays as the citizen sent it; existing rows are simply
 * not followed up yet (all three columns null).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossier_ratings', (t) => {
    t.timestamp('followed_up_at', { useTz: true });
    t.integer('followed_up_by').references('id').inTable('users');
    t.text('follow_up_note');
  });
  await knex.schema.alterTable('dossier_ratings', (t) => {
    t.index(['level', 'followed_up_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
