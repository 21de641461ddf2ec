import type { Knex } from 'knex';

/**
 * A dossier keeps the clock rules it was received under, whatever its procedure says later:
 * - supplement_clock: what recording a complete supplement does to the clock (restart the
 *   full statutory time, or resume the time left). Every dossier so far had its appointment
 *   computed by resuming, so existing rows (and any insert that does not say) are 'resume';
 *   intake sets the procedure's setting (restart by default since Decree 118/2025).
 * - next_day_after_cutoff: Decree 63/2024's "received at or after the cut-off counts from the
 *   next working day", as the procedure had it at intake (off for every existing row, as it
 *   was counted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.string('supplement_clock', 10).notNullable().defaultTo('resume'); // restart | resume
    t.boolean('next_day_after_cutoff').notNullable().defaultTo(false);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
