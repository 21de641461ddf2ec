import type { Knex } from 'knex';

/**
 * Scheduled jobs and the notification outbox.
 * - job_leases: one row per job; whoever holds an unexpired lease runs it.
 * - job_runs: every run, with its counts or error, for administrators.
 * - dossier_milestones: at most one of each kind per dossier (overdue flag, apology,
 *   early-completion alert, …), enforced by a unique key, so concurrent or repeated runs
 *   can never do the same thing twice.
 * - dossier_apologies: the apology notice (Mẫu 04), at most one per dossier.
 * - outbox_messages: every message to a person is a row first, then delivered.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_leases', (t) => {
    t.string('job', 50).primary();
    t.string('holder', 100);
    t.timestamp('expires_at', { useTz: true });
  });

  await knex.schema.createTable('job_runs', (t) => {
    t.increments('id');
    t.string('job', 50).notNullable();
    t.string('holder', 100).notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.string('status', 20).notNullable(); // running | succeeded | failed
    t.text('counts'); // JSON
    t.text('error');
    t.index(['job', 'started_at']);
  });

  await knex.schema.createTable('dossier_milestones', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().references('id').inTable('dossiers');
    t.string('kind', 40).notNullable(); // due_soon | overdue | apology_reminder | apology | escalation | early_completion
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['dossier_id', 'kind']);
  });

  await knex.schema.createTable('dossier_apologies', (t) => {
    t.increments('id');
    t.integer('dossier_id').notNullable().unique().references('id').inTable('dossiers');
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.integer('issued_by').references('id').inTable('users'); // null: issued by the system
    t.text('reason').notNullable();
    t.timestamp('previous_due_at', { useTz: true }).notNullable();
    t.timestamp('new_due_at', { useTz: true }).notNullable();
  });

  await knex.schema.alterTable('dossiers', (t) => {
    // The appointment re-set once by an apology; reports still judge by due_at.
    t.timestamp('extended_due_at', { useTz: true });
    t.timestamp('overdue_at', { useTz: true });
  });

  await knex.schema.createTable('outbox_messages', (t) => {
    t.increments('id');
    t.string('channel', 10).notNullable(); // zns | sms | email
    t.string('recipient', 200).notNullable();
    t.string('template', 60).notNullable();
    t.text('data').notNullable(); // JSON: template parameters
    t.string('reference', 60); // dossier code
    t.integer('dossier_id').references('id').inTable('dossiers');
    t.string('idempotency_key', 200).notNullable().unique();
    t.string('status', 30).notNullable(); // created | sending | delivered | temporary-failure | permanent-failure
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('locked_until', { useTz: true });
    t.string('locked_by', 100);
    t.string('provider_message_id', 200);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('delivered_at', { useTz: true });
    t.index(['status', 'next_attempt_at']);
    t.index(['dossier_id']);
  });

  // Staff alerts (due soon, overdue, apology reminders, escalations) go to e-mail.
  await knex.schema.alterTable('users', (t) => {
    t.string('email', 200);
  });

  // Sweeps read open dossiers by appointment.
  await knex.schema.alterTable('dossiers', (t) => {
    t.index(['status', 'extended_due_at']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
