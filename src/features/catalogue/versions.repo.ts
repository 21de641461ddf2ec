/**
 * The versions of each procedure (procedure_versions): the national record of each, when it
 * takes effect and when the procedure's own columns were set from it. Intake stamps a dossier
 * with its procedure's version in force (the latest applied one).
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { Timestamp } from '../../platform/record/tables.js';

type Db = Knex | Knex.Transaction;

export interface ProcedureVersion {
  id: number;
  procedureId: number;
  version: number;
  /** YYYY-MM-DD, Vietnam date. */
  effectiveFrom: string;
  /** The record in the national shape (src/domain/national-procedure.ts reads it). */
  record: unknown;
  source: string;
  createdAt: Date;
  createdBy: number | null;
  appliedAt: Date | null;
}

interface VersionRow {
  id: number;
  procedure_id: number;
  version: number;
  effective_from: string;
  record_json: string;
  source: string;
  created_at: Timestamp;
  created_by: number | null;
  applied_at: Timestamp | null;
}

function toVersion(r: VersionRow): ProcedureVersion {
  return {
    id: r.id,
    procedureId: r.procedure_id,
    version: Number(r.version),
    effectiveFrom: r.effective_from,
    record: JSON.parse(r.record_json) as unknown,
    source: r.source,
    createdAt: toDate(r.created_at),
    createdBy: r.created_by ?? null,
    appliedAt: r.applied_at === null || r.applied_at === undefined ? null : toDate(r.applied_at),
  };
}

export function versionsRepo(db: Db) {
  return {
    /** Every version of a procedure, newest first, with who wrote it (null: the reference seed). */
    async versionsOf(procedureId: number): Promise<Array<ProcedureVersion & { createdByName: string | null }>> {
      const rows = await db('procedure_versions as v').leftJoin('users as u', 'u.id', 'v.created_by').where('v.procedure_id', procedureId).orderBy('v.version', 'desc').select<Array<VersionRow & { full_name: string | null }>>('v.*', 'u.full_name');
      return rows.map((r) => ({ ...toVersion(r), createdByName: r.full_name ?? null }));
    },

    /** The newest version of each of these procedures, applied or waiting (what an import compares with). */
    async latestOf(procedureIds: number[]): Promise<Map<number, ProcedureVersion>> {
      const map = new Map<number, ProcedureVersion>();
      for (let i = 0; i < procedureIds.length; i += 500) {
        const chunk = procedureIds.slice(i, i + 500);
        const latest = db('procedure_versions').whereIn('procedure_id', chunk).groupBy('procedure_id').select('procedure_id').max({ version: 'version' });
        const rows = await db<VersionRow>('procedure_versions as v')
          .join(latest.as('l'), function () {
            this.on('l.procedure_id', '=', 'v.procedure_id').andOn('l.version', '=', 'v.version');
          })
          .select<VersionRow[]>('v.*');
        for (const r of rows) map.set(r.procedure_id, toVersion(r));
      }
      return map;
    },

    /**
     * The version in force for a procedure: the one applied last (null before any). By the
     * time it was applied, not its number: a version waiting for its date, applied after a
     * later-numbered edit of the administrator, is the one whose columns intake uses.
     */
    async inForce(procedureId: number): Promise<ProcedureVersion | null> {
      const r = await db<VersionRow>('procedure_versions').where({ procedure_id: procedureId }).whereNotNull('applied_at').orderBy([{ column: 'applied_at', order: 'desc' }, { column: 'version', order: 'desc' }]).first();
      return r ? toVersion(r) : null;
    },

    async find(id: number): Promise<ProcedureVersion | undefined> {
      const r = await db<VersionRow>('procedure_versions').where({ id }).first();
      return r ? toVersion(r) : undefined;
    },

    async insert(trx: Db, v: { procedureId: number; effectiveFrom: string; record: unknown; source: string; createdAt: Date; createdBy: number | null }): Promise<ProcedureVersion> {
      const last = await trx('procedure_versions').where({ procedure_id: v.procedureId }).max({ version: 'version' }).first();
      const version = Number(last?.version ?? 0) + 1;
      const [row] = await trx('procedure_versions')
        .insert({ procedure_id: v.procedureId, version, effective_from: v.effectiveFrom, record_json: JSON.stringify(v.record), source: v.source.slice(0, 500), created_at: v.createdAt, created_by: v.createdBy })
        .returning('*');
      return toVersion(row as VersionRow);
    },

    /** Versions whose date has come and that are not applied yet, oldest first (per procedure in version order). */
    async due(today: string, limit: number): Promise<ProcedureVersion[]> {
      const rows = await db<VersionRow>('procedure_versions').whereNull('applied_at').where('effective_from', '<=', today).orderBy([{ column: 'procedure_id' }, { column: 'version' }]).limit(limit);
      return rows.map(toVersion);
    },

    /** Marks a version applied, once: false when another run did it first. */
    async markApplied(trx: Db, id: number, at: Date): Promise<boolean> {
      return (await trx('procedure_versions').where({ id }).whereNull('applied_at').update({ applied_at: at })) === 1;
    },
  };
}

export type VersionsRepo = ReturnType<typeof versionsRepo>;
