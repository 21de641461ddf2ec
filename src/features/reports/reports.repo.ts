// Over 400 lines: the report queries share one period model (periodDossiers, the voided and live filters) and are read side by side.
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
import { KINDS_AGAINST_766 } from '../../domain/petitions.js';
import { composeCounts, monthOf, planReportParts, type CountRow } from '../../domain/report-months.js';
import { RESULT_STATUSES, RUNNING_STATUSES, VOIDED_STATUSES } from '../../domain/status.js';
import { keptMonths, monthRunCounts, numericRow } from './report-months.repo.js';

const list = (values: readonly string[]) => values.map(() => '?').join(', ');
/** SQL condition: the dossier row `alias` (`x` by default) is (or is not) voided; bound to VOIDED_STATUSES. */
const voidedIn = (alias: string) => `${alias}.status IN (${list(VOIDED_STATUSES)})`;
const VOIDED_SQL = voidedIn('x');
const LIVE_SQL = `x.status NOT IN (${list(VOIDED_STATUSES)})`;
/** The statuses of a dossier Decision 766's rate judges: a result, or a refusal (withdrawn and voided have none). */
const JUDGED_766_STATUSES = [...RESULT_STATUSES, 'refused'];

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
  /** Of `received`, by how the dossier reached the office (dossiers.channel): at the counter, online, by post. */
  receivedCounter: number;
  receivedOnline: number;
  receivedPost: number;
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
  /** Apologies (Phiếu xin lỗi) issued in the period, up to the instant the report is judged at. */
  apologies: number;
  /** Of those, issued later than 1 working day before the appointment (Decree 118). */
  apologiesLate: number;
  /** (early + on time) / finished; null when nothing finished. */
  onTimeRate: number | null;
  /** Documents of the dossiers received in the period, and those with a file attached (scanned at the counter, or sent online): Decision 766's digitisation. */
  documents: number;
  documentsDigitised: number;
  /** documentsDigitised / documents; null without documents. */
  digitisedRate: number | null;
  /** Of the dossiers finished with a result in the period (early, on time, late), those whose result is kept as a file (src/features/dossier-files): Decision 766's digitisation of results. */
  resultsDigitised: number;
}

/**
 * The dossiers that belong to a period, as a UNION ALL of index range scans: received in
 * the period; or received before it and finished in or after it; or received before it
 * and still open. The three parts are disjoint.
 */
function periodDossiers(db: Knex, p: TimeRange, scope: ReportScope, end: Date): [Knex.QueryBuilder, Knex.QueryBuilder, Knex.QueryBuilder] {
  // What a part's rows can count: documents only for dossiers received in the period (the
  // first part), a result file only for dossiers that may have finished in it (not the third,
  // still open); elsewhere 0 without looking (one probe per dossier saved).
  const part = (counts: { documents: boolean; results: boolean }, build: (q: Knex.QueryBuilder) => void) => {
    const q = db('dossiers as d')
      .select(
        'd.id',
        'd.processing_agency_id',
        'd.procedure_id',
        'd.status',
        'd.channel',
        'd.completion',
        'd.received_at',
        'd.finished_at',
        'd.due_at',
        db.raw(
          `CASE WHEN EXISTS (SELECT 1 FROM dossier_pauses ps WHERE ps.dossier_id = d.id AND ps.started_at < ? AND (ps.ended_at IS NULL OR ps.ended_at >= ?)) THEN 1 ELSE 0 END AS paused_at_end`,
          [end, end],
        ),
        // At most one apology per dossier (unique dossier_id): 0 or 1, and whether it was issued late.
        db.raw('COALESCE(ap.in_period, 0) AS apology_in_period'),
        db.raw('COALESCE(ap.late, 0) AS apology_late_in_period'),
        // Its documents, and those with a file in use (src/features/dossier-files): digitised.
        db.raw(counts.documents ? `(SELECT COUNT(*) FROM dossier_documents dd WHERE dd.dossier_id = d.id) AS documents_count` : '0 AS documents_count'),
        db.raw(
          counts.documents
            ? `(SELECT COUNT(*) FROM dossier_documents dd WHERE dd.dossier_id = d.id AND EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_document_id = dd.id AND f.purpose = 'document' AND f.removed_at IS NULL)) AS documents_digitised_count`
            : '0 AS documents_digitised_count',
        ),
        db.raw(
          counts.results
            ? `CASE WHEN EXISTS (SELECT 1 FROM dossier_files rf WHERE rf.dossier_id = d.id AND rf.purpose = 'result' AND rf.removed_at IS NULL) THEN 1 ELSE 0 END AS has_result_file`
            : '0 AS has_result_file',
        ),
        // How many dossiers the row stands for (the third part's rows are groups: see below).
        db.raw('1 AS n'),
      )
      // The period's apologies, joined (a hash join on PostgreSQL) rather than looked up once per dossier.
      .leftJoin(
        db('dossier_apologies')
          .where('issued_at', '>=', p.from)
          .andWhere('issued_at', '<', end)
          .select('dossier_id', db.raw('1 AS in_period'), db.raw('CASE WHEN issued_late = ? THEN 1 ELSE 0 END AS late', [true]))
          .as('ap'),
        'ap.dossier_id',
        'd.id',
      );
    if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
    // By the procedure's id: no join to procedures for every dossier read.
    if (scope.procedureCode) q.whereIn('d.procedure_id', db('procedures').where('code', scope.procedureCode).select('id'));
    if (scope.officerId) q.where('d.completed_by', scope.officerId);
    build(q);
    return q;
  };
  // The dossiers still open from before the period (at 4 M, 400 k of a running month's
  // 490 k rows) all look alike to the counts: received before it, not finished, no document
  // or result counted. They are grouped first by what the counts tell apart (voided or
  // not, paused at the end, past the appointment at the end), each group one row standing
  // for `n` dossiers with values that decide every condition as its members would: the
  // counts are then summed over some thousands of rows instead of 400 k (0.8 s of sorting
  // at 4 M).
  const open = part({ documents: false, results: false }, (q) => q.where('d.received_at', '<', p.from).whereNull('d.finished_at'));
  const groupedOpen = db
    .from(open.as('o'))
    .groupBy('o.processing_agency_id', 'o.procedure_id', db.raw(`CASE WHEN ${voidedIn('o')} THEN 1 ELSE 0 END`, [...VOIDED_STATUSES]), 'o.paused_at_end', db.raw('CASE WHEN o.due_at < ? THEN 1 ELSE 0 END', [end]))
    .select(
      db.raw('MIN(o.id) AS id'),
      'o.processing_agency_id',
      'o.procedure_id',
      db.raw('MIN(o.status) AS status'),
      db.raw('MIN(o.channel) AS channel'),
      db.raw('MIN(o.completion) AS completion'),
      db.raw('MIN(o.received_at) AS received_at'),
      db.raw('MIN(o.finished_at) AS finished_at'),
      db.raw('MIN(o.due_at) AS due_at'),
      'o.paused_at_end',
      db.raw('SUM(o.apology_in_period) AS apology_in_period'),
      db.raw('SUM(o.apology_late_in_period) AS apology_late_in_period'),
      db.raw('0 AS documents_count'),
      db.raw('0 AS documents_digitised_count'),
      db.raw('0 AS has_result_file'),
      db.raw('COUNT(*) AS n'),
    );
  return [
    part({ documents: true, results: true }, (q) => q.where('d.received_at', '>=', p.from).andWhere('d.received_at', '<', p.to)),
    part({ documents: false, results: true }, (q) => q.where('d.received_at', '<', p.from).andWhere('d.finished_at', '>=', p.from)),
    groupedOpen,
  ];
}

/** An instant range [from, to). */
type TimeRange = Pick<Period, 'from' | 'to'>;

/**
 * Processing results per agency and procedure for a period (the rows reported upward),
 * open dossiers judged at `judgedAt` (default: the period's end; see domain/period's judgedAt).
 * Whole months already kept (report-months.repo.ts) are read from their counts, the rest
 * live; the parts compose exactly (domain/report-months.ts). An officer's scope is always
 * live (the kept counts are per agency and procedure).
 */
export async function processingResults(db: Knex, p: Period, scope: ReportScope = {}, judgedAt: Date = p.to): Promise<ProcessingRow[]> {
  if (scope.officerId) return processingResultsLive(db, p, scope, judgedAt);
  const end = judgedAt < p.to ? judgedAt : p.to;
  const usable = await keptMonths(db, monthOf(p.from), monthOf(end));
  const parts = planReportParts(p.from, p.to, end, (m) => usable.has(m));
  const rows = await Promise.all(parts.map((part) => (part.kind === 'months' ? monthRunCounts(db, part.months, scope) : liveCounts(db, part, scope, part.judgedAt))));
  return namedRows(db, rows.length === 1 ? rows[0]! : composeCounts(rows));
}

/** The same report read from the dossiers alone, no kept month used (the tests' and the bench's reference). */
export async function processingResultsLive(db: Knex, p: Period, scope: ReportScope = {}, judgedAt: Date = p.to): Promise<ProcessingRow[]> {
  return namedRows(db, await liveCounts(db, p, scope, judgedAt < p.to ? judgedAt : p.to));
}

/** Names the count rows (agency, procedure) and derives the totals and rates; ordered by agency name, then procedure code. */
async function namedRows(db: Knex, counts: readonly CountRow[]): Promise<ProcessingRow[]> {
  if (!counts.length) return [];
  const agencies = new Map<number, string>();
  const procedures = new Map<number, { code: string; name: string }>();
  const agencyIds = [...new Set(counts.map((c) => c.agency_id))];
  const procedureIds = [...new Set(counts.map((c) => c.procedure_id))];
  for (let i = 0; i < agencyIds.length; i += 500) {
    for (const a of await db('agencies').whereIn('id', agencyIds.slice(i, i + 500)).select('id', 'name')) agencies.set(Number(a.id), a.name);
  }
  for (let i = 0; i < procedureIds.length; i += 500) {
    for (const pr of await db('procedures').whereIn('id', procedureIds.slice(i, i + 500)).select('id', 'code', 'name')) procedures.set(Number(pr.id), { code: pr.code, name: pr.name });
  }
  const rows = counts.map((n) => {
    const procedure = procedures.get(n.procedure_id);
    return toProcessingRow(n, agencies.get(n.agency_id) ?? '', procedure?.code ?? '', procedure?.name ?? '');
  });
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => cmp(a.agencyName, b.agencyName) || cmp(a.procedureCode, b.procedureCode) || a.agencyId - b.agencyId);
}

function toProcessingRow(n: CountRow, agencyName: string, procedureCode: string, procedureName: string): ProcessingRow {
  const finished = n.early + n.on_time + n.late;
  return {
    agencyId: n.agency_id,
    agencyName,
    procedureCode,
    procedureName,
    carriedOver: n.carried_over,
    received: n.received,
    receivedCounter: n.received_counter,
    receivedOnline: n.received_online,
    receivedPost: n.received_post,
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
    apologies: n.apologies,
    apologiesLate: n.apologies_late,
    onTimeRate: finished ? (n.early + n.on_time) / finished : null,
    documents: n.documents,
    documentsDigitised: n.documents_digitised,
    digitisedRate: n.documents ? n.documents_digitised / n.documents : null,
    resultsDigitised: n.results_digitised,
  };
}

/**
 * The report's counts per (agency, procedure) read live from the dossiers of [from, to),
 * open dossiers judged at `end` (≤ to): what the report-months job keeps for each complete
 * month (judged at its end).
 */
export async function liveCounts(db: Knex, p: TimeRange, scope: ReportScope, end: Date): Promise<CountRow[]> {
  const V = [...VOIDED_STATUSES];
  const open = `${LIVE_SQL} AND (x.finished_at IS NULL OR x.finished_at >= ?)`;
  const fin = `${LIVE_SQL} AND x.finished_at IS NOT NULL AND x.finished_at < ?`;
  const sum = (cond: string, bindings: Knex.RawBinding[], as: string) => db.raw(`SUM(CASE WHEN ${cond} THEN x.n ELSE 0 END) AS ${as}`, bindings);
  const result = (completion: string, as: string) => sum(`${fin} AND x.status NOT IN ('refused', 'withdrawn') AND x.completion = ?`, [...V, end, completion], as);
  const openAt = (paused: 0 | 1, overdue: boolean, as: string) => sum(`${open} AND x.paused_at_end = ${paused} AND x.due_at ${overdue ? '<' : '>='} ?`, [...V, end, end], as);
  // Counted per (agency, procedure) on the two ids first, named after (namedRows): the names
  // never ride along the period's dossiers into the grouping (at a province's year, a sort of
  // every dossier's row with its names spilled to disk).
  const [receivedIn, finishedIn, stillOpen] = periodDossiers(db, p, scope, end);
  const counts = db
    .from(receivedIn.unionAll(finishedIn).unionAll(stillOpen).as('x'))
    .groupBy('x.processing_agency_id', 'x.procedure_id')
    .select(
      'x.processing_agency_id as agency_id',
      'x.procedure_id as procedure_id',
      sum(`${LIVE_SQL} AND x.received_at < ?`, [...V, p.from], 'carried_over'),
      sum(`${LIVE_SQL} AND x.received_at >= ?`, [...V, p.from], 'received'),
      // Received in the period by channel; anything not online or post (the counter) counts as the counter.
      sum(`${LIVE_SQL} AND x.received_at >= ? AND x.channel NOT IN ('online', 'post')`, [...V, p.from], 'received_counter'),
      sum(`${LIVE_SQL} AND x.received_at >= ? AND x.channel = 'online'`, [...V, p.from], 'received_online'),
      sum(`${LIVE_SQL} AND x.received_at >= ? AND x.channel = 'post'`, [...V, p.from], 'received_post'),
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
      db.raw(`SUM(CASE WHEN ${LIVE_SQL} THEN x.apology_in_period ELSE 0 END) AS apologies`, V),
      db.raw(`SUM(CASE WHEN ${LIVE_SQL} THEN x.apology_late_in_period ELSE 0 END) AS apologies_late`, V),
      db.raw(`SUM(CASE WHEN ${LIVE_SQL} AND x.received_at >= ? THEN x.documents_count ELSE 0 END) AS documents`, [...V, p.from]),
      db.raw(`SUM(CASE WHEN ${LIVE_SQL} AND x.received_at >= ? THEN x.documents_digitised_count ELSE 0 END) AS documents_digitised`, [...V, p.from]),
      sum(`${fin} AND x.status NOT IN ('refused', 'withdrawn') AND x.completion IN ('early', 'on_time', 'late') AND x.has_result_file = 1`, [...V, end], 'results_digitised'),
    );
  return (await counts).map(numericRow);
}

/** Sum rows into one totals row (rates recomputed, never averaged). */
export function totalsOf(rows: readonly ProcessingRow[]): Omit<ProcessingRow, 'agencyId' | 'agencyName' | 'procedureCode' | 'procedureName'> {
  const keys = ['carriedOver', 'received', 'receivedCounter', 'receivedOnline', 'receivedPost', 'total', 'early', 'onTime', 'late', 'finished', 'refused', 'withdrawn', 'openWithin', 'openOverdue', 'pausedWithin', 'pausedOverdue', 'voided', 'apologies', 'apologiesLate', 'documents', 'documentsDigitised', 'resultsDigitised'] as const;
  const t = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as Record<(typeof keys)[number], number>;
  return { ...t, onTimeRate: t.finished ? (t.early + t.onTime) / t.finished : null, digitisedRate: t.documents ? t.documentsDigitised / t.documents : null };
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
  /** How the dossier reached the office: counter, online, post (dossiers.channel). */
  channel: string;
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
    .select('d.code', 'pr.name as procedure_name', 'd.applicant_name', 'd.applicant_address', 'd.applicant_phone', 'a.name as lead_agency', 'd.received_at', 'd.due_at', 'd.returned_at', 'd.result_delivery', 'd.channel', 'd.status');
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
    channel: r.channel,
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

export interface CounterRow {
  agencyId: number;
  agencyName: string;
  procedureCode: string;
  procedureName: string;
  /** Dossiers received at this counter in the period (voided ones left out). */
  received: number;
  /** Guidance to complete a dossier before receipt (Mẫu 02 at the counter, no dossier code). */
  guidances: number;
  /** Refusals to receive (Mẫu 03 at the counter). */
  refusals: number;
}

/**
 * The counter's work per receiving agency and procedure over a period: dossiers received,
 * guidances given and refusals to receive, each by its own timestamp in [from, to). The
 * agency is the counter's (dossiers.agency_id, counter_*.agency_id), not the processing one.
 */
export async function counterActivity(db: Knex, p: Period, scope: Pick<ReportScope, 'agencyId' | 'procedureCode'> = {}): Promise<CounterRow[]> {
  const grouped = (table: string, at: string, as: string, build?: (q: Knex.QueryBuilder) => void) => {
    const q = db(`${table} as c`)
      .join('procedures as pr', 'pr.id', 'c.procedure_id')
      .where(`c.${at}`, '>=', p.from)
      .andWhere(`c.${at}`, '<', p.to)
      .groupBy('c.agency_id', 'c.procedure_id')
      .select('c.agency_id', 'c.procedure_id', db.raw(`COUNT(*) AS ${as}`));
    if (scope.agencyId) q.where('c.agency_id', scope.agencyId);
    if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
    build?.(q);
    return q;
  };
  const [received, guidances, refusals] = await Promise.all([
    grouped('dossiers', 'received_at', 'n', (q) => q.whereNotIn('c.status', VOIDED_STATUSES)),
    grouped('counter_guidances', 'created_at', 'n'),
    grouped('counter_refusals', 'created_at', 'n'),
  ]);
  const counts = new Map<string, { agencyId: number; procedureId: number; received: number; guidances: number; refusals: number }>();
  const add = (rows: Array<Record<string, any>>, key: 'received' | 'guidances' | 'refusals') => {
    for (const r of rows) {
      const k = `${r.agency_id}|${r.procedure_id}`;
      const c = counts.get(k) ?? { agencyId: Number(r.agency_id), procedureId: Number(r.procedure_id), received: 0, guidances: 0, refusals: 0 };
      c[key] = Number(r.n ?? 0);
      counts.set(k, c);
    }
  };
  add(received, 'received');
  add(guidances, 'guidances');
  add(refusals, 'refusals');
  if (counts.size === 0) return [];
  const values = [...counts.values()];
  const [agencies, procedures] = await Promise.all([
    db('agencies').whereIn('id', [...new Set(values.map((v) => v.agencyId))]).select('id', 'name'),
    db('procedures').whereIn('id', [...new Set(values.map((v) => v.procedureId))]).select('id', 'code', 'name'),
  ]);
  const agencyName = new Map<number, string>(agencies.map((a: { id: number; name: string }) => [Number(a.id), a.name]));
  const procedure = new Map<number, { code: string; name: string }>(procedures.map((x: { id: number; code: string; name: string }) => [Number(x.id), x]));
  return values
    .map((v) => ({
      agencyId: v.agencyId,
      agencyName: agencyName.get(v.agencyId) ?? '',
      procedureCode: procedure.get(v.procedureId)?.code ?? '',
      procedureName: procedure.get(v.procedureId)?.name ?? '',
      received: v.received,
      guidances: v.guidances,
      refusals: v.refusals,
    }))
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi') || a.procedureCode.localeCompare(b.procedureCode));
}

export interface Satisfaction766Row {
  /** Processing agency id, or the officer who completed the dossiers. */
  key: number;
  name: string;
  /** Agency name (the officer's, when grouped by officer). */
  agencyName: string;
  /** The base: dossiers finished in the period with a result or a refusal. */
  dossiers: number;
  /** Of the base: rated "Không hài lòng". */
  unsatisfied: number;
  /**
   * Of the base: a feedback about the reception or processing — a petition of a kind in
   * KINDS_AGAINST_766 on the dossier received before the report's run and not closed as not
   * in scope (and, only with the setting SATISFACTION_766_DEDUCT_ZERO_CRITERION, a rating that
   * answered some optional criterion at 0); counted once.
   */
  feedback: number;
  /** Of the base: finished after the original appointment's date (completion 'late'). */
  late: number;
  /** Of the base: dossiers with at least one of the three (each counted once). */
  deducted: number;
  /** (dossiers − deducted) / dossiers; null when the base is empty. */
  rate: number | null;
}

/**
 * Decision 766/QĐ-TTg's satisfaction rate, per processing agency or per completing officer:
 * (dossiers − dossiers rated "not satisfied" or with a feedback about their reception or
 * processing, or overdue) ÷ dossiers. A feedback is a petition about the handling or an
 * official's conduct linked to the dossier (petitions.dossier_id; not closed as not in
 * scope); a rating with an optional criterion at 0 only when `deductZeroCriterion` (a
 * setting, off by default: the decision does not deduct it). The base is every dossier whose processing ended in the
 * period [from, to) with a result (result ready, returned) or a refusal — withdrawn and voided
 * dossiers have no processing to judge. Ratings and petitions count when given before
 * `ratedBefore` (the report's run: a citizen rates after the result is returned, often after
 * the period).
 */
export async function satisfaction766(
  db: Knex,
  p: Period,
  scope: ReportScope,
  groupBy: 'agency' | 'officer',
  ratedBefore: Date,
  options: { deductZeroCriterion?: boolean } = {},
): Promise<Satisfaction766Row[]> {
  const criteria = ['criterion_time', 'criterion_contacts', 'criterion_agencies', 'criterion_attitude', 'criterion_publicity'];
  const unsatisfied = `r.level = 'unsatisfied'`;
  const petition = `EXISTS (SELECT 1 FROM petitions pt WHERE pt.dossier_id = d.id AND pt.kind IN (${list(KINDS_AGAINST_766)}) AND pt.received_at < ? AND pt.status <> 'not_in_scope')`;
  // A 0 on an optional criterion is neither "not satisfied" nor a petition: deducted only where the province's setting says so.
  const feedback = options.deductZeroCriterion ? `(${criteria.map((c) => `r.${c} = 0`).join(' OR ')} OR ${petition})` : `(${petition})`;
  const fb: Knex.RawBinding[] = [...KINDS_AGAINST_766, ratedBefore];
  const late = `d.completion = 'late'`;
  const q = db('dossiers as d')
    .join('procedures as pr', 'pr.id', 'd.procedure_id')
    .leftJoin('dossier_ratings as r', (j) => j.on('r.dossier_id', 'd.id').andOn('r.created_at', '<', db.raw('?', [ratedBefore])))
    .where('d.finished_at', '>=', p.from)
    .andWhere('d.finished_at', '<', p.to)
    .whereIn('d.status', JUDGED_766_STATUSES)
    .select(
      db.raw('COUNT(*) AS dossiers'),
      db.raw(`SUM(CASE WHEN ${unsatisfied} THEN 1 ELSE 0 END) AS unsatisfied`),
      db.raw(`SUM(CASE WHEN ${feedback} THEN 1 ELSE 0 END) AS feedback`, fb),
      db.raw(`SUM(CASE WHEN ${late} THEN 1 ELSE 0 END) AS late`),
      db.raw(`SUM(CASE WHEN ${unsatisfied} OR ${feedback} OR ${late} THEN 1 ELSE 0 END) AS deducted`, fb),
    );
  if (scope.agencyId) q.where('d.processing_agency_id', scope.agencyId);
  if (scope.procedureCode) q.where('pr.code', scope.procedureCode);
  if (scope.officerId) q.where('d.completed_by', scope.officerId);
  if (groupBy === 'agency') {
    q.join('agencies as a', 'a.id', 'd.processing_agency_id').groupBy('d.processing_agency_id', 'a.name').select('d.processing_agency_id as key', 'a.name as name', 'a.name as agency_name');
  } else {
    q.join('users as u', 'u.id', 'd.completed_by')
      .join('agencies as a', 'a.id', 'u.agency_id')
      .groupBy('d.completed_by', 'u.full_name', 'a.name')
      .select('d.completed_by as key', 'u.full_name as name', 'a.name as agency_name');
  }
  const rows: Array<Record<string, any>> = await q;
  return rows
    .map((r) => {
      const n = (k: string) => Number(r[k] ?? 0);
      const dossiers = n('dossiers');
      return {
        key: Number(r.key),
        name: r.name,
        agencyName: r.agency_name,
        dossiers,
        unsatisfied: n('unsatisfied'),
        feedback: n('feedback'),
        late: n('late'),
        deducted: n('deducted'),
        rate: dossiers ? (dossiers - n('deducted')) / dossiers : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** One dossier an officer moved in a period, with everything the control sheet judges its steps by. */
export interface OfficerStepDossier {
  id: number;
  agencyId: number;
  processingAgencyId: number;
  receivedAt: Date;
  finishedAt: Date | null;
  completedBy: number | null;
  completion: string | null;
  status: string;
  handovers: Array<{ at: Date; toAgencyId: number; fromUserId: number | null; dueAt: Date }>;
  steps: Array<{ position: number; name: string; agencyId: number | null; amount: number; unit: string }>;
  pauses: Array<{ start: Date; end: Date | null }>;
}

/**
 * The dossiers an officer of the scope (their own agency: users.agency_id) moved out of a
 * step in [from, to): a hand-over they gave, or the result they completed — with the whole
 * hand-over history, the internal process copied at intake and the pauses, so that each move
 * is judged as the control sheet (Mẫu 05) judges it.
 */
export async function officerStepDossiers(db: Knex, p: Period, scope: Pick<ReportScope, 'agencyId' | 'officerId'>): Promise<OfficerStepDossier[]> {
  const handedOver = db('dossier_handovers as h')
    .join('users as u', 'u.id', 'h.from_user_id')
    .where('h.at', '>=', p.from)
    .andWhere('h.at', '<', p.to)
    .select('h.dossier_id as id');
  const completed = db('dossiers as d')
    .join('users as u', 'u.id', 'd.completed_by')
    .where('d.finished_at', '>=', p.from)
    .andWhere('d.finished_at', '<', p.to)
    .whereIn('d.status', RESULT_STATUSES)
    .select('d.id as id');
  for (const [q, col] of [[handedOver, 'h.from_user_id'], [completed, 'd.completed_by']] as const) {
    if (scope.agencyId) q.where('u.agency_id', scope.agencyId);
    if (scope.officerId) q.where(col, scope.officerId);
  }
  const ids = [...new Set(((await handedOver.union(completed)) as Array<{ id: number }>).map((r) => Number(r.id)))];
  if (ids.length === 0) return [];
  const out: OfficerStepDossier[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [dossiers, handovers, steps, pauses] = await Promise.all([
      db('dossiers').whereIn('id', chunk).select('id', 'agency_id', 'processing_agency_id', 'received_at', 'finished_at', 'completed_by', 'completion', 'status'),
      db('dossier_handovers').whereIn('dossier_id', chunk).orderBy('id').select('dossier_id', 'at', 'to_agency_id', 'from_user_id', 'due_at'),
      db('dossier_process_steps').whereIn('dossier_id', chunk).orderBy('position').select('dossier_id', 'position', 'name', 'agency_id', 'amount', 'unit'),
      db('dossier_pauses').whereIn('dossier_id', chunk).select('dossier_id', 'started_at', 'ended_at'),
    ]);
    const by = <T extends { dossier_id: number }>(rows: T[]) => {
      const m = new Map<number, T[]>();
      for (const r of rows) m.set(Number(r.dossier_id), [...(m.get(Number(r.dossier_id)) ?? []), r]);
      return m;
    };
    const [h, s, ps] = [by(handovers), by(steps), by(pauses)];
    for (const d of dossiers as Array<Record<string, any>>) {
      const id = Number(d.id);
      out.push({
        id,
        agencyId: Number(d.agency_id),
        processingAgencyId: Number(d.processing_agency_id),
        receivedAt: toDate(d.received_at),
        finishedAt: toDateOrNull(d.finished_at),
        completedBy: d.completed_by === null || d.completed_by === undefined ? null : Number(d.completed_by),
        completion: d.completion ?? null,
        status: String(d.status),
        handovers: (h.get(id) ?? []).map((r: Record<string, any>) => ({ at: toDate(r.at), toAgencyId: Number(r.to_agency_id), fromUserId: r.from_user_id === null || r.from_user_id === undefined ? null : Number(r.from_user_id), dueAt: toDate(r.due_at) })),
        steps: (s.get(id) ?? []).map((r: Record<string, any>) => ({ position: Number(r.position), name: String(r.name), agencyId: r.agency_id === null || r.agency_id === undefined ? null : Number(r.agency_id), amount: Number(r.amount), unit: String(r.unit) })),
        pauses: (ps.get(id) ?? []).map((r: Record<string, any>) => ({ start: toDate(r.started_at), end: toDateOrNull(r.ended_at) })),
      });
    }
  }
  return out;
}

/** Per officer of the scope: supplements asked (a supplement pause started) and questions answered (on time: answered_at ≤ answer_due_at) in [from, to). */
export async function officerActivity(db: Knex, p: Period, scope: Pick<ReportScope, 'agencyId' | 'officerId'>): Promise<Map<number, { name: string; agencyName: string; supplements: number; answered: number; answeredOnTime: number }>> {
  const supplements = db('dossier_pauses as ps')
    .join('users as u', 'u.id', 'ps.started_by')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .where('ps.kind', 'supplement')
    .where('ps.started_at', '>=', p.from)
    .andWhere('ps.started_at', '<', p.to)
    .groupBy('ps.started_by', 'u.full_name', 'a.name')
    .select('ps.started_by as officer', 'u.full_name as name', 'a.name as agency_name', db.raw('COUNT(*) AS n'));
  const answers = db('dossier_questions as q')
    .join('users as u', 'u.id', 'q.answered_by')
    .join('agencies as a', 'a.id', 'u.agency_id')
    .where('q.answered_at', '>=', p.from)
    .andWhere('q.answered_at', '<', p.to)
    .groupBy('q.answered_by', 'u.full_name', 'a.name')
    .select('q.answered_by as officer', 'u.full_name as name', 'a.name as agency_name', db.raw('COUNT(*) AS n'), db.raw('SUM(CASE WHEN q.answered_at <= q.answer_due_at THEN 1 ELSE 0 END) AS on_time'));
  for (const [q, col] of [[supplements, 'ps.started_by'], [answers, 'q.answered_by']] as const) {
    if (scope.agencyId) q.where('u.agency_id', scope.agencyId);
    if (scope.officerId) q.where(col, scope.officerId);
  }
  const [s, a] = (await Promise.all([supplements, answers])) as [Array<Record<string, any>>, Array<Record<string, any>>];
  const out = new Map<number, { name: string; agencyName: string; supplements: number; answered: number; answeredOnTime: number }>();
  const of = (r: Record<string, any>) => {
    const id = Number(r.officer);
    const e = out.get(id) ?? { name: String(r.name), agencyName: String(r.agency_name), supplements: 0, answered: 0, answeredOnTime: 0 };
    out.set(id, e);
    return e;
  };
  for (const r of s) of(r).supplements = Number(r.n ?? 0);
  for (const r of a) Object.assign(of(r), { answered: Number(r.n ?? 0), answeredOnTime: Number(r.on_time ?? 0) });
  return out;
}

/** Officers' names and agencies, by id. */
export async function officerNames(db: Knex, ids: readonly number[]): Promise<Map<number, { name: string; agencyName: string }>> {
  if (ids.length === 0) return new Map();
  const rows: Array<Record<string, any>> = await db('users as u').join('agencies as a', 'a.id', 'u.agency_id').whereIn('u.id', [...ids]).select('u.id', 'u.full_name', 'a.name as agency_name');
  return new Map(rows.map((r) => [Number(r.id), { name: String(r.full_name), agencyName: String(r.agency_name) }]));
}
