/** The apology's SQL: the one apology per dossier, its milestone and the re-set appointment. */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';

export interface ApologyRow {
  issuedAt: Date;
  /** The issuing officer's name; null when the system issued it. */
  issuedBy: string | null;
  reason: string;
  previousDueAt: Date;
  newDueAt: Date;
}

export interface IssuingAgency {
  name: string;
  governingBody: string;
  placeName: string;
}

export function apologyRepo(db: Knex | Knex.Transaction) {
  return {
    async forDossier(dossierId: number): Promise<ApologyRow | undefined> {
      const r = await db('dossier_apologies as a').leftJoin('users as u', 'u.id', 'a.issued_by').where('a.dossier_id', dossierId).first('a.*', 'u.full_name');
      if (!r) return undefined;
      return { issuedAt: toDate(r.issued_at), issuedBy: r.full_name ?? null, reason: r.reason, previousDueAt: toDate(r.previous_due_at), newDueAt: toDate(r.new_due_at) };
    },

    /** The header of the form: the processing agency. */
    async agency(agencyId: number): Promise<IssuingAgency | undefined> {
      const a = await db('agencies').where({ id: agencyId }).first('name', 'governing_body', 'place_name');
      return a ? { name: a.name, governingBody: a.governing_body, placeName: a.place_name } : undefined;
    },

    /**
     * The dossier's 'apology' milestone (unique per dossier), inside the caller's
     * transaction: true when this call took it, false when the dossier already has one.
     */
    async claimMilestone(dossierId: number, now: Date): Promise<boolean> {
      const rows = await db('dossier_milestones').insert({ dossier_id: dossierId, kind: 'apology', created_at: now }).onConflict(['dossier_id', 'kind']).ignore().returning('id');
      return rows.length > 0;
    },

    /** Store the apology and move the dossier's appointment to the new date (version + 1). */
    async insert(a: { dossierId: number; issuedAt: Date; issuedBy: number | null; reason: string; previousDueAt: Date; newDueAt: Date }): Promise<void> {
      await db('dossier_apologies').insert({
        dossier_id: a.dossierId,
        issued_at: a.issuedAt,
        issued_by: a.issuedBy,
        reason: a.reason,
        previous_due_at: a.previousDueAt,
        new_due_at: a.newDueAt,
      });
      await db('dossiers')
        .where({ id: a.dossierId })
        .update({ extended_due_at: a.newDueAt, updated_at: a.issuedAt, version: db.raw('version + 1') });
    },
  };
}
