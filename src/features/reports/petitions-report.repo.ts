/**
 * The petitions (phản ánh, kiến nghị) report's counts, per competent agency and kind, and
 * the conduct petitions per official for the officers report. Every count is decided from
 * the petition's timestamps against its stored deadlines (forward_due_at, answer_due_at),
 * which the intake and the forwarding computed with the working-day calendar.
 */
import type { Knex } from 'knex';
import type { Period } from '../../domain/period.js';
import { CONTROL_UNIT_SETTING } from '../../domain/petitions.js';
import type { ReportScope } from './reports.repo.js';

export interface PetitionCountRow {
  /** The agency it was forwarded to; null while not forwarded (or closed as not in scope). */
  agencyId: number | null;
  agencyName: string | null;
  kind: string;
  received: number;
  forwardedOnTime: number;
  forwardedLate: number;
  notInScope: number;
  answeredOnTime: number;
  answeredLate: number;
  pending: number;
  /** Forwarded outside the province (art. 9(1)(d)). */
  forwardedExternal: number;
  /** Kept for study (art. 14(2)(b)–(d)), still open. */
  keptForStudy: number;
  /** Answers by outcome (art. 15). */
  amendAbolish: number;
  recommend: number;
  issueNew: number;
  explain: number;
  /** Answers' publication (art. 19): published, withheld with a reason, not yet decided. */
  published: number;
  withheld: number;
  publicationPending: number;
}

const COUNTS = [
  'received',
  'forwarded_on_time',
  'forwarded_late',
  'not_in_scope',
  'answered_on_time',
  'answered_late',
  'pending',
  'forwarded_external',
  'kept_for_study',
  'amend_abolish',
  'recommend',
  'issue_new',
  'explain',
  'published',
  'withheld',
  'publication_pending',
] as const;

/**
 * Petitions received in [from, to) per competent agency and kind; `scope.agencyId` keeps
 * those forwarded to that agency (the service decides who may see every agency's).
 */
export async function petitionCounts(db: Knex, p: Period, scope: Pick<ReportScope, 'agencyId' | 'procedureCode'> = {}): Promise<PetitionCountRow[]> {
  const sum = (cond: string, as: string) => db.raw(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${as}`);
  const answered = `pt.status <> 'not_in_scope' AND pt.answered_at IS NOT NULL AND pt.answer_due_at IS NOT NULL`;
  const q = db('petitions as pt')
    .leftJoin('agencies as a', 'a.id', 'pt.competent_agency_id')
    .where('pt.received_at', '>=', p.from)
    .andWhere('pt.received_at', '<', p.to)
    .groupBy('pt.competent_agency_id', 'a.name', 'pt.kind')
    .select(
      'pt.competent_agency_id as agency_id',
      'a.name as agency_name',
      'pt.kind',
      db.raw('COUNT(*) AS received'),
      sum(`pt.forwarded_at IS NOT NULL AND pt.forwarded_at <= pt.forward_due_at`, 'forwarded_on_time'),
      sum(`pt.forwarded_at IS NOT NULL AND pt.forwarded_at > pt.forward_due_at`, 'forwarded_late'),
      sum(`pt.status = 'not_in_scope'`, 'not_in_scope'),
      sum(`${answered} AND pt.answered_at <= pt.answer_due_at`, 'answered_on_time'),
      sum(`${answered} AND pt.answered_at > pt.answer_due_at`, 'answered_late'),
      sum(`pt.status NOT IN ('not_in_scope', 'forwarded_external', 'answered')`, 'pending'),
      sum(`pt.status = 'forwarded_external'`, 'forwarded_external'),
      sum(`pt.status = 'kept_for_study'`, 'kept_for_study'),
      sum(`pt.status = 'answered' AND pt.outcome = 'amend_abolish'`, 'amend_abolish'),
      sum(`pt.status = 'answered' AND pt.outcome = 'recommend'`, 'recommend'),
      sum(`pt.status = 'answered' AND pt.outcome = 'issue_new'`, 'issue_new'),
      sum(`pt.status = 'answered' AND pt.outcome = 'explain'`, 'explain'),
      sum(`pt.status = 'answered' AND pt.published_at IS NOT NULL`, 'published'),
      sum(`pt.status = 'answered' AND pt.publication_withheld_at IS NOT NULL`, 'withheld'),
      sum(`pt.status = 'answered' AND pt.published_at IS NULL AND pt.publication_withheld_at IS NULL`, 'publication_pending'),
    );
  if (scope.agencyId) q.where('pt.competent_agency_id', scope.agencyId);
  if (scope.procedureCode) q.join('procedures as pr', 'pr.id', 'pt.procedure_id').where('pr.code', scope.procedureCode);
  const rows: Array<Record<string, any>> = await q;
  return rows.map((r) => {
    const n = Object.fromEntries(COUNTS.map((k) => [k, Number(r[k] ?? 0)])) as Record<(typeof COUNTS)[number], number>;
    return {
      agencyId: r.agency_id === null || r.agency_id === undefined ? null : Number(r.agency_id),
      agencyName: (r.agency_name as string | null) ?? null,
      kind: String(r.kind),
      received: n.received,
      forwardedOnTime: n.forwarded_on_time,
      forwardedLate: n.forwarded_late,
      notInScope: n.not_in_scope,
      answeredOnTime: n.answered_on_time,
      answeredLate: n.answered_late,
      pending: n.pending,
      forwardedExternal: n.forwarded_external,
      keptForStudy: n.kept_for_study,
      amendAbolish: n.amend_abolish,
      recommend: n.recommend,
      issueNew: n.issue_new,
      explain: n.explain,
      published: n.published,
      withheld: n.withheld,
      publicationPending: n.publication_pending,
    };
  });
}

/** Answers received in [from, to) whose publication the head withheld, with the recorded reason (art. 19), oldest first. */
export async function withheldPublications(db: Knex, p: Period, scope: Pick<ReportScope, 'agencyId'> = {}): Promise<Array<{ code: string; agencyName: string | null; reason: string }>> {
  const q = db('petitions as pt')
    .leftJoin('agencies as a', 'a.id', 'pt.competent_agency_id')
    .where('pt.received_at', '>=', p.from)
    .andWhere('pt.received_at', '<', p.to)
    .whereNotNull('pt.publication_withheld_at')
    .orderBy('pt.publication_withheld_at')
    .orderBy('pt.id')
    .select('pt.code', 'a.name as agency_name', 'pt.publication_withheld_reason');
  if (scope.agencyId) q.where('pt.competent_agency_id', scope.agencyId);
  const rows: Array<Record<string, any>> = await q;
  return rows.map((r) => ({ code: String(r.code), agencyName: (r.agency_name as string | null) ?? null, reason: String(r.publication_withheld_reason ?? '') }));
}

/** The province's TTHC control unit: the agency an administrator named (settings CONTROL_UNIT_SETTING), never inferred from agency kinds. */
export async function isControlUnit(db: Knex, agencyId: number): Promise<boolean> {
  const r = await db('settings').where({ key: CONTROL_UNIT_SETTING }).first('value');
  return r !== undefined && Number(r.value) === agencyId;
}

/** Petitions about an official's conduct (kind 'conduct', official_id set) received in [from, to), per official. */
export async function conductPetitionsByOfficial(db: Knex, p: Period, scope: ReportScope = {}): Promise<Array<{ officerId: number; officerName: string; agencyName: string; petitions: number }>> {
  const q = db('petitions as pt')
    .join('users as u', 'u.id', 'pt.official_id')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .where('pt.kind', 'conduct')
    .where('pt.received_at', '>=', p.from)
    .andWhere('pt.received_at', '<', p.to)
    .groupBy('pt.official_id', 'u.full_name', 'a.name')
    .select('pt.official_id', 'u.full_name', 'a.name as agency_name', db.raw('COUNT(*) AS n'));
  if (scope.agencyId) q.where('u.agency_id', scope.agencyId);
  if (scope.officerId) q.where('pt.official_id', scope.officerId);
  if (scope.procedureCode) q.join('procedures as pr', 'pr.id', 'pt.procedure_id').where('pr.code', scope.procedureCode);
  const rows: Array<Record<string, any>> = await q;
  return rows.map((r) => ({ officerId: Number(r.official_id), officerName: String(r.full_name), agencyName: String(r.agency_name), petitions: Number(r.n ?? 0) }));
}
