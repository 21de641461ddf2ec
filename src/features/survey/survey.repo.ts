/**
 * The survey's SQL. The answers' table is read only as aggregates by round and agency (plus
 * the free texts of a stratum, unordered by anything stored); nothing here joins an answer,
 * an invitation or a stratum to a dossier or a person: the one query on dossiers (the draw's
 * population) returns contacts by agency and is never stored.
 */
import type { Knex } from 'knex';
import { toDate } from '../../db/knex.js';
import { SURVEY_DIMENSIONS, type SurveyDimension, type SurveyPeriodKind } from '../../domain/survey.js';

type Db = Knex | Knex.Transaction;

export interface SurveySettings {
  periodKind: SurveyPeriodKind;
  defaultSize: number;
  answerDays: number;
}

export interface RoundRow {
  id: number;
  periodKind: SurveyPeriodKind;
  firstDay: string;
  lastDay: string;
  drawnAt: Date;
  closesAt: Date;
}

export interface StratumRow {
  agencyId: number;
  agencyName: string;
  population: number;
  invited: number;
}

export interface InvitationRow {
  roundId: number;
  agencyId: number;
  agencyName: string;
  answered: boolean;
  closesAt: Date;
  firstDay: string;
  lastDay: string;
  periodKind: SurveyPeriodKind;
}

export type AnswerScores = Record<SurveyDimension, number | null>;

const DIMENSION_KEYS = SURVEY_DIMENSIONS.map((d) => d.key);

/** A date column as YYYY-MM-DD whatever the driver returns. */
function day(value: unknown): string {
  if (value instanceof Date) return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  return String(value).slice(0, 10);
}

function toRound(r: Record<string, any>): RoundRow {
  return { id: Number(r.id), periodKind: r.period_kind, firstDay: day(r.first_day), lastDay: day(r.last_day), drawnAt: toDate(r.drawn_at), closesAt: toDate(r.closes_at) };
}

export function surveyRepo(db: Db) {
  return {
    async settings(): Promise<SurveySettings> {
      const r = await db('survey_settings').where({ id: 1 }).first('period_kind', 'default_size', 'answer_days');
      return { periodKind: r?.period_kind ?? 'quarter', defaultSize: Number(r?.default_size ?? 0), answerDays: Number(r?.answer_days ?? 30) };
    },

    async saveSettings(s: SurveySettings, sizes: ReadonlyArray<{ agencyId: number; size: number | null }>, by: number, now: Date): Promise<void> {
      await db('survey_settings').where({ id: 1 }).update({ period_kind: s.periodKind, default_size: s.defaultSize, answer_days: s.answerDays, updated_by: by, updated_at: now });
      for (const { agencyId, size } of sizes) {
        if (size === null) await db('survey_sizes').where({ agency_id: agencyId }).delete();
        else await db('survey_sizes').insert({ agency_id: agencyId, size, updated_by: by, updated_at: now }).onConflict('agency_id').merge(['size', 'updated_by', 'updated_at']);
      }
    },

    /** Every agency with its own sample size (null: the default applies). */
    async agencySizes(): Promise<Array<{ id: number; name: string; size: number | null }>> {
      const rows = await db('agencies as a').leftJoin('survey_sizes as s', 's.agency_id', 'a.id').orderBy('a.name').select('a.id', 'a.name', 's.size');
      return rows.map((r) => ({ id: Number(r.id), name: String(r.name), size: r.size === null || r.size === undefined ? null : Number(r.size) }));
    },

    async roundOf(kind: SurveyPeriodKind, firstDay: string): Promise<RoundRow | null> {
      const r = await db('survey_rounds').where({ period_kind: kind, first_day: firstDay }).first();
      return r ? toRound(r) : null;
    },

    /** A new round; null when another run created it first. */
    async insertRound(r: Omit<RoundRow, 'id'>): Promise<number | null> {
      const rows = await db('survey_rounds')
        .insert({ period_kind: r.periodKind, first_day: r.firstDay, last_day: r.lastDay, drawn_at: r.drawnAt, closes_at: r.closesAt })
        .onConflict(['period_kind', 'first_day'])
        .ignore()
        .returning('id');
      const row = rows[0] as unknown;
      if (row === undefined) return null;
      return typeof row === 'object' ? Number((row as { id: number }).id) : Number(row);
    },

    /** Rounds, newest first. */
    async rounds(): Promise<RoundRow[]> {
      const rows = await db('survey_rounds').orderBy('first_day', 'desc').orderBy('id', 'desc');
      return rows.map(toRound);
    },

    async round(id: number): Promise<RoundRow | null> {
      const r = await db('survey_rounds').where({ id }).first();
      return r ? toRound(r) : null;
    },

    /**
     * The draw's population: a contact of each dossier returned in [from, to), by processing
     * agency. Read inside the draw's transaction and never stored.
     */
    async returnedContacts(from: Date, to: Date): Promise<Array<{ agencyId: number; phone: string; email: string | null }>> {
      // eslint-disable-next-line no-restricted-syntax -- the survey's draw (a job): every agency's returned dossiers, no staff member, nothing stored
      const rows = await db('dossiers')
        .where('status', 'returned')
        .where('returned_at', '>=', from)
        .where('returned_at', '<', to)
        .select('processing_agency_id', 'applicant_phone', 'applicant_email');
      return rows.map((r) => ({ agencyId: Number(r.processing_agency_id), phone: String(r.applicant_phone ?? ''), email: r.applicant_email ?? null }));
    },

    async agencyNames(): Promise<Map<number, string>> {
      const rows = await db('agencies').select('id', 'name');
      return new Map(rows.map((r) => [Number(r.id), String(r.name)]));
    },

    async insertStratum(roundId: number, agencyId: number, population: number, invited: number): Promise<void> {
      await db('survey_strata').insert({ round_id: roundId, agency_id: agencyId, population, invited });
    },

    async insertInvitations(rows: ReadonlyArray<{ tokenHash: string; roundId: number; agencyId: number }>): Promise<void> {
      for (let i = 0; i < rows.length; i += 200) {
        await db('survey_invitations').insert(rows.slice(i, i + 200).map((r) => ({ token_hash: r.tokenHash, round_id: r.roundId, agency_id: r.agencyId, answered: false })));
      }
    },

    async invitation(tokenHash: string): Promise<InvitationRow | null> {
      const r = await db('survey_invitations as i')
        .join('survey_rounds as r', 'r.id', 'i.round_id')
        .join('agencies as a', 'a.id', 'i.agency_id')
        .where('i.token_hash', tokenHash)
        .first('i.round_id', 'i.agency_id', 'a.name as agency_name', 'i.answered', 'r.closes_at', 'r.first_day', 'r.last_day', 'r.period_kind');
      if (!r) return null;
      return {
        roundId: Number(r.round_id),
        agencyId: Number(r.agency_id),
        agencyName: String(r.agency_name),
        answered: Boolean(r.answered),
        closesAt: toDate(r.closes_at),
        firstDay: day(r.first_day),
        lastDay: day(r.last_day),
        periodKind: r.period_kind,
      };
    },

    /** Mark the invitation used; false when it was already (one answer per invitation). */
    async useInvitation(tokenHash: string): Promise<boolean> {
      const n = await db('survey_invitations').where({ token_hash: tokenHash, answered: false }).update({ answered: true });
      return n === 1;
    },

    async insertAnswer(id: string, roundId: number, agencyId: number, scores: AnswerScores, comment: string | null): Promise<void> {
      await db('survey_answers').insert({ id, round_id: roundId, agency_id: agencyId, ...scores, comment });
    },

    /** A round's strata (agency, population, invited), optionally one agency's. */
    async strata(roundId: number, agencyId?: number): Promise<StratumRow[]> {
      const q = db('survey_strata as s').join('agencies as a', 'a.id', 's.agency_id').where('s.round_id', roundId);
      if (agencyId !== undefined) q.where('s.agency_id', agencyId);
      const rows = await q.orderBy('a.name').select('s.agency_id', 'a.name', 's.population', 's.invited');
      return rows.map((r) => ({ agencyId: Number(r.agency_id), agencyName: String(r.name), population: Number(r.population), invited: Number(r.invited) }));
    },

    /**
     * How many answers gave each score to each dimension, per agency of a round:
     * counts[agencyId][dimension][score] (score 1..5), and answers per agency.
     */
    async scoreCounts(roundId: number, agencyId?: number): Promise<Map<number, { answers: number; scores: Record<SurveyDimension, Array<number | null>> }>> {
      const out = new Map<number, { answers: number; scores: Record<SurveyDimension, Array<number | null>> }>();
      const q = db('survey_answers').where('round_id', roundId);
      if (agencyId !== undefined) q.where('agency_id', agencyId);
      // Grouped by every dimension: one row per distinct combination with its count, never a row per answer.
      const rows = await q.groupBy(['agency_id', ...DIMENSION_KEYS]).select(['agency_id', ...DIMENSION_KEYS]).count({ n: '*' });
      for (const r of rows as Array<Record<string, unknown>>) {
        const a = Number(r.agency_id);
        const n = Number(r.n);
        let entry = out.get(a);
        if (!entry) {
          entry = { answers: 0, scores: Object.fromEntries(DIMENSION_KEYS.map((k) => [k, [] as Array<number | null>])) as Record<SurveyDimension, Array<number | null>> };
          out.set(a, entry);
        }
        entry.answers += n;
        for (const k of DIMENSION_KEYS) {
          const v = r[k] === null || r[k] === undefined ? null : Number(r[k]);
          for (let i = 0; i < n; i++) entry.scores[k].push(v);
        }
      }
      return out;
    },

    /** The free texts of a round's agency, sorted by their own text (no stored order leaks). */
    async comments(roundId: number, agencyId: number): Promise<string[]> {
      const rows = await db('survey_answers').where({ round_id: roundId, agency_id: agencyId }).whereNotNull('comment').select('comment');
      return rows.map((r) => String(r.comment)).sort((a, b) => a.localeCompare(b, 'vi'));
    },
  };
}

export type SurveyRepo = ReturnType<typeof surveyRepo>;
