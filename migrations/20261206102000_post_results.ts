import type { Knex } from 'knex';

/**
 * What a state-changing admin form did, kept so the page after its redirect (Post/Redirect/Get)
 * can show it and a reload never sends the form again:
 * - `procedure_imports`: one committed CSV import of the procedure catalogue, who and when,
 *   its counts and, per row, what changed (old → new), as JSON;
 * - `calendar_changes`: one change to the holiday calendar, its summary and the appointments
 *   recomputed because of it, as JSON.
 * New tables only: existing data is untouched.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('procedure_imports', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.integer('inserted').notNullable();
    t.integer('updated').notNullable();
    t.integer('unchanged').notNullable();
    t.text('rows_json').notNullable();
  });
  await knex.schema.createTable('calendar_changes', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('summary', 600).notNullable();
    t.integer('year').notNullable();
    t.text('recompute_json');
    t.boolean('recompute_error').notNullable().defaultTo(false);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
