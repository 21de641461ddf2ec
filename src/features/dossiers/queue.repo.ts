/** The processing queue's reads: an agency's dossiers waiting to be taken, and what someone holds. */
import type { Knex } from 'knex';
import { OPEN_STATUSES, RUNNING_STATUSES } from '../../domain/status.js';
import { staffDossiers } from '../../platform/record/scope.repo.js';
import { statusInSql } from '../../platform/record/status-sql.js';
import type { StaffScope } from '../../platform/record/visibility.js';
import type { DossierRow } from '../../platform/record/tables.js';
import { searchRowOf, type SearchRow, type SearchSource } from './search.repo.js';

/** A search row (the appointment in force, who holds it) with the dossier's version. */
export interface QueueRow extends SearchRow {
  /** For the one-click "Nhận xử lý" form (optimistic check). */
  version: number;
}

/** A page of the queue holds at most this many rows per section. */
export const QUEUE_LIMIT = 200;

/**
 * The lists' status conditions in constants: each list is read in appointment order from a
 * partial index carrying the same condition (migration 20261213000000_queue_indexes).
 */
export const QUEUE_OPEN_SQL = statusInSql('d.status', OPEN_STATUSES);
export const QUEUE_RUNNING_SQL = statusInSql('d.status', RUNNING_STATUSES);

export function queueRepo(db: Knex) {
  /** The dossiers `staff` may see, a page of them by appointment. */
  function base(staff: StaffScope) {
    return staffDossiers(db, staff)
      .join('procedures as p', 'p.id', 'd.procedure_id')
      .leftJoin('users as au', 'au.id', 'd.assigned_to')
      .orderBy([{ column: 'd.due_at' }, { column: 'd.id' }])
      .limit(QUEUE_LIMIT)
      .select<Array<SearchSource & Pick<DossierRow, 'version'>>>('d.id', 'd.code', 'd.status', 'd.applicant_name', 'p.name as procedure_name', 'd.received_at', 'd.due_at', 'd.extended_due_at', 'd.version', 'au.full_name as assigned_to_name');
  }
  const row = (r: SearchSource & Pick<DossierRow, 'version'>): QueueRow => ({ ...searchRowOf(r), version: Number(r.version) });

  return {
    /**
     * In the agency's queue with no one holding them (received, or assigned to the agency
     * without a person). A dossier of a procedure whose result the counter produces itself
     * (procedures.result_at_counter) is the clerk's while it is still as received: it waits
     * for no officer; once someone assigned it on (in progress), it waits like any other.
     */
    async waiting(staff: StaffScope): Promise<QueueRow[]> {
      const rows = await base(staff)
        .where('d.assigned_agency_id', staff.agencyId)
        .whereNull('d.assigned_to')
        .whereRaw(QUEUE_RUNNING_SQL)
        .where((w) => w.where('p.result_at_counter', false).orWhereNot('d.status', 'received'));
      return rows.map(row);
    },

    /** Open dossiers someone holds: this person (`holderId`) or anyone in the agency, among those `staff` may see. */
    async held(staff: StaffScope, scope: { holderId: number } | { agencyId: number }): Promise<QueueRow[]> {
      const q = base(staff).whereNotNull('d.assigned_to').whereRaw(QUEUE_OPEN_SQL);
      if ('holderId' in scope) q.where('d.assigned_to', scope.holderId);
      else q.where('d.assigned_agency_id', scope.agencyId);
      return (await q).map(row);
    },
  };
}
