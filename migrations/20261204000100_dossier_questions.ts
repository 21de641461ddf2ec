import type { Knex } from 'knex';

/**
 * Citizens' questions on a dossier (issue 14), asked from the status page for now (the
 * channel column leaves room for Zalo). One answer per question: its text, who gave it,
 * and whether the citizen sees it. Staff's internal notes on a question are their own
 * rows and never leave the staff side. No backfill: both tables are new.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dossier_questions', (t) => {
    t.increments('id').primary();
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.string('channel', 20).notNullable().defaultTo('status_page');
    t.string('text', 1000).notNullable();
    t.timestamp('asked_at', { useTz: true }).notNullable();
    t.timestamp('answer_due_at', { useTz: true }).notNullable();
    t.string('ip', 64);
    t.timestamp('answered_at', { useTz: true });
    t.integer('answered_by').references('id').inTable('users');
    t.string('answer', 2000);
    t.boolean('answer_public');
    t.index(['dossier_id', 'asked_at']);
    t.index(['answered_at', 'answer_due_at']);
  });
  await knex.schema.createTable('dossier_question_notes', (t) => {
    t.increments('id').primary();
    t.integer('question_id').notNullable().references('id').inTable('dossier_questions');
    t.integer('author_id').notNullable().references('id').inTable('users');
    t.string('text', 2000).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['question_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
