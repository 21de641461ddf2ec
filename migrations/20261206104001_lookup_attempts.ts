import type { Knex } from 'knex';

/**
 * The guard on "dossier code + last 4 phone digits" (lookup page, Zalo linking, petitions
 * citing a dossier) keeps one row per WRONG try instead of incremented counters: the
 * limits (per follower or address, per code, site-wide) are counts of these rows in the
 * sliding window, and a row is written in the same transaction as the check it records,
 * so a crash cannot leave a count behind and a right answer writes nothing.
 * `actor` is who tried: `ip:<address>` or `zalo:<follower id>`. The counters the old
 * guard kept in rate_limits (keys code-secret:*) expire by themselves and are no longer read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lookup_attempts', (t) => {
    t.increments('id').primary();
    t.string('code', 64).notNullable();
    t.string('actor', 100).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['code', 'at']);
    t.index(['actor', 'at']);
    t.index(['at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
