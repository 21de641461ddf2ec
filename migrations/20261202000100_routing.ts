import type { Knex } from 'knex';

/**
 * Routing at intake (issue 12).
 * - procedures.result_at_counter: the result is produced at the one-stop counter itself
 *   (certified copies, signature attestation), so the clerk may mark it ready. Off by
 *   default; on for the reference catalogue's counter procedures (the same codes the
 *   reference seed marks), so an installation seeded earlier gets them too.
 * - Open dossiers received before this change and never assigned land in their processing
 *   agency's queue: assigned_agency_id = processing_agency_id (assigned_to stays null, so
 *   they wait to be taken). Finished dossiers keep their history as it was.
 */
const COUNTER_PROCEDURES = ['2.000815', '2.000884', '2.000635'];
const OPEN = ['received', 'in_progress', 'awaiting_supplement', 'paused'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('procedures', (t) => {
    t.boolean('result_at_counter').notNullable().defaultTo(false);
  });
  await knex('procedures').whereIn('code', COUNTER_PROCEDURES).update({ result_at_counter: true });
  await routeWaitingDossiers(knex);
}

/** The backfill: open dossiers without a queue go to their processing agency's (exported for its test). */
export async function routeWaitingDossiers(knex: Knex): Promise<number> {
  return knex('dossiers')
    .whereNull('assigned_agency_id')
    .whereIn('status', OPEN)
    .update({ assigned_agency_id: knex.ref('processing_agency_id') });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
