import type { Knex } from 'knex';

/**
 * The national catalogue import as an administrator runs it (Post/Redirect/Get, like
 * procedure_imports for the CSV import): `catalogue_imports` keeps one upload or fetch of the
 * national data between its preview and its confirmation, and then what applying it did.
 * - `records_json`: the data as received (a file, or the national database's answers), already
 *   read without a problem; emptied once applied (each version keeps its own record).
 * - `complete`: the data is the province's whole list (procedures it does not hold are withdrawn).
 * - `applied_at` / `applied_by` / `effective_from` / `result_json`: set once, in the transaction
 *   that writes the versions (a second confirmation finds it applied and writes nothing).
 * A new table only: existing data is untouched.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('catalogue_imports', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('source', 500).notNullable();
    t.boolean('complete').notNullable();
    t.integer('record_count').notNullable();
    t.text('records_json').notNullable();
    t.timestamp('applied_at', { useTz: true });
    t.integer('applied_by').references('id').inTable('users');
    t.string('effective_from', 10);
    t.text('result_json');
    t.index(['applied_at', 'created_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
