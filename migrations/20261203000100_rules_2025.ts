import type { Knex } from 'knex';

/**
 * The one-stop-shop rules in force since July 2025 (Decree 118/2025, Circular 03/2025):
 * - per procedure: what a supplement does to the clock (restart the statutory time, the
 *   default, or resume the time left) and Decree 63/2024's "received after the cut-off
 *   counts from the next working day" option (off);
 * - a procedure's internal process steps (receiving department, time budget);
 * - a supplement request's specific reason, and a supervisor's override of the one-request rule;
 * - applicants that are organisations, and authorised representatives;
 * - guidance (Mẫu 02) and refusals (Mẫu 03) given at the counter before any dossier exists;
 * - apology drafts the head edits and issues, late issuance, the signer's title and the number.
 * Existing rows keep their meaning: every dossier so far was filed by a person; every apology
 * so far was issued (by staff, or by the system when issued_by is null).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('procedures', (t) => {
    t.string('supplement_clock', 10).notNullable().defaultTo('restart'); // restart | resume
    t.boolean('next_day_after_cutoff').notNullable().defaultTo(false); // Decree 63/2024 option
  });

  await knex.schema.createTable('procedure_steps', (t) => {
    t.increments('id');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('name', 300).notNullable();
    // The department that does this step; null: the dossier's processing agency.
    t.integer('agency_id').references('id').inTable('agencies');
    t.integer('amount').notNullable();
    t.string('unit', 15).notNullable(); // working_hours | working_days
    t.unique(['procedure_id', 'position']);
  });

  await knex.schema.alterTable('dossier_pauses', (t) => {
    t.text('request_reason'); // a supplement request's specific reason (printed on Mẫu 02)
    t.text('override_reason'); // a second supplement request allowed by a supervisor, and why
  });

  await knex.schema.alterTable('dossiers', (t) => {
    t.string('applicant_kind', 12).notNullable().defaultTo('person'); // person | organisation
    t.string('organisation_code', 20); // tax / organisation code of an organisation applicant
    t.string('representative_id_number', 20);
    t.string('representative_address', 500);
    t.string('representative_phone', 20);
    t.string('representative_email', 200);
    t.string('authorisation_paper', 300); // the authorisation document (giấy ủy quyền) named on the receipt
  });

  // Guidance given at the counter before receipt (Mẫu 02 to complete the dossier): no dossier code.
  await knex.schema.createTable('counter_guidances', (t) => {
    t.increments('id');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.integer('clerk_id').notNullable().references('id').inTable('users');
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_id_number', 20);
    t.string('applicant_phone', 20);
    t.string('applicant_address', 500);
    t.text('items').notNullable(); // what to add or correct, one per line
    t.text('reason').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['agency_id', 'created_at']);
  });

  // Refusals to receive at the counter (Mẫu 03), signed by the person submitting and the clerk.
  await knex.schema.createTable('counter_refusals', (t) => {
    t.increments('id');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.integer('clerk_id').notNullable().references('id').inTable('users');
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_id_number', 20);
    t.string('applicant_phone', 20);
    t.string('applicant_address', 500);
    t.text('reason').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['agency_id', 'created_at']);
  });

  // The draft the job prepares for the head: proposed new date, reason to fill in.
  await knex.schema.createTable('apology_drafts', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().unique().references('id').inTable('dossiers');
    t.timestamp('proposed_due_at', { useTz: true }).notNullable();
    t.text('reason').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.integer('updated_by').references('id').inTable('users');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.alterTable('dossier_apologies', (t) => {
    // Issued later than 1 working day before the appointment (Decree 118): counted in reports.
    t.boolean('issued_late').notNullable().defaultTo(false);
    t.string('signer_title', 200); // the head's title in the signature block
    t.string('number', 40); // "…/PXL"
  });

  await knex.schema.alterTable('users', (t) => {
    t.string('job_title', 200).notNullable().defaultTo(''); // e.g. "Giám đốc", printed under a head's signature
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
