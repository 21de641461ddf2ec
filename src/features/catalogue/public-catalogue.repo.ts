/**
 * The SQL of the public catalogue (/thu-tuc, Zalo "TT"): the change stamp (migration
 * 20261209004100: triggers bump it on every catalogue write), the procedures received today
 * with their columns, documents and the record of their version in force, and the agencies
 * that receive each. Read-only.
 */
import type { Knex } from 'knex';
import type { ColumnsProcedure } from '../../domain/procedure-columns.js';
import type { ProcedureRow } from '../../platform/record/tables.js';
import { columnsOf } from './procedure-row.js';

export interface PublicProcedureRow {
  id: number;
  columns: ColumnsProcedure;
  /** The record of the version in force (the newest applied one), parsed; null before any. */
  record: unknown;
}

export interface ReceivingAgency {
  id: number;
  name: string;
  address: string;
  hotline: string;
}

type DocRow = { procedure_id: number; name: string; originals: number; certified_copies: number; copies: number };

function documentsByProcedure(rows: readonly DocRow[]): Map<number, ColumnsProcedure['documents']> {
  const map = new Map<number, ColumnsProcedure['documents']>();
  for (const d of rows) {
    const list = map.get(d.procedure_id) ?? [];
    list.push({ name: d.name, originals: d.originals, certifiedCopies: d.certified_copies, copies: d.copies });
    map.set(d.procedure_id, list);
  }
  return map;
}

/**
 * The procedures the public sees: those received today (active), and those imported from the
 * national data without a counter time yet (not received at the counter until an
 * administrator sets one — national-import.repo.ts — but part of the catalogue a citizen
 * reads: 0 working days and an applied version). A withdrawal's version is left out by the
 * service (its record says `_withdrawn`).
 */
function isPublic(q: Knex.QueryBuilder, db: Knex, alias = 'procedures'): Knex.QueryBuilder {
  return q.where(function () {
    this.where(`${alias}.active`, true).orWhere(function () {
      this.where(`${alias}.processing_unit`, 'working_days')
        .where(`${alias}.processing_amount`, 0)
        .whereExists(db('procedure_versions as pv').whereRaw(`pv.procedure_id = ${alias}.id`).whereNotNull('pv.applied_at').select(db.raw('1')));
    });
  });
}

export function publicCatalogueRepo(db: Knex) {
  /** The newest applied version's record of each procedure (of `ids`, or of all). */
  async function recordsInForce(ids: number[] | null): Promise<Map<number, unknown>> {
    const applied = db('procedure_versions').whereNotNull('applied_at').groupBy('procedure_id').select('procedure_id').max({ version: 'version' });
    if (ids) applied.whereIn('procedure_id', ids);
    const rows = await db('procedure_versions as v')
      .join(applied.as('l'), function () {
        this.on('l.procedure_id', '=', 'v.procedure_id').andOn('l.version', '=', 'v.version');
      })
      .select<Array<{ procedure_id: number; record_json: string }>>('v.procedure_id', 'v.record_json');
    return new Map(rows.map((r) => [r.procedure_id, JSON.parse(r.record_json) as unknown]));
  }

  return {
    /** The catalogue's change stamp: moves on every write to a table the catalogue is read from. */
    async stamp(): Promise<string> {
      const row = await db('catalogue_stamp').where({ id: 1 }).first('n');
      return String(row?.n ?? '0');
    },

    /** Every public procedure (isPublic), with documents and the record in force. */
    async activeProcedures(): Promise<PublicProcedureRow[]> {
      const rows: ProcedureRow[] = await isPublic(db('procedures'), db).select('*');
      const docs = await isPublic(db('procedure_documents as d').join('procedures as p', 'p.id', 'd.procedure_id'), db, 'p')
        .orderBy([{ column: 'd.procedure_id' }, { column: 'd.position' }])
        .select<DocRow[]>('d.procedure_id', 'd.name', 'd.originals', 'd.certified_copies', 'd.copies');
      const byProcedure = documentsByProcedure(docs);
      const records = await recordsInForce(null);
      return rows.map((r) => ({ id: r.id, columns: columnsOf(r, byProcedure.get(r.id) ?? []), record: records.get(r.id) ?? null }));
    },

    /** One public procedure (isPublic), by code; undefined when unknown or not public. */
    async activeProcedure(code: string): Promise<PublicProcedureRow | undefined> {
      const r: ProcedureRow | undefined = await isPublic(db('procedures'), db).where('procedures.code', code).first();
      if (!r) return undefined;
      const docs = await db('procedure_documents').where({ procedure_id: r.id }).orderBy('position').select<DocRow[]>('procedure_id', 'name', 'originals', 'certified_copies', 'copies');
      const record = (await recordsInForce([r.id])).get(r.id) ?? null;
      return { id: r.id, columns: columnsOf(r, documentsByProcedure(docs).get(r.id) ?? []), record };
    },

    /** procedure id → the active agencies that receive it. */
    async receivingAgencyIds(): Promise<Map<number, number[]>> {
      const rows = await db('agency_procedures as ap').join('agencies as a', 'a.id', 'ap.agency_id').where('a.active', true).select<Array<{ procedure_id: number; agency_id: number }>>('ap.procedure_id', 'ap.agency_id');
      const map = new Map<number, number[]>();
      for (const r of rows) {
        const list = map.get(r.procedure_id) ?? [];
        list.push(r.agency_id);
        map.set(r.procedure_id, list);
      }
      return map;
    },

    /** The active agencies that receive at least one procedure (the agency filter), by name. */
    async receivingAgencies(): Promise<Array<{ id: number; name: string }>> {
      return db('agencies as a')
        .whereExists(db('agency_procedures as ap').join('procedures as p', 'p.id', 'ap.procedure_id').whereRaw('ap.agency_id = a.id').select(db.raw('1')))
        .where('a.active', true)
        .orderBy('a.name')
        .select<Array<{ id: number; name: string }>>('a.id', 'a.name');
    },

    /** The active agencies that receive this procedure, with where to find them. */
    async agenciesOf(procedureId: number): Promise<ReceivingAgency[]> {
      return db('agency_procedures as ap')
        .join('agencies as a', 'a.id', 'ap.agency_id')
        .where({ 'ap.procedure_id': procedureId, 'a.active': true })
        .orderBy('a.name')
        .select<ReceivingAgency[]>('a.id', 'a.name', 'a.address', 'a.hotline');
    },
  };
}

export type PublicCatalogueRepo = ReturnType<typeof publicCatalogueRepo>;
