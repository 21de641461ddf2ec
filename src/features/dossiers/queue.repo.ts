/** The processing queue's reads: an agency's dossiers waiting to be taken, and what someone holds. */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import { OPEN_STATUSES, RUNNING_STATUSES, type DossierStatus } from '../../domain/status.js';

export interface QueueRow {
  id: number;
  code: string;
  status: DossierStatus;
  applicantName: string;
  procedureName: string;
  receivedAt: Date;
  /** The current appointment: the one an apology set, else the computed one. */
  dueAt: Date;
  assignedToName: string | null;
  /** For the one-click "Nhận xử lý" form (optimistic check). */
  version: number;
}

/** A page of the queue holds at most this many rows per section. */
export const QUEUE_LIMIT = 200;

export function queueRepo(db: Knex) {
  function base() {
    return db('dossiers as d')
      .join('procedures as p', 'p.id', 'd.procedure_id')
      .leftJoin('users as au', 'au.id', 'd.assigned_to')
      .orderBy([{ column: 'd.due_at' }, { column: 'd.id' }])
      .limit(QUEUE_LIMIT)
      .select('d.id', 'd.code', 'd.status', 'd.applicant_name', 'p.name as procedure_name', 'd.received_at', 'd.due_at', 'd.extended_due_at', 'd.version', 'au.full_name as assigned_to_name');
  }
  const row = (r: Record<string, any>): QueueRow => ({
    id: Number(r.id),
    code: r.code,
    status: r.status,
    applicantName: r.applicant_name,
    procedureName: r.procedure_name,
    receivedAt: toDate(r.received_at),
    dueAt: toDateOrNull(r.extended_due_at) ?? toDate(r.due_at),
    assignedToName: r.assigned_to_name ?? null,
    version: Number(r.version),
  });

  return {
    /** In the agency's queue with no one holding them (received, or assigned to the agency without a person). */
    async waiting(agencyId: number): Promise<QueueRow[]> {
      const rows = await base().where('d.assigned_agency_id', agencyId).whereNull('d.assigned_to').whereIn('d.status', RUNNING_STATUSES);
      return rows.map(row);
    },

    /** Open dossiers someone holds: this person (`holderId`) or anyone in the agency. */
    async held(scope: { holderId: number } | { agencyId: number }): Promise<QueueRow[]> {
      const q = base().whereNotNull('d.assigned_to').whereIn('d.status', OPEN_STATUSES);
      if ('holderId' in scope) q.where('d.assigned_to', scope.holderId);
      else q.where('d.assigned_agency_id', scope.agencyId);
      return (await q).map(row);
    },
  };
}
