import type { Knex } from 'knex';

/**
 * petitions.form_nonce: the random part of the server-issued, signed, one-time nonce of the
 * form page a petition was filed from (issue 20). Unique, so one nonce files one petition
 * however many times it is posted; a second POST by the same visitor finds it by this
 * column. Until now the public token was derived from a nonce the client chose; those
 * petitions keep their tokens (their links keep working) and NULL here, as do rows written
 * any other way. NULLs do not collide in a unique index (SQLite and PostgreSQL).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('petitions', (t) => {
    t.string('form_nonce', 32);
  });
  await knex.schema.alterTable('petitions', (t) => {
    t.unique(['form_nonce']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
