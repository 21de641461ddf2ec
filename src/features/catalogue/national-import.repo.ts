/** The SQL of the national import: the catalogue as it stands (columns and documents), and a version applied to a procedure's columns. */
import type { Knex } from 'knex';
import type { OnlineLevel, ProcedureDetail } from '../../domain/national-procedure.js';
import type { ColumnsProcedure, CounterTerms } from '../../domain/procedure-columns.js';
import type { ProcedureRow } from '../../platform/record/tables.js';
import { insertedId } from '../../db/knex.js';

type Db = Knex | Knex.Transaction;

export interface CatalogueEntry {
  id: number;
  active: boolean;
  columns: ColumnsProcedure;
}

type Row = ProcedureRow & { name_en: string | null; online_level: string; by_post: boolean | number; in_person: boolean | number };

const ONLINE_LEVELS: readonly OnlineLevel[] = ['none', 'partial', 'full'];

export function nationalImportRepo(db: Db) {
  return {
    /** Every procedure of the catalogue with its documents, by code. */
    async catalogue(): Promise<Map<string, CatalogueEntry>> {
      const rows = await db<Row>('procedures').select('*');
      const docs = await db('procedure_documents').orderBy([{ column: 'procedure_id' }, { column: 'position' }]).select('procedure_id', 'name', 'originals', 'certified_copies', 'copies');
      const byProcedure = new Map<number, ColumnsProcedure['documents']>();
      for (const d of docs) {
        const list = byProcedure.get(d.procedure_id) ?? [];
        list.push({ name: d.name, originals: d.originals, certifiedCopies: d.certified_copies, copies: d.copies });
        byProcedure.set(d.procedure_id, list);
      }
      return new Map(
        rows.map((r) => [
          r.code,
          {
            id: r.id,
            active: Boolean(r.active),
            columns: {
              code: r.code,
              name: r.name,
              nameEn: r.name_en ?? null,
              field: r.field,
              processingUnit: r.processing_unit,
              processingAmount: r.processing_amount,
              processingNote: r.processing_note,
              feeVnd: r.fee_vnd ?? null,
              feeNote: r.fee_note,
              result: r.result,
              onlineLevel: ONLINE_LEVELS.includes(r.online_level as OnlineLevel) ? (r.online_level as OnlineLevel) : 'none',
              byPost: Boolean(r.by_post),
              inPerson: Boolean(r.in_person),
              documents: byProcedure.get(r.id) ?? [],
            },
          },
        ]),
      );
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
      const stored = await trx<Row>('procedures').where({ id: procedureId }).first('processing_unit', 'processing_amount');
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

    /** A withdrawn procedure stops being received (its dossiers and versions stay). */
    async withdraw(trx: Db, procedureId: number): Promise<void> {
      await trx('procedures').where({ id: procedureId }).update({ active: false });
    },
  };
}
