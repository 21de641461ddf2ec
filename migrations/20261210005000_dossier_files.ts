import type { Knex } from 'knex';

/**
 * Files attached to a dossier (issue "Start from home, finish by post"): the documents a
 * citizen photographed online or the clerk scanned at the counter, and the result the officer
 * attaches for electronic delivery. The bytes live in the file store by content hash
 * (src/platform/files); a row references them.
 *
 * - dossier_files: `purpose` document (a file of one of the dossier's documents,
 *   `dossier_document_id`, NULL for an extra file) or result (the signed result file);
 *   `source` counter (scanned at intake), online (a web pre-submission), api (the national
 *   portal or the province's platform), officer (a result). `kind` jpeg | png | pdf as sniffed;
 *   `name` as the device named it, cleaned, for display only; `pdf_signed` whether a PDF
 *   carries a signature field (NULL for photos). Rows are never updated in place: a file
 *   replaced is `removed_at` set and a new row.
 * - dossier_file_downloads: every download of a result by the citizen (by their token) or by
 *   staff: when, who. Never the token itself.
 *
 * New tables only: existing data keeps its meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dossier_files', (t) => {
    t.increments('id').primary();
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('dossier_document_id').references('id').inTable('dossier_documents');
    t.string('purpose', 10).notNullable();
    t.string('source', 10).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('kind', 10).notNullable();
    t.integer('size').notNullable();
    t.string('name', 200).notNullable();
    t.boolean('pdf_signed');
    t.integer('added_by').references('id').inTable('users');
    t.timestamp('added_at', { useTz: true }).notNullable();
    t.integer('removed_by').references('id').inTable('users');
    t.timestamp('removed_at', { useTz: true });
    t.index(['dossier_id', 'purpose']);
    t.index(['sha256']);
  });
  await knex.schema.createTable('dossier_file_downloads', (t) => {
    t.increments('id').primary();
    t.integer('dossier_file_id').notNullable().references('id').inTable('dossier_files');
    t.string('by', 10).notNullable(); // citizen | staff
    t.integer('user_id').references('id').inTable('users');
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['dossier_file_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
