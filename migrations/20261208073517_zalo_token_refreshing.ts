import type { Knex } from 'knex';

/**
 * zalo_oa_tokens.refreshing_since: set while a refresh of the pair is on its way to Zalo's
 * OAuth endpoint (null otherwise). Zalo ends the old access token as soon as it answers a
 * refresh, a moment before the new pair is stored; a consultation message refused with the
 * old token in that moment sees the refresh in flight and waits for the new token instead of
 * waiting for the outbox job. Existing rows: no refresh in flight (null).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('zalo_oa_tokens', (t) => {
    t.timestamp('refreshing_since', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
