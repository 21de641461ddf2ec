/**
 * dossier_ratings: one row per dossier (unique dossier_id). What the citizen sent is written
 * once and never updated; only the follow-up columns (followed_up_at, _by, follow_up_note)
 * are set, once, by a supervisor. Periods are half-open: from ≤ created_at < to.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import { CRITERIA, CRITERION_DEFINITIONS, satisfactionRate, type RatingInput, type RatingLevel } from './rating.js';

export interface StoredRating {
  dossierId: number;
  level: RatingLevel;
  createdAt: Date;
}

/** What the rating needs to know about the dossier behind a status token. */
export interface RateableDossier {
  id: number;
  status: string;
  officerId: number | null;
  agencyId: number;
}

export async function dossierForRating(db: Knex, token: string): Promise<RateableDossier | undefined> {
  const row = await db('dossiers').where({ public_token: token }).first('id', 'status', 'completed_by', 'assigned_to', 'processing_agency_id');
  if (!row) return undefined;
  return { id: row.id, status: row.status, officerId: row.completed_by ?? row.assigned_to ?? null, agencyId: row.processing_agency_id };
}

export async function ratingForDossier(db: Knex, dossierId: number): Promise<StoredRating | undefined> {
  const row = await db('dossier_ratings').where({ dossier_id: dossierId }).first('dossier_id', 'level', 'created_at');
  return row ? { dossierId: row.dossier_id, level: row.level, createdAt: toDate(row.created_at) } : undefined;
}

/** A unique constraint refused the write (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(e?.message ?? '')) || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Stores the rating; false when the dossier already has one (nothing is changed then). */
export async function insertRating(
  db: Knex,
  r: { dossierId: number; officerId: number | null; agencyId: number; input: RatingInput; createdAt: Date },
): Promise<boolean> {
  const row: Record<string, unknown> = {
    dossier_id: r.dossierId,
    level: r.input.level,
    comment: r.input.comment,
    officer_id: r.officerId,
    agency_id: r.agencyId,
    created_at: r.createdAt,
  };
  for (const key of CRITERIA) row[CRITERION_DEFINITIONS[key].field] = r.input.criteria[key];
  try {
    await db('dossier_ratings').insert(row);
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export interface RatingSummaryRow {
  /** Agency or officer id; 0 for ratings whose dossier had no known officer. */
  key: number;
  name: string;
  total: number;
  verySatisfied: number;
  satisfied: number;
  unsatisfied: number;
  /** (very satisfied + satisfied) / total, 0..1; null when total is 0. */
  satisfactionRate: number | null;
}

export const UNKNOWN_OFFICER = 'Chưa xác định cán bộ xử lý';

/** Ratings counted by level, per processing agency or per officer, over a period. */
export async function ratingSummary(
  db: Knex,
  opts: { from: Date; to: Date; agencyId?: number; officerId?: number; groupBy: 'agency' | 'officer' },
): Promise<RatingSummaryRow[]> {
  const q = db('dossier_ratings as r').where('r.created_at', '>=', opts.from).andWhere('r.created_at', '<', opts.to);
  if (opts.agencyId !== undefined) q.andWhere('r.agency_id', opts.agencyId);
  if (opts.officerId !== undefined) q.andWhere('r.officer_id', opts.officerId);
  if (opts.groupBy === 'agency') {
    q.join('agencies as g', 'g.id', 'r.agency_id').select('r.agency_id as key', 'g.name as name').groupBy('r.agency_id', 'g.name');
  } else {
    q.leftJoin('users as g', 'g.id', 'r.officer_id').select('r.officer_id as key', 'g.full_name as name').groupBy('r.officer_id', 'g.full_name');
  }
  const level = (l: RatingLevel, as: string) => db.raw(`sum(case when r.level = ? then 1 else 0 end) as ${as}`, [l]);
  q.count({ total: '*' }).select(level('very_satisfied', 'very_satisfied'), level('satisfied', 'satisfied'), level('unsatisfied', 'unsatisfied'));
  const rows: Array<Record<string, unknown>> = await q;
  return rows
    .map((r) => {
      const counts = {
        total: Number(r.total ?? 0),
        verySatisfied: Number(r.very_satisfied ?? 0),
        satisfied: Number(r.satisfied ?? 0),
        unsatisfied: Number(r.unsatisfied ?? 0),
      };
      return {
        key: r.key === null || r.key === undefined ? 0 : Number(r.key),
        name: typeof r.name === 'string' ? r.name : UNKNOWN_OFFICER,
        ...counts,
        satisfactionRate: satisfactionRate(counts),
      };
    })
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'vi'));
}

export interface UnsatisfiedRating {
  ratingId: number;
  dossierId: number;
  agencyId: number;
  code: string;
  procedureName: string;
  officerName: string | null;
  comment: string;
  createdAt: Date;
  followedUpAt: Date | null;
  followedUpBy: string | null;
  followUpNote: string | null;
}

/**
 * "Không hài lòng" ratings and their reasons (empty when none was given), newest first,
 * for follow-up. `followUp`: 'pending' (not followed up yet) or 'done'; a pending list
 * ignores the period when `pendingOfAnyAge` is set (a to-do has no period).
 */
export async function unsatisfiedWithComments(
  db: Knex,
  opts: { from: Date; to: Date; agencyId?: number; followUp?: 'all' | 'pending' | 'done'; pendingOfAnyAge?: boolean },
): Promise<UnsatisfiedRating[]> {
  const followUp = opts.followUp ?? 'all';
  const q = db('dossier_ratings as r')
    .join('dossiers as d', 'd.id', 'r.dossier_id')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .leftJoin('users as u', 'u.id', 'r.officer_id')
    .leftJoin('users as f', 'f.id', 'r.followed_up_by')
    .where('r.level', 'unsatisfied')
    .select(
      'r.id',
      'r.dossier_id',
      'r.agency_id',
      'd.code',
      'p.name as procedure_name',
      'u.full_name as officer_name',
      'r.comment',
      'r.created_at',
      'r.followed_up_at',
      'f.full_name as followed_up_by',
      'r.follow_up_note',
    )
    .orderBy([
      { column: 'r.created_at', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ]);
  if (!(followUp === 'pending' && opts.pendingOfAnyAge)) q.andWhere('r.created_at', '>=', opts.from).andWhere('r.created_at', '<', opts.to);
  if (followUp === 'pending') q.whereNull('r.followed_up_at');
  if (followUp === 'done') q.whereNotNull('r.followed_up_at');
  if (opts.agencyId !== undefined) q.andWhere('r.agency_id', opts.agencyId);
  const rows: Array<Record<string, any>> = await q;
  // Every unsatisfied rating (the form requires a reason; an imported one may lack it): the list agrees with countToFollowUp.
  return rows.map((r) => ({
    ratingId: r.id,
    dossierId: r.dossier_id,
    agencyId: r.agency_id,
    code: r.code,
    procedureName: r.procedure_name,
    officerName: r.officer_name ?? null,
    comment: typeof r.comment === 'string' ? r.comment : '',
    createdAt: toDate(r.created_at),
    followedUpAt: toDateOrNull(r.followed_up_at),
    followedUpBy: r.followed_up_by ?? null,
    followUpNote: r.follow_up_note ?? null,
  }));
}

/** Unsatisfied ratings not followed up yet, whatever their age (one agency, or all). */
export async function countToFollowUp(db: Knex, agencyId?: number): Promise<number> {
  const q = db('dossier_ratings').where('level', 'unsatisfied').whereNull('followed_up_at');
  if (agencyId !== undefined) q.andWhere('agency_id', agencyId);
  const row = await q.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export interface FollowUpTarget {
  id: number;
  dossierId: number;
  code: string;
  agencyId: number;
  level: RatingLevel;
  followedUpAt: Date | null;
}

export async function ratingForFollowUp(db: Knex, ratingId: number): Promise<FollowUpTarget | undefined> {
  const row = await db('dossier_ratings as r')
    .join('dossiers as d', 'd.id', 'r.dossier_id')
    .where('r.id', ratingId)
    .first('r.id', 'r.dossier_id', 'd.code', 'r.agency_id', 'r.level', 'r.followed_up_at');
  if (!row) return undefined;
  return { id: row.id, dossierId: row.dossier_id, code: row.code, agencyId: row.agency_id, level: row.level, followedUpAt: toDateOrNull(row.followed_up_at) };
}

/** Marks the rating followed up, once: false when someone already did (nothing is changed then). */
export async function markFollowedUp(db: Knex, ratingId: number, f: { by: number; at: Date; note: string }): Promise<boolean> {
  const n = await db('dossier_ratings')
    .where({ id: ratingId, level: 'unsatisfied' })
    .whereNull('followed_up_at')
    .update({ followed_up_at: f.at, followed_up_by: f.by, follow_up_note: f.note });
  return n === 1;
}

/** Every agency by name, for the administrator's filter. */
export async function agencyChoices(db: Knex): Promise<Array<{ id: number; name: string }>> {
  return db('agencies').select('id', 'name').orderBy('name');
}
