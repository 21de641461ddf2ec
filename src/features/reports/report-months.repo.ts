/**
 * The processing-results report's kept months (migration 20261212000000): a complete month's
 * counts per (agency, procedure), as the live report computes that month, so that a period
 * of many months reads a few thousand rows instead of every dossier (issue 26 §4).
 *
 * Staleness. Every change to a dossier appends an event to its chain, and the observer
 * here runs in the writer's transaction (platform/record/changes.repo.ts): when the change
 * alters what a past month counts of the dossier (its report signature) and the dossier was
 * received in a month that is over, it marks every month from the one it was received in
 * as stale. A stale month is read live until the job recomputes it, so a report
 * never shows a kept figure a later change has made wrong. Which of those months the change
 * really touches (a void, a moved appointment, a file attached to an old document) is not
 * worked out: all of them are recomputed.
 */
import type { Knex } from 'knex';
import { toDate, toDateOrNull } from '../../db/knex.js';
import { REPORT_COUNTS, countTakenFrom, monthOf, monthStart, reportSignature, type CountRow, type MonthKey } from '../../domain/report-months.js';
import type { DossierChange } from '../../platform/record/changes.repo.js';

/** The months in [first, last] whose kept counts may be used now: computed, and not marked stale since. */
export async function keptMonths(db: Knex, first: MonthKey, last: MonthKey): Promise<ReadonlySet<MonthKey>> {
  const [computed, stale] = await Promise.all([
    db('report_months').where('month', '>=', first).andWhere('month', '<=', last).pluck('month') as Promise<string[]>,
    db('report_month_stale').min({ m: 'from_month' }).first() as Promise<{ m: string | null } | undefined>,
  ]);
  const staleFrom = stale?.m ?? null;
  return new Set(computed.filter((m) => staleFrom === null || m < staleFrom));
}

export interface MonthScope {
  agencyId?: number;
  procedureCode?: string;
}

/**
 * A run of consecutive kept months composed in one query (domain/report-months: carried over
 * from the first month, still open from the last, the rest summed), per (agency, procedure).
 */
export async function monthRunCounts(db: Knex, months: readonly MonthKey[], scope: MonthScope): Promise<CountRow[]> {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return [];
  const pick = (month: MonthKey, column: string) => db.raw(`SUM(CASE WHEN c.month = ? THEN c.${column} ELSE 0 END) AS ${column}`, [month]);
  const q = db('report_month_counts as c')
    .where('c.month', '>=', first)
    .andWhere('c.month', '<=', last)
    .groupBy('c.agency_id', 'c.procedure_id')
    .select(
      'c.agency_id',
      'c.procedure_id',
      ...REPORT_COUNTS.map((column) => {
        const from = countTakenFrom(column);
        return from === 'first' ? pick(first, column) : from === 'last' ? pick(last, column) : db.raw(`SUM(c.${column}) AS ${column}`);
      }),
    );
  if (scope.agencyId) q.where('c.agency_id', scope.agencyId);
  if (scope.procedureCode) q.whereIn('c.procedure_id', db('procedures').where('code', scope.procedureCode).select('id'));
  return (await q).map(numericRow);
}

/** A count row as the database returned it (PostgreSQL's SUM is a string), as numbers. */
export function numericRow(r: Record<string, unknown>): CountRow {
  const row = { agency_id: Number(r.agency_id), procedure_id: Number(r.procedure_id) } as CountRow;
  for (const c of REPORT_COUNTS) row[c] = Number(r[c] ?? 0);
  return row;
}

/** Replace a month's kept counts, in the caller's transaction. */
export async function saveMonth(trx: Knex | Knex.Transaction, month: MonthKey, rows: readonly CountRow[], computedAt: Date): Promise<void> {
  await trx('report_month_counts').where({ month }).del();
  await trx('report_months').where({ month }).del();
  await trx('report_months').insert({ month, computed_at: computedAt });
  // 20 counts + 3 keys per row: chunks stay under SQLite's 999 bound variables.
  for (let i = 0; i < rows.length; i += 40) await trx('report_month_counts').insert(rows.slice(i, i + 40).map((r) => ({ month, ...r })));
}

export interface StaleMarks {
  ids: number[];
  /** The oldest month marked, or null without marks. */
  from: MonthKey | null;
}

export async function staleMarks(db: Knex): Promise<StaleMarks> {
  const rows: Array<{ id: number; from_month: string }> = await db('report_month_stale').select('id', 'from_month');
  return { ids: rows.map((r) => r.id), from: rows.reduce<string | null>((m, r) => (m === null || r.from_month < m ? r.from_month : m), null) };
}

/** Remove the marks read (by id: a mark committed since stays for the next run). */
export async function clearMarks(trx: Knex | Knex.Transaction, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await trx('report_month_stale').whereIn('id', ids.slice(i, i + 500)).del();
}

export async function markStale(trx: Knex | Knex.Transaction, from: MonthKey, at: Date): Promise<void> {
  await trx('report_month_stale').insert({ from_month: from, marked_at: at });
}

/** The months computed, oldest first. */
export async function computedMonths(db: Knex): Promise<MonthKey[]> {
  return db('report_months').orderBy('month').pluck('month');
}

/** The month of the oldest receipt, or null without dossiers. */
export async function firstDossierMonth(db: Knex): Promise<MonthKey | null> {
  const row = (await db('dossiers').min({ m: 'received_at' }).first()) as { m: unknown } | undefined;
  return row?.m === null || row?.m === undefined ? null : monthOf(toDate(row.m));
}

/**
 * The dossier-change observer (src/record-observers.ts). It keeps each dossier's report
 * signature (domain/report-months.ts reportSignature) and, when a change alters it for a
 * dossier received before the month of the change, marks every month from its receipt on.
 * A step that changes nothing a past month counts (taking the dossier, a note, a pause
 * begun or ended now, finishing it now) marks nothing. A dossier received this month marks
 * only when a month from then on is already kept (a clock moved back: tests, a restored
 * backup).
 */
export async function recordReportChange(trx: Knex | Knex.Transaction, change: DossierChange): Promise<void> {
  const row = (await trx('dossiers as d')
    .leftJoin('report_signatures as s', 's.dossier_id', 'd.id')
    .where('d.id', change.dossierId)
    .first('d.received_at', 'd.finished_at', 'd.status', 'd.completion', 'd.channel', 'd.due_at', 'd.processing_agency_id', 'd.procedure_id', 's.signature')) as Record<string, any> | undefined;
  if (!row) return;
  const files = (await trx('dossier_files')
    .where({ dossier_id: change.dossierId })
    .whereNull('removed_at')
    .first(trx.raw(`COUNT(DISTINCT CASE WHEN purpose = 'document' THEN dossier_document_id END) AS documents`), trx.raw(`SUM(CASE WHEN purpose = 'result' THEN 1 ELSE 0 END) AS results`))) as
    | { documents: unknown; results: unknown }
    | undefined;
  const receivedAt = toDate(row.received_at);
  const month = monthOf(change.createdAt);
  const signature = reportSignature(
    {
      receivedAt,
      finishedAt: toDateOrNull(row.finished_at),
      status: row.status,
      completion: row.completion ?? null,
      channel: row.channel ?? null,
      dueAt: toDate(row.due_at),
      agencyId: Number(row.processing_agency_id),
      procedureId: Number(row.procedure_id),
      documentsWithFile: Number(files?.documents ?? 0),
      resultFiles: Number(files?.results ?? 0),
    },
    monthStart(month),
  );
  const changed = signature !== row.signature;
  if (changed) await trx('report_signatures').insert({ dossier_id: change.dossierId, signature }).onConflict('dossier_id').merge();
  const received = monthOf(receivedAt);
  // Received in a month that is over: it may be kept, or being computed by the job right
  // now (a mark committed during the computation outlives it: report-months.ts).
  if (received < month) {
    if (changed) await markStale(trx, received, change.createdAt);
    return;
  }
  const kept = await trx('report_months').where('month', '>=', received).first('month');
  if (kept) await markStale(trx, received, change.createdAt);
}
