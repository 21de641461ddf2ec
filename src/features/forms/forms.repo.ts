import type { Knex } from 'knex';
import { oneDossier } from '../../platform/record/scope.repo.js';

/** The dossier columns of issue 13 that the shared Dossier record does not carry: applicant kind and organisation code. */
export interface ApplicantExtras {
  kind: 'person' | 'organisation';
  organisationCode: string | null;
}

export function formsRepo(db: Knex) {
  return {
    /** The name and phone a form prints for the officer who signed a step; blank when unknown. */
    async staffContact(userId: number | null): Promise<{ name: string; phone: string }> {
      if (!userId) return { name: '', phone: '' };
      const row = await db('users').where({ id: userId }).first('full_name', 'phone');
      return { name: row?.full_name ?? '', phone: row?.phone ?? '' };
    },

    /** The specific reason of the dossier's latest supplement request (null for requests made before it was recorded). */
    async supplementReason(dossierId: number): Promise<string | null> {
      const row = await db('dossier_pauses').where({ dossier_id: dossierId, kind: 'supplement' }).orderBy([{ column: 'started_at', order: 'desc' }, { column: 'id', order: 'desc' }]).first('request_reason');
      const reason = row?.request_reason;
      return typeof reason === 'string' && reason.trim() !== '' ? reason : null;
    },

    /** The header of an agency's own document: its governing body, name and place. */
    async agencyHeader(agencyId: number): Promise<{ governingBody: string; unitName: string; placeName: string } | undefined> {
      const row = await db('agencies').where({ id: agencyId }).first('governing_body', 'name', 'place_name');
      return row ? { governingBody: row.governing_body, unitName: row.name, placeName: row.place_name } : undefined;
    },

    async applicantExtras(dossierId: number): Promise<ApplicantExtras> {
      const row = await oneDossier(db, { id: dossierId }).first('applicant_kind', 'organisation_code');
      return { kind: row?.applicant_kind === 'organisation' ? 'organisation' : 'person', organisationCode: row?.organisation_code ?? null };
    },
  };
}
