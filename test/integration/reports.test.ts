import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { monthPeriod } from '../../src/domain/period.js';
import { vnInstant } from '../../src/domain/time.js';
import { overdueNow, processingResults, totalsOf, type ProcessingRow } from '../../src/features/reports/reports.repo.js';
import { agencyId, createStaff } from '../helpers/app.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const WARD = '000.31.01.H26';
const OTHER_WARD = '000.31.02.H26';
const at = (date: string, clock = '09:00') => vnInstant(date, clock);

interface Fixture {
  agency?: string;
  procedure?: string;
  received: string;
  due: string;
  finished?: string;
  status: string;
  completion?: 'early' | 'on_time' | 'late';
  pause?: { from: string; to?: string };
}

let seq = 0;
async function insert(db: Knex, clerkId: number, f: Fixture): Promise<number> {
  const agency = await agencyId(db, f.agency ?? WARD);
  const procedure = await db('procedures').where({ code: f.procedure ?? '1.001612' }).first('id');
  seq++;
  const [row] = await db('dossiers')
    .insert({
      code: `${f.agency ?? WARD}-TEST-${String(seq).padStart(4, '0')}`,
      public_token: `token-for-report-fixture-${String(seq).padStart(6, '0')}`,
      agency_id: agency,
      processing_agency_id: agency,
      procedure_id: procedure.id,
      status: f.status,
      applicant_name: 'Người Thử',
      applicant_name_folded: 'nguoi thu',
      applicant_id_number: '075190001234',
      applicant_phone: '0987654321',
      applicant_address: 'Đồng Nai',
      result_delivery: 'counter',
      processing_unit: 'working_days',
      processing_amount: 3,
      received_at: at(f.received),
      original_due_at: at(f.due),
      due_at: at(f.due),
      finished_at: f.finished ? at(f.finished, '15:00') : null,
      completion: f.completion ?? null,
      received_by: clerkId,
      created_at: at(f.received),
      updated_at: at(f.received),
    })
    .returning('id');
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number);
  if (f.pause) {
    await db('dossier_pauses').insert({ dossier_id: id, kind: 'supplement', started_at: at(f.pause.from), ended_at: f.pause.to ? at(f.pause.to) : null, reason: 'x', started_by: clerkId });
  }
  return id;
}

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
