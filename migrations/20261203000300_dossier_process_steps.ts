import type { Knex } from 'knex';

/**
 * A dossier keeps the internal process its procedure had when it was received, as it keeps
 * its statutory time: editing a procedure's steps later never changes how an older dossier's
 * hand-overs are judged on Mẫu 05. Copied at intake. No backfill: the steps table is new, so
 * no dossier received before this migration had a process.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dossier_process_steps', (t) => {
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('position').notNullable();
    t.string('name', 300).notNullable();
    t.integer('agency_id').references('id').inTable('agencies'); // null: the dossier's processing agency
    t.integer('amount').notNullable();
    t.string('unit', 15).notNullable(); // working_hours | working_days
    t.primary(['dossier_id', 'position']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
