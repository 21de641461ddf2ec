import type { Knex } from 'knex';

/**
 * The public catalogue's change stamp (issue 23, /thu-tuc and Zalo "TT"): each instance keeps
 * its search index in memory and rebuilds it when this stamp moved. The stamp is one row,
 * `catalogue_stamp.n`, bumped by triggers on every table the catalogue is read from
 * (procedures, procedure_documents, procedure_versions, agency_procedures, agencies), so any
 * writer — the national import, the catalogue job, the admin pages, the CSV import, a seed,
 * a hand-written UPDATE — invalidates every instance's index without knowing about it.
 * PostgreSQL: statement-level triggers (one bump per statement); SQLite: row-level (SQLite
 * has no statement triggers). Catalogue writes are rare (administration), so the single row
 * costs nothing on the hot paths (intake and the dossiers never write these tables).
 */
const TABLES = ['procedures', 'procedure_documents', 'procedure_versions', 'agency_procedures', 'agencies'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('catalogue_stamp', (t) => {
    t.integer('id').primary();
    t.bigInteger('n').notNullable().defaultTo(0);
  });
  await knex('catalogue_stamp').insert({ id: 1, n: 0 });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`CREATE FUNCTION catalogue_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE catalogue_stamp SET n = n + 1 WHERE id = 1; RETURN NULL; END $$`);
    for (const table of TABLES) {
      await knex.raw(`CREATE TRIGGER ${table}_catalogue_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION catalogue_stamp_bump()`);
    }
    return;
  }
  for (const table of TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await knex.raw(`CREATE TRIGGER ${table}_catalogue_stamp_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN UPDATE catalogue_stamp SET n = n + 1 WHERE id = 1; END`);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
