import type { Knex } from 'knex';
import { procedureDocumentOf, procedureSummaryOf } from '../../platform/record/rows.js';
import type { ProcedureRow } from '../../platform/record/tables.js';
import type { Procedure, ProcedureSummary } from './catalogue.types.js';
import { versionsRepo } from './versions.repo.js';

type SummarySource = Pick<ProcedureRow, 'id' | 'code' | 'name' | 'field' | 'processing_unit' | 'processing_amount'>;

const summary = (r: SummarySource): ProcedureSummary => procedureSummaryOf(r);

export function catalogueRepo(db: Knex) {
  return {
    /** Active procedures an agency's counter receives, by field then name. */
    async proceduresForAgency(agencyId: number): Promise<ProcedureSummary[]> {
      const rows = await db('procedures as p')
        .join('agency_procedures as ap', 'ap.procedure_id', 'p.id')
        .where({ 'ap.agency_id': agencyId, 'p.active': true })
        .select<SummarySource[]>('p.id', 'p.code', 'p.name', 'p.field', 'p.processing_unit', 'p.processing_amount')
        .orderBy([{ column: 'p.field' }, { column: 'p.code' }]);
      return rows.map(summary);
    },

    /** A procedure the agency receives, with its document checklist; undefined otherwise. */
    async procedureForAgency(agencyId: number, code: string): Promise<Procedure | undefined> {
      const row = await db('procedures as p')
        .join('agency_procedures as ap', 'ap.procedure_id', 'p.id')
        .leftJoin('agencies as a', 'a.id', 'p.lead_agency_id')
        .where({ 'ap.agency_id': agencyId, 'p.code': code, 'p.active': true })
        .first<(ProcedureRow & { lead_agency_name: string | null; by_post: boolean | number; in_person: boolean | number }) | undefined>('p.*', 'a.name as lead_agency_name');
      if (!row) return undefined;
      const docs = await db('procedure_documents').where({ procedure_id: row.id }).orderBy('position');
      const version = await versionsRepo(db).inForce(row.id);
      return {
        ...summary(row),
        processingNote: row.processing_note,
        feeVnd: row.fee_vnd,
        feeNote: row.fee_note,
        result: row.result,
        apologyExtensionDays: row.apology_extension_days,
        leadAgencyId: row.lead_agency_id,
        leadAgencyName: row.lead_agency_name,
        supplementClock: row.supplement_clock === 'resume' ? 'resume' : 'restart',
        nextDayAfterCutoff: Boolean(row.next_day_after_cutoff),
        versionId: version?.id ?? null,
        byPost: Boolean(row.by_post),
        inPerson: Boolean(row.in_person),
        documents: docs.map(procedureDocumentOf),
      };
    },

  };
}
