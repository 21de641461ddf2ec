import type { Knex } from 'knex';
import { publishedSearchText } from '../src/domain/petitions.js';

/**
 * The published answers' search runs in SQL: `published_search` holds the folded text (no
 * accents, lower case) of a published petition's code, content and answer, set when it is
 * published; the public search matches every query word in it. Petitions published before
 * this migration get theirs here; unpublished ones keep NULL, as they are not searchable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.text('published_search');
  });
  const rows = await knex('petitions').whereNotNull('published_at').select('id', 'code', 'published_content', 'published_answer');
  for (const r of rows) {
    await knex('petitions')
      .where({ id: r.id })
      .update({ published_search: publishedSearchText({ code: String(r.code), content: String(r.published_content ?? ''), answer: String(r.published_answer ?? '') }) });
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
