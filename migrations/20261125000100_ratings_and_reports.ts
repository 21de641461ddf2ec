import type { Knex } from 'knex';

/**
 * Citizen satisfaction ratings (one per dossier, never edited) and the indexes the
 * period reports read: dossiers by processing agency and receipt or completion time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dossier_ratings', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().unique().references('id').inTable('dossiers');
    t.string('level', 20).notNullable(); // very_satisfied | satisfied | unsatisfied
    t.text('comment');
    // Optional 2018 criteria, each 2 / 1 / 0 (null: not answered).
    t.integer('criterion_time');
    t.integer('criterion_contacts');
    t.integer('criterion_agencies');
    t.integer('criterion_attitude');
    t.integer('criterion_publicity');
    t.integer('officer_id').references('id').inTable('users'); // who processed it, at rating time
    t.integer('agency_id').notNullable().references('id').inTable('agencies'); // processing agency
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['agency_id', 'created_at']);
    t.index(['officer_id', 'created_at']);
  });

  await knex.schema.alterTable('dossiers', (t) => {
    // The officer who completed processing (result ready or refusal): the officer report.
    t.integer('completed_by').references('id').inTable('users');
  });

  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['completed_by', 'finished_at']);
    t.index(['processing_agency_id', 'received_at']);
    t.index(['processing_agency_id', 'finished_at']);
    t.index(['finished_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
