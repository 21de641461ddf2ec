import type { Knex } from 'knex';

/**
 * The processing-results report's monthly figures (issue 26 §4): a province's year read 3.8 M
 * dossiers at 4 M on PostgreSQL (25–28 s). A complete month's counts per (agency, procedure)
 * are kept, exactly as the live report computes that month, and a period of whole months is
 * composed from them (src/domain/report-months.ts); a month any later change may have
 * touched is marked stale in the writer's transaction and read live until the job
 * recomputes it (src/features/reports/report-months.repo.ts).
 *
 * - report_months: the months computed, and when.
 * - report_month_counts: each computed month's counts, one row per (agency, procedure) with
 *   dossiers in the month's report (the live report's rows, zeros included).
 * - report_month_stale: "every month from `from_month` on may have changed": one row per
 *   change to a dossier received before the month of the change.
 *
 * - report_signatures: what past months count of a dossier, as of its last change
 *   (domain/report-months.ts reportSignature); none until its next change, which then marks.
 *
 * New tables only: nothing is computed here (the report reads live until the
 * job runs), so existing data keeps its meaning.
 */
// The count columns as they are today, written out rather than imported from
// domain/report-months.ts REPORT_COUNTS: this migration must create the same table whatever
// that list becomes (a later column comes with its own migration).
const COUNTS = [
  'carried_over',
  'received',
  'received_counter',
  'received_online',
  'received_post',
  'early',
  'on_time',
  'late',
  'refused',
  'withdrawn',
  'open_within',
  'open_overdue',
  'paused_within',
  'paused_overdue',
  'voided',
  'apologies',
  'apologies_late',
  'documents',
  'documents_digitised',
  'results_digitised',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_months', (t) => {
    t.string('month', 7).primary(); // YYYY-MM, Vietnam time
    t.timestamp('computed_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('report_month_counts', (t) => {
    t.string('month', 7).notNullable().references('month').inTable('report_months').onDelete('CASCADE');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    for (const c of COUNTS) t.integer(c).notNullable().defaultTo(0);
    t.primary(['month', 'agency_id', 'procedure_id']);
    t.index(['agency_id', 'month']);
  });
  await knex.schema.createTable('report_signatures', (t) => {
    t.integer('dossier_id').primary().references('id').inTable('dossiers').onDelete('CASCADE');
    t.string('signature', 200).notNullable();
  });
  await knex.schema.createTable('report_month_stale', (t) => {
    t.increments('id').primary();
    t.string('from_month', 7).notNullable();
    t.timestamp('marked_at', { useTz: true }).notNullable();
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
