import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { judgedAt, monthPeriod } from '../../src/domain/period.js';
import { toCsv } from '../../src/features/reports/export/csv.js';
import { completionCounts, overdueNow, processingResults, totalsOf, type ProcessingRow } from '../../src/features/reports/reports.repo.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, type TestApp } from '../helpers/app.js';
import { at, insertDossier as insert, type Fixture } from '../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const WARD = '000.31.01.H26';
const OTHER_WARD = '000.31.02.H26';

describe('processing results reconcile, cell by cell', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    const fixtures: Fixture[] = [
      // carried over from October
      { received: '2026-10-28', due: '2026-11-05', finished: '2026-11-03', status: 'returned', completion: 'early' },
      { received: '2026-10-20', due: '2026-11-10', status: 'in_progress' }, // open, overdue at the end
      { received: '2026-10-01', due: '2026-10-06', finished: '2026-10-15', status: 'returned', completion: 'late' }, // finished before: not in November
      // received in November
      { received: '2026-11-10', due: '2026-11-13', finished: '2026-11-13', status: 'result_ready', completion: 'on_time' },
      { received: '2026-11-11', due: '2026-11-14', finished: '2026-11-20', status: 'returned', completion: 'late' },
      { received: '2026-11-12', due: '2026-11-17', finished: '2026-11-12', status: 'refused', completion: 'early' },
      { received: '2026-11-13', due: '2026-11-18', finished: '2026-11-13', status: 'withdrawn' },
      { received: '2026-11-27', due: '2026-12-02', status: 'received' }, // open within the deadline
      { received: '2026-11-25', due: '2026-12-03', status: 'awaiting_supplement', pause: { from: '2026-11-26' } }, // paused, within
      { received: '2026-11-02', due: '2026-11-05', status: 'paused', pause: { from: '2026-11-04' } }, // paused, past the deadline
      { received: '2026-11-28', due: '2026-12-01', finished: '2026-12-01', status: 'returned', completion: 'on_time' }, // finished after: open at the end
      { received: '2026-11-16', due: '2026-11-19', status: 'in_progress', pause: { from: '2026-11-17', to: '2026-11-18' } }, // pause over before the end → overdue
      { received: '2026-12-02', due: '2026-12-05', status: 'received' }, // after the period
      { procedure: '2.000815', received: '2026-11-09', due: '2026-11-09', finished: '2026-11-06', status: 'result_ready', completion: 'early' },
      { agency: OTHER_WARD, received: '2026-11-10', due: '2026-11-13', finished: '2026-11-12', status: 'returned', completion: 'early' },
    ];
    for (const f of fixtures) await insert(t.db, clerk, f);
  });
  after(() => t.cleanup());

  test('every cell of November 2026', async () => {
    const rows = await processingResults(t.db, monthPeriod(2026, 11));
    const pick = (r: ProcessingRow) => [r.agencyName, r.procedureCode, r.carriedOver, r.received, r.total, r.early, r.onTime, r.late, r.finished, r.refused, r.withdrawn, r.openWithin, r.openOverdue, r.pausedWithin, r.pausedOverdue];
    assert.deepEqual(rows.map(pick), [
      // agency, procedure, carried, new, total, early, on time, late, finished, refused, withdrawn, open within, open overdue, paused within, paused overdue
      ['Trung tâm Phục vụ hành chính công phường Tam Hiệp', '1.001612', 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', '1.001612', 2, 9, 11, 1, 1, 1, 3, 1, 1, 2, 2, 1, 1],
      ['Trung tâm Phục vụ hành chính công phường Trấn Biên', '2.000815', 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    ]);
    const ward = rows[1]!;
    assert.equal(ward.onTimeRate, 2 / 3);
    // Each dossier once: what came in equals what went out plus what is left.
    for (const r of rows) {
      assert.equal(r.total, r.finished + r.refused + r.withdrawn + r.openWithin + r.openOverdue + r.pausedWithin + r.pausedOverdue, r.procedureCode);
    }
    const totals = totalsOf(rows);
    assert.equal(totals.total, 13);
    assert.equal(totals.finished, 5);
    assert.equal(totals.onTimeRate, 4 / 5);
  });

  test('scoped to one agency and one procedure', async () => {
    const ward = await agencyId(t.db, WARD);
    const rows = await processingResults(t.db, monthPeriod(2026, 11), { agencyId: ward, procedureCode: '1.001612' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.total, 11);
  });

  test('a past period reads the same whatever happened later', async () => {
    const october = await processingResults(t.db, monthPeriod(2026, 10));
    const ward = october.find((r) => r.procedureCode === '1.001612' && r.agencyName.includes('Trấn Biên'))!;
    // Received in October: the three October dossiers; one finished late in October, two open at the end (one overdue? no: due in November).
    assert.deepEqual([ward.received, ward.late, ward.openWithin, ward.openOverdue], [3, 1, 2, 0]);
  });

  test('overdue now: running clock, appointment passed', async () => {
    const rows = await overdueNow(t.db, at('2026-11-30', '10:00'));
    assert.deepEqual(rows.map((r) => r.dueAt.toISOString()).sort(), [at('2026-11-10').toISOString(), at('2026-11-19').toISOString()].sort());
  });
});

describe('open dossiers are judged now while the period runs, at its end once it is over', () => {
  let t: TestApp;
  // Tuesday 1 December 2026, 09:00: December has just begun.
  const NOW = at('2026-12-01', '09:00');
  before(async () => {
    t = await buildTestApp({ now: NOW });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    const fixtures: Fixture[] = [
      { received: '2026-11-30', due: '2026-12-08', status: 'in_progress' }, // due next week
      { received: '2026-12-01', due: '2026-12-09', status: 'received' }, // due next week
      { received: '2026-11-24', due: '2026-12-07', status: 'awaiting_supplement', pause: { from: '2026-11-26' } }, // paused, due next week
      { received: '2026-11-20', due: '2026-11-27', status: 'in_progress' }, // already past due
      { received: '2026-12-01', due: '2026-12-04', status: 'voided', finished: '2026-12-01' }, // a mistaken intake, voided
      { received: '2026-11-30', due: '2026-12-03', status: 'voided', finished: '2026-11-30' }, // voided in November
    ];
    for (const f of fixtures) await insert(t.db, clerk, f);
  });
  after(() => t.cleanup());

  const cells = (r: ReturnType<typeof totalsOf>) => ({
    carried: r.carriedOver,
    received: r.received,
    total: r.total,
    finished: r.finished,
    openWithin: r.openWithin,
    openOverdue: r.openOverdue,
    pausedWithin: r.pausedWithin,
    pausedOverdue: r.pausedOverdue,
    voided: r.voided,
  });

  test('the current month: due next week is within the deadline, past due is overdue, voided apart', async () => {
    const svc = services(t.deps);
    const december = monthPeriod(2026, 12);
    assert.equal(judgedAt(december, NOW).getTime(), NOW.getTime());
    const rows = await processingResults(t.db, december, {}, judgedAt(december, NOW));
    assert.deepEqual(cells(totalsOf(rows)), { carried: 3, received: 1, total: 4, finished: 0, openWithin: 2, openOverdue: 1, pausedWithin: 1, pausedOverdue: 0, voided: 1 });
    // Judged at the month's end (the old behaviour) everything open would already be overdue.
    const atEnd = totalsOf(await processingResults(t.db, december));
    assert.deepEqual([atEnd.openWithin, atEnd.openOverdue, atEnd.pausedOverdue], [0, 3, 1]);

    // The service judges at now, and agrees with the "Hồ sơ đang quá hạn" list.
    const report = await svc.reports.processing(december, {});
    const totals = report.table.totals!;
    assert.deepEqual([totals.openWithin, totals.openOverdue, totals.pausedWithin, totals.voided], [2, 1, 1, 1]);
    const overdue = await svc.reports.overdue({});
    assert.equal(overdue.table.rows.length, totals.openOverdue);
    assert.match(report.table.subtitle ?? '', /số liệu đến 01\/12\/2026 09:00/);
    assert.ok(report.table.columns.some((c) => c.key === 'voided' && c.label === 'Hủy do nhập nhầm'));
  });

  test('a closed period is judged at its end, whenever it is run', async () => {
    const november = monthPeriod(2026, 11);
    assert.equal(judgedAt(november, NOW).getTime(), november.to.getTime());
    const rows = await processingResults(t.db, november, {}, NOW);
    // Received in November: three live ones (the past-due one overdue at 30/11 24:00, the two due in December within), one voided.
    assert.deepEqual(cells(totalsOf(rows)), { carried: 0, received: 3, total: 3, finished: 0, openWithin: 1, openOverdue: 1, pausedWithin: 1, pausedOverdue: 0, voided: 1 });
    const report = await services(t.deps).reports.processing(november, {});
    assert.doesNotMatch(report.table.subtitle ?? '', /số liệu đến/);
  });

  test('voided dossiers are in no other column of any report, and counted apart in exports', async () => {
    const svc = services(t.deps);
    const december = monthPeriod(2026, 12);
    const [row] = (await svc.reports.processing(december, {})).table.rows;
    assert.ok(row);
    assert.equal(row.total, Number(row.finished ?? 0) + Number(row.refused) + Number(row.withdrawn) + Number(row.openWithin) + Number(row.openOverdue) + Number(row.pausedWithin) + Number(row.pausedOverdue));
    assert.equal(row.voided, 1);
    const csv = toCsv((await svc.reports.processing(december, {})).table).toString('utf8');
    assert.match(csv, /Hủy do nhập nhầm/);
    const book = await svc.reports.trackingBook(december, {});
    assert.deepEqual(book.table.rows.map((r) => r.note), ['', 'Hủy do nhập nhầm']);
    const trend = await completionCounts(t.db, december);
    assert.deepEqual(trend, { early: 0, onTime: 0, late: 0 });
  });
});
