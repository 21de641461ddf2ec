import type { Knex } from 'knex';
import { NOT_ACTING_EVENTS, type Completion } from '../../domain/workflow.js';

export interface DossierUpdate {
  status: string;
  due_at?: Date;
  finished_at?: Date;
  completion?: Completion;
  completed_by?: number;
  returned_at?: Date;
  returned_to?: string;
  outcome_note?: string;
  assigned_agency_id?: number;
  assigned_to?: number | null;
}

/** Roles that process dossiers, and so can be handed one. */
const PROCESSING_ROLES = ['officer', 'supervisor'];

export function workflowRepo(db: Knex) {
  return {
    /** Apply the update only if nobody changed the dossier since `version` was read. */
    async updateIfVersion(trx: Knex.Transaction, id: number, version: number, update: DossierUpdate, now: Date): Promise<boolean> {
      const n = await trx('dossiers')
        .where({ id, version })
        .update({ ...update, updated_at: now, version: version + 1 });
      return n === 1;
    },

    /** `reason`: a supplement's items or another pause's reason; a supplement request also has its specific reason and any override. */
    async openPause(
      trx: Knex.Transaction,
      dossierId: number,
      kind: 'supplement' | 'other',
      reason: string,
      by: number,
      now: Date,
      request: { requestReason?: string | null; overrideReason?: string | null } = {},
    ): Promise<void> {
      await trx('dossier_pauses').insert({
        dossier_id: dossierId,
        kind,
        reason,
        request_reason: request.requestReason ?? null,
        override_reason: request.overrideReason ?? null,
        started_by: by,
        started_at: now,
      });
    },

    /** How many supplement requests the dossier has had (Decree 118 allows one). */
    async supplementRequests(dossierId: number): Promise<number> {
      const row = await db('dossier_pauses').where({ dossier_id: dossierId, kind: 'supplement' }).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },

    async closeOpenPauses(trx: Knex.Transaction, dossierId: number, by: number, now: Date): Promise<number> {
      return trx('dossier_pauses').where({ dossier_id: dossierId }).whereNull('ended_at').update({ ended_at: now, ended_by: by });
    },

    async addHandover(
      trx: Knex.Transaction,
      row: { dossierId: number; at: Date; fromAgencyId: number; toAgencyId: number; fromUserId: number | null; toUserId: number | null; dueAt: Date; note: string | null },
    ): Promise<void> {
      await trx('dossier_handovers').insert({
        dossier_id: row.dossierId,
        at: row.at,
        from_agency_id: row.fromAgencyId,
        to_agency_id: row.toAgencyId,
        from_user_id: row.fromUserId,
        to_user_id: row.toUserId,
        due_at: row.dueAt,
        note: row.note,
      });
    },

    /**
     * The active agencies that process a procedure, as the catalogue says: its lead agency
     * or, for a procedure without one (commune procedures), the agencies whose counters
     * receive it; and always the agency recorded as processing this dossier at intake.
     */
    async processingAgencies(procedure: { id: number; leadAgencyId: number | null }, dossierProcessingAgencyId: number): Promise<Array<{ id: number; name: string }>> {
      const q = db('agencies').where({ active: true });
      if (procedure.leadAgencyId !== null) q.whereIn('id', [procedure.leadAgencyId, dossierProcessingAgencyId]);
      else {
        q.where((w) =>
          w.where('id', dossierProcessingAgencyId).orWhereIn('id', db('agency_procedures').where({ procedure_id: procedure.id }).select('agency_id')),
        );
      }
      return q.orderBy('name').select('id', 'name');
    },

    /** Active officers and supervisors of these agencies, for the assignment picker. */
    async processingStaff(agencyIds: readonly number[]): Promise<Array<{ id: number; fullName: string; agencyId: number; role: string }>> {
      if (agencyIds.length === 0) return [];
      const rows = await db('users')
        .where({ active: true })
        .whereIn('agency_id', [...agencyIds])
        .whereIn('role', PROCESSING_ROLES)
        .orderBy('full_name')
        .select('id', 'full_name', 'agency_id', 'role');
      return rows.map((r) => ({ id: r.id, fullName: r.full_name, agencyId: r.agency_id, role: r.role }));
    },

    /**
     * Did a member of staff record anything on the dossier after its receipt? Printing the
     * receipt does not count, nor do the system's own notes (sweeps, recomputed appointments:
     * no actor).
     */
    async actedOn(dossierId: number): Promise<boolean> {
      const row = await db('dossier_events')
        .where({ dossier_id: dossierId })
        .whereNotNull('actor_id')
        .whereNotIn('type', [...NOT_ACTING_EVENTS])
        .first('id');
      return Boolean(row);
    },

    /** Has the dossier been handed over before (the counter's hand-over is recorded once)? */
    async hasHandover(trx: Knex.Transaction, dossierId: number): Promise<boolean> {
      return Boolean(await trx('dossier_handovers').where({ dossier_id: dossierId }).first('id'));
    },

    async staffInAgency(userId: number, agencyId: number): Promise<boolean> {
      return Boolean(await db('users').where({ id: userId, agency_id: agencyId, active: true }).whereIn('role', PROCESSING_ROLES).first('id'));
    },
  };
}
