import type { Knex } from 'knex';

/**
 * The richer catalogue (issue "Know before you come"): each procedure keeps its versions as
 * the National Database of Administrative Procedures publishes them, and a dossier keeps the
 * version it was received under.
 *
 * - procedure_versions: one row per version of a procedure. `record_json` is the record in the
 *   national shape (MATTHC, TENTTHC, CACHTHUCTHUCHIEN, THANHPHANHOSO, …, plus motcua's `_source`
 *   and `_missing`), read by src/domain/national-procedure.ts. `effective_from` (YYYY-MM-DD,
 *   Vietnam date) is when it takes effect; `applied_at` is when the procedure's own columns
 *   (name, counter time and fee, documents, flags: what intake uses) were set from it — null
 *   while it waits for its date. `source` says where it came from (a file name, a URL, "admin").
 * - procedures: name_en (English name where the data has one), online_level (none | partial |
 *   full), by_post (Decision 45/2016: the post is open unless the procedure is listed as not
 *   available by post: true by default), in_person (the person must come: false by default).
 * - dossiers.procedure_version_id: the version in force when the dossier was received. Null for
 *   the dossiers received before versions were kept: nothing records what the procedure said
 *   then, so none is claimed (pages show the procedure as it is now, as they did before).
 *
 * Existing procedures get no version row here: their first version is written the first time
 * they are imported or edited. Existing data keeps its meaning: no column changes value.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('procedures', (t) => {
    t.string('name_en', 500);
    t.string('online_level', 10).notNullable().defaultTo('none');
    t.boolean('by_post').notNullable().defaultTo(true);
    t.boolean('in_person').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('procedure_versions', (t) => {
    t.increments('id').primary();
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.integer('version').notNullable();
    t.string('effective_from', 10).notNullable();
    t.text('record_json').notNullable();
    t.string('source', 500).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.integer('created_by').references('id').inTable('users');
    t.timestamp('applied_at', { useTz: true });
    t.unique(['procedure_id', 'version']);
    t.index(['applied_at', 'effective_from']);
  });
  await knex.schema.alterTable('dossiers', (t) => {
    t.integer('procedure_version_id').references('id').inTable('procedure_versions');
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
