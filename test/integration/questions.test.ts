import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { toDate } from '../../src/db/knex.js';
import { vnInstant } from '../../src/domain/time.js';
import { carriesPersonalNumber } from '../../src/features/questions/questions.service.js';
import { buildTestApp, certifiedCopyForm, createStaff, csrfFrom, dossierIdFromRedirect, signIn, type TestApp } from '../helpers/app.js';
import { APPLICANT, citizen, dossierAt as dossierAtStage, TRAN_BIEN, twoWards, type Agent, type Citizen, type TwoWards } from '../helpers/two-wards.js';

describe("citizens' questions on the status page", () => {
  let t: TestApp;
  let clerk: Agent;
  let officer: Agent;
  let officer2: Agent;
  let supervisor: Agent;
  let clerkTh: Agent;
  let admin: Agent;
  let officerId: number;

  let w: TwoWards;
  /** A dossier of the ward (or Tam Hiệp), assigned to the officer (or `to`), at `stage`. */
  const dossierAt = (stage: 'in_progress' | 'returned', opts: { agency?: 'tb' | 'th'; to?: 'officer' | 'officer2' } = {}) => dossierAtStage(t, w, stage, { agency: opts.agency, assignTo: opts.to });

  async function ask(token: string, text: string, who?: Citizen) {
    const c = who ?? (await citizen(t));
    return c.agent.post(`/s/${token}/cau-hoi`).type('form').send({ _csrf: c.csrf, cau_hoi: text });
  }

  async function answer(who: Agent, questionId: number, fields: Record<string, string>) {
    return who.agent.post(`/cau-hoi/${questionId}/tra-loi`).type('form').send({ _csrf: who.csrf, ...fields });
  }

  const questionsOf = (dossierId: number) => t.db('dossier_questions').where({ dossier_id: dossierId }).orderBy('id');
  const eventsOf = (dossierId: number, type: string) => t.db('dossier_events').where({ dossier_id: dossierId, type }).orderBy('seq');

  before(async () => {
    // Friday 27/11/2026 15:00: 8 working hours later is Monday 30/11 15:00.
    t = await buildTestApp({ now: vnInstant('2026-11-27', '15:00'), env: { SESSION_TTL_HOURS: '720', LOOKUP_RATE_LIMIT: '1000' } });
    w = await twoWards(t);
    ({ officerId, clerk, officer, officer2, supervisor, clerkTh, admin } = w);
  });
  after(() => t.cleanup());

  test('a valid question is stored with its working-time deadline across the weekend and chained', async () => {
    t.clock.set(vnInstant('2026-11-27', '15:00'));
    const d = await dossierAt('in_progress');
    const page = await request(t.http).get(`/s/${d.token}`).expect(200);
    assert.match(page.text, /Đặt câu hỏi cho cán bộ xử lý/);
    const res = await ask(d.token, '  Khi nào tôi nhận được kết quả?  ');
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/s/${d.token}#cau-hoi`);
    const [q] = await questionsOf(d.id);
    assert.equal(q.text, 'Khi nào tôi nhận được kết quả?');
    assert.equal(q.channel, 'status_page');
    assert.equal(toDate(q.asked_at).getTime(), vnInstant('2026-11-27', '15:00').getTime());
    // Fri 15:00–17:00 (2 h), Mon 08:00–12:00 (4 h), 13:00–15:00 (2 h).
    assert.equal(toDate(q.answer_due_at).getTime(), vnInstant('2026-11-30', '15:00').getTime());
    assert.equal(q.answered_at, null);
    const [e] = await eventsOf(d.id, 'question_asked');
    assert.ok(e, 'the question is an event on the chain');
    assert.equal(e.note, 'Khi nào tôi nhận được kết quả?');
    assert.ok(e.public === true || e.public === 1);
  });

  test('empty, too long and control-character questions re-render with the value kept and a Vietnamese error', async () => {
    const d = await dossierAt('in_progress');
    const empty = await ask(d.token, '   ');
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Vui lòng nhập câu hỏi\./);
    const long = 'Tôi hỏi '.repeat(130);
    const tooLong = await ask(d.token, long);
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.text, /Câu hỏi không quá 1000 ký tự\./);
    assert.ok(tooLong.text.includes('Tôi hỏi Tôi hỏi'), 'the typed text is kept');
    const control = await ask(d.token, 'abc\u0000def');
    assert.equal(control.status, 400);
    assert.equal((await questionsOf(d.id)).length, 0);
    // Exactly 1000 characters is accepted.
    assert.equal((await ask(d.token, 'ă'.repeat(1000))).status, 303);
    assert.equal((await questionsOf(d.id)).length, 1);
  });

  test('a closed dossier takes no new question, with a clear message and no form', async () => {
    const d = await dossierAt('returned');
    const page = await request(t.http).get(`/s/${d.token}`).expect(200);
    assert.doesNotMatch(page.text, /name="cau_hoi"/);
    assert.match(page.text, /Hồ sơ đã kết thúc nên không nhận thêm câu hỏi/);
    const res = await ask(d.token, 'Tôi muốn hỏi thêm');
    assert.equal(res.status, 409);
    assert.match(res.text, /Hồ sơ đã kết thúc nên không nhận thêm câu hỏi/);
    assert.equal((await questionsOf(d.id)).length, 0);
    const json = await request(t.http).get(`/s/${d.token}.json`).expect(200);
    assert.equal(json.body[0].accepts_questions, false);
  });

  test('an unknown token is a 404 and a missing CSRF token is refused', async () => {
    const d = await dossierAt('in_progress');
    assert.equal((await ask('khong-co-ma-nay-0000000000000000', 'Xin hỏi')).status, 404);
    const noCsrf = await request(t.http).post(`/s/${d.token}/cau-hoi`).type('form').send({ cau_hoi: 'Xin hỏi' });
    assert.equal(noCsrf.status, 403);
    assert.equal((await questionsOf(d.id)).length, 0);
  });

  test('public thread and JSON: questions and public answers, newest last, no staff names, no applicant data; internal notes never shown', async () => {
    t.clock.set(vnInstant('2026-11-30', '09:00'));
    const d = await dossierAt('in_progress');
    assert.equal((await ask(d.token, 'Câu hỏi thứ nhất')).status, 303);
    t.clock.set(vnInstant('2026-11-30', '09:30'));
    assert.equal((await ask(d.token, 'Câu hỏi thứ hai')).status, 303);
    const [q1, q2] = await questionsOf(d.id);
    const note = await answer(officer, q1.id, { noi_dung: 'Ghi chú: đã gọi điện cho bà Nhung', loai: 'ghi_chu' });
    assert.equal(note.status, 303);
    assert.equal(note.headers.location, `/ho-so/${d.id}?xong=ghi_chu#cau-hoi-${q1.id}`);
    const ans = await answer(officer, q1.id, { noi_dung: 'Hồ sơ đang thẩm định, dự kiến có kết quả đúng hẹn.' });
    assert.equal(ans.status, 303);
    const row = (await questionsOf(d.id))[0];
    assert.equal(row.answered_by, officerId);
    assert.ok(row.answer_public === true || row.answer_public === 1);

    const page = await request(t.http).get(`/s/${d.token}`).expect(200);
    const first = page.text.indexOf('Câu hỏi thứ nhất');
    const second = page.text.indexOf('Câu hỏi thứ hai');
    assert.ok(first > 0 && second > first, 'newest last');
    assert.match(page.text, /Hồ sơ đang thẩm định, dự kiến có kết quả đúng hẹn\./);
    assert.match(page.text, /Cán bộ xử lý trả lời lúc/);
    assert.doesNotMatch(page.text, /Trần Minh Khoa/);
    assert.doesNotMatch(page.text, /đã gọi điện/);
    assert.doesNotMatch(page.text, /Phạm Thị Hồng Nhung|075190004321|0912 345 678|nhung\.pham/);

    const json = await request(t.http).get(`/s/${d.token}.json`).expect(200);
    const body = JSON.stringify(json.body);
    const qs = json.body[0].questions;
    assert.deepEqual(qs.map((q: { question: string }) => q.question), ['Câu hỏi thứ nhất', 'Câu hỏi thứ hai']);
    assert.equal(qs[0].answer.answered_by, 'Cán bộ xử lý');
    assert.equal(qs[0].answer.text, 'Hồ sơ đang thẩm định, dự kiến có kết quả đúng hẹn.');
    assert.equal(qs[1].answer, null);
    assert.equal(json.body[0].accepts_questions, true);
    assert.doesNotMatch(body, /Trần Minh Khoa|đã gọi điện|Phạm Thị Hồng Nhung|075190004321|0912 345 678|nhung\.pham/);

    // The chain: the answer public, the note not.
    const [answered] = await eventsOf(d.id, 'question_answered');
    const [noted] = await eventsOf(d.id, 'question_note');
    assert.ok(answered.public === true || answered.public === 1);
    assert.ok(noted.public === false || noted.public === 0);
    assert.equal(noted.note, 'Ghi chú: đã gọi điện cho bà Nhung');

    // Staff see the whole thread with names and the internal note; q2 still has its form.
    const staffPage = await officer.agent.get(`/ho-so/${d.id}`).expect(200);
    assert.match(staffPage.text, /Câu hỏi của công dân/);
    assert.match(staffPage.text, /Ghi chú nội bộ · Trần Minh Khoa/);
    assert.match(staffPage.text, new RegExp(`action="/cau-hoi/${q2.id}/tra-loi#loi"`));
    // A second answer is refused; a later note is still possible.
    const again = await answer(supervisor, q1.id, { noi_dung: 'Trả lời lần hai' });
    assert.equal(again.status, 409);
    assert.match(again.text, /Câu hỏi này đã được trả lời\./);
  });

  test('clerks and supervisors of the agency answer; another agency and the admin are refused; bad input re-renders', async () => {
    t.clock.set(vnInstant('2026-11-30', '10:00'));
    const d = await dossierAt('in_progress');
    assert.equal((await ask(d.token, 'Hỏi 1')).status, 303);
    assert.equal((await ask(d.token, 'Hỏi 2')).status, 303);
    const [q1, q2] = await questionsOf(d.id);
    assert.equal((await answer(clerkTh, q1.id, { noi_dung: 'Không phải đơn vị tôi' })).status, 403);
    assert.equal((await answer(admin, q1.id, { noi_dung: 'Quản trị' })).status, 403);
    assert.equal((await answer(officer, 2_000_000, { noi_dung: 'x' })).status, 404);
    const empty = await answer(clerk, q1.id, { noi_dung: '  ' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Vui lòng nhập nội dung trả lời\./);
    const badKind = await answer(clerk, q1.id, { noi_dung: 'Nội dung giữ lại', loai: 'khac' });
    assert.equal(badKind.status, 400);
    assert.match(badKind.text, /Nội dung giữ lại/);
    assert.equal((await questionsOf(d.id))[0].answered_at, null);
    assert.equal((await answer(clerk, q1.id, { noi_dung: 'Mời bà đến Bộ phận Một cửa.' })).status, 303);
    assert.equal((await answer(supervisor, q2.id, { noi_dung: 'Đã chuyển cán bộ thẩm định.' })).status, 303);
    const rows = await questionsOf(d.id);
    assert.ok(rows.every((r) => r.answered_at !== null));
    // The other agency's staff cannot even open the dossier page.
    assert.equal((await clerkTh.agent.get(`/ho-so/${d.id}`)).status, 403);
  });

  test('the citizen is told once per public answer, never for an internal note', async () => {
    t.clock.set(vnInstant('2026-11-30', '10:30'));
    const d = await dossierAt('in_progress');
    assert.equal((await ask(d.token, 'Câu A')).status, 303);
    assert.equal((await ask(d.token, 'Câu B')).status, 303);
    const [qa, qb] = await questionsOf(d.id);
    const told = () => t.db('outbox_messages').where({ dossier_id: d.id, template: 'question_answered' });
    await answer(officer, qa.id, { noi_dung: 'Ghi chú', loai: 'ghi_chu' });
    assert.equal((await told()).length, 0);
    await answer(officer, qa.id, { noi_dung: 'Trả lời A' });
    await answer(officer, qa.id, { noi_dung: 'Trả lời A lần nữa' });
    const afterA = await told();
    assert.ok(afterA.length >= 1, 'a notice is stored');
    const channelsA = afterA.map((m) => m.channel).sort();
    assert.equal(new Set(channelsA).size, channelsA.length, 'one per channel');
    const data = JSON.parse(afterA[0].data);
    assert.equal(data.code, d.code);
    assert.ok(String(data.status_url).endsWith(`/s/${d.token}`));
    await answer(officer, qb.id, { noi_dung: 'Trả lời B' });
    assert.equal((await told()).length, afterA.length * 2, 'the second answer gets its own notice');
  });

  test('an answer with an ID number or a full phone number is held until the officer confirms', async () => {
    t.clock.set(vnInstant('2026-11-30', '11:00'));
    const d = await dossierAt('in_progress');
    assert.equal((await ask(d.token, 'Cho tôi hỏi')).status, 303);
    const [q] = await questionsOf(d.id);
    const text = 'Bà gọi số 0912 345 678 để được hỗ trợ.';
    const held = await answer(officer, q.id, { noi_dung: text });
    assert.equal(held.status, 422);
    assert.match(held.text, /xác nhận gửi/);
    assert.match(held.text, /name="xac_nhan"/);
    assert.ok(held.text.includes(text), 'the answer is kept');
    assert.equal((await questionsOf(d.id))[0].answered_at, null);
    assert.equal((await t.db('outbox_messages').where({ dossier_id: d.id, template: 'question_answered' })).length, 0);
    const sent = await answer(officer, q.id, { noi_dung: text, xac_nhan: '1' });
    assert.equal(sent.status, 303);
    assert.equal((await questionsOf(d.id))[0].answer, text);
    // An internal note with a number is not held: it never leaves the staff side.
    assert.equal((await answer(officer, q.id, { noi_dung: 'CCCD 075190004321', loai: 'ghi_chu' })).status, 303);
  });

  test('the personal-number check', () => {
    assert.equal(carriesPersonalNumber('CCCD 075190004321'), true);
    assert.equal(carriesPersonalNumber('gọi 0912345678'), true);
    assert.equal(carriesPersonalNumber('gọi 0912.345.678'), true);
    assert.equal(carriesPersonalNumber('gọi +84912345678'), true);
    assert.equal(carriesPersonalNumber('mã hồ sơ 000.31.01.H26-261130-0001'), false);
    assert.equal(carriesPersonalNumber('hạn 30/11/2026, phí 50000 đồng'), false);
    assert.equal(carriesPersonalNumber('số 1234567890123'), false);
  });

  test('the inbox: unanswered questions of the agency, the assigned officer first, oldest first, with the working time left', async () => {
    t.clock.set(vnInstant('2026-12-01', '08:00'));
    await t.db('dossier_questions').whereNull('answered_at').update({ answered_at: vnInstant('2026-12-01', '08:00'), answered_by: officerId, answer: 'đã xử lý', answer_public: true });
    const other = await dossierAt('in_progress', { to: 'officer2' });
    const mine = await dossierAt('in_progress', { to: 'officer' });
    const foreign = await dossierAt('in_progress', { agency: 'th' });
    t.clock.set(vnInstant('2026-12-01', '08:10'));
    assert.equal((await ask(other.token, 'Câu cũ của hồ sơ khác')).status, 303);
    t.clock.set(vnInstant('2026-12-01', '08:20'));
    assert.equal((await ask(mine.token, 'Câu của tôi')).status, 303);
    assert.equal((await ask(foreign.token, 'Câu của đơn vị khác')).status, 303);
    t.clock.set(vnInstant('2026-12-01', '10:20'));
    const page = await officer.agent.get('/cau-hoi').expect(200);
    const iMine = page.text.indexOf('Câu của tôi');
    const iOther = page.text.indexOf('Câu cũ của hồ sơ khác');
    assert.ok(iMine > 0 && iOther > iMine, "the viewer's assigned dossier first");
    assert.doesNotMatch(page.text, /Câu của đơn vị khác/);
    // Asked 01/12 08:20, due 02/12 08:20 (8 working hours); at 10:20 six are left (12:00–13:00 is not worked).
    assert.match(page.text, /Còn 6 giờ làm việc/);
    const page2 = await officer2.agent.get('/cau-hoi').expect(200);
    assert.ok(page2.text.indexOf('Câu cũ của hồ sơ khác') < page2.text.indexOf('Câu của tôi'), "officer2's own first");
    const th = await clerkTh.agent.get('/cau-hoi').expect(200);
    assert.match(th.text, /Câu của đơn vị khác/);
    assert.doesNotMatch(th.text, /Câu của tôi/);
    // Past the deadline (02/12 09:00) the inbox says how late, in working time.
    t.clock.set(vnInstant('2026-12-02', '09:00'));
    const late = await officer.agent.get('/cau-hoi').expect(200);
    assert.match(late.text, /Quá hạn 40 phút làm việc/);
    assert.equal((await request(t.http).get("/cau-hoi")).status, 302);
    assert.equal((await admin.agent.get('/cau-hoi')).status, 403);
  });

  test('questions are rate-limited per status token', async () => {
    const limited = await buildTestApp({ now: vnInstant('2026-11-30', '09:00'), env: { LOOKUP_RATE_LIMIT: '2' } });
    try {
      await createStaff(limited.db, 'clerk', 'clerk', TRAN_BIEN);
      const c = await signIn(limited.http, 'clerk');
      const form = { ...certifiedCopyForm(APPLICANT), doc_3_received: 'on', doc_4_received: 'on' };
      const res = await c.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: c.csrf }).expect(303);
      const id = dossierIdFromRedirect(res.headers.location);
      const { public_token: token } = await limited.db('dossiers').where({ id }).first('public_token');
      const post = async (ip: string) => {
        const agent = request.agent(limited.http);
        const page = await agent.get('/tra-cuu').expect(200);
        return agent.post(`/s/${token}/cau-hoi`).set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfFrom(page.text), cau_hoi: 'Xin hỏi' });
      };
      assert.equal((await post('203.0.113.1')).status, 303);
      assert.equal((await post('203.0.113.2')).status, 303);
      const third = await post('203.0.113.3');
      assert.equal(third.status, 429);
      assert.match(third.text, /Bạn đã gửi quá nhiều câu hỏi/);
      assert.equal((await limited.db('dossier_questions').where({ dossier_id: id })).length, 2);
    } finally {
      await limited.cleanup();
    }
  });

  test('questions are rate-limited per address', async () => {
    const limited = await buildTestApp({ now: vnInstant('2026-11-30', '09:00'), env: { LOOKUP_RATE_LIMIT: '2' } });
    try {
      await createStaff(limited.db, 'clerk', 'clerk', TRAN_BIEN);
      const c = await signIn(limited.http, 'clerk');
      const tokens: string[] = [];
      for (let i = 0; i < 3; i++) {
        const form = { ...certifiedCopyForm(APPLICANT), doc_3_received: 'on', doc_4_received: 'on' };
        const res = await c.agent.post('/tiep-nhan/1.001612/xac-nhan').type('form').send({ ...form, action: 'confirm', _csrf: c.csrf }).expect(303);
        const id = dossierIdFromRedirect(res.headers.location);
        tokens.push((await limited.db('dossiers').where({ id }).first('public_token')).public_token);
      }
      const agent = request.agent(limited.http);
      const csrf = csrfFrom((await agent.get('/tra-cuu').expect(200)).text);
      const statuses = [];
      for (const token of tokens) statuses.push((await agent.post(`/s/${token}/cau-hoi`).type('form').send({ _csrf: csrf, cau_hoi: 'Xin hỏi' })).status);
      assert.deepEqual(statuses, [303, 303, 429]);
    } finally {
      await limited.cleanup();
    }
  });
});
