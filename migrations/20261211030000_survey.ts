import type { Knex } from 'knex';

/**
 * The independent satisfaction survey (SIPAS-style, issue 25 §3): a sample of the citizens
 * whose dossiers were returned in a period, stratified by processing agency, invited by a
 * link; their answers stored apart from any dossier or person.
 *
 * - survey_settings: one row (id 1): the period a round covers (month | quarter | year,
 *   quarter by default), the sample size of an agency without its own, the days a link
 *   stays open. survey_sizes: an agency's own sample size (0: not surveyed).
 * - survey_rounds: one per period (unique), drawn once by the `survey` job; closes_at ends
 *   its links. survey_strata: per round and agency, how many citizens could be drawn
 *   (population) and how many were invited: the response rate's denominator.
 * - survey_invitations: one per invited citizen, keyed by the SHA-256 of the link's token;
 *   nothing else but its round, agency and whether it was used. No dossier, no person, no
 *   time, no sequence: the token itself is only in the message sent (erased once delivered).
 * - survey_answers: the five dimensions (1–5, null: no opinion) and the free text, with
 *   the round and agency only; a random id, no time, no token, no dossier, no phone.
 *
 * New tables only: existing data keeps its meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_settings', (t) => {
    t.integer('id').primary();
    t.string('period_kind', 10).notNullable().defaultTo('quarter');
    t.integer('default_size').notNullable().defaultTo(0);
    t.integer('answer_days').notNullable().defaultTo(30);
    t.integer('updated_by').references('id').inTable('users');
    t.timestamp('updated_at', { useTz: true });
  });
  await knex('survey_settings').insert({ id: 1, period_kind: 'quarter', default_size: 0, answer_days: 30 });

  await knex.schema.createTable('survey_sizes', (t) => {
    t.integer('agency_id').primary().references('id').inTable('agencies');
    t.integer('size').notNullable();
    t.integer('updated_by').notNullable().references('id').inTable('users');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('survey_rounds', (t) => {
    t.increments('id').primary();
    t.string('period_kind', 10).notNullable();
    t.string('first_day', 10).notNullable(); // YYYY-MM-DD, Vietnam dates
    t.string('last_day', 10).notNullable();
    t.timestamp('drawn_at', { useTz: true }).notNullable();
    t.timestamp('closes_at', { useTz: true }).notNullable();
    t.unique(['period_kind', 'first_day']);
  });

  await knex.schema.createTable('survey_strata', (t) => {
    t.integer('round_id').notNullable().references('id').inTable('survey_rounds');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.integer('population').notNullable();
    t.integer('invited').notNullable();
    t.primary(['round_id', 'agency_id']);
  });

  await knex.schema.createTable('survey_invitations', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('round_id').notNullable().references('id').inTable('survey_rounds');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.boolean('answered').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('survey_answers', (t) => {
    t.string('id', 32).primary();
    t.integer('round_id').notNullable().references('id').inTable('survey_rounds');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    for (const d of ['access', 'procedures', 'officials', 'results', 'feedback']) t.smallint(d);
    t.text('comment');
    t.index(['round_id', 'agency_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
