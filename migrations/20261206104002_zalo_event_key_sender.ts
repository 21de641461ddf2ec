import type { Knex } from 'knex';

/**
 * A Zalo message is the same event only from the same sender: its key in zalo_events
 * becomes `msg:<sender>:<msg_id>` (it was the msg_id alone, so one follower's message could
 * hide another's with the same msg_id). Stored messages get the new key, so a redelivery of
 * an event received before this migration is still recognised. msg_id is at most 128
 * characters and a sender id 64, so the key fits the column; events without a msg_id
 * (follow, unfollow) keep `<event>:<sender>:<timestamp>`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('zalo_events')
    .whereNotNull('msg_id')
    .update({ event_key: knex.raw("'msg:' || COALESCE(sender_id, '') || ':' || msg_id") });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
