import type { Knex } from 'knex';

/**
 * Online pre-submission (nộp hồ sơ trực tuyến, checked at the counter) and dossiers arriving
 * from the national portal or the province's platform (issue "Start from home, finish by post").
 *
 * - presubmissions: one registration, before it is a dossier. `code` the registration code the
 *   citizen brings (typed or scanned at the counter), `public_token` the key to its tracking
 *   page; `source` web (the public form; `form_nonce` files it once) or api (`portal_code`, the
 *   portal's own dossier code: the same code files once; `api_key_id` the caller). For
 *   `procedure_id` at the receiving agency `agency_id`; `online_level` as the procedure said at
 *   submission (partial: the originals are checked at the counter; full, toàn trình: the clerk
 *   checks the files and receives without the citizen coming). The applicant's fields are the
 *   intake's own input (`input_json`, as the post feature's drafts); the contact columns are
 *   copied out for the notices. `status` waiting → received (`dossier_id`; its clock starts
 *   then) | refused (`refusal_reason`) | expired (not brought in by `expires_at`, N working
 *   days). `expiry_notice_at` is claimed when the "expires soon" notice is stored (once).
 *   `supplement_request` the clerk's request to a toàn trình citizen, shown on the tracking page.
 * - presubmission_documents: the procedure's checklist rows the citizen filled: a file
 *   (`sha256`, `kind`, `size`, `file_name` as the device named it, cleaned) or `paper` ("mang
 *   bản giấy": brought at the counter); `checked_at`/`checked_by`: the clerk's "đã đối chiếu bản
 *   chính" at receipt. When received, each file becomes a dossier_files row (source online|api).
 *   A refused or expired registration drops its file references (the files job sweeps them).
 * - api_keys.can_submit: the "submit" scope (POST /api/v1/ho-so-truc-tuyen); off for every
 *   existing key.
 *
 * New tables and a new column with a default: existing data keeps its meaning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('presubmissions', (t) => {
    t.increments('id').primary();
    t.string('code', 20).notNullable().unique();
    t.string('public_token', 64).notNullable().unique();
    t.string('source', 10).notNullable();
    t.string('form_nonce', 40).unique();
    t.string('portal_code', 60).unique();
    t.integer('api_key_id').references('id').inTable('api_keys');
    t.integer('procedure_id').notNullable().references('id').inTable('procedures');
    t.integer('agency_id').notNullable().references('id').inTable('agencies');
    t.string('online_level', 10).notNullable();
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_phone', 20);
    t.string('applicant_email', 200);
    t.text('input_json').notNullable();
    t.string('status', 10).notNullable().defaultTo('waiting');
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('expiry_notice_at', { useTz: true });
    t.text('supplement_request');
    t.timestamp('supplement_requested_at', { useTz: true });
    t.integer('dossier_id').references('id').inTable('dossiers');
    t.integer('decided_by').references('id').inTable('users');
    t.timestamp('decided_at', { useTz: true });
    t.text('refusal_reason');
    t.index(['agency_id', 'status']);
    t.index(['status', 'expires_at']);
  });
  await knex.schema.createTable('presubmission_documents', (t) => {
    t.increments('id').primary();
    t.integer('presubmission_id').notNullable().references('id').inTable('presubmissions');
    t.integer('position').notNullable();
    t.string('name', 500).notNullable();
    t.boolean('paper').notNullable().defaultTo(false);
    t.string('sha256', 64);
    t.string('kind', 10);
    t.integer('size');
    t.string('file_name', 200);
    t.integer('checked_by').references('id').inTable('users');
    t.timestamp('checked_at', { useTz: true });
    t.index(['presubmission_id']);
    t.index(['sha256']);
  });
  await knex.schema.alterTable('api_keys', (t) => {
    t.boolean('can_submit').notNullable().defaultTo(false);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
