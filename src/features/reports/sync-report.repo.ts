/**
 * The national portal sync report's rows: every sync row whose change happened in the
 * period, with its dossier's receiving agency (the agency whose unit code the portal sees).
 * The counting is sync-report.ts.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { Period } from '../../domain/period.js';
import { PORTAL_AGENCY_COLUMN } from '../portal/admin.schema.js';
import type { ReportScope } from './reports.repo.js';

export interface SyncReportRow {
  agencyId: number;
  agencyName: string;
  dossierId: number;
  changedAt: Date;
  state: string;
  sentAt: Date | null;
}

/** Sync rows changed in [from, to), scoped by the dossier's receiving agency and its procedure. */
export async function syncRowsOfPeriod(db: Knex, p: Period, scope: ReportScope = {}): Promise<SyncReportRow[]> {
  const q = db('portal_sync as ps')
    .join('dossiers as d', 'd.id', 'ps.dossier_id')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .join('agencies as a', 'a.id', `d.${PORTAL_AGENCY_COLUMN}`)
    .where('ps.changed_at', '>=', p.from)
    .andWhere('ps.changed_at', '<', p.to)
    .orderBy([{ column: 'ps.changed_at' }, { column: 'ps.id' }])
    .select('a.id as agency_id', 'a.name as agency_name', 'ps.dossier_id', 'ps.changed_at', 'ps.state', 'ps.sent_at');
  if (scope.agencyId) q.where(`d.${PORTAL_AGENCY_COLUMN}`, scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  const rows: Array<Record<string, any>> = await q;
  return rows.map((r) => ({
    agencyId: Number(r.agency_id),
    agencyName: String(r.agency_name),
    dossierId: Number(r.dossier_id),
    changedAt: toDate(r.changed_at),
    state: String(r.state),
    sentAt: toDateOrNull(r.sent_at),
  }));
}
