import type { Knex } from 'knex';

/**
 * The province's Zalo Official Account (issue 14):
 * - zalo_events: every webhook event as received (raw body), unique by its key (the
 *   message's msg_id, or event + sender + timestamp for events without one), processed
 *   from this table by whichever instance claims it (status, locked_by, locked_until).
 * - zalo_users: the OA's followers we heard from (follow state, when they last wrote,
 *   a message kept while they are asked which dossier it is about).
 * - zalo_links: a Zalo user linked to a dossier after sending its code and the last 4
 *   digits of its phone.
 * - zalo_oa_tokens: the rotating OA access/refresh token pair (one row), refreshed by one
 *   instance under the job lease.
 * - dossier_questions: the Zalo user a question came from, and the reminder/escalation
 *   milestones of its answer deadline. Existing questions are reminded at their deadline
 *   (remind_at = answer_due_at), the meaning they had: nothing reminded them before.
 * - outbox_messages: a fallback (channel, recipient, template) used when the provider
 *   refuses the message for good (a Zalo consultation message outside its reply window).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('zalo_events', (t) => {
    t.increments('id').primary();
    t.string('event_key', 200).notNullable().unique();
    t.string('event_name', 60).notNullable();
    t.string('app_id', 64).notNullable();
    t.string('sender_id', 64);
    t.string('msg_id', 128);
    t.bigInteger('event_ts');
    t.text('body').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.string('status', 12).notNullable().defaultTo('pending'); // pending | processing | done | ignored | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('locked_by', 100);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('processed_at', { useTz: true });
    t.string('outcome', 40);
    t.string('error', 1000);
    t.index(['status', 'id']);
    t.index(['sender_id', 'id']);
  });
  await knex.schema.createTable('zalo_users', (t) => {
    t.string('zalo_user_id', 64).primary();
    t.boolean('followed').notNullable().defaultTo(true);
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_message_at', { useTz: true });
    t.string('pending_text', 1000);
    t.timestamp('pending_at', { useTz: true });
  });
  await knex.schema.createTable('zalo_links', (t) => {
    t.increments('id').primary();
    t.string('zalo_user_id', 64).notNullable().references('zalo_user_id').inTable('zalo_users');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.timestamp('linked_at', { useTz: true }).notNullable();
    t.unique(['zalo_user_id', 'dossier_id']);
    t.index(['dossier_id']);
  });
  await knex.schema.createTable('zalo_oa_tokens', (t) => {
    t.integer('id').primary(); // always 1
    t.text('access_token').notNullable();
    t.text('refresh_token').notNullable();
    t.timestamp('expires_at', { useTz: true });
    /** SHA-256 of the ZALO_OA_REFRESH_TOKEN the pair started from: a new pair in the environment replaces the stored one. */
    t.string('seed_hash', 64).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.string('refreshed_by', 100);
    t.integer('failures').notNullable().defaultTo(0);
    t.string('last_error', 1000);
  });
  await knex.schema.alterTable('dossier_questions', (t) => {
    t.string('zalo_user_id', 64);
    t.timestamp('remind_at', { useTz: true });
    t.timestamp('reminded_at', { useTz: true });
    t.timestamp('escalated_at', { useTz: true });
  });
  await knex('dossier_questions').update({ remind_at: knex.ref('answer_due_at') });
  await knex.schema.alterTable('dossier_questions', (t) => {
    t.index(['answered_at', 'remind_at']);
  });
  await knex.schema.alterTable('outbox_messages', (t) => {
    t.string('fallback_channel', 10);
    t.string('fallback_recipient', 200);
    t.string('fallback_template', 60);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
