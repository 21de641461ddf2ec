/**
 * The deadline sweeps' SQL: the candidates of each sweep, read through the partial indexes of
 * migration 20261126000100, and the effects' writes (milestones, flags, whom to alert).
 */
import type { Knex } from 'knex';
import { dialect, toDate, toDateOrNull } from '../../db/knex.js';
import type { ProcessingTime } from '../../domain/deadline.js';
import type { DossierRow, ProcedureRow } from '../../platform/record/tables.js';
import { RUNNING_STATUSES } from '../../domain/status.js';
import { statusInSql } from '../../platform/record/status-sql.js';

/**
 * Record a milestone inside the caller's transaction, first: true when it is new,
 * false when the dossier already has it (another run or instance got there first).
 */
export async function claimMilestone(trx: Knex | Knex.Transaction, dossierId: number, kind: string, now: Date): Promise<boolean> {
  const rows = await trx('dossier_milestones').insert({ dossier_id: dossierId, kind, created_at: now }).onConflict(['dossier_id', 'kind']).ignore().returning('id');
  return rows.length > 0;
}

/**
 * Statuses in which the clock runs (paused dossiers are not due), inlined as constants:
 * the partial indexes of migration 20261126000100 carry this same condition
 * ("status in ('received', 'in_progress')"), and a planner can use such an index only when
 * the query states it in constants, not as bound parameters. Built from RUNNING_STATUSES;
 * test/integration/jobs.test.ts checks it still matches the migration's text.
 */
export const RUNNING_SQL = statusInSql('d.status', RUNNING_STATUSES);
const EARLY_RESULT_SQL = "d.status = 'result_ready' and d.completion = 'early'";

export interface Candidate {
  id: number;
  code: string;
  status: string;
  dueAt: Date;
  extendedDueAt: Date | null;
  finishedAt: Date | null;
  assignedTo: number | null;
  holderAgencyId: number;
  /** The agency that numbers the apology (its header unit). */
  processingAgencyId: number;
  phone: string;
  email: string | null;
  token: string;
  procedureName: string;
  extensionDays: number;
  receivedAt: Date;
  /** The statutory time the dossier was received with (whether it is at risk). */
  processingTime: ProcessingTime;
}

/** The partial indexes of migration 20261126000100, one per kind of pending work. */
type PendingIndex = 'dossiers_overdue_pending' | 'dossiers_apology_pending' | 'dossiers_escalation_pending' | 'dossiers_early_notice_pending';

/** The column each partial index is ordered by. */
type IndexKey = 'due_at' | 'extended_due_at' | 'finished_at';

/**
 * Dossiers read through `index`. SQLite's planner, costing the partial index against the
 * general (status, due_at) ones, tends to pick the latter and walk every overdue dossier;
 * INDEXED BY pins the partial index (an error, not a silent full scan, if it is ever
 * unusable). PostgreSQL's planner picks it by itself.
 */
function candidates(db: Knex, index: PendingIndex) {
  return db
    .from(dialect(db) === 'sqlite' ? db.raw(`dossiers as d indexed by ${index}`) : 'dossiers as d')
    .join('procedures as p', 'p.id', 'd.procedure_id')
    .select(
      'd.id',
      'd.code',
      'd.status',
      'd.due_at',
      'd.extended_due_at',
      'd.finished_at',
      'd.assigned_to',
      'd.assigned_agency_id',
      'd.processing_agency_id',
      'd.applicant_phone',
      'd.applicant_email',
      'd.public_token',
      'p.name as procedure_name',
      'p.apology_extension_days',
      'd.received_at',
      'd.processing_unit',
      'd.processing_amount',
    );
}

function withoutMilestone(q: Knex.QueryBuilder, kind: string): Knex.QueryBuilder {
  return q.whereNotExists(function () {
    this.select(1).from('dossier_milestones as m').whereRaw('m.dossier_id = d.id').andWhere('m.kind', kind);
  });
}

/** A row of `candidates`: the dossier's columns it selects, with its procedure's name and apology extension. */
type CandidateSource = Pick<
  DossierRow,
  | 'id'
  | 'code'
  | 'status'
  | 'due_at'
  | 'extended_due_at'
  | 'finished_at'
  | 'assigned_to'
  | 'assigned_agency_id'
  | 'processing_agency_id'
  | 'applicant_phone'
  | 'applicant_email'
  | 'public_token'
  | 'received_at'
  | 'processing_unit'
  | 'processing_amount'
> &
  Pick<ProcedureRow, 'apology_extension_days'> & { procedure_name: string };

function toCandidate(r: CandidateSource): Candidate {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    dueAt: toDate(r.due_at),
    extendedDueAt: toDateOrNull(r.extended_due_at),
    finishedAt: toDateOrNull(r.finished_at),
    assignedTo: r.assigned_to ?? null,
    holderAgencyId: r.assigned_agency_id ?? r.processing_agency_id,
    processingAgencyId: r.processing_agency_id,
    phone: r.applicant_phone,
    email: r.applicant_email ?? null,
    token: r.public_token,
    procedureName: r.procedure_name,
    extensionDays: r.apology_extension_days,
    receivedAt: toDate(r.received_at),
    processingTime: { unit: r.processing_unit, amount: r.processing_amount },
  };
}

/** `now` and, for the windows ahead, `horizon` (the end of the window in calendar time). */
export interface CandidateParams {
  now: Date;
  horizon: Date;
}

interface CandidateSet {
  key: IndexKey;
  query(db: Knex, p: CandidateParams): Knex.QueryBuilder;
}

/** Running, not re-set, its appointment in (now, horizon]: the due-soon and apology-draft sets. */
function dueWithinHorizon(db: Knex, p: CandidateParams): Knex.QueryBuilder {
  return candidates(db, 'dossiers_apology_pending').whereRaw(RUNNING_SQL).whereNull('d.extended_due_at').where('d.due_at', '>', p.now).where('d.due_at', '<=', p.horizon);
}

/** Every kind of pending work, read through its partial index. */
const CANDIDATE_SETS = {
  /** Appointment within the warning window, not yet warned (nor overdue). */
  due_soon: {
    key: 'due_at',
    query: (db, p) => withoutMilestone(withoutMilestone(dueWithinHorizon(db, p), 'due_soon'), 'overdue'),
  },
  /** The re-set appointment within the warning window. */
  due_soon_extended: {
    key: 'extended_due_at',
    query: (db, p) =>
      withoutMilestone(
        candidates(db, 'dossiers_escalation_pending').whereRaw(RUNNING_SQL).whereNull('d.escalated_at').where('d.extended_due_at', '>', p.now).where('d.extended_due_at', '<=', p.horizon),
        'due_soon_extended',
      ),
  },
  /** Past the appointment, not flagged yet. */
  overdue: {
    key: 'due_at',
    query: (db, p) => withoutMilestone(candidates(db, 'dossiers_overdue_pending').whereRaw(RUNNING_SQL).whereNull('d.overdue_at').where('d.due_at', '<', p.now), 'overdue'),
  },
  /** Appointment within the draft window (APOLOGY_REMINDER_WORKING_DAYS), no draft prepared by the job and no apology yet. */
  apology_draft: {
    key: 'due_at',
    query: (db, p) => withoutMilestone(withoutMilestone(dueWithinHorizon(db, p), 'apology_draft'), 'apology'),
  },
  /**
   * Past the appointment with no apology, and already flagged overdue: the overdue sweep
   * (which tells the citizen of a late dossier without an apology) always comes first. Read
   * only where the system issues apologies itself (APOLOGY_AUTO_ISSUE).
   */
  apology: {
    key: 'due_at',
    query: (db, p) =>
      withoutMilestone(candidates(db, 'dossiers_apology_pending').whereRaw(RUNNING_SQL).whereNull('d.extended_due_at').whereNotNull('d.overdue_at').where('d.due_at', '<', p.now), 'apology'),
  },
  /** Past the re-set appointment, not escalated yet. */
  escalation: {
    key: 'extended_due_at',
    query: (db, p) => withoutMilestone(candidates(db, 'dossiers_escalation_pending').whereRaw(RUNNING_SQL).whereNull('d.escalated_at').where('d.extended_due_at', '<', p.now), 'escalation'),
  },
  /** A result ready before its appointment, the citizen not told yet. */
  early_completion: {
    key: 'finished_at',
    query: (db, p) =>
      withoutMilestone(candidates(db, 'dossiers_early_notice_pending').whereRaw(EARLY_RESULT_SQL).whereNull('d.early_notified_at').where('d.finished_at', '<=', p.now), 'early_completion'),
  },
} satisfies Record<string, CandidateSet>;

export type CandidateSetName = keyof typeof CANDIDATE_SETS;

/** Where the next page starts: the last row's (index key, id). */
export type Cursor = readonly [key: Knex.Value, id: number];

/** The assigned officer and the supervisors of the unit holding the dossier, with e-mail. */
export interface StaffRecipient {
  id: number;
  email: string;
}

export function sweepsRepo(db: Knex) {
  return {
    /**
     * One page of `set`, in the order of its partial index (key, then id), keyset-paginated
     * on that pair: paginating by id alone lets PostgreSQL's planner walk the primary key of
     * the whole table, hoping to meet `limit` matches early.
     */
    async page(set: CandidateSetName, p: CandidateParams, after: Cursor | null, limit: number): Promise<{ candidates: Candidate[]; next: Cursor | null }> {
      const { key, query } = CANDIDATE_SETS[set] as CandidateSet;
      const q = query(db, p).orderBy([{ column: `d.${key}` }, { column: 'd.id' }]).limit(limit);
      if (after) q.whereRaw(`(d.${key}, d.id) > (?, ?)`, after as [Knex.Value, number]);
      const rows: CandidateSource[] = await q;
      const last = rows[rows.length - 1];
      return { candidates: rows.map(toCandidate), next: last ? [last[key], last.id] : null };
    },
  };
}

/** The sweeps' writes, inside the transaction that claimed the milestone. */
export function sweepEffectsRepo(trx: Knex | Knex.Transaction) {
  return {
    claimMilestone: (dossierId: number, kind: string, now: Date) => claimMilestone(trx, dossierId, kind, now),

    async markOverdue(dossierId: number, now: Date): Promise<void> {
      await trx('dossiers').where({ id: dossierId }).update({ overdue_at: now });
    },

    async markEscalated(dossierId: number, now: Date): Promise<void> {
      await trx('dossiers').where({ id: dossierId }).update({ escalated_at: now });
    },

    async markEarlyNotified(dossierId: number, now: Date): Promise<void> {
      await trx('dossiers').where({ id: dossierId }).update({ early_notified_at: now });
    },

    /**
     * Active staff with an e-mail: the supervisors of the unit holding the dossier (and of
     * `alsoAgencyId`, e.g. the processing agency whose head signs the apology) and, unless
     * supervisorsOnly, the assigned officer.
     */
    async staffToAlert(c: Pick<Candidate, 'holderAgencyId' | 'assignedTo'>, supervisorsOnly = false, alsoAgencyId?: number): Promise<StaffRecipient[]> {
      const agencies = [...new Set([c.holderAgencyId, ...(alsoAgencyId === undefined ? [] : [alsoAgencyId])])];
      const q = trx('users').where({ active: true }).whereNotNull('email').where((w) => {
        w.where((s) => s.where('role', 'supervisor').whereIn('agency_id', agencies));
        if (!supervisorsOnly && c.assignedTo) w.orWhere('id', c.assignedTo);
      });
      return (await q.select('id', 'email')).filter((u) => u.email);
    },
  };
}
