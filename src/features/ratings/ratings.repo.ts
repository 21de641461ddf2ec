/**
 * dossier_ratings: one row per dossier (unique dossier_id), written once, never updated.
 * Periods are half-open: from ≤ created_at < to.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
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
  dossierId: number;
  code: string;
  procedureName: string;
  officerName: string | null;
  comment: string;
  createdAt: Date;
}

/** "Không hài lòng" ratings and their reasons, newest first, for follow-up. */
export async function unsatisfiedWithComments(db: Knex, opts: { from: Date; to: Date; agencyId?: number }): Promise<UnsatisfiedRating[]> {
  const q = db('dossier_ratings as r')
    .join('dossiers as d', 'd.id', 'r.dossier_id')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .leftJoin('users as u', 'u.id', 'r.officer_id')
    .where('r.level', 'unsatisfied')
    .whereNotNull('r.comment')
    .andWhere('r.created_at', '>=', opts.from)
    .andWhere('r.created_at', '<', opts.to)
    .select('r.dossier_id', 'd.code', 'p.name as procedure_name', 'u.full_name as officer_name', 'r.comment', 'r.created_at')
    .orderBy([
      { column: 'r.created_at', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ]);
  if (opts.agencyId !== undefined) q.andWhere('r.agency_id', opts.agencyId);
  const rows: Array<Record<string, any>> = await q;
  return rows
    .filter((r) => typeof r.comment === 'string' && r.comment.trim() !== '')
    .map((r) => ({
      dossierId: r.dossier_id,
      code: r.code,
      procedureName: r.procedure_name,
      officerName: r.officer_name ?? null,
      comment: r.comment,
      createdAt: toDate(r.created_at),
    }));
}

/** Every agency by name, for the administrator's filter. */
export async function agencyChoices(db: Knex): Promise<Array<{ id: number; name: string }>> {
  return db('agencies').select('id', 'name').orderBy('name');
}
