import type { Knex } from 'knex';

/**
 * Petitions as Decree 20/2008/NĐ-CP reads (as amended by Decrees 48/2013 and 92/2017;
 * article numbers of the consolidated text; issue 25 section 1). Forward-only, SQLite and
 * PostgreSQL. Existing petitions keep their state; nothing is published, moved or
 * re-dated by this migration.
 *
 * petitions, new columns:
 * - consent_named: the sender agrees to be NAMED when the handling result is published
 *   (art. 19, 14(2)(đ): publication is the head's duty, the sender's consent decides only
 *   whether they are named). Existing rows: false. Their old answer (consent_publish,
 *   kept as recorded) was consent to an ANONYMISED publication, never to being named, so it
 *   does not become consent_named. New filings write consent_publish = consent_named.
 * - publication_withheld_at / _by / _reason: the head withheld publication, with the reason
 *   the report shows. Existing answered petitions:
 *   · published ones (their sender had consented) stay published, as they are;
 *   · answered, unpublished ones (their sender had refused publication) stay unpublished
 *     and are NOT published by the migration: no head has checked an anonymised text of
 *     them, and the sender was told it would not be published. They are "chờ công khai"
 *     (neither published nor withheld): the competent agency's head may now publish the
 *     anonymised text (the sender unnamed, since consent_named is false) or withhold it with
 *     a reason; the report counts them apart, so the backlog is visible and honest.
 * - scope_reason: why a petition is "not in scope" (art. 7: missing name/address/contact,
 *   not about a regulation; art. 1: a complaint or a denunciation). Existing not-in-scope
 *   rows: null (their free-text closing_reason stays, shown as "lý do khác (trước đây)").
 * - external_body / dispatch_number / dispatch_date: forwarded outside the province
 *   (art. 9(1)(d)) to a ministry or another province, status 'forwarded_external'.
 * - outcome: the handling result of an answer (art. 14(2)(b)–(d), art. 15): amend_abolish,
 *   recommend, issue_new, explain. Existing answered rows: null ("chưa ghi nhận").
 * - review_due_on (YYYY-MM-DD) / kept_at: kept for study (status 'kept_for_study').
 * - recorded_by / received_how: a letter or phone petition written down by the control
 *   unit's staff (art. 6, 7(2)(đ), 9(1)(b)–(c)); channel 'letter' or 'phone' then.
 *   Existing rows (web, zalo): null.
 * - answer_counted_from: 'receipt' or 'forwarding', what answer_due_at counted from
 *   (PETITION_ANSWER_FROM). Existing forwarded rows: 'forwarding' (what they were counted from).
 * - question_id: the citizen's question turned into this petition ("Chuyển thành PAKN").
 *
 * settings 'petitions.control_unit_agency_id' (art. 8; Decree 92/2017 art. 6(2)): the
 * agency whose supervisors are the TTHC control unit, an administrator's setting. Today's
 * behaviour is kept: an existing install gets the active agency of kind 'centre' without a
 * parent (the only one the old rule named, the lowest id if there were several); an install
 * without one gets no row (administrators only, until one is chosen). The reference seed sets
 * it on a fresh install to the province centre by its eid. After this migration nothing is
 * inferred from agency kinds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.boolean('consent_named').notNullable().defaultTo(false);
    t.timestamp('publication_withheld_at', { useTz: true });
    t.integer('publication_withheld_by').references('id').inTable('users');
    t.string('publication_withheld_reason', 1000);
    t.string('scope_reason', 30);
    t.string('external_body', 300);
    t.string('dispatch_number', 60);
    t.string('dispatch_date', 10);
    t.string('outcome', 20);
    t.string('review_due_on', 10);
    t.timestamp('kept_at', { useTz: true });
    t.integer('recorded_by').references('id').inTable('users');
    t.string('received_how', 300);
    t.string('answer_counted_from', 12);
    t.integer('question_id');
  });
  await knex('petitions').whereNotNull('answer_due_at').update({ answer_counted_from: 'forwarding' });
  await knex.schema.alterTable('dossier_questions', (t) => {
    t.integer('petition_id').references('id').inTable('petitions');
  });

  const centre = await knex('agencies').where({ kind: 'centre', active: true }).whereNull('parent_id').orderBy('id').first('id');
  if (centre) {
    await knex('settings')
      .insert({ key: 'petitions.control_unit_agency_id', value: String(centre.id), created_at: new Date() })
      .onConflict('key')
      .ignore();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
