/**
 * The home pages' own reads: small counts and short lists over the dossiers, the outbox
 * and the ratings (the jobs' runs come from the jobs service), for the day's view of each role. Read-only.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { DossierLine } from '../../domain/dossier-line.js';
import { VOIDED_STATUSES } from '../../domain/status.js';
import { staffDossiers } from '../../platform/record/scope.repo.js';
import type { StaffScope } from '../../platform/record/visibility.js';
import type { DossierRow } from '../../platform/record/tables.js';

export interface TodayRow extends DossierLine {
  receiptPrintCount: number;
}

export interface ReceptionPoint {
  name: string;
  address: string;
  hotline: string;
}

const n = (rows: ReadonlyArray<{ n?: number | string }>) => Number(rows[0]?.n ?? 0);

export function homeRepo(db: Knex) {
  // Whether dossier_ratings has the follow-up column yet (migration 20261202000200), asked once.
  let followUpColumn: Promise<boolean> | null = null;

  return {
    /** Dossiers the staff member's agency received in [from, before), not voided, oldest first (the day's receipts). */
    async receivedBetween(staff: StaffScope, from: Date, before: Date, limit: number): Promise<TodayRow[]> {
      const rows = await staffDossiers(db, staff)
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .where('d.agency_id', staff.agencyId)
        .where('d.received_at', '>=', from)
        .where('d.received_at', '<', before)
        .whereNotIn('d.status', [...VOIDED_STATUSES])
        .orderBy([{ column: 'd.received_at' }, { column: 'd.id' }])
        .limit(limit)
        .select<Array<Pick<DossierRow, 'id' | 'code' | 'status' | 'applicant_name' | 'received_at' | 'receipt_print_count'> & { procedure_name: string }>>('d.id', 'd.code', 'd.status', 'd.applicant_name', 'p.name as procedure_name', 'd.received_at', 'd.receipt_print_count');
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        status: r.status,
        applicantName: r.applicant_name,
        procedureName: r.procedure_name,
        receivedAt: toDate(r.received_at),
        receiptPrintCount: Number(r.receipt_print_count),
      }));
    },

    /**
     * Unsatisfied ratings of `agencyId`'s dossiers not yet followed up. Before the follow-up
     * column exists every unsatisfied rating counts (`followUpKnown` false).
     */
    async unsatisfiedToFollowUp(agencyId: number): Promise<{ count: number; followUpKnown: boolean }> {
      followUpColumn ??= db.schema.hasColumn('dossier_ratings', 'followed_up_at');
      const known = await followUpColumn;
      const q = db('dossier_ratings').where({ level: 'unsatisfied', agency_id: agencyId });
      if (known) q.whereNull('followed_up_at');
      return { count: n(await q.count({ n: '*' })), followUpKnown: known };
    },

    /** The outbox: messages due and not delivered yet, and messages by delivery status. */
    async outbox(now: Date): Promise<{ due: number; byStatus: Record<string, number> }> {
      const [due, byStatus] = await Promise.all([
        db('outbox_messages').whereIn('status', ['created', 'temporary-failure']).where('next_attempt_at', '<=', now).count({ n: '*' }),
        db('outbox_messages').groupBy('status').select('status').count({ n: '*' }),
      ]);
      return { due: n(due), byStatus: Object.fromEntries((byStatus as Array<{ status: string; n: number | string }>).map((r) => [r.status, Number(r.n)])) };
    },

    /** The reception points a citizen can call or visit (centres and communes), by name. */
    async receptionPoints(): Promise<ReceptionPoint[]> {
      const rows = await db('agencies').where({ active: true }).whereIn('kind', ['centre', 'commune']).orderBy('name').select('name', 'address', 'hotline');
      return rows.filter((r) => r.hotline).map((r) => ({ name: r.name, address: r.address ?? '', hotline: r.hotline }));
    },
  };
}
