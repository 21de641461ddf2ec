import type { Knex } from 'knex';

/**
 * Foundation schema: agencies, procedure catalogue, staff, sessions, the holiday
 * calendar, dossiers with their documents and audit events. Runs on SQLite and
 * PostgreSQL alike: instants are timestamps (timestamptz on PostgreSQL), calendar
 * dates are `YYYY-MM-DD` strings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agencies', (t) => {
    t.increments('id');
    t.string('eid', 35).notNullable().unique(); // electronic identifier code (mã định danh điện tử)
    t.string('name', 255).notNullable();
    t.string('governing_body', 255).notNullable(); // first header line, e.g. "UBND TỈNH ĐỒNG NAI"
    t.string('place_name', 100).notNullable(); // "Đồng Nai" in "Đồng Nai, ngày … tháng … năm …"
    t.string('kind', 20).notNullable(); // centre | department | commune
    t.integer('parent_id').references('id').inTable('agencies');
    t.string('address', 255).notNullable().defaultTo('');
    t.string('hotline', 50).notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('procedures', (t) => {
    t.increments('id');
    t.string('code', 30).notNullable().unique(); // national database code, e.g. 1.001193
    t.string('name', 500).notNullable();
    t.string('field', 200).notNullable();
    t.string('processing_unit', 20).notNullable(); // working_days | same_day | working_hours | calendar_days
    t.integer('processing_amount').notNullable().defaultTo(0);
    t.string('processing_note', 500).notNullable().defaultTo('');
    t.integer('fee_vnd'); // null = see fee_note
    t.string('fee_note', 500).notNullable().defaultTo('');
    t.string('result', 500).notNullable();
    t.integer('apology_extension_days').notNullable().defaultTo(5);
    // Null: processed by the agency that receives it (commune procedures, say).
    t.integer('lead_agency_id').references('id').inTable('agencies');
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('procedure_documents', (t) => {
    t.increments('id');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('name', 500).notNullable();
    t.integer('originals').notNullable().defaultTo(0);
    t.integer('certified_copies').notNullable().defaultTo(0);
    t.integer('copies').notNullable().defaultTo(0);
    t.boolean('required').notNullable().defaultTo(true);
    t.unique(['procedure_id', 'position']);
  });

  // Which procedures each agency's counter receives.
  await knex.schema.createTable('agency_procedures', (t) => {
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.primary(['agency_id', 'procedure_id']);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 60).notNullable().unique();
    t.string('full_name', 200).notNullable();
    t.string('password_hash', 100).notNullable();
    t.string('role', 20).notNullable(); // clerk | officer | supervisor | admin
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.string('phone', 20).notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary(); // sha256 of the cookie token; the token itself is never stored
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
  });

  await knex.schema.createTable('holidays', (t) => {
    t.string('date', 10).primary(); // YYYY-MM-DD, Vietnam calendar date
    t.string('kind', 30).notNullable(); // holiday | day_off_in_lieu | swapped_day_off | makeup_working_day
    t.string('name', 200).notNullable();
    t.boolean('provisional').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('dossier_sequences', (t) => {
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.string('day', 6).notNullable(); // yyMMdd, Vietnam date
    t.integer('last_value').notNullable();
    t.primary(['agency_id', 'day']);
  });

  await knex.schema.createTable('dossiers', (t) => {
    t.increments('id');
    t.string('code', 60).notNullable().unique();
    t.string('public_token', 64).notNullable().unique();
    t.integer('agency_id').notNullable().references('id').inTable('agencies'); // receiving agency
    t.integer('processing_agency_id').notNullable().references('id').inTable('agencies');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.string('status', 30).notNullable();
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_name_folded', 200).notNullable(); // accent-free lower case, for search
    t.string('applicant_id_number', 20).notNullable();
    t.string('applicant_phone', 20).notNullable();
    t.string('applicant_email', 200);
    t.string('applicant_address', 500).notNullable();
    t.string('representative_name', 200);
    t.string('result_delivery', 20).notNullable(); // counter | post | online
    t.string('channel', 20).notNullable().defaultTo('counter');
    t.integer('sets_count').notNullable().defaultTo(1);
    t.text('note');
    // Statutory time as it stood at receipt: rules change, the dossier keeps its own.
    t.string('processing_unit', 20).notNullable();
    t.integer('processing_amount').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('original_due_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.integer('received_by').notNullable().references('id').inTable('users');
    t.integer('assigned_to').references('id').inTable('users');
    t.integer('receipt_print_count').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    // One form submission makes one dossier, however often the clerk clicks "confirm".
    t.string('intake_key', 64).unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['agency_id', 'received_at']);
    t.index(['status', 'due_at']);
    t.index(['applicant_name_folded']);
    t.index(['applicant_id_number']);
    t.index(['applicant_phone']);
  });

  await knex.schema.createTable('dossier_documents', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('name', 500).notNullable();
    t.integer('originals').notNullable().defaultTo(0);
    t.integer('certified_copies').notNullable().defaultTo(0);
    t.integer('copies').notNullable().defaultTo(0);
    t.unique(['dossier_id', 'position']);
  });

  // The audit trail: append-only, chained per dossier by hash.
  await knex.schema.createTable('dossier_events', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('seq').notNullable();
    t.string('type', 40).notNullable();
    t.string('from_status', 30);
    t.string('to_status', 30);
    t.integer('actor_id').references('id').inTable('users');
    t.text('note');
    t.boolean('public').notNullable().defaultTo(false);
    t.string('ip', 64);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('prev_hash', 64);
    t.string('hash', 64).notNullable();
    t.unique(['dossier_id', 'seq']);
  });

  // Fixed-window counters for rate limits, shared by every instance.
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 200).notNullable();
    t.bigInteger('window_start').notNullable(); // epoch ms
    t.integer('hits').notNullable();
    t.primary(['key', 'window_start']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
