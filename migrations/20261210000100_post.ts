import type { Knex } from 'knex';

/**
 * Post (Decision 45/2016/QĐ-TTg): dossiers brought by the postal worker and results handed to
 * them, each crossing the counter with a hand-over record (biên bản giao nhận).
 *
 * - postal_batches: one hand-over record of one receiving agency. `direction` inbound (the
 *   postal worker brings dossiers: art. 7(3)–(4)) or outbound (the clerk hands results over:
 *   art. 9(2)); `status` open → signed, or cancelled while open. `signed_at` is when both
 *   signed: an inbound dossier counts as lodged then (its received_at), an outbound dossier
 *   is returned then. The postal worker's name, phone, unit and e-mail are as the clerk typed.
 * - postal_batch_entries: the dossiers of a record. Inbound entries are drafts until the
 *   record is signed: the clerk's checked intake form (`input_json`, the intake's own input)
 *   for `procedure_id`; the dossier is created at signing (`dossier_id` set then). Outbound
 *   entries name their dossier from the start. `intake_key` makes a resent intake form add
 *   the entry once. `waybill` (số hiệu bưu gửi) and `cod_vnd` (cash on delivery, đồng) per entry.
 * - shipments: one per dossier and direction once its record is signed (waybill, worker,
 *   postal unit, handed over at, delivered at, status, cash on delivery), and the VNPost
 *   order's state when that optional connection is on.
 *
 * New tables only: existing data keeps its meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('postal_batches', (t) => {
    t.increments('id').primary();
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.string('direction', 10).notNullable();
    t.string('status', 10).notNullable().defaultTo('open');
    t.string('worker_name', 200).notNullable();
    t.string('worker_phone', 20);
    t.string('postal_unit', 300).notNullable();
    t.string('postal_email', 254);
    t.string('note', 1000);
    t.integer('opened_by').notNullable().references('id').inTable('users');
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.integer('signed_by').references('id').inTable('users');
    t.timestamp('signed_at', { useTz: true });
    t.timestamp('pickup_notified_at', { useTz: true });
    t.index(['agency_id', 'status', 'direction']);
  });
  await knex.schema.createTable('postal_batch_entries', (t) => {
    t.increments('id').primary();
    t.integer('batch_id').notNullable().references('id').inTable('postal_batches');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.integer('dossier_id').references('id').inTable('dossiers');
    t.text('input_json');
    t.string('intake_key', 60).unique();
    t.string('waybill', 40);
    t.integer('cod_vnd').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['batch_id']);
    t.index(['dossier_id']);
  });
  await knex.schema.createTable('shipments', (t) => {
    t.increments('id').primary();
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('batch_id').notNullable().references('id').inTable('postal_batches');
    t.string('direction', 10).notNullable();
    t.string('waybill', 40);
    t.string('worker_name', 200).notNullable();
    t.string('postal_unit', 300).notNullable();
    t.timestamp('handed_over_at', { useTz: true }).notNullable();
    t.timestamp('delivered_at', { useTz: true });
    t.string('status', 20).notNullable();
    t.integer('cod_vnd').notNullable().defaultTo(0);
    t.string('vnpost_status', 20);
    t.string('vnpost_error', 500);
    t.timestamp('vnpost_checked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['dossier_id', 'direction']);
    t.index(['direction', 'status']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
