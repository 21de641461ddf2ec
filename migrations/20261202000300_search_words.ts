import type { Knex } from 'knex';
import { dossierSearchWords, SEARCH_WORD_MAX } from '../src/domain/search-words.js';

/**
 * dossier_search_words: the words staff search finds a dossier by (src/domain/search-words.ts),
 * one row per dossier and word. The primary key (dossier_id, word) serves re-indexing one
 * dossier; the index (word, dossier_id) serves a prefix range `word >= ? AND word < ?`
 * covering the ids. On PostgreSQL the column compares in "C" (code-point) order, as
 * SQLite's BINARY does, so that range is a prefix on both.
 * Backfill: every existing dossier, 1000 at a time in id order.
 * The indexes on dossiers.applicant_name_folded served the old name-prefix search only:
 * dropped (the column stays, intake still writes it).
 */
const BATCH = 1000;
/** SQLite takes at most 500 rows in one INSERT through knex (a compound SELECT). */
const ROWS_PER_INSERT = 500;

export async function up(knex: Knex): Promise<void> {
  const isPg = knex.client.config.client === 'pg';
  await knex.schema.createTable('dossier_search_words', (t) => {
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    if (isPg) t.specificType('word', `varchar(${SEARCH_WORD_MAX}) COLLATE "C"`).notNullable();
    else t.string('word', SEARCH_WORD_MAX).notNullable();
    t.primary(['dossier_id', 'word']);
    t.index(['word', 'dossier_id']);
  });

  let after = 0;
  for (;;) {
    const dossiers: Array<{ id: number; code: string; applicant_name: string }> = await knex('dossiers')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'code', 'applicant_name');
    if (dossiers.length === 0) break;
    const rows = dossiers.flatMap((d) => dossierSearchWords({ name: d.applicant_name, code: d.code }).map((word) => ({ dossier_id: d.id, word })));
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await knex('dossier_search_words').insert(rows.slice(i, i + ROWS_PER_INSERT));
    after = dossiers[dossiers.length - 1]!.id;
  }

  await knex.schema.alterTable('dossiers', (t) => t.dropIndex(['applicant_name_folded']));
  if (isPg) await knex.raw('DROP INDEX IF EXISTS dossiers_applicant_name_folded_pattern');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
