import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { monthPeriod } from '../../src/domain/period.js';
import { vnInstant } from '../../src/domain/time.js';
import { median, NOT_ANSWERED_LABEL } from '../../src/features/reports/questions-report.js';
import { services } from '../../src/services.js';
import { agencyId, buildTestApp, createStaff, csrfFrom, signIn, type TestApp } from '../helpers/app.js';
import { insertDossier } from '../helpers/fixtures.js';

const WARD = '000.31.01.H26';
const TAM_HIEP = '000.31.02.H26';
const WARD_NAME = 'Trung tâm Phục vụ hành chính công phường Trấn Biên';
const TAM_HIEP_NAME = 'Trung tâm Phục vụ hành chính công phường Tam Hiệp';
const APRIL = monthPeriod(2026, 4);
// Monday 04/05/2026 16:00: after every answer, before Q5's deadline (17:00 that day).
const NOW = vnInstant('2026-05-04', '16:00');

const cells = (r: Record<string, unknown>) => [r.agency, r.officer, r.received, r.answered, r.onTime, r.late, r.unanswered, r.overdue, r.onTimeRate, r.medianHours];

describe('the citizens’ questions report', () => {
  let t: TestApp;
  let wardId: number;
  let anId: number;

  /** A question asked from the status page at `at`; its id. */
  async function ask(token: string, at: Date, text: string): Promise<number> {
    t.clock.set(at);
    const agent = request.agent(t.http);
    const page = await agent.get(`/s/${token}`).expect(200);
    await agent.post(`/s/${token}/cau-hoi`).type('form').send({ _csrf: csrfFrom(page.text), cau_hoi: text }).expect(303);
    return Number((await t.db('dossier_questions').orderBy('id', 'desc').first('id')).id);
  }

  /** Answered from the staff form by `user` at `at`. */
  async function answer(user: string, questionId: number, at: Date) {
    t.clock.set(at);
    const who = await signIn(t.http, user);
    const res = await who.agent.post(`/cau-hoi/${questionId}/tra-loi`).type('form').send({ _csrf: who.csrf, noi_dung: 'Hồ sơ đang được thẩm định.', loai: 'tra_loi', xac_nhan: '' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
  }

  before(async () => {
    t = await buildTestApp({ now: vnInstant('2026-03-31', '09:00'), env: { LOOKUP_RATE_LIMIT: '1000' } });
    wardId = await agencyId(t.db, WARD);
    const clerk = await createStaff(t.db, 'clerk', 'clerk', WARD, 'Nguyễn Thị Thu Hà');
    const clerkTh = await createStaff(t.db, 'clerk_th', 'clerk', TAM_HIEP, 'Võ Thị Lan');
    anId = await createStaff(t.db, 'an', 'officer', WARD, 'Lê Văn An');
    await createStaff(t.db, 'binh', 'officer', WARD, 'Phạm Thị Bình');
    await createStaff(t.db, 'nam', 'officer', TAM_HIEP, 'Hoàng Văn Nam');
    await createStaff(t.db, 'sup', 'supervisor', WARD, 'Đỗ Văn Giám');
    await createStaff(t.db, 'admin', 'admin', '000.00.01.H26', 'Quản Trị Viên');
    const tokenOf = async (id: number) => (await t.db('dossiers').where({ id }).first('public_token')).public_token as string;
    const w = await tokenOf(await insertDossier(t.db, clerk, { received: '2026-03-30', due: '2026-05-29', status: 'in_progress' }));
    const h = await tokenOf(await insertDossier(t.db, clerkTh, { agency: TAM_HIEP, received: '2026-03-30', due: '2026-05-29', status: 'in_progress' }));

    // Q7: asked in March, answered in April — not April's.
    await answer('an', await ask(w, vnInstant('2026-03-31', '16:00'), 'Câu hỏi tháng ba'), vnInstant('2026-04-01', '09:00'));
    // Q3: Mon 13/04 08:00, due 17:00; Bình answers at 10:30: 2,5 working hours, on time.
    await answer('binh', await ask(w, vnInstant('2026-04-13', '08:00'), 'Câu hỏi 3'), vnInstant('2026-04-13', '10:30'));
    // Q8 (Tam Hiệp): Mon 20/04 09:00, Nam answers at 10:00: 1 hour, on time.
    await answer('nam', await ask(h, vnInstant('2026-04-20', '09:00'), 'Câu hỏi 8'), vnInstant('2026-04-20', '10:00'));
    // Q2: Tue 21/04 09:00, due Wed 22/04 09:00 (3 + 4 + 1 hours); An answers Wed 10:00: 9 working hours, late.
    await answer('an', await ask(w, vnInstant('2026-04-21', '09:00'), 'Câu hỏi 2'), vnInstant('2026-04-22', '10:00'));
    // Q4: Tue 28/04 10:00, due Wed 29/04 10:00; never answered: overdue now.
    await ask(w, vnInstant('2026-04-28', '10:00'), 'Câu hỏi 4');
    // Q1: Wed 29/04 15:00; 30/4 and 1/5 are holidays, then the weekend: due Mon 04/05 15:00.
    // An answers Mon 04/05 09:00: 2 + 1 = 3 working hours (19 if the holidays counted), on time.
    const q1 = await ask(w, vnInstant('2026-04-29', '15:00'), 'Câu hỏi 1');
    assert.equal(new Date((await t.db('dossier_questions').where({ id: q1 }).first('answer_due_at')).answer_due_at).getTime(), vnInstant('2026-05-04', '15:00').getTime());
    await answer('an', q1, vnInstant('2026-05-04', '09:00'));
    // Q5: asked on the holiday Thu 30/04 10:00: due Mon 04/05 17:00; unanswered, not overdue yet.
    await ask(w, vnInstant('2026-04-30', '10:00'), 'Câu hỏi 5');
    t.clock.set(NOW);
  });
  after(() => t.cleanup());

  test('median', () => {
    assert.equal(median([]), null);
    assert.equal(median([9, 3]), 6);
    assert.equal(median([1, 9, 3]), 3);
  });

  test('every cell for an administrator: per agency and answering officer, with the totals', async () => {
    const r = await services(t.deps).reports.questions(APRIL, {});
    assert.deepEqual(r.table.rows.map(cells), [
      [TAM_HIEP_NAME, 'Hoàng Văn Nam', 1, 1, 1, 0, 0, 0, 1, 1],
      [WARD_NAME, 'Lê Văn An', 2, 2, 1, 1, 0, 0, 0.5, 6],
      [WARD_NAME, 'Phạm Thị Bình', 1, 1, 1, 0, 0, 0, 1, 2.5],
      [WARD_NAME, NOT_ANSWERED_LABEL, 2, 0, 0, 0, 2, 1, null, null],
    ]);
    assert.deepEqual(r.table.totals, { received: 6, answered: 4, onTime: 3, late: 1, unanswered: 2, overdue: 1, onTimeRate: 3 / 4, medianHours: 2.75 });
  });

  test('a supervisor sees their agency only, whatever they ask; the officer filter', async () => {
    const sup = await signIn(t.http, 'sup');
    const res = await sup.agent.get('/bao-cao/cau-hoi').query({ ky: 'thang', thang: '04/2026', co_quan: String(await agencyId(t.db, TAM_HIEP)), dinh_dang: 'csv' }).expect(200);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines.length, 1 + 3 + 1, res.text);
    assert.ok(!res.text.includes('Tam Hiệp') && !res.text.includes('Hoàng Văn Nam'));
    // Totals: 5 received, 3 answered (2 on time, 1 late), 2 unanswered (1 overdue), 66,67 %, median of 3, 9 and 2,5 hours.
    assert.match(lines[4]!, /,5,3,2,1,2,1,66\.67,3$/);
    const page = await sup.agent.get('/bao-cao/cau-hoi').query({ ky: 'thang', thang: '04/2026' }).expect(200);
    assert.match(page.text, /Câu hỏi của công dân/);
    assert.match(page.text, /Thời gian trả lời \(trung vị, giờ làm việc\)/);
    assert.match(page.text, /Lê Văn An/);
    for (const f of ['xlsx', 'pdf']) await sup.agent.get('/bao-cao/cau-hoi').query({ ky: 'thang', thang: '04/2026', dinh_dang: f }).expect(200);
    const mine = await services(t.deps).reports.questions(APRIL, { agencyId: wardId, officerId: anId });
    assert.deepEqual(mine.table.rows.map(cells), [[WARD_NAME, 'Lê Văn An', 2, 2, 1, 1, 0, 0, 0.5, 6]]);
    // Officers and clerks have no reports.
    const officer = await signIn(t.http, 'an');
    assert.equal((await officer.agent.get('/bao-cao/cau-hoi').query({ ky: 'thang', thang: '04/2026' })).status, 403);
  });

  test('a month with no questions: an empty table, totals at zero', async () => {
    const r = await services(t.deps).reports.questions(monthPeriod(2026, 2), {});
    assert.equal(r.table.rows.length, 0);
    assert.equal(r.table.totals!.received, 0);
    assert.equal(r.table.totals!.medianHours, null);
  });
});
