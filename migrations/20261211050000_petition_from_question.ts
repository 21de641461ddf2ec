import type { Knex } from 'knex';

/**
 * A citizen's question turned into a petition ("Chuyển thành PAKN", issue 25 §1 item 8;
 * Decree 20/2008/NĐ-CP art. 6 and 19). The links both ways were added by
 * 20261211010000_petitions_decree20 (petitions.question_id, dossier_questions.petition_id).
 *
 * - petitions.question_id becomes unique: one question makes at most one petition, whatever
 *   two staff members (or a double submit) do at the same moment. NULLs (every other
 *   petition) are distinct on both databases, so existing rows all satisfy it.
 * - petitions.consent_named_at: when the sender answered, on the dossier's status page,
 *   whether they agree to be named in the published answer (art. 19). Null: not asked or not
 *   answered yet (consent_named then stays false: never named without a yes). Existing rows:
 *   null; their consent_named keeps what the form recorded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.timestamp('consent_named_at', { useTz: true });
    t.unique(['question_id'], { indexName: 'petitions_question_id_unique' });
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
