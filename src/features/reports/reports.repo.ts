/**
 * Report queries. Every count is decided from timestamps, not from today's status, so a
 * past period reads the same whenever it is run: a dossier is in a period's rows when it
 * was received before the period ended and not finished before it began; it is counted in
 * exactly one outcome column — finished in the period (early / on time / late, refused,
 * withdrawn) or still open at the end (paused, overdue, within the deadline). "The end" is
 * the instant the open dossiers are judged at: the period's end, or now for a period that
 * has not ended (nothing is overdue before its time). A voided dossier (a mistaken intake)
 * is counted apart, in its own column only, in the period it was received.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import type { Period } from '../../domain/period.js';
import { RUNNING_STATUSES, VOIDED_STATUSES } from '../../domain/status.js';

const list = (values: readonly string[]) => values.map(() => '?').join(', ');
/** SQL condition: the dossier row `x` is (or is not) voided, with its bindings. */
const VOIDED_SQL = `x.status IN (${list(VOIDED_STATUSES)})`;
const LIVE_SQL = `x.status NOT IN (${list(VOIDED_STATUSES)})`;

export interface ReportScope {
  agencyId?: number;
  procedureCode?: string;
  officerId?: number;
}

export interface ProcessingRow {
  agencyId: number;
  agencyName: string;
  procedureCode: string;
  procedureName: string;
  carriedOver: number;
  received: number;
  total: number;
  early: number;
  onTime: number;
  late: number;
  finished: number;
  refused: number;
  withdrawn: number;
  openWithin: number;
  openOverdue: number;
  pausedWithin: number;
  pausedOverdue: number;
  /** Voided in the period (mistaken intakes): in no other column, not in total. */
  voided: number;
  /** (early + on time) / finished; null when nothing finished. */
  onTimeRate: number | null;
}

const COUNTS = [
  'carried_over',
  'received',
  'early',
  'on_time',
  'late',
  'refused',
  'withdrawn',
  'open_within',
  'open_overdue',
  'paused_within',
  'paused_overdue',
  'voided',
] as const;

/**
 * The dossiers that belong to a period, as a UNION ALL of index range scans: received in
 * the period; or received before it and finished in or after it; or received before it
 * and still open. The three parts are disjoint.
 */
function periodDossiers(db: Knex, p: Period, scope: ReportScope, end: Date): Knex.QueryBuilder {
  const part = (build: (q: Knex.QueryBuilder) => void) => {
    const q = db('dossiers as d')
      .join('procedures as pr', 'pr.id', 'd.procedure_id')
      .select(
        'd.id',
        'd.processing_agency_id',
        'd.procedure_id',
        'd.status',
        'd.completion',
        'd.received_at',
        'd.finished_at',
        'd.due_at',
        db.raw(
          `CASE WHEN EXISTS (SELECT 1 FROM dossier_pauses ps WHERE ps.dossier_id = d.id AND ps.started_at < ? AND (ps.ended_at IS NULL OR ps.ended_at >= ?)) THEN 1 ELSE 0 END AS paused_at_end`,
          [end, end],
        ),
      );
    if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
    if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
    if (scope.officerId) q.where('d.completed_by', scope.officerId);
    build(q);
    return q;
  };
  return part((q) => q.where('d.received_at', '>=', p.from).andWhere('d.received_at', '<', p.to))
    .unionAll(part((q) => q.where('d.received_at', '<', p.from).andWhere('d.finished_at', '>=', p.from)))
    .unionAll(part((q) => q.where('d.received_at', '<', p.from).whereNull('d.finished_at')));
}

/**
 * Processing results per agency and procedure for a period (the rows reported upward),
 * open dossiers judged at `judgedAt` (default: the period's end; see domain/period's judgedAt).
 */
export async function processingResults(db: Knex, p: Period, scope: ReportScope = {}, judgedAt: Date = p.to): Promise<ProcessingRow[]> {
  const end = judgedAt < p.to ? judgedAt : p.to;
  const V = [...VOIDED_STATUSES];
  const open = `${LIVE_SQL} AND (x.finished_at IS NULL OR x.finished_at >= ?)`;
  const fin = `${LIVE_SQL} AND x.finished_at IS NOT NULL AND x.finished_at < ?`;
  const sum = (cond: string, bindings: Knex.RawBinding[], as: string) => db.raw(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${as}`, bindings);
  const result = (completion: string, as: string) => sum(`${fin} AND x.status NOT IN ('refused', 'withdrawn') AND x.completion = ?`, [...V, end, completion], as);
  const openAt = (paused: 0 | 1, overdue: boolean, as: string) => sum(`${open} AND x.paused_at_end = ${paused} AND x.due_at ${overdue ? '<' : '>='} ?`, [...V, end, end], as);
  const rows = await db
    .from(periodDossiers(db, p, scope, end).as('x'))
    .join('agencies as a', 'a.id', 'x.processing_agency_id')
    .join('procedures as pr', 'pr.id', 'x.procedure_id')
    .groupBy('x.processing_agency_id', 'a.name', 'x.procedure_id', 'pr.code', 'pr.name')
    .orderBy([{ column: 'a.name' }, { column: 'pr.code' }])
    .select(
      'x.processing_agency_id as agency_id',
      'a.name as agency_name',
      'pr.code as procedure_code',
      'pr.name as procedure_name',
      sum(`${LIVE_SQL} AND x.received_at < ?`, [...V, p.from], 'carried_over'),
      sum(`${LIVE_SQL} AND x.received_at >= ?`, [...V, p.from], 'received'),
      result('early', 'early'),
      result('on_time', 'on_time'),
      result('late', 'late'),
      sum(`${fin} AND x.status = 'refused'`, [...V, end], 'refused'),
      sum(`${fin} AND x.status = 'withdrawn'`, [...V, end], 'withdrawn'),
      openAt(0, false, 'open_within'),
      openAt(0, true, 'open_overdue'),
      openAt(1, false, 'paused_within'),
      openAt(1, true, 'paused_overdue'),
      sum(`${VOIDED_SQL} AND x.received_at >= ?`, [...V, p.from], 'voided'),
    );
  return rows.map((r: Record<string, any>) => {
    const n = Object.fromEntries(COUNTS.map((k) => [k, Number(r[k] ?? 0)])) as Record<(typeof COUNTS)[number], number>;
    const finished = n.early + n.on_time + n.late;
    return {
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      carriedOver: n.carried_over,
      received: n.received,
      total: n.carried_over + n.received,
      early: n.early,
      onTime: n.on_time,
      late: n.late,
      finished,
      refused: n.refused,
      withdrawn: n.withdrawn,
      openWithin: n.open_within,
      openOverdue: n.open_overdue,
      pausedWithin: n.paused_within,
      pausedOverdue: n.paused_overdue,
      voided: n.voided,
      onTimeRate: finished ? (n.early + n.on_time) / finished : null,
    };
  });
}

/** Sum rows into one totals row (rates recomputed, never averaged). */
export function totalsOf(rows: readonly ProcessingRow[]): Omit<ProcessingRow, 'agencyId' | 'agencyName' | 'procedureCode' | 'procedureName'> {
  const keys = ['carriedOver', 'received', 'total', 'early', 'onTime', 'late', 'finished', 'refused', 'withdrawn', 'openWithin', 'openOverdue', 'pausedWithin', 'pausedOverdue', 'voided'] as const;
  const t = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as Record<(typeof keys)[number], number>;
  return { ...t, onTimeRate: t.finished ? (t.early + t.onTime) / t.finished : null };
}

/** Finished-in-period counts by completion, for one period (monthly trend points). */
export async function completionCounts(db: Knex, p: Period, scope: ReportScope = {}): Promise<{ early: number; onTime: number; late: number }> {
  const q = db('dossiers as d')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .where('d.finished_at', '>=', p.from)
    .andWhere('d.finished_at', '<', p.to)
    .whereNotIn('d.status', ['refused', 'withdrawn', ...VOIDED_STATUSES])
    .groupBy('d.completion')
    .select('d.completion', db.raw('COUNT(*) AS n'));
  if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  if (scope.officerId) q.where('d.completed_by', scope.officerId);
  const rows: Array<{ completion: string; n: number | string }> = await q;
  const get = (k: string) => Number(rows.find((r) => r.completion === k)?.n ?? 0);
  return { early: get('early'), onTime: get('on_time'), late: get('late') };
}

export interface OverdueRow {
  id: number;
  code: string;
  agencyId: number;
  agencyName: string;
  procedureName: string;
  applicantName: string;
  assignee: string | null;
  holder: string | null;
  dueAt: Date;
  extendedDueAt: Date | null;
  apologyIssued: boolean;
}

/** Every dossier overdue right now (clock running, appointment passed), oldest first. */
export async function overdueNow(db: Knex, now: Date, scope: ReportScope = {}): Promise<OverdueRow[]> {
  const q = db('dossiers as d')
    .join('agencies as a', 'a.id', 'd.processing_agency_id')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .leftJoin('users as u', 'u.id', 'd.assigned_to')
    .leftJoin('agencies as h', 'h.id', 'd.assigned_agency_id')
    .whereIn('d.status', RUNNING_STATUSES)
    .where('d.due_at', '<', now)
    .orderBy([{ column: 'd.due_at' }, { column: 'd.id' }])
    .select('d.id', 'd.code', 'd.processing_agency_id', 'a.name as agency_name', 'pr.name as procedure_name', 'd.applicant_name', 'u.full_name as assignee', 'h.name as holder', 'd.due_at', 'd.extended_due_at');
  if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  if (scope.officerId) q.where('d.assigned_to', scope.officerId);
  const rows = await q;
  return rows.map((r: Record<string, any>) => ({
    id: r.id,
    code: r.code,
    agencyId: r.processing_agency_id,
    agencyName: r.agency_name,
    procedureName: r.procedure_name,
    applicantName: r.applicant_name,
    assignee: r.assignee ?? null,
    holder: r.holder ?? null,
    dueAt: toDate(r.due_at),
    extendedDueAt: toDateOrNull(r.extended_due_at),
    apologyIssued: r.extended_due_at !== null && r.extended_due_at !== undefined,
  }));
}

export interface OfficerFinishedRow {
  officerId: number;
  officerName: string;
  agencyName: string;
  completion: string | null;
  status: string;
  receivedAt: Date;
  finishedAt: Date;
}

/** Dossiers each officer completed in the period (for counts, on-time rate, average time). */
export async function finishedByOfficer(db: Knex, p: Period, scope: ReportScope = {}): Promise<OfficerFinishedRow[]> {
  const q = db('dossiers as d')
    .join('users as u', 'u.id', 'd.completed_by')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .where('d.finished_at', '>=', p.from)
    .andWhere('d.finished_at', '<', p.to)
    .whereNotIn('d.status', VOIDED_STATUSES)
    .select('d.completed_by', 'u.full_name', 'a.name as agency_name', 'd.completion', 'd.status', 'd.received_at', 'd.finished_at');
  if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  if (scope.officerId) q.where('d.completed_by', scope.officerId);
  const rows = await q;
  return rows.map((r: Record<string, any>) => ({
    officerId: r.completed_by,
    officerName: r.full_name,
    agencyName: r.agency_name,
    completion: r.completion ?? null,
    status: r.status,
    receivedAt: toDate(r.received_at),
    finishedAt: toDate(r.finished_at),
  }));
}

export interface TrackingBookRow {
  code: string;
  procedureName: string;
  applicantName: string;
  address: string;
  phone: string;
  leadAgency: string;
  receivedAt: Date;
  dueAt: Date;
  returnedAt: Date | null;
  resultDelivery: string;
  /** Voided at the counter: listed (the code is never reused) and marked. */
  voided: boolean;
}

/** Sổ theo dõi hồ sơ (Mẫu 06): dossiers received in the period, in order of receipt. */
export async function trackingBook(db: Knex, p: Period, scope: ReportScope = {}, limit = 100_000): Promise<TrackingBookRow[]> {
  const q = db('dossiers as d')
    .join('agencies as a', 'a.id', 'd.processing_agency_id')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .where('d.received_at', '>=', p.from)
    .andWhere('d.received_at', '<', p.to)
    .orderBy([{ column: 'd.received_at' }, { column: 'd.id' }])
    .limit(limit)
    .select('d.code', 'pr.name as procedure_name', 'd.applicant_name', 'd.applicant_address', 'd.applicant_phone', 'a.name as lead_agency', 'd.received_at', 'd.due_at', 'd.returned_at', 'd.result_delivery', 'd.status');
  if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  const rows = await q;
  return rows.map((r: Record<string, any>) => ({
    code: r.code,
    procedureName: r.procedure_name,
    applicantName: r.applicant_name,
    address: r.applicant_address,
    phone: r.applicant_phone,
    leadAgency: r.lead_agency,
    receivedAt: toDate(r.received_at),
    dueAt: toDate(r.due_at),
    returnedAt: toDateOrNull(r.returned_at),
    resultDelivery: r.result_delivery,
    voided: VOIDED_STATUSES.includes(r.status),
  }));
}

/** The name of an agency, for a report's subtitle. */
export async function agencyNameOf(db: Knex, agencyId: number): Promise<string | null> {
  return (await db('agencies').where({ id: agencyId }).first('name'))?.name ?? null;
}

/** The report form's choices: active agencies, and officers and supervisors (of one agency, when given). */
export async function reportFilterChoices(db: Knex, agencyId?: number): Promise<{ agencies: Array<{ id: number; name: string }>; officers: Array<{ id: number; full_name: string }> }> {
  const [agencies, officers] = await Promise.all([
    db('agencies').where({ active: true }).orderBy('name').select('id', 'name'),
    db('users')
      .whereIn('role', ['officer', 'supervisor'])
      .modify((w) => (agencyId === undefined ? w : w.where('agency_id', agencyId)))
      .orderBy('full_name')
      .select('id', 'full_name'),
  ]);
  return { agencies, officers };
}
