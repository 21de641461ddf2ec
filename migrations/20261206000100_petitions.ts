import type { Knex } from 'knex';

/**
 * Feedback and petitions on administrative regulations (phản ánh, kiến nghị; Decree
 * 20/2008/NĐ-CP as amended; issue 15). New tables only, no backfill.
 * - petitions: one row per petition, its tracking code and public token, what it is about,
 *   the sender (required by the decree; never shown publicly), its state and deadlines,
 *   the answer (drafted, approved, sent) and its anonymised published text.
 * - petition_events: the petition's audit trail, hash-chained per petition and
 *   append-only in the database, as dossier_events is.
 * - petition_sequences: the daily sequence of tracking codes.
 * - petition_milestones: each reminder / overdue flag / escalation once per petition.
 * - petition_zalo_invites: the form link a Zalo user gets after writing "PAKN", which
 *   ties the petition filed through it to that user (the answer then goes to Zalo too).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('petitions', (t) => {
    t.increments('id').primary();
    t.string('code', 30).notNullable().unique();
    t.string('public_token', 64).notNullable().unique();
    t.string('kind', 20).notNullable(); // regulation | handling | conduct | other
    t.string('channel', 10).notNullable(); // web | zalo
    t.string('status', 20).notNullable();
    t.integer('procedure_id').references('id').inTable('procedures');
    t.integer('concerned_agency_id').references('id').inTable('agencies');
    t.integer('dossier_id').references('id').inTable('dossiers');
    /** The official the feedback is about (kind conduct on a dossier): its handling officer then. */
    t.integer('official_id').references('id').inTable('users');
    t.text('content').notNullable();
    t.string('sender_kind', 20).notNullable(); // individual | organisation
    t.string('sender_name', 200).notNullable();
    t.string('sender_address', 300).notNullable();
    t.string('sender_phone', 20);
    t.string('sender_email', 200);
    t.boolean('consent_publish').notNullable();
    t.string('zalo_user_id', 64);
    t.string('ip', 64);
    t.timestamp('received_at', { useTz: true }).notNullable();
    /** 5 working days after receipt: forwarded (or answered as out of scope) by then. */
    t.timestamp('forward_due_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.integer('triaged_by').references('id').inTable('users');
    t.string('category', 200);
    t.timestamp('forwarded_at', { useTz: true });
    t.integer('competent_agency_id').references('id').inTable('agencies');
    t.timestamp('answer_due_at', { useTz: true });
    t.text('answer_draft');
    t.integer('drafted_by').references('id').inTable('users');
    t.timestamp('drafted_at', { useTz: true });
    t.integer('approved_by').references('id').inTable('users');
    t.timestamp('approved_at', { useTz: true });
    t.text('answer');
    t.timestamp('answered_at', { useTz: true });
    t.string('closing_reason', 1000);
    t.timestamp('closed_at', { useTz: true });
    t.text('published_answer');
    t.text('published_content');
    t.timestamp('published_at', { useTz: true });
    t.timestamp('forward_overdue_at', { useTz: true });
    t.timestamp('answer_overdue_at', { useTz: true });
    t.timestamp('escalated_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['status', 'forward_due_at']);
    t.index(['competent_agency_id', 'status']);
    t.index(['received_at']);
    t.index(['published_at']);
    t.index(['dossier_id']);
  });
  await knex.schema.createTable('petition_events', (t) => {
    t.increments('id').primary();
    t.integer('petition_id').notNullable().references('id').inTable('petitions');
    t.integer('seq').notNullable();
    t.string('type', 40).notNullable();
    t.string('from_status', 20);
    t.string('to_status', 20);
    t.integer('actor_id').references('id').inTable('users');
    t.text('note');
    t.boolean('public').notNullable().defaultTo(false);
    t.string('ip', 64);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('prev_hash', 64);
    t.string('hash', 64).notNullable();
    t.unique(['petition_id', 'seq']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION petition_events_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'petition_events is append-only';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER petition_events_append_only BEFORE UPDATE OR DELETE ON petition_events
      FOR EACH ROW EXECUTE FUNCTION petition_events_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER petition_events_no_update BEFORE UPDATE ON petition_events BEGIN SELECT RAISE(ABORT, 'petition_events is append-only'); END`);
    await knex.raw(`CREATE TRIGGER petition_events_no_delete BEFORE DELETE ON petition_events BEGIN SELECT RAISE(ABORT, 'petition_events is append-only'); END`);
  }
  await knex.schema.createTable('petition_sequences', (t) => {
    t.string('day', 6).primary(); // yymmdd
    t.integer('last').notNullable();
  });
  await knex.schema.createTable('petition_milestones', (t) => {
    t.integer('petition_id').notNullable().references('id').inTable('petitions');
    t.string('kind', 40).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.primary(['petition_id', 'kind']);
  });
  await knex.schema.createTable('petition_zalo_invites', (t) => {
    t.string('token', 64).primary();
    t.string('zalo_user_id', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.integer('petition_id').references('id').inTable('petitions');
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
