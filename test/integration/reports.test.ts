import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monthPeriod } from '../../src/domain/period.js';
import { overdueNow, processingResults, totalsOf, type ProcessingRow } from '../../src/features/reports/reports.repo.js';
import { agencyId, createStaff } from '../helpers/app.js';
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
