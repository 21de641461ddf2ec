import type { Knex } from 'knex';

/**
 * Results delivered electronically (issue "Start from home, finish by post", section 4):
 * `procedures.result_electronic` — the procedure's result may be issued as a signed file the
 * citizen downloads from the status page. Default false: every existing procedure keeps
 * today's behaviour (a paper result; a dossier whose citizen chose online delivery at intake
 * may still get one, src/domain/result-file.ts). The files themselves are dossier_files rows
 * (purpose result, migrations/20261210005000_dossier_files.ts); the fee paid is an audit event
 * (`fee_paid`), not a column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('procedures', (t) => {
    t.boolean('result_electronic').notNullable().defaultTo(false);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
