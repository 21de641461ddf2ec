/**
 * Keeps the processing-results report's months (report-months.repo.ts): computes each
 * complete month not yet kept, and each kept month a later change marked stale, oldest
 * first, at most `maxMonths` a run. Run by the report_months job.
 */
import type { Deps } from '../../deps.js';
import { monthOf, monthsBetween, monthStart, nextMonth } from '../../domain/report-months.js';
import { clearMarks, computedMonths, firstDossierMonth, markStale, saveMonth, staleMarks } from './report-months.repo.js';
import { liveCounts } from './reports.repo.js';

export const REPORT_MONTHS_COUNTERS = {
  report_months_computed: 'Tháng được tính lại số liệu báo cáo',
  report_months_left: 'Tháng còn chờ tính ở lần chạy sau',
};

/**
 * A month is computed once it has been over for this long: a writer whose clock still read
 * the month when it changed a dossier received in it does not mark it (the month was not
 * over for it), so the month must not be computed while such a change may be uncommitted.
 */
const GRACE_MS = 10 * 60_000;

export async function refreshReportMonths(db: Deps['db'], now: Date, maxMonths = 24): Promise<{ report_months_computed: number; report_months_left: number }> {
  // The marks are read first: one committed while a month is computed stays for the next run.
  const marks = await staleMarks(db);
  const first = await firstDossierMonth(db);
  const kept = new Set(await computedMonths(db));
  const todo = first === null ? [] : monthsBetween(first, monthOf(new Date(now.getTime() - GRACE_MS))).filter((m) => !kept.has(m) || (marks.from !== null && m >= marks.from));
  const batch = todo.slice(0, Math.max(0, maxMonths));
  for (const month of batch) {
    const to = monthStart(nextMonth(month));
    const rows = await liveCounts(db, { from: monthStart(month), to }, {}, to);
    await db.transaction((trx) => saveMonth(trx, month, rows, now));
  }
  const left = todo.slice(batch.length);
  await db.transaction(async (trx) => {
    await clearMarks(trx, marks.ids);
    // Months left for the next run stay unusable: one mark from the oldest of them.
    if (left.some((m) => kept.has(m))) await markStale(trx, left[0]!, now);
  });
  return { report_months_computed: batch.length, report_months_left: left.length };
}
