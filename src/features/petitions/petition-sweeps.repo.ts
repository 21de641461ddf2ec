/** The petitions job's SQL: candidates by deadline, the once-only milestones, the flags. */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import type { PetitionKind } from '../../domain/petitions.js';

export interface SweepCandidate {
  id: number;
  code: string;
  kind: PetitionKind;
  due: Date;
  forwardedAt: Date | null;
  competentAgencyId: number | null;
  competentAgencyName: string | null;
}

const BATCH = 500;

function toCandidate(r: Record<string, unknown>, dueColumn: 'forward_due_at' | 'answer_due_at' | 'due'): SweepCandidate {
  return {
    id: Number(r.id),
    code: String(r.code),
    kind: r.kind as PetitionKind,
    due: toDate(r[dueColumn]),
    forwardedAt: r.forwarded_at === null || r.forwarded_at === undefined ? null : toDate(r.forwarded_at),
    competentAgencyId: r.competent_agency_id === null || r.competent_agency_id === undefined ? null : Number(r.competent_agency_id),
    competentAgencyName: (r.agency_name as string | null) ?? null,
  };
}

export function petitionSweepsRepo(db: Knex | Knex.Transaction) {
  return {
    /**
     * Open petitions whose deadline is at or before `horizon`, in batches after `afterId`:
     * 'forward' — not yet forwarded (received, accepted); 'answer' — forwarded, not yet answered.
     */
    async page(stage: 'forward' | 'answer', horizon: Date, afterId: number): Promise<SweepCandidate[]> {
      const column = stage === 'forward' ? 'forward_due_at' : 'answer_due_at';
      const rows = await db('petitions as p')
        .leftJoin('agencies as a', 'a.id', 'p.competent_agency_id')
        .whereIn('p.status', stage === 'forward' ? ['received', 'accepted'] : ['forwarded', 'drafted'])
        .whereNotNull(`p.${column}`)
        .where(`p.${column}`, '<=', horizon)
        .where('p.id', '>', afterId)
        .orderBy('p.id')
        .limit(BATCH)
        .select('p.id', 'p.code', 'p.kind', 'p.forward_due_at', 'p.answer_due_at', 'p.forwarded_at', 'p.competent_agency_id', 'a.name as agency_name');
      return rows.map((r) => toCandidate(r, column));
    },

    /**
     * Petitions kept for study (art. 14(2)(b)) whose review date is `today` or earlier, in
     * batches after `afterId`, with the review date (YYYY-MM-DD) in `review`.
     */
    async reviewDue(today: string, afterId: number): Promise<Array<SweepCandidate & { review: string }>> {
      const rows = await db('petitions as p')
        .leftJoin('agencies as a', 'a.id', 'p.competent_agency_id')
        .where('p.status', 'kept_for_study')
        .whereNotNull('p.review_due_on')
        .where('p.review_due_on', '<=', today)
        .where('p.id', '>', afterId)
        .orderBy('p.id')
        .limit(BATCH)
        .select('p.id', 'p.code', 'p.kind', 'p.kept_at', 'p.forwarded_at', 'p.competent_agency_id', 'p.review_due_on', 'a.name as agency_name');
      return rows.map((r) => ({ ...toCandidate({ ...r, due: r.kept_at }, 'due'), review: String(r.review_due_on) }));
    },

    /** Still kept for study with the same review date (drafted or kept again meanwhile: skipped). */
    async stillKept(petitionId: number, review: string): Promise<boolean> {
      const r = await db('petitions').where({ id: petitionId, status: 'kept_for_study', review_due_on: review }).first('id');
      return r !== undefined;
    },

    /** Claim (petition, kind) once; false when already claimed. */
    async claim(petitionId: number, kind: string, now: Date): Promise<boolean> {
      const rows = await db('petition_milestones').insert({ petition_id: petitionId, kind, at: now }).onConflict(['petition_id', 'kind']).ignore().returning('petition_id');
      return rows.length > 0;
    },

    /** Still in the stage the candidate was read in (a petition answered meanwhile is skipped). */
    async stillOpen(petitionId: number, stage: 'forward' | 'answer'): Promise<boolean> {
      const r = await db('petitions').where({ id: petitionId }).whereIn('status', stage === 'forward' ? ['received', 'accepted'] : ['forwarded', 'drafted']).first('id');
      return r !== undefined;
    },

    async flag(petitionId: number, column: 'forward_overdue_at' | 'answer_overdue_at' | 'escalated_at', now: Date): Promise<void> {
      await db('petitions').where({ id: petitionId }).update({ [column]: now, updated_at: now });
    },
  };
}
