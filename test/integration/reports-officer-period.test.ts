/**
 * Officers judged over time: per officer, a month beside the one before, a dossier counted for
 * the STEP the officer held (the control sheet's judgement), not for the whole dossier.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { monthPeriod, quarterPeriod } from '../../src/domain/period.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, signIn, type TestApp } from '../helpers/app.js';
import { at, insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const NOW = at('2026-12-10', '09:00');

describe('officers judged by month, quarter and year: each for the step they held', () => {
  let t: TestApp;
  let ward: number;
  let an: number;
  let binh: number;
  let cuong: number;

  before(async () => {
    t = await buildTestApp({ now: NOW });
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD);
    an = await createStaff(t.db, 'an', 'officer', WARD, 'Lê Văn An');
    binh = await createStaff(t.db, 'binh', 'officer', WARD, 'Phạm Thị Bình');
    cuong = await createStaff(t.db, 'cuong', 'officer', WARD, 'Ngô Văn Cường');
    await createStaff(t.db, 'sup', 'supervisor', WARD, 'Giám Sát Phường');
    await createStaff(t.db, 'sup_th', 'supervisor', TAM_HIEP, 'Giám Sát Tam Hiệp');
    ward = await agencyId(t.db, WARD);
    // A two-step process, one working day each, both at the ward. Received Mon 02/11 09:00:
    // An hands over Tue 03/11 08:30 (step 1 due Tue 03/11 09:00: on time); step 2 then runs to
    // Wed 04/11 08:30 and Bình completes Fri 06/11 (late for the step) — yet the dossier as a
    // whole is early (appointment 10/11): counted per dossier, Bình would look on time.
    const d1 = await insertDossier(t.db, clerk, { received: '2026-11-02', due: '2026-11-10', finished: '2026-11-06', status: 'returned', completion: 'early', completedBy: binh });
    await t.db('dossier_process_steps').insert([
      { dossier_id: d1, position: 1, name: 'Thẩm định', agency_id: null, amount: 1, unit: 'working_days' },
      { dossier_id: d1, position: 2, name: 'Trình ký', agency_id: null, amount: 1, unit: 'working_days' },
    ]);
    await t.db('dossier_handovers').insert({ dossier_id: d1, at: at('2026-11-03', '08:30'), from_agency_id: ward, to_agency_id: ward, from_user_id: an, to_user_id: binh, due_at: at('2026-11-10') });
    // Without a process: Cường completes after the appointment (late against the appointment).
    await insertDossier(t.db, clerk, { received: '2026-11-09', due: '2026-11-12', finished: '2026-11-16', status: 'returned', completion: 'late', completedBy: cuong });
    // October, the month before: An completes one on time.
    await insertDossier(t.db, clerk, { received: '2026-10-05', due: '2026-10-08', finished: '2026-10-08', status: 'returned', completion: 'on_time', completedBy: an });
    // An asks for a supplement in November and answers a question on time.
    const d4 = await insertDossier(t.db, clerk, { received: '2026-11-16', due: '2026-12-20', status: 'in_progress' });
    await t.db('dossier_pauses').insert({ dossier_id: d4, kind: 'supplement', started_at: at('2026-11-17'), ended_at: at('2026-11-18'), reason: 'Thiếu giấy tờ', started_by: an });
    await t.db('dossier_questions').insert({ dossier_id: d4, text: 'Bao giờ có kết quả?', asked_at: at('2026-11-17', '09:00'), answer_due_at: at('2026-11-17', '17:00'), answered_at: at('2026-11-17', '10:00'), answered_by: an, answer: 'Ngày 20/12.', answer_public: true });
  });
  after(() => t.cleanup());

  const pick = (r: Record<string, unknown>) => [r.officer, r.steps, r.stepsOnTime, r.stepsLate, r.supplements, r.answered, r.answeredOnTime, r.stepsBefore, r.stepsOnTimeBefore];

  test('a dossier counts for the step an officer held (the control sheet’s judgement), with the previous month beside', async () => {
    const r = await services(t.deps).reports.officerPeriod(monthPeriod(2026, 11), { agencyId: ward });
    assert.deepEqual(r.table.rows.map(pick), [
      ['Lê Văn An', 1, 1, 0, 1, 1, 1, 1, 1],
      ['Ngô Văn Cường', 1, 0, 1, 0, 0, 0, 0, 0],
      ['Phạm Thị Bình', 1, 0, 1, 0, 0, 0, 0, 0],
    ]);
    // A quarter beside the previous quarter: Q4 holds October's and November's moves.
    const q = await services(t.deps).reports.officerPeriod(quarterPeriod(2026, 4), { agencyId: ward, officerId: an });
    assert.deepEqual(q.table.rows.map(pick), [['Lê Văn An', 2, 2, 0, 1, 1, 1, 0, 0]]);
  });

  test('an officer sees only their own page; a supervisor their agency’s officers; exports', async () => {
    const month = { ky: 'thang', thang: '11/2026' };
    const an = await signIn(t.http, 'an');
    const own = await an.agent.get('/danh-gia-can-bo').query({ ...month, can_bo: String(binh), co_quan: '1', dinh_dang: 'csv' }).expect(200);
    assert.ok(own.text.includes('Lê Văn An') && !own.text.includes('Phạm Thị Bình') && !own.text.includes('Ngô Văn Cường'), own.text);
    await an.agent.get('/danh-gia-can-bo').query(month).expect(200);
    const sup = await signIn(t.http, 'sup');
    const all = await sup.agent.get('/danh-gia-can-bo').query({ ...month, dinh_dang: 'csv' }).expect(200);
    assert.ok(['Lê Văn An', 'Phạm Thị Bình', 'Ngô Văn Cường'].every((n) => all.text.includes(n)));
    for (const f of ['xlsx', 'pdf']) await sup.agent.get('/danh-gia-can-bo').query({ ...month, dinh_dang: f }).expect(200);
    const other = await signIn(t.http, 'sup_th');
    const none = await other.agent.get('/danh-gia-can-bo').query({ ...month, dinh_dang: 'csv' }).expect(200);
    assert.ok(!none.text.includes('Lê Văn An'));
    const clerk = await signIn(t.http, 'clerk');
    await clerk.agent.get('/danh-gia-can-bo').expect(403);
  });
});
