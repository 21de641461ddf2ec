import type { Knex } from 'knex';

/**
 * Processing workflow: pauses as intervals (the clock stops), hand-overs between
 * units (the process control sheet), supplement requests, and the outcome columns
 * of a dossier. Indexes for the work queues and search.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.integer('assigned_agency_id').references('id').inTable('agencies'); // department now holding it
    t.string('completion', 10); // early | on_time | late, set when processing completes
    t.timestamp('returned_at', { useTz: true });
    t.string('returned_to', 300);
    t.text('outcome_note'); // refusal or withdrawal reason, result note
  });

  await knex.schema.createTable('dossier_pauses', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.string('kind', 20).notNullable(); // supplement | other
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.text('reason').notNullable();
    t.integer('started_by').notNullable().references('id').inTable('users');
    t.integer('ended_by').references('id').inTable('users');
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('dossier_handovers', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.timestamp('at', { useTz: true }).notNullable();
    t.integer('from_agency_id').notNullable().references('id').inTable('agencies');
    t.integer('to_agency_id').notNullable().references('id').inTable('agencies');
    t.integer('from_user_id').references('id').inTable('users');
    t.integer('to_user_id').references('id').inTable('users');
    t.timestamp('due_at', { useTz: true }).notNullable(); // the dossier's appointment at the time
    t.text('note');
    t.index(['dossier_id']);
  });

  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['assigned_agency_id', 'status', 'due_at']);
    t.index(['assigned_to', 'status', 'due_at']);
    t.index(['processing_agency_id', 'status', 'due_at']);
    t.index(['received_at']);
    t.index(['procedure_id', 'received_at']);
  });
  // Accent-free name search is a prefix match. SQLite's default binary collation serves a
  // range scan on the plain index; PostgreSQL needs pattern_ops for LIKE 'prefix%'.
  if (knex.client.config.client === 'pg') {
    await knex.raw('CREATE INDEX dossiers_applicant_name_folded_pattern ON dossiers (applicant_name_folded text_pattern_ops)');
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
