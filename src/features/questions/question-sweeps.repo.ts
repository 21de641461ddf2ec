/**
 * The questions job's queries: unanswered questions whose reminder time or answer deadline
 * has passed and that are not yet reminded / escalated (read in keyset batches), the
 * conditional UPDATEs that mark each one once, and who gets the e-mails.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';

export type QuestionSweepKind = 'remind' | 'escalate';

export interface QuestionCandidate {
  id: number;
  dossierId: number;
  dossierCode: string;
  procedureName: string;
  text: string;
  answerDueAt: Date;
  /** The instant the candidate set is ordered by (remind_at or answer_due_at). */
  at: Date;
  assignedTo: number | null;
  /** The agency holding the dossier now (assigned_agency_id, else the processing agency). */
  holderAgencyId: number;
  processingAgencyId: number;
}

export interface QuestionCursor {
  at: Date;
  id: number;
}

const COLUMN: Record<QuestionSweepKind, { due: string; mark: string }> = {
  remind: { due: 'remind_at', mark: 'reminded_at' },
  escalate: { due: 'answer_due_at', mark: 'escalated_at' },
};

export function questionSweepsRepo(db: Knex | Knex.Transaction) {
  return {
    /** One batch of unanswered, unmarked questions whose `kind` instant is at or before `now`, after the cursor. */
    async page(kind: QuestionSweepKind, now: Date, after: QuestionCursor | null, limit: number): Promise<{ candidates: QuestionCandidate[]; next: QuestionCursor | null }> {
      const { due, mark } = COLUMN[kind];
      const q = db('dossier_questions as q')
        .join('dossiers as d', 'd.id', 'q.dossier_id')
        .join('procedures as p', 'p.id', 'd.procedure_id')
        .whereNull('q.answered_at')
        .whereNull(`q.${mark}`)
        .whereNotNull(`q.${due}`)
        .where(`q.${due}`, '<=', now)
        .orderBy([{ column: `q.${due}` }, { column: 'q.id' }])
        .limit(limit)
        .select('q.id', 'q.dossier_id', 'd.code', 'p.name as procedure_name', 'q.text', 'q.answer_due_at', `q.${due} as at`, 'd.assigned_to', 'd.assigned_agency_id', 'd.processing_agency_id');
      if (after) {
        q.where((w) => {
          w.where(`q.${due}`, '>', after.at).orWhere((s) => s.where(`q.${due}`, '=', after.at).andWhere('q.id', '>', after.id));
        });
      }
      const rows: Array<Record<string, any>> = await q;
      const candidates = rows.map((r) => ({
        id: Number(r.id),
        dossierId: Number(r.dossier_id),
        dossierCode: String(r.code),
        procedureName: String(r.procedure_name),
        text: String(r.text),
        answerDueAt: toDate(r.answer_due_at),
        at: toDate(r.at),
        assignedTo: r.assigned_to === null || r.assigned_to === undefined ? null : Number(r.assigned_to),
        holderAgencyId: Number(r.assigned_agency_id ?? r.processing_agency_id),
        processingAgencyId: Number(r.processing_agency_id),
      }));
      const last = candidates[candidates.length - 1];
      return { candidates, next: last && candidates.length === limit ? { at: last.at, id: last.id } : null };
    },

    /** Mark the question reminded / escalated unless it was already, or was answered meanwhile: true when this call marked it. */
    async mark(kind: QuestionSweepKind, questionId: number, now: Date): Promise<boolean> {
      const { mark } = COLUMN[kind];
      const n = await db('dossier_questions').where({ id: questionId }).whereNull(mark).whereNull('answered_at').update({ [mark]: now });
      return Number(n) === 1;
    },

    /** The assigned officer (active, with an e-mail); none → the active officers of the holding agency. */
    async officersToRemind(c: Pick<QuestionCandidate, 'assignedTo' | 'holderAgencyId'>): Promise<Array<{ id: number; email: string }>> {
      const withEmail = () => db('users').where({ active: true }).whereNotNull('email').whereNot('email', '');
      if (c.assignedTo !== null) {
        const own = await withEmail().where({ id: c.assignedTo }).select('id', 'email');
        if (own.length > 0) return own.map((u) => ({ id: Number(u.id), email: String(u.email) }));
      }
      const rows = await withEmail().where({ role: 'officer', agency_id: c.holderAgencyId }).orderBy('id').select('id', 'email');
      return rows.map((u) => ({ id: Number(u.id), email: String(u.email) }));
    },

    /** The active supervisors (with an e-mail) of the holding and the processing agency. */
    async supervisorsOf(agencyIds: readonly number[]): Promise<Array<{ id: number; email: string }>> {
      const rows = await db('users')
        .where({ active: true, role: 'supervisor' })
        .whereIn('agency_id', [...new Set(agencyIds)])
        .whereNotNull('email')
        .whereNot('email', '')
        .orderBy('id')
        .select('id', 'email');
      return rows.map((u) => ({ id: Number(u.id), email: String(u.email) }));
    },
  };
}
