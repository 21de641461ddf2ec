import type { Knex } from 'knex';

/**
 * - login_failures: every refused sign-in (account name as typed, address, instant). The
 *   login throttle counts them on sliding windows per account and per (account, address),
 *   and the administrator sees repeated failures. A successful sign-in from an address
 *   marks that pair's failures `cleared` (kept for the administrator's list).
 * - settings: small server-wide values generated once and shared by every instance (the
 *   CSRF signing secret of an installation that sets no CSRF_SECRET).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.increments('id').primary();
    t.string('username', 100).notNullable();
    t.string('ip', 64).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.boolean('cleared').notNullable().defaultTo(false);
    t.index(['username', 'at']);
    t.index(['username', 'ip', 'at']);
    t.index(['ip', 'at']);
    t.index(['at']);
  });
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
