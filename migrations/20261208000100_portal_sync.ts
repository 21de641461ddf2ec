import type { Knex } from 'knex';

/**
 * The National Public Service Portal (DVCQG) sync: the mapping data and the sync rows.
 *
 * Mapping (editable by an administrator; nothing here is inferred in code):
 * - agencies.portal_unit_code: the agency's unit code at the portal (`madonvi`). Null: not
 *   mapped yet; the agency's dossiers are held until it is.
 * - procedures.portal_procedure_code: the procedure's `MaTTHC` at the portal; null means its
 *   national code (procedures.code). portal_field_code / portal_field_name: `MaLinhVuc`,
 *   `TenLinhVuc`; a null name means the procedure's own field; a null code holds its dossiers.
 * - portal_status_map: motcua's status → the portal's `TrangThaiHoSo`, one row per status,
 *   seeded with the defaults below (a refusal after appraisal is 3 "Không được tiếp nhận";
 *   some provinces send 8 "Dừng xử lý": the administrator changes the row).
 *
 * portal_sync: one row per change the portal must know, written in the same transaction as
 * the change (so a crash loses none). `changed_at` is when the change happened (the clock of
 * the 10-minute rule), `sent_at` when the portal accepted it. state: pending | held (a
 * mapping is missing: held_reason) | sent | failed (a permanent error: last_error holds the
 * portal's message) | dry_run (built and shown, not sent). The lease columns let two
 * instances share the work without sending a row twice. Existing dossiers get no rows: the
 * sync starts with the changes made after this migration (an administrator can queue a
 * dossier's whole history again from the admin page).
 */
const STATUS_MAP: Array<[string, number, string]> = [
  ['received', 2, 'Được tiếp nhận'],
  ['in_progress', 4, 'Đang xử lý'],
  ['awaiting_supplement', 5, 'Yêu cầu bổ sung giấy tờ'],
  ['paused', 6, 'Yêu cầu thực hiện nghĩa vụ tài chính'],
  ['result_ready', 9, 'Đã xử lý xong'],
  ['returned', 10, 'Đã trả kết quả'],
  ['refused', 3, 'Không được tiếp nhận'],
  ['withdrawn', 7, 'Công dân yêu cầu rút hồ sơ'],
  ['voided', 8, 'Dừng xử lý'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agencies', (t) => {
    t.string('portal_unit_code', 50);
  });
  await knex.schema.alterTable('procedures', (t) => {
    t.string('portal_procedure_code', 60);
    t.string('portal_field_code', 50);
    t.string('portal_field_name', 200);
  });
  await knex.schema.createTable('portal_status_map', (t) => {
    t.string('status', 30).primary();
    t.integer('portal_status').notNullable();
    t.string('portal_label', 100).notNullable();
  });
  await knex('portal_status_map').insert(STATUS_MAP.map(([status, portal_status, portal_label]) => ({ status, portal_status, portal_label })));
  await knex.schema.createTable('portal_sync', (t) => {
    t.increments('id').primary();
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.integer('event_seq'); // the dossier event that made the change (null: a queued resync)
    t.string('kind', 30).notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.string('state', 12).notNullable().defaultTo('pending');
    t.string('held_reason', 40);
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.string('last_error', 1000);
    t.string('portal_answer', 1000);
    t.timestamp('sent_at', { useTz: true });
    t.string('lease_owner', 100);
    t.timestamp('lease_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['state', 'next_attempt_at']);
    t.index(['dossier_id', 'id']);
    t.index(['changed_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
