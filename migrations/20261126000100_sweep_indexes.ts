import type { Knex } from 'knex';

/**
 * The scheduled sweeps read only the dossiers that still need something, whatever the
 * size of the table. Each sweep's effect leaves a mark on the dossier row, and a partial
 * index holds exactly the running dossiers without that mark, ordered by the time they
 * fall due — so a sweep reads the dossiers that changed since its last run, not every
 * past one (long-overdue dossiers, results nobody has collected …):
 * - overdue: overdue_at (already set by the overdue flag);
 * - apology and due-soon reminders: extended_due_at (set by the apology);
 * - escalation: the new escalated_at;
 * - early-completion notice: the new early_notified_at.
 * The marks are filled from the sweeps' milestones for existing data. Partial indexes
 * work the same way on SQLite (3.8+) and PostgreSQL; the sweeps' queries repeat each
 * index's condition literally, so that both planners can use it.
 */
const RUNNING_SQL = "status in ('received', 'in_progress')";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.timestamp('escalated_at', { useTz: true });
    t.timestamp('early_notified_at', { useTz: true });
  });
  const fill = (column: string, kind: string) =>
    knex.raw(
      `update dossiers set ${column} = (select m.created_at from dossier_milestones m where m.dossier_id = dossiers.id and m.kind = ?)
       where ${column} is null and exists (select 1 from dossier_milestones m where m.dossier_id = dossiers.id and m.kind = ?)`,
      [kind, kind],
    );
  await fill('overdue_at', 'overdue');
  await fill('escalated_at', 'escalation');
  await fill('early_notified_at', 'early_completion');

  await knex.raw(`create index dossiers_overdue_pending on dossiers (due_at) where overdue_at is null and ${RUNNING_SQL}`);
  await knex.raw(`create index dossiers_apology_pending on dossiers (due_at) where extended_due_at is null and ${RUNNING_SQL}`);
  await knex.raw(`create index dossiers_escalation_pending on dossiers (extended_due_at) where escalated_at is null and ${RUNNING_SQL}`);
  await knex.raw(
    `create index dossiers_early_notice_pending on dossiers (finished_at) where early_notified_at is null and status = 'result_ready' and completion = 'early'`,
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
