/** The procedure catalogue: procedures, their documents and receiving agencies. */
import type { Knex } from 'knex';
import type { ProcessingUnit } from '../../../domain/deadline.js';
import type { ProcedureSummary, SupplementClock } from '../../catalogue/catalogue.types.js';
import { isStepUnit, type ProcessStepInput } from '../../catalogue/process-steps.js';
import { procedureDocumentOf, procedureSummaryOf } from '../../../platform/record/rows.js';
import type { ProcedureRow as ProceduresTableRow } from '../../../platform/record/tables.js';
import { insertedId } from '../../../db/knex.js';
import type { DocumentInput, ProcedureInput } from './procedures.schema.js';
import type { ImportPlanRow } from './procedure-import.js';

type Db = Knex | Knex.Transaction;

export interface AdminProcedureSummary extends Omit<ProcedureSummary, 'nameFolded'> {
  feeVnd: number | null;
  leadAgencyName: string | null;
  resultAtCounter: boolean;
  receivingCount: number;
  /** Steps of the internal process (0: none defined). */
  stepCount: number;
  active: boolean;
}

export interface StoredDocument extends DocumentInput {
  position: number;
}

/** A stored procedure: what the form edits, plus its id and numbered documents. */
export type AdminProcedure = Omit<ProcedureInput, 'documents'> & { id: number; documents: StoredDocument[] };

/** The columns of a procedures row, as written. */
export interface ProcedureRow {
  code: string;
  name: string;
  field: string;
  processing_unit: ProcessingUnit;
  processing_amount: number;
  processing_note?: string;
  fee_vnd?: number | null;
  fee_note?: string;
  result: string;
  apology_extension_days: number;
  lead_agency_id?: number | null;
  result_at_counter?: boolean;
  supplement_clock?: SupplementClock;
  next_day_after_cutoff?: boolean;
  active?: boolean;
  portal_procedure_code?: string | null;
  portal_field_code?: string | null;
  portal_field_name?: string | null;
  online_level?: string;
  by_post?: boolean;
  in_person?: boolean;
  result_electronic?: boolean;
}

/** A committed CSV import, as its confirmation page shows it. */
export interface StoredImport {
  id: number;
  userName: string;
  createdAt: Date;
  inserted: number;
  updated: number;
  unchanged: number;
  rows: ImportPlanRow[];
}

async function listSteps(trx: Db, procedureId: number): Promise<ProcessStepInput[]> {
  const rows = await trx('procedure_steps').where({ procedure_id: procedureId }).orderBy('position');
  return rows.map((r) => ({ name: r.name, agencyId: r.agency_id ?? null, amount: r.amount, unit: isStepUnit(r.unit) ? r.unit : 'working_days' }));
}

async function listDocuments(trx: Db, procedureId: number): Promise<StoredDocument[]> {
  const rows = await trx('procedure_documents').where({ procedure_id: procedureId }).orderBy('position');
  return rows.map(procedureDocumentOf);
}

/** The columns the list and the edit form both show. */
function procedureBase(r: Pick<ProceduresTableRow, 'id' | 'code' | 'name' | 'field' | 'processing_unit' | 'processing_amount' | 'fee_vnd'>) {
  return { ...procedureSummaryOf(r), feeVnd: r.fee_vnd ?? null };
}

export function proceduresRepo(db: Knex) {
  return {
    transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      return db.transaction(fn);
    },

    async listProcedures(): Promise<AdminProcedureSummary[]> {
      const rows = await db('procedures as p')
        .leftJoin('agencies as a', 'a.id', 'p.lead_agency_id')
        .select('p.id', 'p.code', 'p.name', 'p.field', 'p.processing_unit', 'p.processing_amount', 'p.fee_vnd', 'p.active', 'p.result_at_counter', 'a.name as lead_agency_name')
        .orderBy([{ column: 'p.field' }, { column: 'p.code' }]);
      const counts: Array<{ procedure_id: number; n: number | string }> = await db('agency_procedures').select('procedure_id').count({ n: '*' }).groupBy('procedure_id');
      const byId = new Map<number, number>(counts.map((c) => [Number(c.procedure_id), Number(c.n)]));
      const stepCounts: Array<{ procedure_id: number; n: number | string }> = await db('procedure_steps').select('procedure_id').count({ n: '*' }).groupBy('procedure_id');
      const stepsById = new Map<number, number>(stepCounts.map((c) => [Number(c.procedure_id), Number(c.n)]));
      return rows.map((r) => ({
        ...procedureBase(r),
        leadAgencyName: r.lead_agency_name ?? null,
        resultAtCounter: Boolean(r.result_at_counter),
        receivingCount: byId.get(r.id) ?? 0,
        stepCount: stepsById.get(r.id) ?? 0,
        active: Boolean(r.active),
      }));
    },

    async findProcedure(id: number): Promise<AdminProcedure | undefined> {
      const r = await db('procedures').where({ id }).first();
      if (!r) return undefined;
      const [docs, agencies, steps] = await Promise.all([
        listDocuments(db, id),
        db('agency_procedures').where({ procedure_id: id }).select('agency_id').orderBy('agency_id'),
        listSteps(db, id),
      ]);
      return {
        ...procedureBase(r),
        processingNote: r.processing_note,
        feeNote: r.fee_note,
        result: r.result,
        apologyExtensionDays: r.apology_extension_days,
        leadAgencyId: r.lead_agency_id ?? null,
        resultAtCounter: Boolean(r.result_at_counter),
        supplementClock: r.supplement_clock === 'resume' ? 'resume' : 'restart',
        nextDayAfterCutoff: Boolean(r.next_day_after_cutoff),
        active: Boolean(r.active),
        agencyIds: agencies.map((a) => Number(a.agency_id)),
        documents: docs,
        steps,
        portalProcedureCode: r.portal_procedure_code ?? null,
        portalFieldCode: r.portal_field_code ?? null,
        portalFieldName: r.portal_field_name ?? null,
        onlineLevel: r.online_level === 'full' || r.online_level === 'partial' ? r.online_level : 'none',
        byPost: Boolean(r.by_post),
        inPerson: Boolean(r.in_person),
        resultElectronic: Boolean(r.result_electronic),
      };
    },

    documents: (trx: Db, procedureId: number) => listDocuments(trx, procedureId),

    steps: (trx: Db, procedureId: number) => listSteps(trx, procedureId),

    /** The stored steps' budgets of these procedures (those with steps only). */
    async stepBudgets(trx: Db, procedureIds: number[]): Promise<Map<number, Array<Pick<ProcessStepInput, 'amount' | 'unit'>>>> {
      const map = new Map<number, Array<Pick<ProcessStepInput, 'amount' | 'unit'>>>();
      for (let i = 0; i < procedureIds.length; i += 500) {
        const rows = await trx('procedure_steps').whereIn('procedure_id', procedureIds.slice(i, i + 500)).select('procedure_id', 'amount', 'unit');
        for (const r of rows) {
          const list = map.get(r.procedure_id) ?? [];
          list.push({ amount: r.amount, unit: isStepUnit(r.unit) ? r.unit : 'working_days' });
          map.set(r.procedure_id, list);
        }
      }
      return map;
    },

    async procedureIdByCode(trx: Db, code: string): Promise<number | undefined> {
      const row = await trx('procedures').where({ code }).first('id');
      return row?.id;
    },

    async procedureIdsByCode(trx: Db, codes: string[]): Promise<Map<string, number>> {
      const map = new Map<string, number>();
      // Chunks keep the bind-parameter count well under SQLite's limit.
      for (let i = 0; i < codes.length; i += 500) {
        const rows = await trx('procedures').whereIn('code', codes.slice(i, i + 500)).select('id', 'code');
        for (const r of rows) map.set(r.code, r.id);
      }
      return map;
    },

    async insertProcedure(trx: Db, row: ProcedureRow): Promise<number> {
      const [inserted] = await trx('procedures')
        .insert({ processing_note: '', active: true, ...row })
        .returning('id');
      return insertedId(inserted);
    },

    async updateProcedure(trx: Db, id: number, row: ProcedureRow): Promise<void> {
      await trx('procedures').where({ id }).update(row);
    },

    async replaceDocuments(trx: Db, procedureId: number, docs: DocumentInput[]): Promise<void> {
      await trx('procedure_documents').where({ procedure_id: procedureId }).delete();
      if (docs.length === 0) return;
      await trx('procedure_documents').insert(
        docs.map((d, i) => ({
          procedure_id: procedureId,
          position: i + 1,
          name: d.name,
          originals: d.originals,
          certified_copies: d.certifiedCopies,
          copies: d.copies,
          required: d.required,
        })),
      );
    },

    async replaceSteps(trx: Db, procedureId: number, steps: readonly ProcessStepInput[]): Promise<void> {
      await trx('procedure_steps').where({ procedure_id: procedureId }).delete();
      if (steps.length === 0) return;
      await trx('procedure_steps').insert(
        steps.map((s, i) => ({ procedure_id: procedureId, position: i + 1, name: s.name, agency_id: s.agencyId, amount: s.amount, unit: s.unit })),
      );
    },

    async insertImport(trx: Db, r: { userId: number; createdAt: Date; inserted: number; updated: number; unchanged: number; rows: ImportPlanRow[] }): Promise<number> {
      const [row] = await trx('procedure_imports')
        .insert({ user_id: r.userId, created_at: r.createdAt, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rows_json: JSON.stringify(r.rows) })
        .returning('id');
      return insertedId(row);
    },

    async findImport(id: number): Promise<StoredImport | undefined> {
      const r = await db('procedure_imports as i').join('users as u', 'u.id', 'i.user_id').where('i.id', id).first('i.*', 'u.full_name');
      if (!r) return undefined;
      return {
        id: r.id,
        userName: r.full_name,
        createdAt: new Date(r.created_at),
        inserted: r.inserted,
        updated: r.updated,
        unchanged: r.unchanged,
        rows: JSON.parse(r.rows_json) as ImportPlanRow[],
      };
    },

    async replaceReceivingAgencies(trx: Db, procedureId: number, agencyIds: number[]): Promise<void> {
      await trx('agency_procedures').where({ procedure_id: procedureId }).delete();
      if (agencyIds.length === 0) return;
      await trx('agency_procedures').insert(agencyIds.map((agencyId) => ({ agency_id: agencyId, procedure_id: procedureId })));
    },
  };
}
