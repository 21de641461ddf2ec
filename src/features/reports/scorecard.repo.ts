/**
 * Decision 766's scorecard: the versioned sub-indicators, the procedures each agency
 * receives (published, online), and the portal's published scores an administrator enters.
 * The dossier measures come from reports.repo.ts and sync-report.repo.ts.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import { isScorecardGroup, type ScorecardGroupCode, type ScorecardIndicator } from '../../domain/scorecard-766.js';

export interface ScorecardVersion {
  version: number;
  effectiveFrom: string;
  title: string;
  sourceNote: string;
  indicators: ScorecardIndicator[];
}

/** The version in force on `day` (YYYY-MM-DD): the latest effective on or before it; null when none is. */
export async function scorecardVersionOn(db: Knex, day: string): Promise<ScorecardVersion | null> {
  const v = await db('scorecard_versions').where('effective_from', '<=', day).orderBy('effective_from', 'desc').orderBy('version', 'desc').first('id', 'version', 'effective_from', 'title', 'source_note');
  if (!v) return null;
  const rows: Array<Record<string, any>> = await db('scorecard_indicators').where({ version_id: v.id }).orderBy('position').select('group_code', 'code', 'label', 'points', 'measure', 'decision_text', 'reading');
  return {
    version: Number(v.version),
    effectiveFrom: String(v.effective_from),
    title: String(v.title),
    sourceNote: String(v.source_note),
    indicators: rows
      .filter((r) => isScorecardGroup(String(r.group_code)))
      .map((r) => ({
        groupCode: r.group_code as ScorecardGroupCode,
        code: String(r.code),
        label: String(r.label),
        points: Number(r.points),
        measure: r.measure === null || r.measure === undefined ? null : String(r.measure),
        decisionText: String(r.decision_text),
        reading: String(r.reading),
      })),
  };
}

export interface AgencyProcedureCounts {
  agencyId: number;
  agencyName: string;
  /** Active procedures the agency's counter receives. */
  procedures: number;
  /** Of them, with a version from the national database applied before `asOf`. */
  published: number;
  /** Of them, offered online (partly or end to end). */
  online: number;
}

/** Per active agency: the active procedures it receives, those published from the national database by `asOf`, those offered online. */
export async function procedureCountsByAgency(db: Knex, asOf: Date, agencyId?: number): Promise<AgencyProcedureCounts[]> {
  const q = db('agency_procedures as ap')
    .join('agencies as a', 'a.id', 'ap.agency_id')
    .join('procedures as p', 'p.id', 'ap.procedure_id')
    .where({ 'a.active': true, 'p.active': true })
    .groupBy('ap.agency_id', 'a.name')
    .select(
      'ap.agency_id',
      'a.name',
      db.raw('COUNT(*) AS procedures'),
      db.raw('SUM(CASE WHEN EXISTS (SELECT 1 FROM procedure_versions v WHERE v.procedure_id = p.id AND v.applied_at IS NOT NULL AND v.applied_at < ?) THEN 1 ELSE 0 END) AS published', [asOf]),
      db.raw(`SUM(CASE WHEN p.online_level IN ('partial', 'full') THEN 1 ELSE 0 END) AS online`),
    );
  if (agencyId) q.where('ap.agency_id', agencyId);
  const rows: Array<Record<string, any>> = await q;
  return rows.map((r) => ({ agencyId: Number(r.agency_id), agencyName: String(r.name), procedures: Number(r.procedures), published: Number(r.published ?? 0), online: Number(r.online ?? 0) }));
}

export interface PortalScore {
  id: number;
  agencyId: number;
  agencyName: string;
  periodKind: string;
  firstDay: string;
  groupCode: ScorecardGroupCode;
  score: number;
  note: string;
  enteredBy: string;
  enteredAt: Date;
}

/** The portal's published scores: of one period (kind and first day), or the latest entered (the admin list). */
export async function portalScores(db: Knex, filter: { periodKind?: string; firstDay?: string; agencyId?: number; limit?: number } = {}): Promise<PortalScore[]> {
  const q = db('scorecard_portal_scores as s')
    .join('agencies as a', 'a.id', 's.agency_id')
    .join('users as u', 'u.id', 's.entered_by')
    .orderBy([{ column: 's.first_day', order: 'desc' }, { column: 'a.name' }, { column: 's.group_code' }])
    .select('s.id', 's.agency_id', 'a.name as agency_name', 's.period_kind', 's.first_day', 's.group_code', 's.score', 's.note', 'u.full_name as entered_by', 's.entered_at');
  if (filter.periodKind) q.where('s.period_kind', filter.periodKind);
  if (filter.firstDay) q.where('s.first_day', filter.firstDay);
  if (filter.agencyId) q.where('s.agency_id', filter.agencyId);
  if (filter.limit) q.limit(filter.limit);
  const rows: Array<Record<string, any>> = await q;
  return rows
    .filter((r) => isScorecardGroup(String(r.group_code)))
    .map((r) => ({
      id: Number(r.id),
      agencyId: Number(r.agency_id),
      agencyName: String(r.agency_name),
      periodKind: String(r.period_kind),
      firstDay: String(r.first_day),
      groupCode: r.group_code as ScorecardGroupCode,
      score: Number(r.score),
      note: String(r.note ?? ''),
      enteredBy: String(r.entered_by),
      enteredAt: toDate(r.entered_at),
    }));
}

/** Enter (or correct) the portal's published score of an agency, period and group: one row per key. */
export async function savePortalScore(db: Knex, s: { agencyId: number; periodKind: string; firstDay: string; groupCode: ScorecardGroupCode; score: number; note: string; enteredBy: number; enteredAt: Date }): Promise<void> {
  await db('scorecard_portal_scores')
    .insert({ agency_id: s.agencyId, period_kind: s.periodKind, first_day: s.firstDay, group_code: s.groupCode, score: s.score, note: s.note, entered_by: s.enteredBy, entered_at: s.enteredAt })
    .onConflict(['agency_id', 'period_kind', 'first_day', 'group_code'])
    .merge(['score', 'note', 'entered_by', 'entered_at']);
}

/** Whether the agency exists and is active (the admin form's check). */
export async function activeAgencyExists(db: Knex, agencyId: number): Promise<boolean> {
  return Boolean(await db('agencies').where({ id: agencyId, active: true }).first('id'));
}
