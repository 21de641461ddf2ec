import type { Knex } from 'knex';
import { bumpCounter } from '../../db/counter.js';
import { toDate } from '../../db/knex.js';
import { OPEN_STATUSES } from '../../domain/status.js';
import type { DossierRow } from '../../platform/record/tables.js';
import type { IntakeDocument } from './intake.schema.js';

/** The row intake inserts: the record's columns (platform/record/tables.ts) that a new dossier sets, its instants as Dates. */
export type NewDossierRow = Omit<
  DossierRow,
  | 'id'
  | 'assigned_to'
  | 'completion'
  | 'completed_by'
  | 'finished_at'
  | 'extended_due_at'
  | 'returned_at'
  | 'returned_to'
  | 'outcome_note'
  | 'overdue_at'
  | 'escalated_at'
  | 'early_notified_at'
  | 'receipt_print_count'
  | 'version'
  | 'supplement_clock'
  | 'next_day_after_cutoff'
  | 'assigned_agency_id'
  | 'received_at'
  | 'original_due_at'
  | 'due_at'
  | 'created_at'
  | 'updated_at'
> & {
  assigned_agency_id: number;
  received_at: Date;
  original_due_at: Date;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
};

/** The intake transaction, as services name it (they import no knex). */
export type Trx = Knex.Transaction;

export function intakeRepo(db: Knex) {
  return {
    async agencyEid(agencyId: number): Promise<string> {
      const row = await db('agencies').where({ id: agencyId }).first('eid');
      if (!row) throw new Error(`Agency ${agencyId} not found`);
      return row.eid;
    },

    /** The dossier a submission with this intake key recorded, and the clerk who received it. */
    async dossierByIntakeKey(key: string): Promise<{ id: number; receivedBy: number } | undefined> {
      const row = await db('dossiers').where({ intake_key: key }).first('id', 'received_by');
      return row ? { id: Number(row.id), receivedBy: Number(row.received_by) } : undefined;
    },

    /** Open dossiers of this ID number for this procedure received by this agency, newest first. */
    async openDossiersOf(agencyId: number, procedureId: number, idNumber: string): Promise<Array<{ id: number; code: string; receivedAt: Date }>> {
      const rows = await db('dossiers')
        .where({ applicant_id_number: idNumber, agency_id: agencyId, procedure_id: procedureId })
        .whereIn('status', OPEN_STATUSES)
        .orderBy('received_at', 'desc')
        .limit(5)
        .select('id', 'code', 'received_at');
      return rows.map((r) => ({ id: Number(r.id), code: r.code, receivedAt: toDate(r.received_at) }));
    },

    /** The queue a dossier was routed to and whether its procedure's result is made at the counter. */
    async routing(dossierId: number): Promise<{ agencyName: string; resultAtCounter: boolean } | undefined> {
      const row = await db('dossiers as d')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .join('agencies as a', 'a.id', db.raw('coalesce(d.assigned_agency_id, d.processing_agency_id)'))
        .where('d.id', dossierId)
        .first('a.name as agency_name', 'p.result_at_counter');
      return row ? { agencyName: row.agency_name, resultAtCounter: Boolean(row.result_at_counter) } : undefined;
    },

    /**
     * Next daily sequence for an agency: one atomic upsert, so concurrent clerks (and
     * instances) never get the same number. Must run inside the intake transaction.
     */
    async nextSequence(trx: Knex.Transaction, agencyId: number, day: string): Promise<number> {
      return bumpCounter(trx, 'dossier_sequences', { agency_id: agencyId, day }, 'last_value');
    },

    /** The procedure's internal process as it stands now, copied onto the dossier (it keeps it, as it keeps its statutory time). */
    async copyProcessSteps(trx: Knex.Transaction, dossierId: number, procedureId: number): Promise<void> {
      const steps = await trx('procedure_steps').where({ procedure_id: procedureId }).orderBy('position').select('position', 'name', 'agency_id', 'amount', 'unit');
      if (steps.length > 0) await trx('dossier_process_steps').insert(steps.map((st) => ({ dossier_id: dossierId, ...st })));
    },

    async insertDossier(trx: Knex.Transaction, row: NewDossierRow, documents: IntakeDocument[]): Promise<number> {
      const [inserted] = await trx('dossiers').insert(row).returning('id');
      const id = typeof inserted === 'object' ? (inserted as { id: number }).id : (inserted as number);
      if (documents.length > 0) {
        await trx('dossier_documents').insert(
          documents.map((d) => ({
            dossier_id: id,
            position: d.position,
            name: d.name,
            originals: d.originals,
            certified_copies: d.certifiedCopies,
            copies: d.copies,
          })),
        );
      }
      return id;
    },
  };
}
