import type { Knex } from 'knex';

/**
 * The integration API (/api/v1) for the province's other systems.
 *
 * - api_keys: one key per client system. The key itself (`mc_<prefix>_<secret>`) is shown
 *   once; only its prefix (the lookup) and the SHA-256 of the whole key are stored.
 *   all_agencies: every agency's dossiers; otherwise the agencies of api_key_agencies.
 *   personal_data: whether answers carry the applicant's name, ID number, phone, address,
 *   e-mail and the free-text notes. revoked_at set: refused at once.
 * - api_calls: every call (key, time, method, path, status, number of items); the path is the
 *   caller's own request (a dossier code at most), never personal data.
 * - api_feed_pending / api_feed: the change feed. The dossier-change observer writes a pending
 *   row in the writer's transaction; a reader moves committed pending rows to api_feed under a
 *   lock, in id order, giving each the next position. A row committed late gets a later
 *   position than every row already read: a cursor over positions never skips one. Existing
 *   events are fed in by this migration (position = the event's id: increasing, gaps allowed).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.string('prefix', 20).notNullable().unique();
    t.string('secret_hash', 64).notNullable();
    t.boolean('all_agencies').notNullable().defaultTo(false);
    t.boolean('personal_data').notNullable().defaultTo(false);
    t.integer('created_by').references('id').inTable('users');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.integer('revoked_by').references('id').inTable('users');
    t.timestamp('last_used_at', { useTz: true });
  });
  await knex.schema.createTable('api_key_agencies', (t) => {
    t.integer('key_id').notNullable().references('id').inTable('api_keys');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.primary(['key_id', 'agency_id']);
  });
  await knex.schema.createTable('api_calls', (t) => {
    t.increments('id').primary();
    t.integer('key_id').notNullable().references('id').inTable('api_keys');
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('method', 10).notNullable();
    t.string('path', 300).notNullable();
    t.integer('status').notNullable();
    t.integer('items').notNullable().defaultTo(0);
    t.index(['key_id', 'at']);
  });
  await knex.schema.createTable('api_feed_pending', (t) => {
    t.increments('id').primary();
    t.integer('dossier_id').notNullable();
    t.integer('event_seq').notNullable();
  });
  await knex.schema.createTable('api_feed', (t) => {
    t.bigInteger('position').primary();
    t.integer('dossier_id').notNullable();
    t.integer('event_seq').notNullable();
    t.unique(['dossier_id', 'event_seq']);
  });
  await knex.raw('INSERT INTO api_feed (position, dossier_id, event_seq) SELECT id, dossier_id, seq FROM dossier_events');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
