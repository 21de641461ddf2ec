/**
 * The SQL of the national import: the catalogue as it stands (columns and documents), a
 * version applied to a procedure's columns, and an administrator's import kept between its
 * preview and its confirmation (catalogue_imports).
 */
import type { Knex } from 'knex';
import type { ProcedureDetail } from '../../domain/national-procedure.js';
import type { ColumnsProcedure, CounterTerms } from '../../domain/procedure-columns.js';
import type { ProcedureRow } from '../../platform/record/tables.js';
import { insertedId, toDate } from '../../db/knex.js';
import { columnsOf } from './procedure-row.js';

type Db = Knex | Knex.Transaction;

export interface CatalogueEntry {
  id: number;
  active: boolean;
  columns: ColumnsProcedure;
}



/** What an administrator's import did, kept for its result page. */
export interface CatalogueImportResult {
  rows: Array<{ code: string; name: string; action: string; changes: Array<{ label: string; from: string; to: string }>; warnings: string[] }>;
  counts: Record<string, number>;
  versions: number;
  appliedNow: number;
}

/** One import of the national data, staged (applied_at null) or applied. */
export interface StoredCatalogueImport {
  id: number;
  userId: number;
  userName: string;
  createdAt: Date;
  source: string;
  complete: boolean;
  recordCount: number;
  /** The data as received; null once applied (each version keeps its record). */
  records: unknown;
  appliedAt: Date | null;
  appliedByName: string | null;
  effectiveFrom: string | null;
  result: CatalogueImportResult | null;
}

function entryOf(r: ProcedureRow, documents: ColumnsProcedure['documents']): CatalogueEntry {
  return { id: r.id, active: Boolean(r.active), columns: columnsOf(r, documents) };
}

const documentOf = (d: { name: string; originals: number; certified_copies: number; copies: number }) => ({ name: d.name, originals: d.originals, certifiedCopies: d.certified_copies, copies: d.copies });

export function nationalImportRepo(db: Db) {
  return {
    /** Every procedure of the catalogue with its documents, by code. */
    async catalogue(): Promise<Map<string, CatalogueEntry>> {
      const rows = await db<ProcedureRow>('procedures').select('*');
      const docs = await db('procedure_documents').orderBy([{ column: 'procedure_id' }, { column: 'position' }]).select('procedure_id', 'name', 'originals', 'certified_copies', 'copies');
      const byProcedure = new Map<number, ColumnsProcedure['documents']>();
      for (const d of docs) {
        const list = byProcedure.get(d.procedure_id) ?? [];
        list.push(documentOf(d));
        byProcedure.set(d.procedure_id, list);
      }
      return new Map(rows.map((r) => [r.code, entryOf(r, byProcedure.get(r.id) ?? [])]));
    },

    /** One procedure with its documents (as catalogue() gives it). */
    async entry(procedureId: number): Promise<CatalogueEntry | undefined> {
      const r = await db<ProcedureRow>('procedures').where({ id: procedureId }).first();
      if (!r) return undefined;
      const docs = await db('procedure_documents').where({ procedure_id: procedureId }).orderBy('position').select('name', 'originals', 'certified_copies', 'copies');
      return entryOf(r, docs.map(documentOf));
    },

    /** An import kept between its preview and its confirmation; staged ones older than `staleBefore` are dropped first. */
    async stage(v: { userId: number; createdAt: Date; source: string; complete: boolean; recordCount: number; records: unknown; staleBefore: Date }): Promise<number> {
      await db('catalogue_imports').whereNull('applied_at').where('created_at', '<', v.staleBefore).delete();
      const [row] = await db('catalogue_imports')
        .insert({ user_id: v.userId, created_at: v.createdAt, source: v.source.slice(0, 500), complete: v.complete, record_count: v.recordCount, records_json: JSON.stringify(v.records) })
        .returning('id');
      return insertedId(row);
    },

    async findImport(id: number): Promise<StoredCatalogueImport | undefined> {
      const r = await db('catalogue_imports as i')
        .join('users as u', 'u.id', 'i.user_id')
        .leftJoin('users as a', 'a.id', 'i.applied_by')
        .where('i.id', id)
        .first('i.*', 'u.full_name', 'a.full_name as applied_by_name');
      if (!r) return undefined;
      return {
        id: r.id,
        userId: r.user_id,
        userName: r.full_name,
        createdAt: toDate(r.created_at),
        source: r.source,
        complete: Boolean(r.complete),
        recordCount: Number(r.record_count),
        records: r.applied_at ? null : (JSON.parse(r.records_json) as unknown),
        appliedAt: r.applied_at ? toDate(r.applied_at) : null,
        appliedByName: r.applied_by_name ?? null,
        effectiveFrom: r.effective_from ?? null,
        result: r.result_json ? (JSON.parse(r.result_json) as CatalogueImportResult) : null,
      };
    },

    /** Marks a staged import applied, once (false: another confirmation did it first). Inside the transaction that writes its versions. */
    async markImportApplied(trx: Db, id: number, v: { at: Date; by: number; effectiveFrom: string; result: CatalogueImportResult }): Promise<boolean> {
      const n = await trx('catalogue_imports').where({ id }).whereNull('applied_at').update({ applied_at: v.at, applied_by: v.by, effective_from: v.effectiveFrom, result_json: JSON.stringify(v.result), records_json: '' });
      return n === 1;
    },

    /** A procedure new to motcua, stored before its first version applies: not received yet (its version sets it all). */
    async insertInactive(trx: Db, d: ProcedureDetail): Promise<number> {
      const [row] = await trx('procedures')
        .insert({ code: d.code, name: d.name, field: d.fields[0]!.name.slice(0, 200), processing_unit: 'working_days', processing_amount: 0, processing_note: '', result: '', active: false })
        .returning('id');
      return insertedId(row);
    },

    /**
     * Sets a procedure's columns from a version: what intake uses. A counter time the data
     * does not give keeps the stored one; a procedure that has none (0 working days: new from
     * an import without one) stays not received until an administrator sets it. Documents are
     * replaced only when the version lists some. The procedure is received again (a
     * withdrawn one brought back) when it has a time.
     */
    async applyToColumns(trx: Db, procedureId: number, d: ProcedureDetail, terms: CounterTerms): Promise<void> {
      const stored = await trx<ProcedureRow>('procedures').where({ id: procedureId }).first('processing_unit', 'processing_amount');
      const hasTime = terms.time !== null || (stored !== undefined && (stored.processing_unit === 'same_day' || stored.processing_amount > 0));
      await trx('procedures')
        .where({ id: procedureId })
        .update({
          name: d.name,
          name_en: d.nameEn,
          field: d.fields[0]!.name.slice(0, 200),
          result: terms.result,
          fee_vnd: terms.feeVnd,
          fee_note: terms.feeNote,
          online_level: d.online,
          by_post: d.byPost,
          in_person: d.inPerson,
          active: hasTime,
          ...(terms.time ? { processing_unit: terms.time.unit, processing_amount: terms.time.amount, processing_note: terms.processingNote } : {}),
        });
      if (terms.documents.length > 0) {
        await trx('procedure_documents').where({ procedure_id: procedureId }).delete();
        await trx('procedure_documents').insert(terms.documents.map((doc, i) => ({ procedure_id: procedureId, position: i + 1, name: doc.name, originals: doc.originals, certified_copies: 0, copies: doc.copies, required: true })));
      }
    },

    /** Only what a version adds to the display (English name, online, post, in person): the counter's columns stay. */
    async applyDisplayColumns(trx: Db, procedureId: number, d: ProcedureDetail): Promise<void> {
      await trx('procedures').where({ id: procedureId }).update({ name_en: d.nameEn, online_level: d.online, by_post: d.byPost, in_person: d.inPerson });
    },

    /** A withdrawn procedure stops being received (its dossiers and versions stay). */
    async withdraw(trx: Db, procedureId: number): Promise<void> {
      await trx('procedures').where({ id: procedureId }).update({ active: false });
    },
  };
}
