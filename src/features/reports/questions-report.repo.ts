/**
 * The citizens' questions report's rows: every question asked in a period on a dossier in
 * scope, with its dossier's processing agency and the officer who answered it (if anyone
 * has). The counting (on time, late, overdue, the median) is done by questions-report.ts.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { Period } from '../../domain/period.js';
import type { ReportScope } from './reports.repo.js';

export interface QuestionReportRow {
  agencyId: number;
  agencyName: string;
  officerId: number | null;
  officerName: string | null;
  askedAt: Date;
  answerDueAt: Date;
  answeredAt: Date | null;
}

/** Questions asked in [from, to), scoped by the dossier's processing agency, its procedure, and the answering officer. */
export async function questionsAsked(db: Knex, p: Period, scope: ReportScope = {}): Promise<QuestionReportRow[]> {
  const q = db('dossier_questions as q')
    .join('dossiers as d', 'd.id', 'q.dossier_id')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .join('agencies as a', 'a.id', 'd.processing_agency_id')
    .leftJoin('users as u', 'u.id', 'q.answered_by')
    .where('q.asked_at', '>=', p.from)
    .andWhere('q.asked_at', '<', p.to)
    .orderBy([{ column: 'q.asked_at' }, { column: 'q.id' }])
    .select('d.processing_agency_id', 'a.name as agency_name', 'q.answered_by', 'u.full_name as officer_name', 'q.asked_at', 'q.answer_due_at', 'q.answered_at');
  if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  if (scope.officerId) q.where('q.answered_by', scope.officerId);
  const rows: Array<Record<string, any>> = await q;
  return rows.map((r) => ({
    agencyId: Number(r.processing_agency_id),
    agencyName: String(r.agency_name),
    officerId: r.answered_by === null || r.answered_by === undefined ? null : Number(r.answered_by),
    officerName: (r.officer_name as string | null) ?? null,
    askedAt: toDate(r.asked_at),
    answerDueAt: toDate(r.answer_due_at),
    answeredAt: toDateOrNull(r.answered_at),
  }));
}
