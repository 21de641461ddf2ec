import type { Knex } from 'knex';

/**
 * notification_switches: the citizen message templates an administrator has switched
 * off. A row means "off"; no row means "on", so every existing installation keeps
 * sending everything it sent before (nothing to backfill). Who switched it off and when
 * are kept for the templates page.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_switches', (t) => {
    t.string('template', 60).primary();
    t.integer('disabled_by').references('id').inTable('users');
    t.timestamp('disabled_at', { useTz: true }).notNullable();
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
