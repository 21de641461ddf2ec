import type { Knex } from 'knex';

/**
 * The processing queue's three lists (issue 26 §3), each read in appointment order from a
 * partial index holding only its rows, so a page of 200 reads 200 dossiers:
 * - what an officer holds (`assigned_to`), open: the officer's queue read every open
 *   dossier they held (1,406 at 1M) through (assigned_to, status, due_at), one range per
 *   status, and sorted them to keep 200;
 * - what anyone in an agency holds, open (the agency view), likewise per agency;
 * - what waits in an agency with no one holding it, running: replaces
 *   dossiers_waiting_index (assigned_agency_id, status, due_at), which needed the same sort.
 * The conditions are the queue's own, in constants (src/features/dossiers/queue.repo.ts
 * states them through statusInSql; test/integration/queue-indexes.test.ts checks they still match):
 * open = received, in_progress, awaiting_supplement, paused; running = the first two.
 * Each ends in `id`, the lists' tie-break (SQLite has it implicitly; PostgreSQL would sort
 * the ties).
 *
 * Indexes only: existing data keeps its meaning.
 */
const OPEN = "status in ('received', 'in_progress', 'awaiting_supplement', 'paused')";
const RUNNING = "status in ('received', 'in_progress')";

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index dossiers_held_due_index on dossiers (assigned_to, due_at, id) where assigned_to is not null and ${OPEN}`);
  await knex.raw(`create index dossiers_agency_held_due_index on dossiers (assigned_agency_id, due_at, id) where assigned_to is not null and ${OPEN}`);
  await knex.raw(`create index dossiers_waiting_due_index on dossiers (assigned_agency_id, due_at, id) where assigned_to is null and ${RUNNING}`);
  await knex.raw('drop index dossiers_waiting_index');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
